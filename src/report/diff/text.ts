/**
 * `casaudit diff` as text: what was added, removed and changed, by kind of
 * object, and a summary line. Each line passes through visible(), so a
 * control character in a name cannot act on the terminal.
 */
import { DIFF_KINDS, hasChanges, type DiffKind, type DiffValue, type SnapshotDiff } from '../../diff/snapshot-diff.js';
import { dnLeaf } from '../../snapshot/names.js';
import { summaryLine, type DiffFiles, type DiffReportFormat } from './diff-format.js';
import { visible } from '../../util/visible.js';

export const diffTextFormat: DiffReportFormat = {
  render: renderDiffText,
};

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

function renderDiffText(diff: SnapshotDiff, files: DiffFiles): string {
  const lines = [`Old: ${files.old} (collected ${diff.oldCollectedAt})`, `New: ${files.new} (collected ${diff.newCollectedAt})`, ''];
  if (!hasChanges(diff)) return `${[...lines, 'No changes.'].map(visible).join('\n')}\n`;
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
  return `${lines.map(visible).join('\n')}\n`;
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
