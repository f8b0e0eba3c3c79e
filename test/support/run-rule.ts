import { runAudit, type AuditResult, type Finding, type RuleOutcome } from '../../src/engine/audit.js';
import { loadRules } from '../../src/engine/discover.js';
import type { Snapshot } from '../../src/snapshot/model.js';

export interface RuleRun {
  findings: Finding[];
  outcome: RuleOutcome;
  result: AuditResult;
  /** "ruleId target-name" for each finding, sorted: compact to assert on. */
  hits: string[];
}

/** Runs one rule, by id, over a snapshot. */
export async function runRule(ruleId: string, snapshot: Snapshot, options?: Record<string, unknown>): Promise<RuleRun> {
  const rule = (await loadRules()).find((r) => r.meta.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  const result = runAudit(snapshot, [rule], options ? { options: { [ruleId]: options } } : {});
  const outcome = result.outcomes[0]!;
  return { findings: result.findings, outcome, result, hits: result.findings.map((f) => `${f.ruleId} ${f.target.name}`).sort() };
}
