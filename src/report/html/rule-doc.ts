/**
 * The rule docs (rules/ID.md) as HTML for the report's rule reference. The
 * docs are casaudit's own and use a small part of Markdown: ATX headings,
 * paragraphs, `-` and numbered lists, pipe tables, fenced code, inline
 * code, bold, emphasis and links. This renders exactly that part, escaping
 * all text; anything else comes out as the plain text it is.
 */
import { readdirSync } from 'node:fs';
import { ruleDocsDir, ruleHelpUri } from '../../util/paths.js';
import { ruleDoc } from '../../engine/discover.js';
import { escapeHtml } from './escape.js';

export interface RuleDoc {
  id: string;
  /** The rule's kebab-case name, from the doc's first heading. */
  name: string;
  html: string;
  helpUri: string;
}

const RULE_DOC = /^([A-Z]{2,5}\d{3})\.md$/;

/** Every rule doc in rules/, by id. */
export function loadRuleDocs(): RuleDoc[] {
  return readdirSync(ruleDocsDir)
    .filter((file) => RULE_DOC.test(file))
    .sort()
    .map((file) => {
      const id = RULE_DOC.exec(file)![1]!;
      const markdown = ruleDoc(id)!;
      const title = /^#\s+[A-Z0-9]+:\s*(.+)$/m.exec(markdown);
      return { id, name: title?.[1]?.trim() ?? id, html: markdownToHtml(markdown, { dropTitle: true }), helpUri: ruleHelpUri(id) };
    });
}

/**
 * Headings move down a level (a doc's sections sit under the report's h2
 * "Rule reference"); with dropTitle the first level-one heading is left out,
 * as the report shows it already.
 */
export function markdownToHtml(markdown: string, { dropTitle = false } = {}): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let titleDropped = !dropTitle;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const fence = /^(```+|~~~+)\s*([\w-]*)\s*$/.exec(line);
    if (fence) {
      const close = lines.findIndex((l, j) => j > i && l.trim().startsWith(fence[1]!));
      const end = close === -1 ? lines.length : close;
      const language = fence[2] ? ` class="language-${escapeHtml(fence[2])}"` : '';
      out.push(`<pre><code${language}>${escapeHtml(lines.slice(i + 1, end).join('\n'))}</code></pre>`);
      i = end + 1;
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const depth = heading[1]!.length;
      if (depth === 1 && !titleDropped) titleDropped = true;
      else out.push(`<h${Math.min(depth + 1, 6)}>${inline(heading[2]!)}</h${Math.min(depth + 1, 6)}>`);
      i++;
      continue;
    }
    if (line.trim() === '') {
      i++;
      continue;
    }
    if (isTableStart(lines, i)) {
      i = table(lines, i, out);
      continue;
    }
    if (listMarker(line)) {
      i = list(lines, i, out);
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '' && !startsBlock(lines, i)) paragraph.push(lines[i++]!.trim());
    out.push(`<p>${inline(paragraph.join(' '))}</p>`);
  }
  return out.join('\n');
}

function startsBlock(lines: string[], i: number): boolean {
  const line = lines[i]!;
  return /^(```|~~~|#{1,6}\s)/.test(line) || listMarker(line) !== undefined || isTableStart(lines, i);
}

function listMarker(line: string): { ordered: boolean; text: string } | undefined {
  const match = /^(?:([-*+])|(\d+)[.)])\s+(.*)$/.exec(line);
  return match ? { ordered: match[2] !== undefined, text: match[3]! } : undefined;
}

/** A list: items start with a marker; indented lines continue the item before them. */
function list(lines: string[], start: number, out: string[]): number {
  const ordered = listMarker(lines[start]!)!.ordered;
  const items: string[] = [];
  let i = start;
  while (i < lines.length) {
    const line = lines[i]!;
    const marker = listMarker(line);
    if (marker && marker.ordered === ordered) items.push(marker.text.trim());
    else if (/^\s+\S/.test(line) && items.length > 0) items[items.length - 1] += ` ${line.trim()}`;
    else break;
    i++;
  }
  const tag = ordered ? 'ol' : 'ul';
  out.push(`<${tag}>${items.map((item) => `<li>${inline(item)}</li>`).join('')}</${tag}>`);
  return i;
}

function isTableStart(lines: string[], i: number): boolean {
  return /^\s*\|/.test(lines[i]!) && /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(lines[i + 1] ?? '');
}

function table(lines: string[], start: number, out: string[]): number {
  const header = cells(lines[start]!);
  const rows: string[][] = [];
  let i = start + 2;
  while (i < lines.length && /^\s*\|/.test(lines[i]!)) rows.push(cells(lines[i++]!));
  const head = `<thead><tr>${header.map((c) => `<th scope="col">${inline(c)}</th>`).join('')}</tr></thead>`;
  const body = rows.map((row) => `<tr>${header.map((_, c) => `<td>${inline(row[c] ?? '')}</td>`).join('')}</tr>`).join('');
  out.push(`<table>${head}<tbody>${body}</tbody></table>`);
  return i;
}

/** A table row's cells, split at pipes that are neither backslash-escaped nor inside code. */
function cells(row: string): string[] {
  const text = row.trim().replace(/^\|/, '').replace(/\|$/, '');
  const out: string[] = [];
  let cell = '';
  let inCode = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (c === '`') {
      inCode = !inCode;
      cell += c;
    } else if (c === '|' && !inCode) {
      out.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  out.push(cell.trim());
  return out;
}

/** Inline code first (its text stays literal), then links, bold and emphasis in the escaped text around it. */
function inline(text: string): string {
  return text
    .split(/(`+[^`]*`+)/)
    .map((part, i) => (i % 2 === 1 ? `<code>${escapeHtml(part.replace(/^`+|`+$/g, ''))}</code>` : emphasis(part)))
    .join('');
}

function emphasis(text: string): string {
  return escapeHtml(text)
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, href: string) => link(label, href))
    .replace(/\*\*(?=\S)(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[\s(])[*_](?=\S)([^*_]+?)[*_](?=$|[\s.,;:)])/g, '$1<em>$2</em>');
}

/**
 * A link to another rule's doc stays in the page; a web link opens as a link
 * (nothing is fetched); anything else is its label alone. `label` and `href`
 * arrive escaped.
 */
function link(label: string, href: string): string {
  const rule = /^(?:\.\/)?([A-Z]{2,5}\d{3})\.md$/.exec(href);
  if (rule) return `<a href="#rule-${rule[1]}">${label}</a>`;
  if (/^https?:\/\//.test(href)) return `<a href="${href}" rel="noreferrer">${label}</a>`;
  return label;
}
