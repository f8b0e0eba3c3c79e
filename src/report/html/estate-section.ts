/**
 * One estate's part of the HTML report: its JSON for the script, then the
 * summary, the sites with their diagrams, and the findings table. A batch
 * page holds several, each with its own id prefix.
 */
import { reportPath } from '../../util/report-path.js';
import { auditedSource, fileLine } from '../places.js';
import type { ReportInput } from '../input.js';
import { buildTopology, siteTitle } from '../topology.js';
import { escapeHtml, jsonForScript } from './escape.js';
import { findingsTableHtml } from './findings-table.js';
import { estateData } from './page-data.js';
import { sitesHtml } from './sites.js';
import { summaryHtml } from './summary.js';

export interface EstateSectionOptions {
  /** Prefix of every id in the section ('' for a page with one estate). */
  prefix: string;
  /** Level of the section's headings: 2 on a page of its own, 3 under a batch page's estate heading. */
  headingLevel: 2 | 3;
  /** A heading for the whole section, on a batch page. */
  title?: string;
}

export function estateSectionHtml(report: ReportInput, { prefix, headingLevel, title }: EstateSectionOptions): string {
  const topology = buildTopology(report.result);
  const titles = topology.sites.map(siteTitle);
  const data = estateData(report.result, topology, titles, fileLine);
  const heading = (text: string, id?: string) => `<h${headingLevel}${id ? ` id="${escapeHtml(id)}"` : ''}>${escapeHtml(text)}</h${headingLevel}>`;
  const minor = (text: string) => `<h${headingLevel + 1}>${escapeHtml(text)}</h${headingLevel + 1}>`;
  return [
    `<section class="estate" id="${escapeHtml(prefix)}estate" data-prefix="${escapeHtml(prefix)}"${title ? ` aria-label="${escapeHtml(title)}"` : ''}>`,
    ...(title ? [`<h2>${escapeHtml(title)}</h2>`, headerHtml(report)] : []),
    `<script type="application/json" class="estate-data">${jsonForScript(data)}</script>`,
    `<section aria-labelledby="${escapeHtml(prefix)}summary">`,
    heading('Summary', `${prefix}summary`),
    summaryHtml(report, minor),
    '</section>',
    `<section aria-labelledby="${escapeHtml(prefix)}sites">`,
    sitesHtml(topology, titles, prefix, heading),
    '</section>',
    `<section aria-labelledby="${escapeHtml(prefix)}findings">`,
    findingsTableHtml(data, prefix, heading),
    '</section>',
    '</section>',
  ].join('\n');
}

/** What was audited and when, with the config in force. */
export function headerHtml({ result, input, config }: ReportInput): string {
  const source = auditedSource(input);
  const lines = [`Audited ${source}, collected ${result.snapshot.collection.collectedAt}.`];
  if (config) lines.push(`Config: ${reportPath(config)}.`);
  return lines.map((line) => `<p class="meta">${escapeHtml(line)}</p>`).join('\n');
}
