/**
 * Suppressions from the config file: a rule's findings on matching objects
 * are accepted with a justification. A suppressed finding stays in the
 * result, marked, and does not count against the gate. A suppression past its
 * expiry date suppresses nothing and is reported; one that matched nothing is
 * reported too, as ESLint reports unused disable comments.
 */
import type { SourceRef } from '../snapshot/model.js';
import { MatchSubject, compileObjectPattern } from './object-pattern.js';
import type { ObjectRef } from '../model/object-ref.js';
import { groupBy } from '../util/group.js';

export interface Suppression {
  rule: string;
  /** Name, DN or glob of the finding's target object. */
  target: string;
  justification: string;
  /** Last day (YYYY-MM-DD) it applies. */
  expires?: string;
  /** Where it is written in the config file. */
  source?: SourceRef;
}

type SuppressionStatus = 'used' | 'unused' | 'expired';

export interface SuppressionOutcome {
  suppression: Suppression;
  status: SuppressionStatus;
  /** Findings it matched (for an expired one: the findings reported again because it expired). */
  matched: number;
}

interface Suppressible {
  ruleId: string;
  target: ObjectRef;
  suppression?: Suppression;
  expiredSuppression?: Suppression;
}

/** Today's date in the local calendar, as YYYY-MM-DD: an expiry day counts to its end where the audit runs. */
export function localDate(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * Marks the findings the suppressions cover: the first live suppression that
 * matches a finding suppresses it (every live one that matches counts as
 * used); a finding only an expired one matches is reported, carrying that
 * suppression so the report can say it expired.
 */
export function applySuppressions(findings: readonly Suppressible[], suppressions: readonly Suppression[], today: string): SuppressionOutcome[] {
  const outcomes = suppressions.map((suppression) => ({
    suppression,
    status: (suppression.expires !== undefined && suppression.expires < today ? 'expired' : 'unused') as SuppressionStatus,
    matched: 0,
    matches: compileObjectPattern(suppression.target),
  }));
  const byRule = groupBy(outcomes, (outcome) => outcome.suppression.rule);
  for (const finding of findings) {
    const candidates = byRule.get(finding.ruleId);
    if (!candidates) continue;
    const target = new MatchSubject(finding.target);
    const matching = candidates.filter((o) => o.matches(target));
    const live = matching.filter((o) => o.status !== 'expired');
    const expired = matching.find((o) => o.status === 'expired');
    if (live.length > 0) {
      // The first records itself on the finding; any other that matches is in use too, not stale.
      finding.suppression = live[0]!.suppression;
      for (const outcome of live) {
        outcome.status = 'used';
        outcome.matched++;
      }
    } else if (expired) {
      finding.expiredSuppression = expired.suppression;
      expired.matched++;
    }
  }
  return outcomes.map(({ suppression, status, matched }) => ({ suppression, status, matched }));
}
