/**
 * A finding's identity across runs: the rule and the object, nothing else.
 * Messages may be reworded and files reordered without new alerts appearing.
 */
import { createHash } from 'node:crypto';
import { dnKey } from '../snapshot/names.js';
import type { Finding } from '../engine/audit.js';

/** The partialFingerprints key casaudit's SARIF results carry findingFingerprint under. */
export const FINGERPRINT_KEY = 'casauditObject/v1';

export function findingFingerprint(finding: Pick<Finding, 'ruleId' | 'target'>): string {
  return createHash('sha256').update(`${finding.ruleId}|${dnKey(finding.target.dn)}`).digest('hex');
}
