/**
 * The HTML report's one script, inlined in the page (its hash is the only
 * script the page's Content-Security-Policy allows). It reads each estate's
 * JSON, draws a site's diagram as SVG when the site is first opened and on
 * screen (a 2,000-site page would otherwise build every diagram up front), pages and
 * filters the findings table, and opens the rule doc or site a link leads
 * to. Every piece of estate text reaches the page through textContent or
 * setAttribute, never as markup. Plain browser JavaScript with no
 * dependencies; it is kept free of backticks and template placeholders so it
 * can sit in String.raw below.
 */
import { LEVELS } from '../../engine/rule.js';
import { CAPTION_HEIGHT, DETAIL_HEIGHT, NAME_HEIGHT, NODE_PADDING } from './layout.js';
import { LEVEL_ICONS } from '../common.js';
import { NODE_KIND_LABEL } from '../topology.js';
import { EDGE_KINDS, NODE_KINDS } from './page-data.js';

const SOURCE = String.raw`
(function () {
  'use strict';
  var C = /*CONSTANTS*/;
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var KIND_NAMES = C.kindNames;
  var KIND_CAPTIONS = { array: 'CAS ARRAY', nlb: 'NLB CLUSTER', server: 'SERVER', database: 'DATABASE', elsewhere: 'IN ANOTHER SITE', missing: 'MISSING ENDPOINT' };
  var EDGE_NAMES = { endpoint: 'RPC Client Access endpoint', dns: 'FQDN resolves to', nlb: 'NLB host' };
  /** Average glyph widths at the diagram's font sizes, to clip text to its box. */
  var NAME_CHAR = 7.6, DETAIL_CHAR = 6.3;

  function html(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function svg(tag, attributes, text) {
    var node = document.createElementNS(SVG_NS, tag);
    for (var name in attributes) node.setAttribute(name, String(attributes[name]));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function clip(text, width, charWidth) {
    var max = Math.max(4, Math.floor(width / charWidth));
    return text.length <= max ? text : text.slice(0, max - 1) + '\u2026';
  }

  function plural(count, word) {
    return count + ' ' + word + (count === 1 ? '' : 's');
  }

  function markText(mark) {
    if (!mark) return '';
    return C.levels[mark[0]] + ': ' + plural(mark[1], 'finding') + ' (' + mark[2].split(' ').join(', ') + ')';
  }

  /** The level as an icon and a word: never colour alone. */
  function levelLabel(level, extra) {
    var span = html('span', 'level-label lvl-' + level);
    span.append(html('span', 'icon', C.icons[level]), ' ' + level + (extra || ''));
    span.firstChild.setAttribute('aria-hidden', 'true');
    return span;
  }

  // ------------------------------------------------------------ diagrams

  function drawSite(estate, index) {
    var details = estate.siteDetails[index];
    if (!details || details.hasAttribute('data-drawn')) return;
    details.setAttribute('data-drawn', '');
    var site = estate.data.sites[index];
    var body = details.querySelector('.site-body');
    if (site.n.length === 0 && site.d.length === 0) {
      body.append(html('p', 'empty', 'No Exchange objects in this site.'));
      return;
    }
    var figure = html('figure', 'diagram');
    var picture = svg('svg', { viewBox: '0 0 ' + site.w + ' ' + site.h, width: site.w, height: site.h, role: 'img', class: 'topology' });
    picture.setAttribute('aria-label', 'Topology of ' + site.name + ': ' + counts(site) + '. The same as text follows the diagram.');
    // Boxes, then edges, then labels: an edge that crosses a box shows it passes over it, and text stays on top.
    site.d.forEach(function (dag) { drawDag(picture, dag); });
    site.n.forEach(function (node, i) { picture.append(drawBox(node, i)); });
    site.e.forEach(function (edge) { drawEdge(picture, site, edge); });
    site.n.forEach(function (node, i) { picture.append(drawLabel(estate, node, i)); });
    var caption = html('figcaption', 'visually-hidden', 'Topology of ' + site.name);
    figure.append(caption, picture);
    body.append(figure, textAlternative(site));
  }

  function counts(site) {
    var tally = {};
    site.n.forEach(function (node) {
      var kind = C.nodeKinds[node[4]];
      tally[kind] = (tally[kind] || 0) + 1;
    });
    var parts = Object.keys(tally).map(function (kind) { return tally[kind] + ' ' + KIND_NAMES[kind] + (tally[kind] === 1 ? '' : '(s)'); });
    if (site.d.length) parts.push(site.d.length + ' DAG(s)');
    return parts.join(', ');
  }

  function drawDag(picture, dag) {
    var level = dag[1] ? C.levels[dag[1][0]] : '';
    dag[2].forEach(function (box) {
      var group = svg('g', { class: 'dag' + (level ? ' lvl-' + level : '') });
      group.append(svg('title', {}, 'DAG ' + dag[0] + (dag[1] ? '\n' + markText(dag[1]) : '')));
      group.append(svg('rect', { x: box[0], y: box[1], width: box[2], height: box[3], rx: 8, class: 'dag-box' }));
      var label = 'DAG ' + clip(dag[0], box[2] - 70, DETAIL_CHAR) + (dag[1] ? '  ' + C.icons[level] + ' ' + dag[1][1] + ' ' + level : '');
      group.append(svg('text', { x: box[0] + 8, y: box[1] + 14, class: 'dag-label' }, label));
      picture.append(group);
    });
  }

  function drawEdge(picture, site, edge) {
    var a = site.n[edge[0]], b = site.n[edge[1]], kind = C.edgeKinds[edge[2]];
    var sx = a[0] + a[2] / 2, tx = b[0] + b[2] / 2, sy, ty, d;
    if (b[1] + b[3] <= a[1]) {
      sy = a[1]; ty = b[1] + b[3];
    } else if (b[1] >= a[1] + a[3]) {
      sy = a[1] + a[3]; ty = b[1];
    } else {
      sy = a[1] + a[3] / 2; ty = b[1] + b[3] / 2;
      sx = a[0] < b[0] ? a[0] + a[2] : a[0];
      tx = a[0] < b[0] ? b[0] : b[0] + b[2];
    }
    var my = (sy + ty) / 2;
    d = sy === a[1] + a[3] / 2 ? 'M' + sx + ' ' + sy + ' L' + tx + ' ' + ty : 'M' + sx + ' ' + sy + ' C' + sx + ' ' + my + ' ' + tx + ' ' + my + ' ' + tx + ' ' + ty;
    var attributes = { d: d, class: 'edge e-' + kind, 'data-from': edge[0], 'data-to': edge[1] };
    if (kind !== 'nlb') attributes['marker-end'] = 'url(#casaudit-arrow-' + kind + ')';
    var path = svg('path', attributes);
    path.append(svg('title', {}, a[5] + ' \u2192 ' + b[5] + ' (' + EDGE_NAMES[kind] + ')'));
    picture.append(path);
  }

  function nodeClasses(node) {
    var mark = node[7];
    return ' k-' + C.nodeKinds[node[4]] + (mark ? ' lvl-' + C.levels[mark[0]] : '');
  }

  function drawBox(node, i) {
    var group = svg('g', { class: 'node-box' + nodeClasses(node), 'data-node': i });
    group.append(svg('rect', { x: node[0], y: node[1], width: node[2], height: node[3], rx: C.nodeKinds[node[4]] === 'database' ? 12 : 4, class: 'box' }));
    return group;
  }

  function drawLabel(estate, node, i) {
    var x = node[0], y = node[1], w = node[2], kind = C.nodeKinds[node[4]], name = node[5], details = node[6], mark = node[7];
    var level = mark ? C.levels[mark[0]] : '';
    var group = svg('g', { class: 'node' + nodeClasses(node), 'data-node': i, 'data-name': name });
    group.append(svg('title', {}, [KIND_NAMES[kind] + ' ' + name].concat(details, mark ? [markText(mark)] : []).join('\n')));
    // A transparent box under the text, so the whole node shows its tooltip.
    group.append(svg('rect', { x: x, y: y, width: w, height: node[3], class: 'hit' }));
    var line = y + C.padding + C.caption - 3;
    group.append(svg('text', { x: x + 8, y: line, class: 'caption' }, KIND_CAPTIONS[kind]));
    line += C.name;
    group.append(svg('text', { x: x + 8, y: line, class: 'name' }, clip(name, w - 16, NAME_CHAR)));
    details.forEach(function (detail) {
      line += C.detail;
      group.append(svg('text', { x: x + 8, y: line, class: 'detail' }, clip(detail, w - 16, DETAIL_CHAR)));
    });
    if (mark) {
      var badge = C.icons[level] + ' ' + plural(mark[1], level);
      var bw = badge.length * 6.4 + 10;
      group.append(svg('rect', { x: x + w - bw - 4, y: y + 3, width: bw, height: 15, rx: 7, class: 'badge' }));
      group.append(svg('text', { x: x + w - bw + 1, y: y + 14, class: 'badge-text' }, badge));
    }
    if (node[8] >= 0) {
      var link = svg('a', { href: '#' + estate.prefix + 'site-' + node[8], class: 'site-link' });
      link.append(group);
      return link;
    }
    return group;
  }

  /** The diagram as a list, for screen readers and for copying names. */
  function textAlternative(site) {
    var wrapper = html('details', 'as-text');
    wrapper.append(html('summary', '', 'Diagram as text'));
    var list = html('ul');
    var outgoing = site.n.map(function () { return []; });
    site.e.forEach(function (edge) { outgoing[edge[0]].push(edge); });
    site.n.forEach(function (node, i) {
      var kind = C.nodeKinds[node[4]];
      var item = html('li');
      item.setAttribute('data-node', i);
      item.append(KIND_NAMES[kind] + ' ', html('strong', '', node[5]));
      if (node[6].length) item.append(' \u2014 ' + node[6].join('; '));
      if (node[7]) item.append(' ', levelLabel(C.levels[node[7][0]], ': ' + node[7][2].split(' ').join(', ')));
      if (outgoing[i].length) {
        var links = html('ul');
        outgoing[i].forEach(function (edge) {
          var target = site.n[edge[1]];
          var where = C.nodeKinds[target[4]] === 'elsewhere' || C.nodeKinds[target[4]] === 'missing' ? ' (' + target[6][0] + ')' : '';
          links.append(html('li', 'edge-text', '\u2192 ' + EDGE_NAMES[C.edgeKinds[edge[2]]] + ': ' + target[5] + where));
        });
        item.append(links);
      }
      list.append(item);
    });
    site.d.forEach(function (dag) {
      var item = html('li');
      item.append('DAG ', html('strong', '', dag[0]), ' \u2014 members here: ' + (dag[3].map(function (m) { return site.n[m][5]; }).join(', ') || 'none'));
      if (dag[1]) item.append(' ', levelLabel(C.levels[dag[1][0]], ': ' + dag[1][2].split(' ').join(', ')));
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
  function watchForDrawing(estate) {
    if (!('IntersectionObserver' in window)) return { observe: function (details) { drawSite(estate, Number(details.getAttribute('data-site'))); } };
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        observer.unobserve(entry.target);
        if (entry.target.open) drawSite(estate, Number(entry.target.getAttribute('data-site')));
      });
    }, { rootMargin: '600px 0px' });
    return observer;
  }

  function highlight(estate, siteIndex, nodeIndex) {
    var details = estate.siteDetails[siteIndex];
    if (!details) return;
    details.open = true;
    drawSite(estate, siteIndex);
    estate.root.querySelectorAll('.focus').forEach(function (node) { node.classList.remove('focus'); });
    var target = nodeIndex >= 0 ? details.querySelector('.node[data-node="' + nodeIndex + '"]') : null;
    if (target) {
      target.classList.add('focus');
      details.querySelector('.node-box[data-node="' + nodeIndex + '"]').classList.add('focus');
      target.setAttribute('tabindex', '-1');
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: 'center' });
    } else {
      details.querySelector('summary').focus({ preventScroll: true });
      details.scrollIntoView({ block: 'start' });
    }
  }

  // ------------------------------------------------------------ findings

  function findingRow(estate, finding) {
    var level = C.levels[finding[0]], rule = finding[1], site = finding[2];
    var row = html('tr', 'lvl-' + level);
    row.setAttribute('data-level', level);
    row.setAttribute('data-rule', rule);
    row.setAttribute('data-site', site);
    var levelCell = html('td', 'level');
    levelCell.append(levelLabel(level));
    var ruleCell = html('td', 'rule');
    var ruleLink = html('a', 'rule-link', rule);
    ruleLink.href = '#rule-' + rule;
    ruleLink.title = (estate.data.rules[rule] || rule) + ': explanation and remediation';
    ruleCell.append(ruleLink);
    var siteCell = html('td', 'site', estate.data.sites[site].name);
    var objectCell = html('td', 'object');
    var objectLink = html('a', 'show-object', finding[5]);
    objectLink.href = '#' + estate.prefix + 'site-' + site;
    objectLink.setAttribute('data-site', site);
    objectLink.setAttribute('data-node', finding[3]);
    objectLink.title = 'Show in the diagram of ' + estate.data.sites[site].name;
    objectCell.append(objectLink, ' ', html('span', 'kind', finding[4]));
    var text = html('td', 'finding');
    text.append(html('p', 'message', finding[6]));
    if (finding[8]) text.append(html('p', 'evidence', 'Evidence: ' + finding[8]));
    var fix = html('p', 'fix');
    fix.append(html('span', 'fix-label', 'Fix: '), html('code', '', finding[7]));
    text.append(fix);
    row.append(levelCell, ruleCell, siteCell, objectCell, text);
    return row;
  }

  function initFindings(estate) {
    var root = estate.root, all = estate.data.findings;
    var form = root.querySelector('form.filters');
    var body = root.querySelector('table.findings-table tbody');
    var status = root.querySelector('.findings-status');
    var previous = root.querySelector('[data-page="previous"]');
    var next = root.querySelector('[data-page="next"]');
    var pageLabel = root.querySelector('.page-label');
    var size = root.querySelector('select[name="page-size"]');
    var haystack = null;
    var state = { matches: all, page: 0 };

    function filter() {
      var level = form.elements.level.value, rule = form.elements.rule.value, site = form.elements.site.value;
      var text = form.elements.text.value.trim().toLowerCase();
      if (text && !haystack) haystack = all.map(function (f) { return (f[5] + '\n' + f[6] + '\n' + f[1] + '\n' + f[8]).toLowerCase(); });
      state.matches = all.filter(function (f, i) {
        return (level === '' || C.levels[f[0]] === level) && (rule === '' || f[1] === rule) && (site === '' || f[2] === Number(site)) && (!text || haystack[i].indexOf(text) >= 0);
      });
      state.page = 0;
      render(false);
    }

    function render(everything) {
      var perPage = Number(size.value);
      var pages = Math.max(1, Math.ceil(state.matches.length / perPage));
      state.page = Math.min(state.page, pages - 1);
      var first = everything ? 0 : state.page * perPage;
      var shown = everything ? state.matches : state.matches.slice(first, first + perPage);
      var rows = document.createDocumentFragment();
      shown.forEach(function (f) { rows.append(findingRow(estate, f)); });
      body.replaceChildren(rows);
      var of = state.matches.length === all.length ? plural(all.length, 'finding') : plural(state.matches.length, 'finding') + ' match the filters (of ' + all.length + ')';
      status.textContent = state.matches.length === 0 ? (all.length === 0 ? 'No findings.' : 'No finding matches the filters.') : 'Showing ' + (first + 1) + '\u2013' + (first + shown.length) + ' of ' + of + '.';
      pageLabel.textContent = 'Page ' + (state.page + 1) + ' of ' + pages;
      previous.disabled = everything || state.page === 0;
      next.disabled = everything || state.page >= pages - 1;
    }

    form.addEventListener('input', filter);
    form.addEventListener('change', filter);
    form.addEventListener('submit', function (event) { event.preventDefault(); });
    form.addEventListener('reset', function () { setTimeout(filter, 0); });
    size.addEventListener('change', function () { state.page = 0; render(false); });
    previous.addEventListener('click', function () { state.page--; render(false); });
    next.addEventListener('click', function () { state.page++; render(false); });
    body.addEventListener('click', function (event) {
      var link = event.target.closest('a.show-object');
      if (!link) return;
      event.preventDefault();
      highlight(estate, Number(link.getAttribute('data-site')), Number(link.getAttribute('data-node')));
    });
    estate.renderFindings = render;
    render(false);
  }

  // -------------------------------------------------------------- estates

  function initEstate(root) {
    var estate = {
      root: root,
      prefix: root.getAttribute('data-prefix') || '',
      data: JSON.parse(root.querySelector('script.estate-data').textContent),
      siteDetails: [],
    };
    var drawing = watchForDrawing(estate);
    root.querySelectorAll('details.site').forEach(function (details) {
      var index = Number(details.getAttribute('data-site'));
      estate.siteDetails[index] = details;
      details.addEventListener('toggle', function () {
        if (details.open && !details.hasAttribute('data-drawn')) drawing.observe(details);
      });
    });
    root.querySelectorAll('[data-sites]').forEach(function (button) {
      button.addEventListener('click', function () {
        var open = button.getAttribute('data-sites') === 'open';
        estate.siteDetails.forEach(function (details) { if (details) details.open = open; });
      });
    });
    initFindings(estate);
    return estate;
  }

  var estates = [];
  document.querySelectorAll('section.estate').forEach(function (root) { estates.push(initEstate(root)); });

  /** A link to a rule doc or a site opens it (and the sections around it). */
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    for (var node = target; node; node = node.parentElement) if (node.tagName === 'DETAILS') node.open = true;
    target.scrollIntoView({ block: 'start' });
  }
  window.addEventListener('hashchange', openTarget);
  if (location.hash) openTarget();

  // Printing shows every site drawn and every finding that passes the filters.
  window.addEventListener('beforeprint', function () {
    estates.forEach(function (estate) {
      estate.siteDetails.forEach(function (details, i) {
        if (!details) return;
        details.open = true;
        drawSite(estate, i);
      });
      estate.renderFindings(true);
    });
  });
  window.addEventListener('afterprint', function () {
    estates.forEach(function (estate) { estate.renderFindings(false); });
  });
  document.documentElement.setAttribute('data-ready', '');
})();
`;

/** The script with the codes it shares with the report's TypeScript filled in. */
export function clientScript(): string {
  const constants = {
    levels: LEVELS,
    nodeKinds: NODE_KINDS,
    kindNames: NODE_KIND_LABEL,
    edgeKinds: EDGE_KINDS,
    icons: LEVEL_ICONS,
    padding: NODE_PADDING,
    caption: CAPTION_HEIGHT,
    name: NAME_HEIGHT,
    detail: DETAIL_HEIGHT,
  };
  return SOURCE.replace('/*CONSTANTS*/', JSON.stringify(constants)).trim();
}
