/**
 * The terminal report: findings grouped by AD site and then by object, the
 * rules and objects that were not evaluated, and a summary line. A batch
 * gives each estate's report in turn, then a line per estate and its gate.
 * Every piece of estate text (names, messages, reasons, paths) passes through
 * visible(), so a control character in a name cannot act on the terminal.
 */
import { notEvaluatedByReason, summarize, type Finding } from '../../engine/audit.js';
import type { Level } from '../../engine/rule.js';
import { toolName, toolVersion } from '../../util/paths.js';
import { baselineSummary } from '../baseline.js';
import { KIND_LABEL } from '../../model/object-ref.js';
import { KIND_ORDER, firstListed, plural } from '../common.js';
import { auditedSource, fileLine, staleSuppressionText } from '../places.js';
import { reportPath } from '../../util/report-path.js';
import type { ReportInput } from '../input.js';
import type { BatchEstate, ReportFormat } from '../report-format.js';
import { palette, type Palette } from '../style.js';
import { pushTo } from '../../util/group.js';
import { visible } from '../../util/visible.js';

export const textFormat: ReportFormat<string> = {
  render: formatText,
  part: (report, _place, options) => formatText(report, options),
  combine: (estates) => [...estates.map((e) => e.part), batchSummary(estates)].join('\n'),
};

const NO_SITE = '\u0000';

function groupFindings(findings: readonly Finding[]): Map<string, Map<string, Finding[]>> {
  const bySite = new Map<string, Map<string, Finding[]>>();
  for (const finding of findings) {
    const siteName = finding.site?.name ?? NO_SITE;
    let byObject = bySite.get(siteName);
    if (!byObject) bySite.set(siteName, (byObject = new Map()));
    // Sortable key: the site itself first, then arrays, servers, DAGs, databases, each by name.
    const objectKey = `${KIND_ORDER.indexOf(finding.target.kind)}\u0000${finding.target.name}`;
    pushTo(byObject, objectKey, finding);
  }
  return bySite;
}

function levelLabel(level: Level, p: Palette): string {
  return p[level](level.padEnd(7));
}

export function formatText({ result, input, baseline, config }: ReportInput, options: { colour: boolean }): string {
  const p = palette(options.colour);
  const lines: string[] = [];
  const source = auditedSource(input);
  lines.push(p.heading(visible(`${toolName} ${toolVersion} — ${source} (collected ${result.snapshot.collection.collectedAt})`)));
  if (config) lines.push(p.dim(visible(`config: ${reportPath(config)}`)));
  lines.push('');

  const reported = result.findings.filter((f) => !f.suppression);
  const grouped = groupFindings(reported);
  const siteNames = [...grouped.keys()].sort((a, b) => (a === NO_SITE ? 1 : b === NO_SITE ? -1 : a.localeCompare(b)));
  for (const siteName of siteNames) {
    lines.push(p.heading(siteName === NO_SITE ? 'No known site' : `Site ${visible(siteName)}`));
    const byObject = grouped.get(siteName)!;
    for (const [, findings] of [...byObject].sort(([a], [b]) => a.localeCompare(b))) {
      const { name, kind } = findings[0]!.target;
      lines.push(`  ${visible(name)} (${KIND_LABEL[kind]})`);
      for (const finding of findings) {
        lines.push(`    ${levelLabel(finding.level, p)} ${finding.ruleId}  ${visible(finding.message)}`);
        const evidence = finding.evidence && fileLine(finding.evidence);
        // Port messages name their export line already (as the collector wrote the path); NLB messages do not.
        if (evidence && !finding.message.includes(`${finding.evidence!.file}:${finding.evidence!.line}`)) lines.push(`    ${' '.repeat(7)} ${p.dim(`at ${visible(evidence)}`)}`);
        const expired = finding.expiredSuppression;
        if (expired) lines.push(`    ${' '.repeat(7)} ${p.dim(visible(`reported again: its suppression expired on ${expired.expires} (${expired.justification})`))}`);
        lines.push(`    ${' '.repeat(7)} ${p.dim(`fix: ${visible(finding.remediation)}`)}`);
      }
    }
    lines.push('');
  }
  if (reported.length === 0) lines.push('No findings.', '');

  lines.push(...suppressionLines(result, p));

  const notEvaluated = result.outcomes.filter((o) => o.status === 'not-evaluated' || o.notEvaluated.length > 0);
  if (notEvaluated.length > 0) {
    lines.push(p.heading('Not evaluated'));
    for (const outcome of notEvaluated) {
      if (outcome.status === 'not-evaluated') {
        lines.push(`  ${outcome.rule.id}  ${outcome.rule.name}: ${visible(`${outcome.reason}`)}`);
        continue;
      }
      for (const [reason, targets] of notEvaluatedByReason(outcome)) {
        const { listed, more } = firstListed(targets);
        lines.push(visible(`  ${outcome.rule.id}  ${outcome.rule.name} for ${listed.map((t) => t.name).join(', ')}${more}: ${reason}`));
      }
    }
    lines.push('');
  }

  const unmatched = result.snapshot.hosts.unmatchedFolders;
  if (unmatched.length > 0) {
    lines.push(p.heading('Host exports not used'));
    lines.push(visible(`  ${unmatched.join(', ')}: the folder name matches no Exchange server in the directory`), '');
  }

  const s = summarize(result);
  lines.push(
    `Summary: ${p.error(plural(s.error, 'error'))}, ${p.warning(plural(s.warning, 'warning'))}, ${p.note(plural(s.note, 'note'))}` +
      ` · ${s.rulesEvaluated} of ${s.rulesEvaluated + s.rulesNotEvaluated} rules evaluated` +
      (s.rulesNotEvaluated ? `, ${s.rulesNotEvaluated} not evaluated` : '') +
      (s.objectsNotEvaluated ? ` · ${plural(s.objectsNotEvaluated, 'object')} not evaluated` : '') +
      (s.suppressed ? ` · ${s.suppressed} suppressed` : '') +
      (result.outOfScope.length ? ` · ${plural(result.outOfScope.length, 'finding')} out of scope` : ''),
  );
  if (baseline) lines.push(baselineSummary(baseline));
  return lines.join('\n') + '\n';
}

/** Suppressed findings, suppressions that expired or matched nothing, and rules the config turned off. */
function suppressionLines(result: ReportInput['result'], p: Palette): string[] {
  const lines: string[] = [];
  const suppressed = result.findings.filter((f) => f.suppression);
  if (suppressed.length > 0) {
    lines.push(p.heading(`Suppressed (${suppressed.length})`));
    for (const finding of suppressed) {
      const { justification, expires } = finding.suppression!;
      lines.push(visible(`  ${finding.ruleId}  ${finding.target.name} (${KIND_LABEL[finding.target.kind]}): ${justification}${expires ? ` (until ${expires})` : ''}`));
    }
    lines.push('');
  }
  const stale = result.suppressions.filter((o) => o.status !== 'used');
  if (stale.length > 0) {
    lines.push(p.heading('Suppressions to review'));
    for (const outcome of stale) lines.push(`  ${p.warning(outcome.status === 'expired' ? 'expired' : 'unused ')} ${visible(staleSuppressionText(outcome))}`);
    lines.push('');
  }
  if (result.rulesOff.length > 0) lines.push(p.heading('Rules off'), `  ${result.rulesOff.map((r) => r.id).join(', ')}`, '');
  return lines;
}

/** Which estates failed the gate, and each estate's counts. */
function batchSummary(estates: readonly BatchEstate<string>[]): string {
  const failed = estates.filter((e) => e.failed).map((e) => e.id);
  const lines = [visible(`Batch: ${plural(estates.length, 'estate')}, ${failed.length} failed the gate${failed.length ? ` (${failed.join(', ')})` : ''}`)];
  for (const { id, failed, summary: s } of estates) {
    const counts = `${plural(s.error, 'error')}, ${plural(s.warning, 'warning')}, ${plural(s.note, 'note')}${s.suppressed ? `, ${s.suppressed} suppressed` : ''}`;
    lines.push(visible(`  ${failed ? 'FAIL' : 'ok  '}  ${id}: ${counts}`));
  }
  return lines.join('\n') + '\n';
}
