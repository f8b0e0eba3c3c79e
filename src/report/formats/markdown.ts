/**
 * Markdown report for CI job summaries ($GITHUB_STEP_SUMMARY) and pull-request
 * comments: a summary table, the findings by severity, and what was not
 * evaluated. Every piece of estate text is escaped, so an object named `a|b`
 * or `<script>` cannot break a table or inject HTML. GitHub caps comments at
 * 65,536 characters, so the output stays under MAX_MARKDOWN_LENGTH: findings
 * that do not fit are counted, not listed. Deterministic: no timestamps but
 * the snapshot's collectedAt, findings in audit order within each severity.
 * A batch report is a table of the estates, then each estate's section in an
 * even share of the same cap.
 */
import { notEvaluatedByReason, summarize, type Finding, type RuleOutcome } from '../../engine/audit.js';
import { LEVELS } from '../../engine/rule.js';
import { ruleHelpUri, toolName, toolVersion } from '../../util/paths.js';
import { KIND_LABEL } from '../../model/object-ref.js';
import { LEVEL_HEADINGS, clip, firstListed, nounFor, plural } from '../common.js';
import { auditedSource, staleSuppressionText } from '../places.js';
import { reportPath } from '../../util/report-path.js';
import type { ReportInput } from '../input.js';
import { MERMAID_MAX_OBJECTS, MERMAID_MAX_SITES, diagramSize, fitsMermaid, mermaidFlowchart } from '../mermaid.js';
import type { BatchEstate, BatchPlace, ReportFormat } from '../report-format.js';
import { buildTopology } from '../topology.js';

/** The most characters (UTF-16 units) the report may have; under GitHub's 65,536 for a comment. */
export const MAX_MARKDOWN_LENGTH = 60_000;

/** Unmatched host folders named before "and N more". */
const MAX_FOLDERS = 20;
/** Estate text longer than this is clipped, so one odd value cannot crowd out every other finding. */
const MAX_NAME = 256;
const MAX_TEXT = 2_000;

const FINDINGS_HEADER = ['| Rule | Object | Site | Finding |', '| --- | --- | --- | --- |'];

export const markdownFormat: ReportFormat<string> = {
  render: (report) => formatMarkdown(report),
  part: batchSection,
  combine: batchMarkdown,
};

/** `maxLength` lowers the cap, for a batch report that holds several estates. */
export function formatMarkdown(report: ReportInput, maxLength: number = MAX_MARKDOWN_LENGTH): string {
  const { result } = report;
  const head = [...headLines(report), ...topologyLines(report, maxLength)];
  const tail = [
    ...suppressionLines(result),
    ...notEvaluatedLines(result.outcomes),
    ...unmatchedFolderLines(result.snapshot.hosts.unmatchedFolders),
  ];
  const reported = result.findings.filter((f) => !f.suppression);
  const groups = LEVELS.map((level) => ({
    heading: LEVEL_HEADINGS[level],
    rows: reported.filter((f) => f.level === level).map(findingRow),
  })).filter((g) => g.rows.length > 0);

  const body = groups.length === 0 ? ['No findings.', ''] : groups.flatMap((g) => [...tableOpening(g.heading), ...g.rows, '']);
  const full = render([...head, ...body, ...tail]);
  if (full.length <= maxLength) return full;
  return truncated(head, groups, tail, reported.length, maxLength);
}

function tableOpening(heading: string): string[] {
  return [`## ${heading}`, '', ...FINDINGS_HEADER];
}

/**
 * The first findings that fit, in severity order, then the sections after
 * them, then a line counting the findings left out. Should the sections after
 * the findings alone not fit (thousands of not-evaluated reasons), they are
 * left out too, and the last line says so.
 */
function truncated(head: string[], groups: { heading: string; rows: string[] }[], tail: string[], total: number, maxLength: number): string {
  // The footer is at most this long whatever the counts; reserve it up front.
  const footerRoom = footer(total, tail.length > 0).length + 2;
  const rest = length(head) + length(tail) + footerRoom > maxLength ? [] : tail;
  let budget = maxLength - length(head) - length(rest) - footerRoom;

  const body: string[] = [];
  let shown = 0;
  fill: for (const group of groups) {
    const opening = tableOpening(group.heading);
    const openingCost = length(opening) + 1; // and the blank line that closes the table
    let opened = false;
    for (const row of group.rows) {
      const cost = row.length + 1 + (opened ? 0 : openingCost);
      if (cost > budget) break fill;
      if (!opened) body.push(...opening);
      opened = true;
      body.push(row);
      budget -= cost;
      shown++;
    }
    body.push('');
  }
  if (body.length > 0 && body[body.length - 1] !== '') body.push('');
  if (total === 0) body.push('No findings.', '');
  return render([...head, ...body, ...rest, footer(total - shown, rest.length < tail.length)]);
}

function footer(leftOut: number, sectionsLeftOut: boolean): string {
  const parts: string[] = [];
  if (leftOut > 0 || !sectionsLeftOut) parts.push(plural(leftOut, 'more finding'));
  if (sectionsLeftOut) parts.push('the suppression, not-evaluated and unmatched-folder sections');
  return leftOutNote(parts);
}

/** The last line of a report cut to the size cap: what was left out, and where to find it. */
function leftOutNote(parts: readonly string[]): string {
  return `**${parts.join(' and ')} left out** to keep this summary within GitHub's size limit; see the SARIF or JSON report for all of them.`;
}

function render(lines: string[]): string {
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n') + '\n';
}

/** Characters the lines take once joined, each with its newline. */
function length(lines: readonly string[]): number {
  return lines.reduce((sum, line) => sum + line.length + 1, 0);
}

// ------------------------------------------------------------- head

function headLines({ result, input, config }: ReportInput): string[] {
  const source = auditedSource(input);
  const collectedAt = result.snapshot.collection.collectedAt;
  const s = summarize(result);
  return [
    `# ${escapeText(`${toolName} ${toolVersion}`)}: ${escapeText(clip(source, MAX_NAME))} (collected ${escapeText(collectedAt)})`,
    '',
    ...(config ? [`Config: ${escapeText(clip(reportPath(config), MAX_NAME))}`, ''] : []),
    '| Errors | Warnings | Notes | Suppressed | Rules evaluated | Rules not evaluated | Objects not evaluated |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${s.error} | ${s.warning} | ${s.note} | ${s.suppressed} | ${s.rulesEvaluated} | ${s.rulesNotEvaluated} | ${s.objectsNotEvaluated} |`,
    '',
  ];
}

// --------------------------------------------------------- topology

/** The diagram takes at most this share of the size cap; the findings matter more. */
const DIAGRAM_SHARE = 4;

/**
 * The estate drawn as a collapsed Mermaid flowchart, for estates small
 * enough to read that way; otherwise one line saying it was left out.
 */
function topologyLines({ result }: ReportInput, maxLength: number): string[] {
  if (!fitsMermaid(result.snapshot)) {
    const { sites, objects } = diagramSize(result.snapshot);
    return [
      `Topology diagram left out for size: ${plural(sites, 'site')} and ${plural(objects, 'object')}, more than the ${MERMAID_MAX_SITES} sites and ${MERMAID_MAX_OBJECTS} objects a diagram here shows legibly; \`--format html\` draws every site.`,
      '',
    ];
  }
  const block = ['<details><summary>Topology diagram</summary>', '', '```mermaid', ...mermaidFlowchart(buildTopology(result)), '```', '', '</details>', ''];
  if (length(block) > maxLength / DIAGRAM_SHARE) return ['Topology diagram left out to keep this summary within its size limit; `--format html` draws it.', ''];
  return block;
}

// --------------------------------------------------------- findings

function findingRow(finding: Finding): string {
  const object = `${KIND_LABEL[finding.target.kind]} ${escapeText(clip(finding.target.name, MAX_NAME))}`;
  const site = finding.site ? escapeText(clip(finding.site.name, MAX_NAME)) : '—';
  const parts = [escapeText(clip(finding.message, MAX_TEXT))];
  const evidence = finding.evidence;
  if (evidence) parts.push(`Evidence: ${escapeText(`${clip(reportPath(evidence.file), MAX_TEXT)}:${evidence.line}`)}`);
  const fix = `<details><summary>Remediation</summary>${escapeText(clip(finding.remediation, MAX_TEXT))}</details>`;
  return `| ${ruleLink(finding.ruleId)} | ${object} | ${site} | ${parts.join('<br>')}${fix} |`;
}

/** The rule id linked to its doc: the same URL the SARIF report gives as helpUri. */
function ruleLink(ruleId: string): string {
  return `[${escapeText(ruleId)}](${escapeUrl(ruleHelpUri(ruleId))})`;
}

// ----------------------------------------------------- suppressions

function suppressionLines(result: ReportInput['result']): string[] {
  const lines: string[] = [];
  const suppressed = result.findings.filter((f) => f.suppression);
  if (suppressed.length > 0) {
    const { listed, more } = firstListed(suppressed);
    lines.push('## Suppressed', '');
    for (const f of listed) {
      const object = `${KIND_LABEL[f.target.kind]} ${escapeText(clip(f.target.name, MAX_NAME))}`;
      const until = f.suppression!.expires ? ` (until ${escapeText(f.suppression!.expires)})` : '';
      lines.push(`- ${ruleLink(f.ruleId)} ${object}: ${escapeText(clip(f.suppression!.justification, MAX_TEXT))}${until}`);
    }
    if (more) lines.push(`- ${more.trim()}`);
    lines.push('');
  }
  const stale = result.suppressions.filter((o) => o.status !== 'used');
  if (stale.length > 0) {
    lines.push('## Suppressions to review', '');
    for (const outcome of stale) {
      lines.push(`- **${outcome.status === 'expired' ? 'Expired' : 'Unused'}**: ${escapeText(clip(staleSuppressionText(outcome), MAX_TEXT))}`);
    }
    lines.push('');
  }
  const left: string[] = [];
  if (result.rulesOff.length > 0) left.push(`- Rules off: ${result.rulesOff.map((r) => ruleLink(r.id)).join(', ')}`);
  if (result.outOfScope.length > 0) left.push(`- ${plural(result.outOfScope.length, 'finding')} out of the configured scope`);
  if (left.length > 0) lines.push('## Left out by the configuration', '', ...left, '');
  return lines;
}

// ---------------------------------------------------- not evaluated

function notEvaluatedLines(outcomes: readonly RuleOutcome[]): string[] {
  const items: string[] = [];
  for (const outcome of outcomes) {
    const rule = `${ruleLink(outcome.rule.id)} ${escapeText(clip(outcome.rule.name, MAX_NAME))}`;
    if (outcome.status === 'not-evaluated') {
      const reason = outcome.reason ?? 'its data was not collected';
      items.push(`- ${rule}: not evaluated: ${escapeText(clip(reason, MAX_TEXT))}`);
    }
    for (const [reason, targets] of notEvaluatedByReason(outcome)) {
      const { listed, more } = firstListed(targets);
      const names = listed.map((t) => escapeText(clip(t.name, MAX_NAME)));
      items.push(
        `- ${rule}: not evaluated for ${targets.length} ${nounFor(targets)} (${names.join(', ')}${more}): ${escapeText(clip(reason, MAX_TEXT))}`,
      );
    }
  }
  return items.length === 0 ? [] : ['## Not evaluated', '', ...items, ''];
}

function unmatchedFolderLines(folders: readonly string[]): string[] {
  if (folders.length === 0) return [];
  const items = folders.slice(0, MAX_FOLDERS).map((folder) => `- ${escapeText(clip(folder, MAX_NAME))}`);
  if (folders.length > MAX_FOLDERS) items.push(`- and ${folders.length - MAX_FOLDERS} more`);
  return [
    '## Unmatched host folders',
    '',
    'These host export folders match no Exchange server in the directory, so their exports were not used:',
    '',
    ...items,
    '',
  ];
}

// ------------------------------------------------------------- batch

/** Room kept for the estates table and the footer; each row is under 100 characters. */
const BATCH_TABLE_ROOM = 4_000;
/** Below this share an estate's section would hold only its header: list the table alone. */
const MIN_BATCH_SHARE = 2_000;

/**
 * An estate's section within an even share of the cap, after the estates
 * table; '' when the batch has too many estates for their findings to fit,
 * so the table alone is listed and no section is rendered.
 */
function batchSection(report: ReportInput, { count }: BatchPlace): string {
  const share = Math.floor((MAX_MARKDOWN_LENGTH - BATCH_TABLE_ROOM) / count);
  return share >= MIN_BATCH_SHARE ? formatMarkdown(report, share) : '';
}

/**
 * The estates table, then each estate's section while the whole stays within
 * MAX_MARKDOWN_LENGTH; rows and sections that do not fit are counted in a
 * last line instead.
 */
function batchMarkdown(estates: readonly BatchEstate<string>[]): string {
  const head = [`# ${toolName} ${toolVersion}: ${plural(estates.length, 'estate')}`, '', '| Estate | Gate | Errors | Warnings | Notes | Suppressed |', '| --- | --- | ---: | ---: | ---: | ---: |'];
  const footerRoom = 200;
  let length = head.join('\n').length + 1;
  const lines = [...head];
  let rowsShown = 0;
  for (const { id, failed, summary: s } of estates) {
    const row = `| ${escapeText(id)} | ${failed ? '❌ fails' : '✅ passes'} | ${s.error} | ${s.warning} | ${s.note} | ${s.suppressed} |`;
    if (length + row.length + 1 > MAX_MARKDOWN_LENGTH - footerRoom) break;
    lines.push(row);
    length += row.length + 1;
    rowsShown++;
  }
  lines.push('');
  let sectionsShown = 0;
  for (const { part: section } of estates) {
    if (section === '' || length + section.length + 1 > MAX_MARKDOWN_LENGTH - footerRoom) break;
    lines.push(section);
    length += section.length + 1;
    sectionsShown++;
  }
  const left: string[] = [];
  if (rowsShown < estates.length) left.push(`${plural(estates.length - rowsShown, 'estate')} from the table`);
  if (sectionsShown < estates.length) left.push(`the findings of ${plural(estates.length - sectionsShown, 'estate')}`);
  if (left.length > 0) lines.push(leftOutNote(left), '');
  return lines.join('\n');
}

// ---------------------------------------------------------- escaping

/**
 * Text safe inside a table cell, a list item or the title (never at the start
 * of a line, so `#`, `-` and `+` are harmless): inline Markdown punctuation
 * backslash-escaped (a `\|` stays inside its cell; `$` would start GitHub
 * math), `<`, `>` and `&` as entities (no tags, no entity tricks), line
 * breaks as `<br>` (a raw newline would end the table row), other control
 * characters dropped.
 */
function escapeText(text: string): string {
  return text
    .replace(/[\\`*_[\]|~$]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r\n|[\r\n\u2028\u2029]/g, '<br>')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

/** A link destination with nothing that could end it early or split a table cell. */
function escapeUrl(url: string): string {
  return url.replace(/[^A-Za-z0-9\-._~:/?#@!$&'*+,;=%]/g, (c) => encodeURIComponent(c));
}
