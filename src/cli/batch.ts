/**
 * The report of a batch audit: the estates' report parts combined into one,
 * in the order given.
 */
import type * as sarif from 'sarif';
import { toolName, toolVersion } from '../util/paths.js';
import { formatHtmlBatch } from '../report/html/report.js';
import { sarifLog } from '../report/sarif.js';
import { MAX_MARKDOWN_LENGTH, escapeText, leftOutNote } from '../report/markdown.js';
import { plural } from '../report/common.js';
import type { Estate } from './estate-names.js';
import type { EstateJob, EstateOutcome } from './estate-audit.js';

/** Each estate's share of the Markdown cap; 0 when too many estates share it for any section to fit, so only the table is written. */
export function markdownMaxFor(estateCount: number): number {
  const share = markdownShare(estateCount);
  return share >= MIN_MARKDOWN_SHARE ? share : 0;
}

// ---------------------------------------------------------------- combining

/** The batch report: one SARIF log with a run per estate, a JSON document of estates, one HTML page with a section per estate, or the text parts in order. */
export function combineOutcomes(estates: readonly Estate[], outcomes: readonly EstateOutcome[], job: EstateJob): string {
  switch (job.format) {
    case 'sarif':
      return JSON.stringify(sarifLog(outcomes.map((o) => o.rendered as sarif.Run)), null, 2) + '\n';
    case 'json':
      return (
        JSON.stringify(
          {
            tool: { name: toolName, version: toolVersion },
            estates: estates.map((estate, i) => ({ id: estate.id, failed: outcomes[i]!.failed, ...(outcomes[i]!.rendered as object) })),
          },
          null,
          2,
        ) + '\n'
      );
    case 'markdown':
      return batchMarkdown(estates, outcomes);
    case 'html':
      return formatHtmlBatch(estates.map((estate, i) => ({ id: estate.id, failed: outcomes[i]!.failed, summary: outcomes[i]!.summary, section: outcomes[i]!.rendered as string })));
    case 'text':
      return [...outcomes.map((o) => o.rendered as string), batchTextSummary(estates, outcomes)].join('\n');
  }
}

function batchTextSummary(estates: readonly Estate[], outcomes: readonly EstateOutcome[]): string {
  const failed = estates.filter((_, i) => outcomes[i]!.failed).map((e) => e.id);
  const lines = [`Batch: ${plural(estates.length, 'estate')}, ${failed.length} failed the gate${failed.length ? ` (${failed.join(', ')})` : ''}`];
  for (const [i, estate] of estates.entries()) {
    const s = outcomes[i]!.summary;
    const counts = `${plural(s.error, 'error')}, ${plural(s.warning, 'warning')}, ${plural(s.note, 'note')}${s.suppressed ? `, ${s.suppressed} suppressed` : ''}`;
    lines.push(`  ${outcomes[i]!.failed ? 'FAIL' : 'ok  '}  ${estate.id}: ${counts}`);
  }
  return lines.join('\n') + '\n';
}

/** Room each estate's section gets: an even share of the cap, after the estates table. */
function markdownShare(estateCount: number): number {
  return Math.floor((MAX_MARKDOWN_LENGTH - MARKDOWN_TABLE_ROOM) / estateCount);
}

/** Room kept for the estates table and the footer; each row is under 100 characters. */
const MARKDOWN_TABLE_ROOM = 4_000;
/** Below this share an estate's section would hold only its header: list the table alone. */
const MIN_MARKDOWN_SHARE = 2_000;

/**
 * The estates table, then each estate's section while the whole stays within
 * MAX_MARKDOWN_LENGTH; rows and sections that do not fit are counted in a
 * last line instead.
 */
function batchMarkdown(estates: readonly Estate[], outcomes: readonly EstateOutcome[]): string {
  const head = [`# ${toolName} ${toolVersion}: ${plural(estates.length, 'estate')}`, '', '| Estate | Gate | Errors | Warnings | Notes | Suppressed |', '| --- | --- | ---: | ---: | ---: | ---: |'];
  const footerRoom = 200;
  let length = head.join('\n').length + 1;
  const lines = [...head];
  let rowsShown = 0;
  for (const [i, estate] of estates.entries()) {
    const { summary: s, failed } = outcomes[i]!;
    const row = `| ${escapeText(estate.id)} | ${failed ? '❌ fails' : '✅ passes'} | ${s.error} | ${s.warning} | ${s.note} | ${s.suppressed} |`;
    if (length + row.length + 1 > MAX_MARKDOWN_LENGTH - footerRoom) break;
    lines.push(row);
    length += row.length + 1;
    rowsShown++;
  }
  lines.push('');
  let sectionsShown = 0;
  for (const outcome of outcomes) {
    const section = outcome.rendered as string; // '' when the batch is too large for sections
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
