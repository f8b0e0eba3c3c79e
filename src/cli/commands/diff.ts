/**
 * `casaudit diff OLD NEW`: what changed in the estate between two snapshots.
 * Exit 0 when nothing changed, 1 when something did (like diff(1)), 2 on errors.
 */
import { DIFF_KINDS, diffSnapshots, hasChanges, type DiffKind, type DiffValue, type SnapshotDiff } from '../../diff/snapshot-diff.js';
import { loadSnapshotFile } from '../../snapshot/load.js';
import { dnLeaf } from '../../snapshot/names.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import { writeOutput } from '../output.js';

export const DIFF_FORMATS = ['text', 'json'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** Version of the JSON document `diff --format json` writes; bumped on any incompatible change. */
export const DIFF_FORMAT_VERSION = 1;

export async function runDiffCommand(args: { old: string; new: string; format: DiffFormat; output?: string }): Promise<number> {
  const before = await loadSnapshotFile(args.old);
  const after = await loadSnapshotFile(args.new);
  const diff = diffSnapshots(before.snapshot, after.snapshot);
  const files = { old: args.old, new: args.new };
  const content = args.format === 'json' ? `${JSON.stringify(diffToJson(diff, files), null, 2)}\n` : renderDiffText(diff, files);
  await writeOutput(content, { output: args.output, inputs: [args.old, args.new], what: `${args.format} diff`, detail: () => summaryLine(diff) });
  return hasChanges(diff) ? EXIT_FINDINGS : EXIT_OK;
}

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
export function diffToJson(diff: SnapshotDiff, files: { old: string; new: string }) {
  return {
    format: 'casaudit-diff',
    formatVersion: DIFF_FORMAT_VERSION,
    old: { file: files.old, collectedAt: diff.oldCollectedAt },
    new: { file: files.new, collectedAt: diff.newCollectedAt },
    summary: diff.summary,
    kinds: diff.kinds,
  };
}

const KIND_TITLES: Record<DiffKind, { heading: string; noun: string }> = {
  sites: { heading: 'Sites', noun: 'site' },
  servers: { heading: 'Servers', noun: 'server' },
  casArrays: { heading: 'CAS arrays', noun: 'CAS array' },
  databases: { heading: 'Databases', noun: 'database' },
  dags: { heading: 'DAGs', noun: 'DAG' },
  dnsInternal: { heading: 'Internal DNS', noun: 'DNS name' },
  dnsExternal: { heading: 'External DNS', noun: 'external DNS name' },
  hosts: { heading: 'Host exports', noun: 'host' },
};

export function summaryLine(diff: SnapshotDiff): string {
  return `${diff.summary.added} added, ${diff.summary.removed} removed, ${diff.summary.changed} changed`;
}

export function renderDiffText(diff: SnapshotDiff, files: { old: string; new: string }): string {
  const lines = [`Old: ${files.old} (collected ${diff.oldCollectedAt})`, `New: ${files.new} (collected ${diff.newCollectedAt})`, ''];
  if (!hasChanges(diff)) return `${[...lines, 'No changes.'].join('\n')}\n`;
  for (const kind of DIFF_KINDS) {
    const { added, removed, changed } = diff.kinds[kind];
    if (added.length + removed.length + changed.length === 0) continue;
    const { heading, noun } = KIND_TITLES[kind];
    lines.push(heading);
    for (const item of added) lines.push(`+ ${noun} ${item.name}`);
    for (const item of removed) lines.push(`- ${noun} ${item.name}`);
    for (const item of changed) {
      for (const change of item.changes) {
        lines.push(`~ ${noun} ${item.name}: ${change.path} ${formatValue(change.old)} → ${formatValue(change.new)}`);
      }
    }
    lines.push('');
  }
  lines.push(summaryLine(diff));
  return `${lines.join('\n')}\n`;
}

/** A DN as the text report shows it: its first RDN's value (the full DN is in the JSON output). */
const LOOKS_LIKE_DN = /^(cn|ou|dc|o|l)=[^,]*,/i;

function formatValue(value: DiffValue): string {
  if (value === null) return '(none)';
  if (typeof value === 'string') return LOOKS_LIKE_DN.test(value) ? dnLeaf(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? '(empty)' : `[${value.map(formatValue).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([key, v]) => `${key}: ${formatValue(v)}`)
    .join(', ')}}`;
}
