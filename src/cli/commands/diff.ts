/**
 * `casaudit diff OLD NEW`: what changed in the estate between two snapshots.
 * Exit 0 when nothing changed, 1 when something did (like diff(1)), 2 on errors.
 */
import type { Argv } from 'yargs';
import { diffSnapshots, hasChanges } from '../../diff/snapshot-diff.js';
import { summaryLine } from '../../report/diff/diff-format.js';
import { DIFF_FORMATS, diffFormat, type DiffFormat } from '../../report/diff/formats.js';
import { loadSnapshotFile } from '../../snapshot/load.js';
import { command } from '../command.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import { writeOutput } from '../output.js';

function diffOptions(yargs: Argv) {
  return yargs
    .positional('old', { type: 'string', demandOption: true, describe: 'The earlier snapshot JSON file' })
    .positional('new', { type: 'string', demandOption: true, describe: 'The later snapshot JSON file' })
    .option('format', { alias: 'f', choices: DIFF_FORMATS, default: 'text' as const, describe: 'Output format' })
    .option('output', { alias: 'o', type: 'string', describe: 'Write the diff to this file (atomically) instead of stdout' })
    .example('$0 diff last-week.json today.json', 'Objects added, removed and changed since last week')
    .example('$0 diff old.json new.json --format json -o drift.json', 'The same as JSON, for scripts');
}

export const diffCommand = command({
  usage: 'diff <old> <new>',
  describe: 'Show what changed in the estate between two snapshots (exit 1 when something did)',
  options: diffOptions,
  run: runDiffCommand,
});

async function runDiffCommand(args: { old: string; new: string; format: DiffFormat; output?: string }): Promise<number> {
  const before = await loadSnapshotFile(args.old);
  const after = await loadSnapshotFile(args.new);
  const diff = diffSnapshots(before.snapshot, after.snapshot);
  const content = diffFormat(args.format).render(diff, { old: args.old, new: args.new });
  await writeOutput(content, { output: args.output, inputs: [args.old, args.new], what: `${args.format} diff`, detail: () => summaryLine(diff) });
  return hasChanges(diff) ? EXIT_FINDINGS : EXIT_OK;
}
