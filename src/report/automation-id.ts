/**
 * How SARIF runs name the estate they hold (automationDetails.id): the SARIF
 * report writes these ids and baselines are matched by them.
 */
import { toolName } from '../util/paths.js';

/**
 * The automationDetails.id of a single audit's run: category "casaudit".
 * Batch audits give each estate its own category (casaudit/ESTATE/).
 */
export const SINGLE_RUN_AUTOMATION_ID = `${toolName}/`;

/** The automationDetails.id of an estate's run in a batch: category "casaudit/ID", so code scanning keeps the estates apart. */
export function automationIdOf(estateId: string): string {
  return `${toolName}/${estateId}/`;
}
