/** Wording and limits the report formats share, so text, SARIF and Markdown name things alike. */
import type { Level } from '../engine/rule.js';
import { KIND_LABEL, type ObjectKind, type ObjectRef } from '../model/object-ref.js';

/** The icon beside a level's word where reports draw (HTML, Mermaid): shape as well as colour. */
export const LEVEL_ICONS: Record<Level, string> = { error: '✖', warning: '▲', note: '●' };

/** A level's findings as a heading names them. */
export const LEVEL_HEADINGS: Record<Level, string> = { error: 'Errors', warning: 'Warnings', note: 'Notes' };

/** The order reports list a site's objects in. */
export const KIND_ORDER: readonly ObjectKind[] = ['site', 'casArray', 'server', 'dag', 'database'];

/** The noun for a group of objects: their kind when they share one, else object(s). */
export function nounFor(targets: readonly ObjectRef[]): string {
  const kinds = new Set(targets.map((t) => t.kind));
  const [only] = kinds;
  return kinds.size === 1 && only ? `${KIND_LABEL[only]}(s)` : 'object(s)';
}

/** Objects named per not-evaluated line; a large estate would otherwise list thousands. */
const MAX_LISTED = 10;

/** The objects a not-evaluated line names, and " and N more" for the rest ('' when none are left out). */
export function firstListed<T>(targets: readonly T[]): { listed: T[]; more: string } {
  const more = targets.length > MAX_LISTED ? ` and ${targets.length - MAX_LISTED} more` : '';
  return { listed: targets.slice(0, MAX_LISTED), more };
}

/**
 * At most `max` UTF-16 units, never splitting a surrogate pair, marked with an
 * ellipsis (after trimming trailing space from the cut when `trimEnd`).
 */
export function clip(text: string, max: number, { trimEnd = false } = {}): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  const head = text.slice(0, cut);
  return (trimEnd ? head.trimEnd() : head) + '…';
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
