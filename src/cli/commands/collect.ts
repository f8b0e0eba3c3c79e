import type { Argv } from 'yargs';
import { collectSnapshot } from '../../collect/collect.js';
import { UsageError } from '../usage-error.js';
import { writeFileAtomically } from '../output.js';
import { sourceOptions } from './audit.js';

export function collectOptions(yargs: Argv) {
  return sourceOptions(yargs)
    .option('output', { alias: 'o', type: 'string', describe: 'Write the snapshot to this file (atomically) instead of stdout' })
    .example('$0 collect --ldif config.ldf -o snapshot.json', 'Turn an ldifde export into a snapshot for later audits');
}

export async function runCollectCommand(args: { ldif: string[]; output?: string }): Promise<number> {
  if (args.ldif.length === 0) throw new UsageError('collect needs at least one source (--ldif)');
  const snapshot = await collectSnapshot({ ldif: args.ldif });
  const content = JSON.stringify(snapshot, null, 2) + '\n';
  if (args.output) {
    await writeFileAtomically(args.output, content, args.ldif);
    const counts = `${snapshot.sites.length} sites, ${snapshot.servers.length} servers, ${snapshot.casArrays.length} CAS arrays, ${snapshot.databases.length} databases`;
    process.stderr.write(`casaudit: wrote snapshot to ${args.output} (${counts})\n`);
  } else {
    process.stdout.write(content);
  }
  return 0;
}
