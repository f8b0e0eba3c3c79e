/** Building the page's elements: estate text goes in as text content or attribute values, never as markup. */

const SVG_NS = 'http://www.w3.org/2000/svg';

function html<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const name in attributes) node.setAttribute(name, String(attributes[name]));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The text cut to what fits in `width` at `charWidth` per character, with an ellipsis. */
function clip(text: string, width: number, charWidth: number): string {
  const max = Math.max(4, Math.floor(width / charWidth));
  return text.length <= max ? text : text.slice(0, max - 1) + '\u2026';
}

function plural(count: number, word: string): string {
  return count + ' ' + word + (count === 1 ? '' : 's');
}

function levelOf(code: number): Level {
  return C.levels[code]!;
}

function markText(mark: MarkData): string {
  if (!mark) return '';
  return levelOf(mark[0]) + ': ' + plural(mark[1], 'finding') + ' (' + mark[2].split(' ').join(', ') + ')';
}

/** The level as an icon and a word: never colour alone. */
function levelLabel(level: Level, extra?: string): HTMLSpanElement {
  const span = html('span', 'level-label lvl-' + level);
  const icon = html('span', 'icon', C.icons[level]);
  icon.setAttribute('aria-hidden', 'true');
  span.append(icon, ' ' + level + (extra || ''));
  return span;
}
