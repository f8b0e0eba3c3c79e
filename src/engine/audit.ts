/**
 * Runs rules over a snapshot: builds the estate index once, skips rules whose
 * data sections were not collected, and collects findings and the objects
 * each rule could not judge.
 */
import type { DataSection, Snapshot } from '../snapshot/model.js';
import { dnKey } from '../snapshot/names.js';
import { EstateIndex } from './estate-index.js';
import type { FindingInput, Level, ObjectRef, Rule, RuleMeta } from './rule.js';

export interface Finding extends FindingInput {
  ruleId: string;
  level: Level;
  related: ObjectRef[];
  /** The AD site the target belongs to, for grouping; null when unknown. */
  site: ObjectRef | null;
}

export interface NotEvaluatedObject {
  target: ObjectRef;
  reason: string;
}

export interface RuleOutcome {
  rule: RuleMeta;
  /** The level in force for this run (the rule's default unless overridden). */
  level: Level;
  /** not-evaluated: a data section the rule needs was not collected, so the rule did not run. */
  status: 'evaluated' | 'not-evaluated';
  reason?: string;
  /** Objects the rule ran for but could not judge (per-object data missing). */
  notEvaluated: NotEvaluatedObject[];
  findings: number;
}

export interface AuditResult {
  snapshot: Snapshot;
  findings: Finding[];
  outcomes: RuleOutcome[];
}

export interface AuditSettings {
  /** Per rule: a level that replaces the default, or 'off'. */
  levels?: Record<string, Level | 'off'>;
  /** Per rule: option values that replace the defaults. */
  options?: Record<string, Record<string, unknown>>;
}

const SECTION_NAMES: Record<DataSection, string> = {
  activeDirectory: 'Active Directory data',
  dns: 'DNS data',
  hosts: 'host data (NLB and static ports)',
};

function missingSection(rule: RuleMeta, snapshot: Snapshot): string | undefined {
  for (const section of rule.needs) {
    const status = snapshot.collection.sections[section];
    if (status !== 'collected') return `${SECTION_NAMES[section]} ${status === 'failed' ? 'failed to collect' : 'was not collected'}`;
  }
  return undefined;
}

function optionsFor(rule: RuleMeta, overrides: Record<string, unknown> | undefined): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(rule.options ?? {})) options[name] = spec.default;
  return { ...options, ...overrides };
}

export function runAudit(snapshot: Snapshot, rules: readonly Rule[], settings: AuditSettings = {}): AuditResult {
  const index = new EstateIndex(snapshot);
  const findings: Finding[] = [];
  const outcomes: RuleOutcome[] = [];
  for (const rule of rules) {
    const configured = settings.levels?.[rule.meta.id];
    if (configured === 'off') continue;
    const level = configured ?? rule.meta.level;
    const outcome: RuleOutcome = { rule: rule.meta, level, status: 'evaluated', notEvaluated: [], findings: 0 };
    outcomes.push(outcome);
    const reason = missingSection(rule.meta, snapshot);
    if (reason) {
      outcome.status = 'not-evaluated';
      outcome.reason = reason;
      continue;
    }
    rule.check({
      index,
      options: optionsFor(rule.meta, settings.options?.[rule.meta.id]),
      report(input) {
        const site = index.siteOf(input.target);
        findings.push({
          ...input,
          related: input.related ?? [],
          ruleId: rule.meta.id,
          level,
          site: site ? index.ref(site) : null,
        });
        outcome.findings++;
      },
      notEvaluated(target, why) {
        outcome.notEvaluated.push({ target, reason: why });
      },
      skipRule(why) {
        outcome.status = 'not-evaluated';
        outcome.reason = why;
      },
    });
  }
  return { snapshot, findings, outcomes };
}

/** The objects a rule could not judge, grouped by reason, groups in order of first appearance. */
export function notEvaluatedByReason(outcome: RuleOutcome): Map<string, ObjectRef[]> {
  const groups = new Map<string, ObjectRef[]>();
  for (const { target, reason } of outcome.notEvaluated) {
    const group = groups.get(reason);
    if (group) group.push(target);
    else groups.set(reason, [target]);
  }
  return groups;
}

export interface Summary {
  error: number;
  warning: number;
  note: number;
  total: number;
  rulesEvaluated: number;
  rulesNotEvaluated: number;
  /** Distinct objects that at least one rule could not judge. */
  objectsNotEvaluated: number;
}

export function summarize(result: AuditResult): Summary {
  const summary: Summary = { error: 0, warning: 0, note: 0, total: 0, rulesEvaluated: 0, rulesNotEvaluated: 0, objectsNotEvaluated: 0 };
  for (const finding of result.findings) {
    summary[finding.level]++;
    summary.total++;
  }
  const unjudged = new Set<string>();
  for (const outcome of result.outcomes) {
    if (outcome.status === 'evaluated') summary.rulesEvaluated++;
    else summary.rulesNotEvaluated++;
    for (const item of outcome.notEvaluated) unjudged.add(dnKey(item.target.dn));
  }
  summary.objectsNotEvaluated = unjudged.size;
  return summary;
}
