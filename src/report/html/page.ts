/**
 * The HTML report's document: one self-contained file with its styles and
 * script inline and a Content-Security-Policy that allows those two (by
 * hash) and nothing else, so the page fetches nothing and no injected
 * script could run even if some text escaped its escaping.
 */
import { createHash } from 'node:crypto';
import { toolName, toolVersion } from '../../util/paths.js';
import { clientScript } from './client-script.js';
import { escapeHtml } from './escape.js';
import { loadRuleDocs } from './rule-doc.js';
import { STYLES } from './styles.js';

export interface PageParts {
  title: string;
  /** HTML right under the page heading: what was audited. */
  header: string;
  /** Links of the table of contents: [id, label]. */
  toc: [string, string][];
  /** The estate sections, and on a batch page the estates table before them. */
  main: string[];
}

export function htmlPage({ title, header, toc, main }: PageParts): string {
  const script = clientScript();
  const csp = [
    "default-src 'none'",
    `script-src '${sha256(script)}'`,
    `style-src '${sha256(STYLES)}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const tocLinks = [...toc, ['rules', 'Rule reference'] as [string, string]];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Our own constant text and base64 hashes: nothing in it needs escaping, and its quotes must stay as written.
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="${escapeHtml(`${toolName} ${toolVersion}`)}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLES}</style>`,
    '</head>',
    '<body>',
    `<a class="skip" href="#${escapeHtml(toc[0]?.[0] ?? 'rules')}">Skip to the report</a>`,
    '<header>',
    `<h1>${escapeHtml(title)}</h1>`,
    header,
    `<nav class="toc" aria-label="Report sections"><ul>${tocLinks.map(([id, label]) => `<li><a href="#${escapeHtml(id)}">${escapeHtml(label)}</a></li>`).join('')}</ul></nav>`,
    '</header>',
    '<main>',
    ...main,
    ruleReferenceHtml(),
    '</main>',
    `<footer><p class="meta">${escapeHtml(`Written by ${toolName} ${toolVersion}. This file is self-contained: it loads nothing from the network.`)}</p></footer>`,
    ARROW_MARKERS,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/** Every rule's doc, collapsed; a finding's rule link opens its doc. */
function ruleReferenceHtml(): string {
  const docs = loadRuleDocs().map(
    (doc) =>
      `<details class="rule" id="rule-${escapeHtml(doc.id)}"><summary><code>${escapeHtml(doc.id)}</code> ${escapeHtml(doc.name)}</summary>` +
      `<div class="rule-doc">${doc.html}</div>` +
      `<p class="meta">Online: <a href="${escapeHtml(doc.helpUri)}" rel="noreferrer">${escapeHtml(doc.helpUri)}</a></p></details>`,
  );
  return [
    '<section aria-labelledby="rules">',
    '<h2 id="rules">Rule reference</h2>',
    '<p>What each rule checks, why it matters for Outlook, and how to fix what it finds.</p>',
    ...docs,
    '</section>',
  ].join('\n');
}

/** Arrowheads the diagrams' edges share, defined once for the page. */
const ARROW_MARKERS = [
  '<svg class="defs" width="0" height="0" aria-hidden="true" focusable="false"><defs>',
  '<marker id="casaudit-arrow-endpoint" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#3d4653"/></marker>',
  '<marker id="casaudit-arrow-dns" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#3d5f8f"/></marker>',
  '</defs></svg>',
].join('');
