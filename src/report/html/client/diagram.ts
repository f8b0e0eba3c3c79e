/**
 * A site's diagram as SVG, drawn when the site is first opened and on
 * screen (a 2,000-site page would otherwise build every diagram up front),
 * with the same as a list for screen readers.
 */

const KIND_CAPTIONS: Record<NodeKind, string> = {
  array: 'CAS ARRAY',
  nlb: 'NLB CLUSTER',
  server: 'SERVER',
  database: 'DATABASE',
  elsewhere: 'IN ANOTHER SITE',
  missing: 'MISSING ENDPOINT',
};
const EDGE_NAMES: Record<EdgeKind, string> = { endpoint: 'RPC Client Access endpoint', dns: 'FQDN resolves to', nlb: 'NLB host' };
/** Average glyph widths at the diagram's font sizes, to clip text to its box. */
const NAME_CHAR = 7.6;
const DETAIL_CHAR = 6.3;

function kindOf(node: NodeData): NodeKind {
  return C.nodeKinds[node[4]]!;
}

function edgeKindOf(edge: EdgeData): EdgeKind {
  return C.edgeKinds[edge[2]]!;
}

function drawSite(estate: Estate, index: number): void {
  const details = estate.siteDetails[index];
  if (!details || details.hasAttribute('data-drawn')) return;
  details.setAttribute('data-drawn', '');
  const site = estate.data.sites[index]!;
  const body = details.querySelector('.site-body')!;
  if (site.n.length === 0 && site.d.length === 0) {
    body.append(html('p', 'empty', 'No Exchange objects in this site.'));
    return;
  }
  const figure = html('figure', 'diagram');
  const picture = svg('svg', { viewBox: '0 0 ' + site.w + ' ' + site.h, width: site.w, height: site.h, role: 'img', class: 'topology' });
  picture.setAttribute('aria-label', 'Topology of ' + site.name + ': ' + counts(site) + '. The same as text follows the diagram.');
  // Boxes, then edges, then labels: an edge that crosses a box shows it passes over it, and text stays on top.
  site.d.forEach((dag) => drawDag(picture, dag));
  site.n.forEach((node, i) => picture.append(drawBox(node, i)));
  site.e.forEach((edge) => drawEdge(picture, site, edge));
  site.n.forEach((node, i) => picture.append(drawLabel(estate, node, i)));
  const caption = html('figcaption', 'visually-hidden', 'Topology of ' + site.name);
  figure.append(caption, picture);
  body.append(figure, textAlternative(site));
}

function counts(site: SiteData): string {
  const tally: Partial<Record<NodeKind, number>> = {};
  site.n.forEach((node) => {
    const kind = kindOf(node);
    tally[kind] = (tally[kind] || 0) + 1;
  });
  const parts = (Object.keys(tally) as NodeKind[]).map((kind) => tally[kind] + ' ' + C.kindNames[kind] + (tally[kind] === 1 ? '' : '(s)'));
  if (site.d.length) parts.push(site.d.length + ' DAG(s)');
  return parts.join(', ');
}

function drawDag(picture: SVGSVGElement, dag: DagData): void {
  const mark = dag[1];
  const level = mark ? levelOf(mark[0]) : '';
  dag[2].forEach((box) => {
    const group = svg('g', { class: 'dag' + (level ? ' lvl-' + level : '') });
    group.append(svg('title', {}, 'DAG ' + dag[0] + (mark ? '\n' + markText(mark) : '')));
    group.append(svg('rect', { x: box[0], y: box[1], width: box[2], height: box[3], rx: 8, class: 'dag-box' }));
    const label = 'DAG ' + clip(dag[0], box[2] - 70, DETAIL_CHAR) + (mark && level ? '  ' + C.icons[level] + ' ' + mark[1] + ' ' + level : '');
    group.append(svg('text', { x: box[0] + 8, y: box[1] + 14, class: 'dag-label' }, label));
    picture.append(group);
  });
}

/** From the side of one box to the facing side of the other: a straight line between boxes side by side, else a curve. */
function drawEdge(picture: SVGSVGElement, site: SiteData, edge: EdgeData): void {
  const a = site.n[edge[0]]!;
  const b = site.n[edge[1]]!;
  const kind = edgeKindOf(edge);
  let sx = a[0] + a[2] / 2;
  let tx = b[0] + b[2] / 2;
  let sy: number;
  let ty: number;
  if (b[1] + b[3] <= a[1]) {
    sy = a[1];
    ty = b[1] + b[3];
  } else if (b[1] >= a[1] + a[3]) {
    sy = a[1] + a[3];
    ty = b[1];
  } else {
    sy = a[1] + a[3] / 2;
    ty = b[1] + b[3] / 2;
    sx = a[0] < b[0] ? a[0] + a[2] : a[0];
    tx = a[0] < b[0] ? b[0] : b[0] + b[2];
  }
  const my = (sy + ty) / 2;
  const d =
    sy === a[1] + a[3] / 2
      ? 'M' + sx + ' ' + sy + ' L' + tx + ' ' + ty
      : 'M' + sx + ' ' + sy + ' C' + sx + ' ' + my + ' ' + tx + ' ' + my + ' ' + tx + ' ' + ty;
  const attributes: Record<string, string | number> = { d: d, class: 'edge e-' + kind, 'data-from': edge[0], 'data-to': edge[1] };
  if (kind !== 'nlb') attributes['marker-end'] = 'url(#casaudit-arrow-' + kind + ')';
  const path = svg('path', attributes);
  path.append(svg('title', {}, a[5] + ' \u2192 ' + b[5] + ' (' + EDGE_NAMES[kind] + ')'));
  picture.append(path);
}

function nodeClasses(node: NodeData): string {
  const mark = node[7];
  return ' k-' + kindOf(node) + (mark ? ' lvl-' + levelOf(mark[0]) : '');
}

function drawBox(node: NodeData, i: number): SVGGElement {
  const group = svg('g', { class: 'node-box' + nodeClasses(node), 'data-node': i });
  group.append(svg('rect', { x: node[0], y: node[1], width: node[2], height: node[3], rx: kindOf(node) === 'database' ? 12 : 4, class: 'box' }));
  return group;
}

function drawLabel(estate: Estate, node: NodeData, i: number): SVGGElement | SVGAElement {
  const [x, y, w, , , name, details, mark] = node;
  const kind = kindOf(node);
  const group = svg('g', { class: 'node' + nodeClasses(node), 'data-node': i, 'data-name': name });
  group.append(svg('title', {}, [C.kindNames[kind] + ' ' + name].concat(details, mark ? [markText(mark)] : []).join('\n')));
  // A transparent box under the text, so the whole node shows its tooltip.
  group.append(svg('rect', { x: x, y: y, width: w, height: node[3], class: 'hit' }));
  let line = y + C.padding + C.caption - 3;
  group.append(svg('text', { x: x + 8, y: line, class: 'caption' }, KIND_CAPTIONS[kind]));
  line += C.name;
  group.append(svg('text', { x: x + 8, y: line, class: 'name' }, clip(name, w - 16, NAME_CHAR)));
  details.forEach((detail) => {
    line += C.detail;
    group.append(svg('text', { x: x + 8, y: line, class: 'detail' }, clip(detail, w - 16, DETAIL_CHAR)));
  });
  if (mark) {
    const level = levelOf(mark[0]);
    const badge = C.icons[level] + ' ' + plural(mark[1], level);
    const bw = badge.length * 6.4 + 10;
    group.append(svg('rect', { x: x + w - bw - 4, y: y + 3, width: bw, height: 15, rx: 7, class: 'badge' }));
    group.append(svg('text', { x: x + w - bw + 1, y: y + 14, class: 'badge-text' }, badge));
  }
  if (node[8] >= 0) {
    const link = svg('a', { href: '#' + estate.prefix + 'site-' + node[8], class: 'site-link' });
    link.append(group);
    return link;
  }
  return group;
}

/** The diagram as a list, for screen readers and for copying names. */
function textAlternative(site: SiteData): HTMLDetailsElement {
  const wrapper = html('details', 'as-text');
  wrapper.append(html('summary', '', 'Diagram as text'));
  const list = html('ul');
  const outgoing: EdgeData[][] = site.n.map(() => []);
  site.e.forEach((edge) => outgoing[edge[0]]!.push(edge));
  site.n.forEach((node, i) => {
    const item = html('li');
    item.setAttribute('data-node', String(i));
    item.append(C.kindNames[kindOf(node)] + ' ', html('strong', '', node[5]));
    if (node[6].length) item.append(' \u2014 ' + node[6].join('; '));
    const mark = node[7];
    if (mark) item.append(' ', levelLabel(levelOf(mark[0]), ': ' + mark[2].split(' ').join(', ')));
    const edges = outgoing[i]!;
    if (edges.length) {
      const links = html('ul');
      edges.forEach((edge) => {
        const target = site.n[edge[1]]!;
        const targetKind = kindOf(target);
        const where = targetKind === 'elsewhere' || targetKind === 'missing' ? ' (' + target[6][0] + ')' : '';
        links.append(html('li', 'edge-text', '\u2192 ' + EDGE_NAMES[edgeKindOf(edge)] + ': ' + target[5] + where));
      });
      item.append(links);
    }
    list.append(item);
  });
  site.d.forEach((dag) => {
    const item = html('li');
    item.append('DAG ', html('strong', '', dag[0]), ' \u2014 members here: ' + (dag[3].map((m) => site.n[m]![5]).join(', ') || 'none'));
    const mark = dag[1];
    if (mark) item.append(' ', levelLabel(levelOf(mark[0]), ': ' + mark[2].split(' ').join(', ')));
    list.append(item);
  });
  wrapper.append(list);
  return wrapper;
}

/**
 * An opened site is drawn when it comes near the viewport: opening all
 * 2,000 sites of a large estate then draws only the few on screen, and the
 * rest as they are scrolled to.
 */
function watchForDrawing(estate: Estate): { observe(details: HTMLDetailsElement): void } {
  if (!('IntersectionObserver' in window)) {
    return { observe: (details) => drawSite(estate, Number(details.getAttribute('data-site'))) };
  }
  const observer = new IntersectionObserver(
    (entries) => {
      entries.forEach((entry) => {
        if (!entry.isIntersecting) return;
        observer.unobserve(entry.target);
        if ((entry.target as HTMLDetailsElement).open) drawSite(estate, Number(entry.target.getAttribute('data-site')));
      });
    },
    { rootMargin: '600px 0px' },
  );
  return observer;
}

/** Opens the site, draws it, and shows the node (or the site itself when nodeIndex is -1). */
function highlight(estate: Estate, siteIndex: number, nodeIndex: number): void {
  const details = estate.siteDetails[siteIndex];
  if (!details) return;
  details.open = true;
  drawSite(estate, siteIndex);
  estate.root.querySelectorAll('.focus').forEach((node) => node.classList.remove('focus'));
  const target = nodeIndex >= 0 ? details.querySelector<SVGElement>('.node[data-node="' + nodeIndex + '"]') : null;
  if (target) {
    target.classList.add('focus');
    details.querySelector('.node-box[data-node="' + nodeIndex + '"]')!.classList.add('focus');
    target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: 'center' });
  } else {
    details.querySelector('summary')!.focus({ preventScroll: true });
    details.scrollIntoView({ block: 'start' });
  }
}
