import type { Argv } from 'yargs';
import { checkIntegrity } from '../../snapshot/integrity.js';
import { loadSnapshotFile } from '../../snapshot/load.js';
import { command } from '../command.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';

function validateOptions(yargs: Argv) {
  return yargs
    .positional('snapshot', { type: 'string', demandOption: true, describe: 'Snapshot JSON file' })
    .example('$0 validate snapshot.json', 'Schema plus reference integrity');
}

export const validateCommand = command({
  usage: 'validate <snapshot>',
  describe: 'Check a snapshot against the schema and its references',
  options: validateOptions,
  run: runValidateCommand,
});

async function runValidateCommand(args: { snapshot: string }): Promise<number> {
  const loaded = await loadSnapshotFile(args.snapshot);
  const s = loaded.snapshot;
  const problems = checkIntegrity(s);
  if (problems.length === 0) {
    process.stdout.write(
      `${args.snapshot}: valid snapshot (schemaVersion ${s.schemaVersion}): ${s.sites.length} sites, ${s.servers.length} servers, ` +
        `${s.casArrays.length} CAS arrays, ${s.databases.length} databases, ${s.dags.length} DAGs\n`,
    );
    return EXIT_OK;
  }
  for (const p of problems) {
    process.stdout.write(`${args.snapshot}:${loaded.lineOfPointer(p.pointer)}: ${p.pointer}: ${p.message}\n`);
  }
  process.stdout.write(`${args.snapshot}: ${problems.length} reference problem${problems.length === 1 ? '' : 's'}\n`);
  return EXIT_FINDINGS;
}
