/**
 * The summary part of an estate's HTML report: what was audited, the
 * estate's size, findings per level, and everything that was not judged or
 * not counted (rules not evaluated and why, rules off, suppressed findings,
 * suppressions to review, findings out of scope, unused host exports).
 */
import { notEvaluatedByReason, summarize, type AuditResult } from '../../engine/audit.js';
import { LEVELS, type Level } from '../../engine/rule.js';
import { KIND_LABEL } from '../../model/object-ref.js';
import { LEVEL_HEADINGS, LEVEL_ICONS, firstListed, nounFor, plural } from '../common.js';
import { staleSuppressionText } from '../places.js';
import { baselineSummary } from '../baseline.js';
import type { ReportInput } from '../input.js';
import { escapeHtml } from './escape.js';

/** Suppressed findings and unmatched folders listed before "and N more". */
const MAX_LISTED = 100;

/** A level as icon and word, never colour alone. */
export function levelHtml(level: Level, text: string = level): string {
  return `<span class="level-label lvl-${level}"><span class="icon" aria-hidden="true">${LEVEL_ICONS[level]}</span> ${escapeHtml(text)}</span>`;
}

export function ruleLinkHtml(ruleId: string): string {
  return `<a class="rule-link" href="#rule-${escapeHtml(ruleId)}">${escapeHtml(ruleId)}</a>`;
}

export function summaryHtml({ result, baseline }: ReportInput, heading: (text: string) => string): string {
  const s = summarize(result);
  const parts = [
    '<div class="summary-grid">',
    `<div>${heading('Estate')}${estateTable(result)}</div>`,
    `<div>${heading('Findings')}<table><tbody>`,
    ...LEVELS.map((level) => `<tr><th scope="row">${levelHtml(level, LEVEL_HEADINGS[level])}</th><td class="num">${s[level]}</td></tr>`),
    `<tr><th scope="row">Suppressed</th><td class="num">${s.suppressed}</td></tr>`,
    ...(result.outOfScope.length > 0 ? [`<tr><th scope="row">Out of the configured scope</th><td class="num">${result.outOfScope.length}</td></tr>`] : []),
    `<tr><th scope="row">Rules evaluated</th><td class="num">${s.rulesEvaluated} of ${s.rulesEvaluated + s.rulesNotEvaluated}</td></tr>`,
    `<tr><th scope="row">Objects not evaluated</th><td class="num">${s.objectsNotEvaluated}</td></tr>`,
    '</tbody></table>',
    ...(baseline ? [baselineLine(baseline)] : []),
    '</div>',
    '</div>',
    notEvaluatedHtml(result, heading),
    rulesOffHtml(result, heading),
    suppressedHtml(result, heading),
    unmatchedFoldersHtml(result, heading),
  ];
  return parts.join('\n');
}

function estateTable({ snapshot }: AuditResult): string {
  const mailbox = snapshot.databases.filter((d) => d.kind === 'mailbox').length;
  const rows: [string, string][] = [
    ['AD sites', String(snapshot.sites.length)],
    ['Exchange servers', `${snapshot.servers.length} (${snapshot.servers.filter((s) => s.roles.includes('ClientAccess')).length} Client Access)`],
    ['CAS arrays', String(snapshot.casArrays.length)],
    ['DAGs', String(snapshot.dags.length)],
    ['Databases', `${snapshot.databases.length} (${mailbox} mailbox, ${snapshot.databases.length - mailbox} public folder)`],
    ['DNS names answered', String(snapshot.dns.internal.length)],
    ['Host exports', String(snapshot.hosts.servers.length)],
  ];
  const body = rows.map(([name, value]) => `<tr><th scope="row">${escapeHtml(name)}</th><td class="num">${escapeHtml(value)}</td></tr>`).join('');
  return `<table><tbody>${body}</tbody></table>`;
}

function baselineLine(baseline: NonNullable<ReportInput['baseline']>): string {
  return `<p>${escapeHtml(baselineSummary(baseline))}.</p>`;
}

function notEvaluatedHtml(result: AuditResult, heading: (text: string) => string): string {
  const items: string[] = [];
  for (const outcome of result.outcomes) {
    const rule = `${ruleLinkHtml(outcome.rule.id)} ${escapeHtml(outcome.rule.name)}`;
    if (outcome.status === 'not-evaluated') items.push(`<li>${rule}: not evaluated: ${escapeHtml(outcome.reason ?? 'its data was not collected')}</li>`);
    for (const [reason, targets] of notEvaluatedByReason(outcome)) {
      const { listed, more } = firstListed(targets);
      const names = listed.map((t) => escapeHtml(t.name)).join(', ');
      items.push(`<li>${rule}: not evaluated for ${targets.length} ${nounFor(targets)} (${names}${escapeHtml(more)}): ${escapeHtml(reason)}</li>`);
    }
  }
  return items.length === 0 ? '' : `${heading('Not evaluated')}\n<p>A rule that could not judge something never counts as a pass.</p>\n<ul class="not-evaluated">${items.join('')}</ul>`;
}

function rulesOffHtml(result: AuditResult, heading: (text: string) => string): string {
  if (result.rulesOff.length === 0) return '';
  return `${heading('Rules off')}\n<p>The configuration turned these rules off: ${result.rulesOff.map((r) => `${ruleLinkHtml(r.id)} ${escapeHtml(r.name)}`).join(', ')}.</p>`;
}

function suppressedHtml(result: AuditResult, heading: (text: string) => string): string {
  const parts: string[] = [];
  const suppressed = result.findings.filter((f) => f.suppression);
  if (suppressed.length > 0) {
    const items = suppressed.slice(0, MAX_LISTED).map((f) => {
      const { justification, expires } = f.suppression!;
      const until = expires ? ` (until ${escapeHtml(expires)})` : '';
      return `<li>${levelHtml(f.level)} ${ruleLinkHtml(f.ruleId)} ${escapeHtml(KIND_LABEL[f.target.kind])} <strong>${escapeHtml(f.target.name)}</strong>: ${escapeHtml(justification)}${until}</li>`;
    });
    if (suppressed.length > MAX_LISTED) items.push(`<li>and ${suppressed.length - MAX_LISTED} more</li>`);
    parts.push(`${heading(`Suppressed findings (${suppressed.length})`)}\n<p>Accepted by the configuration: reported here, not counted against the gate.</p>\n<ul class="suppressed">${items.join('')}</ul>`);
  }
  const stale = result.suppressions.filter((o) => o.status !== 'used');
  if (stale.length > 0) {
    const items = stale.map((o) => `<li><strong>${o.status === 'expired' ? 'Expired' : 'Unused'}</strong>: ${escapeHtml(staleSuppressionText(o))}</li>`);
    parts.push(`${heading('Suppressions to review')}\n<ul>${items.join('')}</ul>`);
  }
  return parts.join('\n');
}

function unmatchedFoldersHtml(result: AuditResult, heading: (text: string) => string): string {
  const folders = result.snapshot.hosts.unmatchedFolders;
  if (folders.length === 0) return '';
  const items = folders.slice(0, MAX_LISTED).map((f) => `<li>${escapeHtml(f)}</li>`);
  if (folders.length > MAX_LISTED) items.push(`<li>and ${plural(folders.length - MAX_LISTED, 'more folder')}</li>`);
  return `${heading('Host exports not used')}\n<p>These folders match no Exchange server in the directory, so their exports were not used:</p>\n<ul>${items.join('')}</ul>`;
}
