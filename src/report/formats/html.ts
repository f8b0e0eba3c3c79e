/**
 * `--format html`: one self-contained page per report. A single estate's
 * page holds its section; a batch page starts with a table of the estates
 * and their gate, then one section per estate, each rendered on its own
 * (in a worker thread, for large batches) with its own id prefix.
 */
import { toolName, toolVersion } from '../../util/paths.js';
import { plural } from '../common.js';
import { auditedSource } from '../places.js';
import type { ReportInput } from '../input.js';
import type { BatchEstate, BatchPlace, ReportFormat } from '../report-format.js';
import { escapeHtml } from '../html/escape.js';
import { estateSectionHtml, headerHtml } from '../html/estate-section.js';
import { htmlPage } from '../html/page.js';
import { levelHtml } from '../html/summary.js';

export const htmlFormat: ReportFormat<string> = {
  render: formatHtml,
  part: batchEstateSectionHtml,
  combine: formatHtmlBatch,
};

export function formatHtml(report: ReportInput): string {
  const source = auditedSource(report.input);
  return htmlPage({
    title: `${toolName} report: ${source}`,
    header: headerHtml(report),
    toc: [
      ['summary', 'Summary'],
      ['sites', 'Topology by site'],
      ['findings', 'Findings'],
    ],
    main: [estateSectionHtml(report, { prefix: '', headingLevel: 2 })],
  });
}

/** The id prefix of the nth estate of a batch page. */
function batchPrefix(index: number): string {
  return `e${index}-`;
}

/** One estate's section of a batch page, rendered where the estate was audited. */
function batchEstateSectionHtml(report: ReportInput, { index, id }: BatchPlace): string {
  return estateSectionHtml(report, { prefix: batchPrefix(index), headingLevel: 3, title: `Estate ${id}` });
}

/** The estates table, then each estate's section. */
function formatHtmlBatch(estates: readonly BatchEstate<string>[]): string {
  const failed = estates.filter((e) => e.failed).length;
  const rows = estates.map(({ id, failed, summary: s }, i) => {
    const gate = failed ? levelHtml('error', 'fails') : '<span class="level-label">✓ passes</span>';
    return `<tr><th scope="row"><a href="#${batchPrefix(i)}estate">${escapeHtml(id)}</a></th><td>${gate}</td><td class="num">${s.error}</td><td class="num">${s.warning}</td><td class="num">${s.note}</td><td class="num">${s.suppressed}</td></tr>`;
  });
  const table = [
    '<section aria-labelledby="estates">',
    '<h2 id="estates">Estates</h2>',
    '<table><thead><tr><th scope="col">Estate</th><th scope="col">Gate</th><th scope="col" class="num">Errors</th><th scope="col" class="num">Warnings</th><th scope="col" class="num">Notes</th><th scope="col" class="num">Suppressed</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody></table>`,
    '</section>',
  ].join('\n');
  return htmlPage({
    title: `${toolName} report: ${plural(estates.length, 'estate')}`,
    header: `<p class="meta">${escapeHtml(`${plural(estates.length, 'estate')}, ${failed} failed the gate; ${toolName} ${toolVersion}.`)}</p>`,
    toc: [['estates', 'Estates'], ...estates.map(({ id }, i): [string, string] => [`${batchPrefix(i)}estate`, id])],
    main: [table, ...estates.map((e) => e.part)],
  });
}
