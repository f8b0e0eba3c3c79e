/** What every `casaudit diff` output format provides (the whole report of one diff), and the summary any of them may show. */
import type { SnapshotDiff } from '../../diff/snapshot-diff.js';

/** The two snapshot files as the user named them. */
export interface DiffFiles {
  old: string;
  new: string;
}

export interface DiffReportFormat {
  render(diff: SnapshotDiff, files: DiffFiles): string;
}

/** The counts of a diff in one line: the text report ends with it, and the note after a diff written to a file gives it. */
export function summaryLine(diff: SnapshotDiff): string {
  return `${diff.summary.added} added, ${diff.summary.removed} removed, ${diff.summary.changed} changed`;
}
