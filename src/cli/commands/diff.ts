/**
 * `casaudit diff OLD NEW`: what changed in the estate between two snapshots.
 * Exit 0 when nothing changed, 1 when something did (like diff(1)), 2 on errors.
 */
import { diffSnapshots, hasChanges } from '../../diff/snapshot-diff.js';
import { diffFormat, type DiffFormat } from '../../report/diff/formats.js';
import { summaryLine } from '../../report/diff/text.js';
import { loadSnapshotFile } from '../../snapshot/load.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import { writeOutput } from '../output.js';

export async function runDiffCommand(args: { old: string; new: string; format: DiffFormat; output?: string }): Promise<number> {
  const before = await loadSnapshotFile(args.old);
  const after = await loadSnapshotFile(args.new);
  const diff = diffSnapshots(before.snapshot, after.snapshot);
  const content = diffFormat(args.format).render(diff, { old: args.old, new: args.new });
  await writeOutput(content, { output: args.output, inputs: [args.old, args.new], what: `${args.format} diff`, detail: () => summaryLine(diff) });
  return hasChanges(diff) ? EXIT_FINDINGS : EXIT_OK;
}
