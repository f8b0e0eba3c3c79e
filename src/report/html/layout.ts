/**
 * A deterministic layered layout of one site's topology, in SVG user units:
 * CAS arrays on top, each followed by the NLB clusters its FQDN resolves to
 * (then the endpoints drawn elsewhere or missing), then servers with a box
 * around each DAG's members, then databases, each under the endpoint it
 * points at so most edges run straight up. Layers wrap at NODES_PER_ROW. Text widths are not measured
 * (the page clips long names and shows them whole in a tooltip), so the same
 * estate always gives the same picture.
 */
import type { NodeKind, SiteTopology, TopologyNode } from '../topology.js';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface SiteLayout {
  width: number;
  height: number;
  /** One box per node of the topology, same order. */
  nodes: Box[];
  /** Per DAG of the topology: one box per row its members occupy (a DAG with no members here: one empty box). */
  dags: Box[][];
}

export const NODE_WIDTH = 200;
const GAP_X = 20;
const ROW_GAP = 22;
const LAYER_GAP = 56;
const MARGIN = 16;
export const NODES_PER_ROW = 6;
/** Vertical space of a node's parts: padding, kind caption, name, each detail line. */
export const NODE_PADDING = 8;
export const CAPTION_HEIGHT = 13;
export const NAME_HEIGHT = 17;
export const DETAIL_HEIGHT = 14;
/** Room a DAG box leaves around its members, and above them for its label. */
const DAG_PAD = 8;
const DAG_LABEL = 18;
const EMPTY_DAG_HEIGHT = 44;

const LAYER_OF: Record<NodeKind, number> = { array: 0, nlb: 0, elsewhere: 0, missing: 0, server: 1, database: 2 };
const TOP_ORDER: Record<NodeKind, number> = { array: 0, nlb: 1, elsewhere: 2, missing: 3, server: 0, database: 0 };
const DATABASE_LAYER = 2;

export function nodeHeight(node: Pick<TopologyNode, 'details'>): number {
  return 2 * NODE_PADDING + CAPTION_HEIGHT + NAME_HEIGHT + DETAIL_HEIGHT * node.details.length;
}

/** A slot in a row: a node, or a DAG drawn without members. */
type Item = { node: number; dag?: number } | { emptyDag: number };

export function layoutSite(site: SiteTopology): SiteLayout {
  const byName = (a: number, b: number) => site.nodes[a]!.name.localeCompare(site.nodes[b]!.name) || a - b;
  const inLayer = (layer: number) => site.nodes.map((_, i) => i).filter((i) => LAYER_OF[site.nodes[i]!.kind] === layer);

  const top = topOrder(site, inLayer(0), byName);
  const servers = serverItems(site, inLayer(1), byName);
  const databases = inLayer(DATABASE_LAYER);

  const layers: Item[][] = [top.map((node) => ({ node })), servers, databases.map((node) => ({ node }))];
  const width = 2 * MARGIN + Math.max(NODE_WIDTH, ...layers.flatMap((items) => rowsOf(items).map(rowWidth)));

  const nodes: Box[] = site.nodes.map(() => ({ x: 0, y: 0, w: NODE_WIDTH, h: 0 }));
  const dags: Box[][] = site.dags.map(() => []);
  let y = MARGIN;
  for (const [layer, items] of layers.entries()) {
    if (items.length === 0) continue;
    // Databases go under their endpoint, which the layers above have placed by now.
    const ordered = layer === DATABASE_LAYER ? orderUnderEndpoints(site, items, nodes, byName) : items;
    for (const row of rowsOf(ordered)) y = placeRow(site, row, y, width, nodes, dags) + ROW_GAP;
    y += LAYER_GAP - ROW_GAP;
  }
  const height = Math.max(y - LAYER_GAP + MARGIN, 2 * MARGIN);
  return { width, height, nodes, dags };
}

/** Arrays by name, each followed by the NLB clusters it resolves to (so that edge is short), then the other clusters, endpoints elsewhere, missing ones. */
function topOrder(site: SiteTopology, top: number[], byName: (a: number, b: number) => number): number[] {
  const sorted = top.slice().sort((a, b) => TOP_ORDER[site.nodes[a]!.kind] - TOP_ORDER[site.nodes[b]!.kind] || byName(a, b));
  const order: number[] = [];
  const taken = new Set<number>();
  const take = (i: number) => {
    if (taken.has(i)) return;
    taken.add(i);
    order.push(i);
  };
  for (const i of sorted) {
    if (site.nodes[i]!.kind !== 'array') continue;
    take(i);
    for (const edge of site.edges) if (edge.kind === 'dns' && edge.from === i && site.nodes[edge.to]!.kind === 'nlb') take(edge.to);
  }
  for (const i of sorted) take(i);
  return order;
}

/** Client Access servers outside DAGs, each DAG's members together, DAGs without members here, then the other servers. */
function serverItems(site: SiteTopology, servers: number[], byName: (a: number, b: number) => number): Item[] {
  const node = (i: number) => site.nodes[i]!;
  const loose = servers.filter((i) => node(i).dag === undefined);
  const dagOrder = site.dags.map((_, d) => d).sort((a, b) => site.dags[a]!.name.localeCompare(site.dags[b]!.name) || a - b);
  return [
    ...loose.filter((i) => node(i).clientAccess).sort(byName).map((i) => ({ node: i })),
    ...dagOrder.flatMap((d) => site.dags[d]!.members.slice().sort(byName).map((i) => ({ node: i, dag: d }))),
    ...dagOrder.filter((d) => site.dags[d]!.members.length === 0).map((d) => ({ emptyDag: d })),
    ...loose.filter((i) => !node(i).clientAccess).sort(byName).map((i) => ({ node: i })),
  ];
}

function orderUnderEndpoints(site: SiteTopology, items: Item[], boxes: Box[], byName: (a: number, b: number) => number): Item[] {
  const endpointX = new Map<number, number>();
  for (const edge of site.edges) {
    if (edge.kind === 'endpoint') endpointX.set(edge.from, boxes[edge.to]!.x);
  }
  const x = (item: Item) => ('node' in item ? (endpointX.get(item.node) ?? Infinity) : Infinity);
  return items.slice().sort((a, b) => x(a) - x(b) || ('node' in a && 'node' in b ? byName(a.node, b.node) : 0));
}

function rowsOf(items: Item[]): Item[][] {
  const rows: Item[][] = [];
  for (let i = 0; i < items.length; i += NODES_PER_ROW) rows.push(items.slice(i, i + NODES_PER_ROW));
  return rows;
}

function dagOf(item: Item): number | undefined {
  return 'node' in item ? item.dag : item.emptyDag;
}

/** Extra room between neighbours that belong to different DAG boxes, so the boxes do not touch. */
function gapBefore(row: Item[], i: number): number {
  if (i === 0) return 0;
  const before = dagOf(row[i - 1]!);
  const here = dagOf(row[i]!);
  return GAP_X + (before !== here && (before !== undefined || here !== undefined) ? 2 * DAG_PAD : 0);
}

function rowWidth(row: Item[]): number {
  return row.reduce((sum, _, i) => sum + gapBefore(row, i) + NODE_WIDTH, 0) + (row.some((item) => dagOf(item) !== undefined) ? 2 * DAG_PAD : 0);
}

/** Places one row centred in the width; returns the y below it. */
function placeRow(site: SiteTopology, row: Item[], top: number, width: number, nodes: Box[], dags: Box[][]): number {
  const hasDag = row.some((item) => dagOf(item) !== undefined);
  const y = top + (hasDag ? DAG_LABEL + DAG_PAD : 0);
  const rowHeight = Math.max(...row.map((item) => ('node' in item ? nodeHeight(site.nodes[item.node]!) : EMPTY_DAG_HEIGHT)));
  let x = Math.round((width - rowWidth(row)) / 2) + (hasDag ? DAG_PAD : 0);
  const spans = new Map<number, { from: number; to: number }>();
  for (const [i, item] of row.entries()) {
    x += gapBefore(row, i);
    if ('node' in item) nodes[item.node] = { x, y, w: NODE_WIDTH, h: nodeHeight(site.nodes[item.node]!) };
    const dag = dagOf(item);
    if (dag !== undefined) {
      const span = spans.get(dag);
      spans.set(dag, { from: span?.from ?? x, to: x + NODE_WIDTH });
    }
    x += NODE_WIDTH;
  }
  for (const [dag, { from, to }] of spans) {
    dags[dag]!.push({ x: from - DAG_PAD, y: y - DAG_PAD - DAG_LABEL, w: to - from + 2 * DAG_PAD, h: rowHeight + 2 * DAG_PAD + DAG_LABEL });
  }
  return y + rowHeight + (hasDag ? DAG_PAD : 0);
}
