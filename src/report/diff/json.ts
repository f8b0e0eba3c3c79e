/** `casaudit diff --format json`: the diff as a versioned document for scripts. */
import type { SnapshotDiff } from '../../diff/snapshot-diff.js';
import type { DiffFiles, DiffReportFormat } from './diff-format.js';

/** Version of the JSON document `diff --format json` writes; bumped on any incompatible change. */
const DIFF_FORMAT_VERSION = 1;

export const diffJsonFormat: DiffReportFormat = {
  render: (diff, files) => `${JSON.stringify(diffToJson(diff, files), null, 2)}\n`,
};

/**
 * The JSON document (formatVersion 1):
 *
 *   { format: "casaudit-diff", formatVersion: 1,
 *     old: { file, collectedAt }, new: { file, collectedAt },
 *     summary: { added, removed, changed },            // object counts over all kinds
 *     kinds: { sites|servers|casArrays|databases|dags|dnsInternal|dnsExternal|hosts:
 *              { added: [{ name, id }], removed: [{ name, id }],
 *                changed: [{ name, id, changes: [{ path, old, new }] }] } } }
 *
 * Every kind is always present. `id` is the DN (hosts: the server's DN; DNS: the name asked).
 */
function diffToJson(diff: SnapshotDiff, files: DiffFiles) {
  return {
    format: 'casaudit-diff',
    formatVersion: DIFF_FORMAT_VERSION,
    old: { file: files.old, collectedAt: diff.oldCollectedAt },
    new: { file: files.new, collectedAt: diff.newCollectedAt },
    summary: diff.summary,
    kinds: diff.kinds,
  };
}
