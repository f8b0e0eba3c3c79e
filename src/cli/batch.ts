/**
 * The report of a batch audit: the estates' report parts combined into one,
 * in the order given.
 */
import { reportFormat } from '../report/formats.js';
import type { Estate } from './estate-names.js';
import type { EstateJob, EstateOutcome } from './estate-audit.js';

// ---------------------------------------------------------------- combining

/** The batch report: the format combines the estates' parts, in the order given. */
export function combineOutcomes(estates: readonly Estate[], outcomes: readonly EstateOutcome[], job: EstateJob): string {
  return reportFormat(job.format).combine(estates.map(({ id }, i) => ({ id, ...outcomes[i]! })));
}
