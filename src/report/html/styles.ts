/**
 * The HTML report's stylesheet, inlined. Level colours pass WCAG AA (4.5:1)
 * as text on white and on their own tints, and every coloured mark also
 * carries an icon and a word. Printing opens every site (the script draws
 * them), hides the filter controls and keeps each diagram on one page.
 */
export const STYLES = `
:root {
  --ink: #1b1b1b; --muted: #4d4d4d; --line: #b8b8b8; --paper: #ffffff; --panel: #f4f5f7; --link: #0b57a4;
  --error: #b00020; --error-bg: #fde8eb; --warning: #8a4b00; --warning-bg: #fff1d6; --note: #004f8c; --note-bg: #e2eefa;
  --focus: #6b2fbf;
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1440px; padding: 0 1.25rem 3rem; color: var(--ink); background: var(--paper);
  font: 15px/1.45 system-ui, "Segoe UI", "DejaVu Sans", Arial, sans-serif; }
a { color: var(--link); }
a:focus-visible, button:focus-visible, select:focus-visible, input:focus-visible, summary:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Consolas, monospace; font-size: 0.9em; }
pre { background: var(--panel); padding: 0.6rem 0.8rem; overflow-x: auto; border-radius: 4px; }
h1 { font-size: 1.6rem; margin: 1.2rem 0 0.2rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 0.6rem; border-bottom: 1px solid var(--line); padding-bottom: 0.2rem; }
h3 { font-size: 1.1rem; margin: 1.2rem 0 0.4rem; }
table { border-collapse: collapse; margin: 0.4rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: var(--panel); }
td.num, th.num { text-align: right; }
.meta { color: var(--muted); margin: 0; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 0.5rem; background: var(--paper); padding: 0.3rem 0.6rem; z-index: 2; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
nav.toc ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; margin: 0.8rem 0; }

.level-label { font-weight: 600; white-space: nowrap; }
.lvl-error .icon, .level-label.lvl-error, .badge-chip.lvl-error { color: var(--error); }
.lvl-warning .icon, .level-label.lvl-warning, .badge-chip.lvl-warning { color: var(--warning); }
.lvl-note .icon, .level-label.lvl-note, .badge-chip.lvl-note { color: var(--note); }
.badge-chip { display: inline-block; border: 1px solid currentColor; border-radius: 1rem; padding: 0 0.5rem; margin-left: 0.3rem; font-size: 0.85rem; font-weight: 600; background: var(--paper); }

.summary-grid { display: flex; flex-wrap: wrap; gap: 0 2rem; }
.summary-grid > div { min-width: 16rem; }

/* Sites off screen skip layout and paint: a 2,000-site page stays quick to open and scroll. */
details.site { border: 1px solid var(--line); border-radius: 6px; margin: 0.35rem 0; background: var(--paper);
  content-visibility: auto; contain-intrinsic-size: auto 2.6rem; }
details.site > summary { cursor: pointer; padding: 0.45rem 0.7rem; display: flex; flex-wrap: wrap; gap: 0.2rem 0.8rem; align-items: baseline; }
details.site[open] > summary { border-bottom: 1px solid var(--line); background: var(--panel); }
.site-title { font-weight: 700; }
.site-counts { color: var(--muted); font-size: 0.9rem; }
.site-body { padding: 0.5rem 0.7rem; overflow-x: auto; }
.site-tools { margin: 0.4rem 0; display: flex; gap: 0.5rem; }
.legend { font-size: 0.9rem; color: var(--muted); }
figure.diagram { margin: 0; }
svg.topology { max-width: 100%; height: auto; font-family: "DejaVu Sans", system-ui, Arial, sans-serif; }
svg .box { fill: #ffffff; stroke: #5f6b7a; stroke-width: 1.2; }
svg .k-array .box { fill: #eef3fb; stroke-width: 2; }
svg .k-nlb .box { fill: #f3eefb; }
svg .k-database .box { fill: #f6f7f2; }
svg .k-elsewhere .box, svg .k-missing .box { fill: #ffffff; stroke-dasharray: 6 4; }
svg .lvl-error .box { fill: var(--error-bg); stroke: var(--error); stroke-width: 3; }
svg .lvl-warning .box { fill: var(--warning-bg); stroke: var(--warning); stroke-width: 3; stroke-dasharray: 10 3; }
svg .lvl-note .box { fill: var(--note-bg); stroke: var(--note); stroke-width: 3; stroke-dasharray: 2 3; }
svg .caption { font-size: 9.5px; letter-spacing: 0.06em; fill: var(--muted); }
svg .name { font-size: 13px; font-weight: 700; fill: var(--ink); }
svg .detail { font-size: 11px; fill: #333333; }
svg .badge { fill: #ffffff; stroke-width: 1.5; }
svg .lvl-error .badge { stroke: var(--error); } svg .lvl-error .badge-text { fill: var(--error); }
svg .lvl-warning .badge { stroke: var(--warning); } svg .lvl-warning .badge-text { fill: var(--warning); }
svg .lvl-note .badge { stroke: var(--note); } svg .lvl-note .badge-text { fill: var(--note); }
svg .badge-text { font-size: 10.5px; font-weight: 700; }
svg .dag-box { fill: #f7f7f7; stroke: #6d6d6d; stroke-width: 1.2; stroke-dasharray: 4 3; }
svg .dag.lvl-error .dag-box { stroke: var(--error); stroke-width: 2.5; }
svg .dag.lvl-warning .dag-box { stroke: var(--warning); stroke-width: 2.5; }
svg .dag.lvl-note .dag-box { stroke: var(--note); stroke-width: 2.5; }
svg .dag-label { font-size: 11px; font-weight: 700; fill: var(--ink); }
svg .edge { fill: none; stroke: #3d4653; stroke-width: 1.4; }
svg .e-dns { stroke-dasharray: 6 4; stroke: #3d5f8f; }
svg .e-nlb { stroke-dasharray: 2 3; stroke: #6a4c93; }
svg .node-box.focus .box { stroke: var(--focus); stroke-width: 5; }
svg .hit { fill: transparent; stroke: none; }
svg .node:focus { outline: none; }
svg a.site-link .name { text-decoration: underline; fill: var(--link); }
.as-text { font-size: 0.9rem; margin-top: 0.4rem; }
.as-text ul { margin: 0.2rem 0; }
.empty { color: var(--muted); }

form.filters { display: flex; flex-wrap: wrap; gap: 0.6rem 1rem; align-items: end; background: var(--panel); padding: 0.6rem 0.8rem; border-radius: 6px; }
form.filters label { display: flex; flex-direction: column; font-size: 0.85rem; font-weight: 600; gap: 0.15rem; }
select, input, button { font: inherit; font-size: 0.95rem; }
button { padding: 0.2rem 0.7rem; }
.findings-status { margin: 0.5rem 0; }
table.findings-table { width: 100%; }
table.findings-table td.finding p { margin: 0 0 0.25rem; }
table.findings-table .kind, .evidence { color: var(--muted); font-size: 0.85rem; }
table.findings-table tr.lvl-error td.level { border-left: 5px solid var(--error); }
table.findings-table tr.lvl-warning td.level { border-left: 5px double var(--warning); }
table.findings-table tr.lvl-note td.level { border-left: 5px dotted var(--note); }
.fix code { white-space: pre-wrap; word-break: break-word; }
.fix-label { font-weight: 600; }
.pager { display: flex; gap: 0.8rem; align-items: center; flex-wrap: wrap; }
.pager label { font-size: 0.9rem; }

details.rule { border-top: 1px solid var(--line); padding: 0.35rem 0; }
details.rule > summary { cursor: pointer; }
details.rule[open] { padding-bottom: 1rem; }
.rule-doc table { font-size: 0.92rem; }

@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  form.filters, .pager, .site-tools, .skip, nav.toc, .findings-status { display: none !important; }
  details.site { border: none; break-inside: avoid-page; content-visibility: visible; }
  figure.diagram, svg.topology { break-inside: avoid; page-break-inside: avoid; }
  svg.topology { max-height: 24cm; }
  h2 { break-after: avoid; }
  tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`.trim();
