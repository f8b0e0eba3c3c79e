/**
 * `casaudit diff`'s yargs definition. It belongs in commands/diff.ts beside
 * its runner, like every other command's; it waits here while that file's
 * report formats are reworked, and moves in unchanged.
 */
import type { Argv } from 'yargs';
import { command } from './command.js';
import { DIFF_FORMATS, runDiffCommand } from './commands/diff.js';

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
