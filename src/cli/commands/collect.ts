/** `casaudit collect`: an estate read from its sources into a snapshot file, for later audits. */
import type { Argv } from 'yargs';
import { command } from '../command.js';
import { GENERAL_FLAGS, GROUP, inGroups, type GeneralArgs } from '../flags.js';
import { writeOutput } from '../output.js';
import { SOURCE_FLAGS, type SourceArgs } from '../source-flags.js';
import { collectOptionsFrom, hasSources, sourceInputs } from '../sources.js';
import { UsageError } from '../usage-error.js';

function collectOptions(yargs: Argv) {
  return inGroups(yargs, (y) =>
    y
      .options(SOURCE_FLAGS)
      .options(GENERAL_FLAGS)
      .option('output', { group: GROUP.output, alias: 'o', type: 'string', describe: 'Write the snapshot to this file (atomically) instead of stdout' }),
  )
    .example('$0 collect --ldif config.ldf -o snapshot.json', 'Turn an ldifde export into a snapshot for later audits')
    .example('$0 collect --ldif config.ldf --zone contoso.local.dns -o snapshot.json', 'Directory plus DNS from a zone export')
    .example('$0 collect --ldap-url ldaps://dc01.contoso.local --bind-dn auditor@contoso.local --password-env CASAUDIT_PASSWORD -o snapshot.json', 'Read a domain controller over LDAPS');
}

export const collectCommand = command({
  usage: 'collect',
  describe: 'Collect an estate from its sources into a snapshot file',
  options: collectOptions,
  run: runCollectCommand,
});

async function runCollectCommand(args: SourceArgs & GeneralArgs & { output?: string }): Promise<number> {
  if (!hasSources(args)) throw new UsageError('collect needs at least one source (--ldif, --ldap-url)');
  // Loaded here, not at start-up: other commands need no collector.
  const { collectSnapshot } = await import('../../collect/collect.js');
  const snapshot = await collectSnapshot(await collectOptionsFrom(args));
  const content = JSON.stringify(snapshot, null, 2) + '\n';
  await writeOutput(content, {
    output: args.output,
    inputs: sourceInputs(args),
    what: 'snapshot',
    detail: () => `${snapshot.sites.length} sites, ${snapshot.servers.length} servers, ${snapshot.casArrays.length} CAS arrays, ${snapshot.databases.length} databases`,
  });
  return 0;
}
