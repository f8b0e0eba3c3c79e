/**
 * The contract every rule module in rules/ fulfils: ESLint-style `meta`
 * describing the rule, and a pure `check` that reads the estate through the
 * shared index and reports findings.
 */
import type { DataSection, SourceRef } from '../snapshot/model.js';
import type { EstateIndex } from '../model/estate-index.js';
import type { ObjectKind, ObjectRef } from '../model/object-ref.js';
import type { RuleOption } from './option-types.js';

export type Level = 'error' | 'warning' | 'note';
export const LEVELS: readonly Level[] = ['error', 'warning', 'note'];

/** Option values by name, as a rule sees them: typed, defaults filled in. */
export type OptionValues = Record<string, unknown>;

/** Each option's definition, by name; `V` gives each value's type. */
export type RuleOptions<V extends OptionValues = OptionValues> = { [K in keyof V]: RuleOption<V[K]> };

export interface RuleMeta<V extends OptionValues = OptionValues> {
  /** Stable id, e.g. RCA001; the module's file name and its doc's (rules/RCA001.md). */
  id: string;
  /** kebab-case name from the rule catalog. */
  name: string;
  shortDescription: string;
  fullDescription: string;
  level: Level;
  tags: string[];
  /** The kind of object a finding is about (DNS001 reports arrays and databases). */
  target: ObjectKind | ObjectKind[];
  /** Snapshot sections the rule reads; when one is not collected the rule is not evaluated. */
  needs: DataSection[];
  options?: RuleOptions<V>;
}

export interface FindingInput {
  target: ObjectRef;
  message: string;
  related?: ObjectRef[];
  /** The Exchange Management Shell, DNS or NLB step that fixes it. */
  remediation: string;
  /** The line of a host export that shows the problem (a registry value, an NLB port rule), when it came from a file. */
  evidence?: SourceRef;
}

export interface RuleContext<V extends OptionValues = OptionValues> {
  index: EstateIndex;
  /** Every option of the meta, with its default unless configured. */
  options: Readonly<V>;
  report(finding: FindingInput): void;
  /** The rule could not judge this object because its data was not collected. */
  notEvaluated(target: ObjectRef, reason: string): void;
  /** The rule cannot run at all on this input (e.g. an option it needs is unset); the report says why. */
  skipRule(reason: string): void;
}

export interface Rule<V extends OptionValues = OptionValues> {
  meta: RuleMeta<V>;
  check(context: RuleContext<V>): void;
}

/**
 * Identity function that gives rule modules their type checking: `check`
 * sees each option with the type its meta declares.
 */
export function defineRule<V extends OptionValues = Record<never, never>>(rule: Rule<V>): Rule {
  return rule;
}
