/**
 * How reports name places in input files: `FILE:LINE`, the audited sources,
 * a suppression's config line, with paths in their report form (`/` on every
 * platform). Apart from common.ts because it needs Node's path module, and
 * the browser script's type-check reads common.ts.
 */
import type { Suppression, SuppressionOutcome } from '../engine/suppressions.js';
import { reportPath } from '../util/report-path.js';
import { plural } from './common.js';
import type { AuditedInput } from './input.js';

/** `FILE:LINE` as every report prints a place in an input file. */
export function fileLine(place: { file: string; line: number }): string {
  return `${reportPath(place.file)}:${place.line}`;
}

/** What was audited, for report headers: the snapshot file, or the sources collected. */
export function auditedSource(input: AuditedInput): string {
  // The label joins source locations (files, folders, URLs, servers): only the files have separators.
  return reportPath(input.label ?? input.file ?? 'collected sources');
}

/** The sentence every report gives for a suppression that expired or matched nothing. */
export function staleSuppressionText({ suppression, status, matched }: SuppressionOutcome): string {
  const what = describeSuppression(suppression);
  if (status !== 'expired') return `${what} matched no finding; remove it, or correct its rule or target.`;
  const again = matched > 0 ? ` ${plural(matched, 'finding')} ${matched === 1 ? 'is' : 'are'} reported again.` : '';
  return `${what} expired on ${suppression.expires}; remove or renew it.${again}`;
}

/** "The suppression of RCA001 for ARCHIVE-DB* (casaudit.config.json:14)": how reports name a suppression. */
function describeSuppression(suppression: Suppression): string {
  const where = suppression.source ? ` (${fileLine(suppression.source)})` : '';
  return `The suppression of ${suppression.rule} for ${suppression.target}${where}`;
}
