/**
 * Runs rules over a snapshot: builds the estate index once, skips rules whose
 * data sections were not collected, and collects findings and the objects
 * each rule could not judge.
 */
import type { Snapshot } from '../snapshot/model.js';
import { SECTION_WORDS } from '../snapshot/section-words.js';
import { dnKey } from '../snapshot/names.js';
import { EstateIndex } from '../model/estate-index.js';
import { compileObjectPatterns, type ObjectMatcher } from './object-pattern.js';
import type { ObjectRef } from '../model/object-ref.js';
import type { FindingInput, Level, Rule, RuleMeta } from './rule.js';
import { applySuppressions, localDate, type Suppression, type SuppressionOutcome } from './suppressions.js';
import { pushTo } from '../util/group.js';

export interface Finding extends FindingInput {
  ruleId: string;
  level: Level;
  related: ObjectRef[];
  /** The AD site the target belongs to, for grouping; null when unknown. */
  site: ObjectRef | null;
  /** The config suppression that accepts this finding: reported, but not counted against the gate. */
  suppression?: Suppression;
  /** An expired suppression that would have matched: the finding counts again, and the report says why. */
  expiredSuppression?: Suppression;
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
  /** The estate index the rules ran on, for reports that look objects up the same way. */
  index: EstateIndex;
  findings: Finding[];
  outcomes: RuleOutcome[];
  /** Rules the settings turned off: not run, listed so a report can say so. */
  rulesOff: RuleMeta[];
  /** Findings dropped because their object or site is out of scope (rule and object only: a baseline must not call them fixed). */
  outOfScope: { ruleId: string; target: ObjectRef }[];
  /** What each configured suppression did. */
  suppressions: SuppressionOutcome[];
}

/** Which objects the audit reports on, by site and by object (name, DN or glob). */
export interface ScopeSettings {
  sites?: { include?: string[]; exclude?: string[] };
  objects?: { include?: string[]; exclude?: string[] };
}

export interface AuditSettings {
  /** Per rule: a level that replaces the default, or 'off'. */
  levels?: Record<string, Level | 'off'>;
  /** Per rule: option values that replace the defaults. */
  options?: Record<string, Record<string, unknown>>;
  scope?: ScopeSettings;
  suppressions?: Suppression[];
}

function missingSection(rule: RuleMeta, snapshot: Snapshot): string | undefined {
  for (const section of rule.needs) {
    const status = snapshot.collection.sections[section];
    if (status !== 'collected') return `${SECTION_WORDS[section].reason} ${status === 'failed' ? 'failed to collect' : 'was not collected'}`;
  }
  return undefined;
}

/**
 * Every option the rule declares: its default, or the value configured, which
 * the option's type has already parsed into the same form (options.ts, config/load.ts).
 */
function optionsFor(rule: RuleMeta, overrides: Record<string, unknown> | undefined): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(rule.options ?? {})) options[name] = option.default;
  return { ...options, ...overrides };
}

type ScopeTest = (target: ObjectRef, site: ObjectRef | null) => boolean;

/**
 * Scope is a filter on what is reported, not on the estate: rules still see
 * every object, so a database in scope that points at a server out of scope
 * is judged on the real data.
 */
function scopeTest(scope: ScopeSettings | undefined): ScopeTest | undefined {
  const list = (patterns: string[] | undefined): ObjectMatcher | undefined => (patterns && patterns.length > 0 ? compileObjectPatterns(patterns) : undefined);
  const siteIn = list(scope?.sites?.include);
  const siteOut = list(scope?.sites?.exclude);
  const objectIn = list(scope?.objects?.include);
  const objectOut = list(scope?.objects?.exclude);
  if (!siteIn && !siteOut && !objectIn && !objectOut) return undefined;
  return (target, site) => {
    if (objectIn && !objectIn(target)) return false;
    if (objectOut && objectOut(target)) return false;
    // An object whose site is unknown stays in: the scope cannot show it is out.
    if (site && siteIn && !siteIn(site)) return false;
    if (site && siteOut && siteOut(site)) return false;
    return true;
  };
}

export function runAudit(snapshot: Snapshot, rules: readonly Rule[], settings: AuditSettings = {}): AuditResult {
  const index = new EstateIndex(snapshot);
  const findings: Finding[] = [];
  const outcomes: RuleOutcome[] = [];
  const rulesOff: RuleMeta[] = [];
  const inScope = scopeTest(settings.scope);
  const siteRef = (target: ObjectRef): ObjectRef | null => {
    const site = index.siteOf(target);
    return site ? index.ref(site) : null;
  };
  const outOfScope: AuditResult['outOfScope'] = [];
  for (const rule of rules) {
    const configured = settings.levels?.[rule.meta.id];
    if (configured === 'off') {
      rulesOff.push(rule.meta);
      continue;
    }
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
        const site = siteRef(input.target);
        if (inScope && !inScope(input.target, site)) {
          outOfScope.push({ ruleId: rule.meta.id, target: input.target });
          return;
        }
        findings.push({ ...input, related: input.related ?? [], ruleId: rule.meta.id, level, site });
        outcome.findings++;
      },
      notEvaluated(target, why) {
        if (!inScope || inScope(target, siteRef(target))) outcome.notEvaluated.push({ target, reason: why });
      },
      skipRule(why) {
        outcome.status = 'not-evaluated';
        outcome.reason = why;
      },
    });
  }
  const suppressions = applySuppressions(findings, settings.suppressions ?? [], localDate());
  return { snapshot, index, findings, outcomes, rulesOff, outOfScope, suppressions };
}

/** The objects a rule could not judge, grouped by reason, groups in order of first appearance. */
export function notEvaluatedByReason(outcome: RuleOutcome): Map<string, ObjectRef[]> {
  const groups = new Map<string, ObjectRef[]>();
  for (const { target, reason } of outcome.notEvaluated) pushTo(groups, reason, target);
  return groups;
}

export interface Summary {
  /** Findings that count: suppressed ones are only in `suppressed`. */
  error: number;
  warning: number;
  note: number;
  total: number;
  rulesEvaluated: number;
  rulesNotEvaluated: number;
  /** Distinct objects that at least one rule could not judge. */
  objectsNotEvaluated: number;
  suppressed: number;
}

export function summarize(result: AuditResult): Summary {
  const summary: Summary = { error: 0, warning: 0, note: 0, total: 0, rulesEvaluated: 0, rulesNotEvaluated: 0, objectsNotEvaluated: 0, suppressed: 0 };
  for (const finding of result.findings) {
    if (finding.suppression) {
      summary.suppressed++;
      continue;
    }
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
