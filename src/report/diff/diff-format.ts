/** What every `casaudit diff` output format provides: the whole report of one diff. */
import type { SnapshotDiff } from '../../diff/snapshot-diff.js';

/** The two snapshot files as the user named them. */
export interface DiffFiles {
  old: string;
  new: string;
}

export interface DiffReportFormat {
  render(diff: SnapshotDiff, files: DiffFiles): string;
}
