/**
 * The per-site part of an estate's HTML report: one collapsed <details> per
 * site (the script draws its diagram when it is first opened), each
 * summary saying what the site holds and its findings per level.
 */
import { LEVELS } from '../../engine/rule.js';
import { plural } from '../common.js';
import { NODE_KIND_LABEL, type NodeKind, type SiteTopology, type Topology } from '../topology.js';
import { escapeHtml } from './escape.js';
import { levelHtml } from './summary.js';

/** The site's own objects, counted in its summary (stand-ins for endpoints elsewhere are not). */
const COUNTED: readonly NodeKind[] = ['array', 'nlb', 'server', 'database'];

const LEGEND =
  'Each site opens to its diagram: CAS arrays on top, each beside the NLB cluster its FQDN resolves to, and endpoints in other sites or missing; then servers, grouped in their DAGs; then databases. ' +
  'Solid arrows: a database to the endpoint Outlook is sent to. Dashed arrows: what an array’s FQDN resolves to. Dotted lines: NLB cluster hosts. ' +
  'An object with findings has a thick border in its level’s colour, dashed for warnings and dotted for notes, and a badge with the level’s icon and word: ' +
  '✖ error, ▲ warning, ● note. Each diagram is followed by the same as text.';

export function sitesHtml(topology: Topology, titles: readonly string[], prefix: string, heading: (text: string, id?: string) => string): string {
  const items = topology.sites.map((site, i) => siteHtml(site, i, titles[i]!, prefix));
  return [
    heading('Topology by site', `${prefix}sites`),
    `<p class="legend">${escapeHtml(LEGEND)}</p>`,
    '<div class="site-tools"><button type="button" data-sites="open">Open all sites</button><button type="button" data-sites="close">Close all sites</button></div>',
    ...items,
  ].join('\n');
}

function siteHtml(site: SiteTopology, index: number, title: string, prefix: string): string {
  const counts = COUNTED.map((kind) => ({ n: site.nodes.filter((node) => node.kind === kind).length, word: NODE_KIND_LABEL[kind] }))
    .filter(({ n }) => n > 0)
    .map(({ n, word }) => plural(n, word));
  if (site.dags.length > 0) counts.push(plural(site.dags.length, 'DAG'));
  const badges = LEVELS.filter((level) => site.counts[level] > 0)
    .map((level) => `<span class="badge-chip lvl-${level}">${levelHtml(level, plural(site.counts[level], level))}</span>`)
    .join('');
  const notes: string[] = [];
  if (site.state === 'gone') notes.push('<p>This site is not in Active Directory; the objects below still name it.</p>');
  if (site.state === 'none') notes.push('<p>Objects that name no site, and databases whose owning server is not in the directory.</p>');
  if (site.mark) notes.push(`<p class="site-mark">Findings on the site itself: ${levelHtml(site.mark.level, `${site.mark.level}: ${site.mark.rules.join(', ')}`)}</p>`);
  return (
    `<details class="site" id="${prefix}site-${index}" data-site="${index}">` +
    `<summary><span class="site-title">${escapeHtml(title)}</span><span class="site-counts">${escapeHtml(counts.join(' · ') || 'no Exchange objects')}</span>${badges}</summary>` +
    `<div class="site-body">${notes.join('')}</div></details>`
  );
}
