/**
 * The findings part of an estate's HTML report: filter controls (level,
 * rule, site, text), an empty table the script fills a page at a time from
 * the estate's JSON, and the pager. Options carry their counts.
 */
import { LEVELS } from '../../engine/rule.js';
import { escapeHtml } from './escape.js';
import type { EstateData } from './page-data.js';

const PAGE_SIZES = [25, 50, 100, 250];
const DEFAULT_PAGE_SIZE = 50;

export function findingsTableHtml(data: EstateData, prefix: string, heading: (text: string, id?: string) => string): string {
  const tally = (key: (f: EstateData['findings'][number]) => string | number) => {
    const counts = new Map<string | number, number>();
    for (const finding of data.findings) counts.set(key(finding), (counts.get(key(finding)) ?? 0) + 1);
    return counts;
  };
  const byLevel = tally((f) => f[0]);
  const byRule = tally((f) => f[1]);
  const bySite = tally((f) => f[2]);
  const option = (value: string, label: string, count: number) => `<option value="${escapeHtml(value)}">${escapeHtml(label)} (${count})</option>`;
  const levelOptions = LEVELS.map((level, i) => option(level, level, byLevel.get(i) ?? 0));
  const ruleOptions = [...byRule.keys()]
    .map(String)
    .sort()
    .map((rule) => option(rule, `${rule} ${data.rules[rule] ?? ''}`.trim(), byRule.get(rule)!));
  const siteOptions = [...bySite.keys()]
    .map(Number)
    .sort((a, b) => a - b)
    .map((site) => option(String(site), data.sites[site]!.name, bySite.get(site)!));
  const total = data.findings.length;
  return [
    heading('Findings', `${prefix}findings`),
    '<form class="filters" role="search" aria-label="Filter the findings">',
    `<label>Level <select name="level"><option value="">All levels (${total})</option>${levelOptions.join('')}</select></label>`,
    `<label>Rule <select name="rule"><option value="">All rules (${total})</option>${ruleOptions.join('')}</select></label>`,
    `<label>Site <select name="site"><option value="">All sites (${total})</option>${siteOptions.join('')}</select></label>`,
    '<label>Text <input type="search" name="text" placeholder="object, message, file"></label>',
    '<button type="reset">Clear filters</button>',
    '</form>',
    '<p class="findings-status" role="status" aria-live="polite"></p>',
    '<table class="findings-table"><caption class="visually-hidden">Findings, errors first</caption>',
    '<thead><tr><th scope="col">Level</th><th scope="col">Rule</th><th scope="col">Site</th><th scope="col">Object</th><th scope="col">Finding and fix</th></tr></thead>',
    '<tbody></tbody></table>',
    '<div class="pager" role="group" aria-label="Findings pages">',
    '<button type="button" data-page="previous">Previous page</button><span class="page-label"></span><button type="button" data-page="next">Next page</button>',
    `<label>Rows per page <select name="page-size">${PAGE_SIZES.map((n) => `<option${n === DEFAULT_PAGE_SIZE ? ' selected' : ''}>${n}</option>`).join('')}</select></label>`,
    '</div>',
    '<noscript><p>The findings table and the diagrams need JavaScript. The text, Markdown, JSON and SARIF reports list the same findings.</p></noscript>',
  ].join('\n');
}
