/**
 * The contract every rule module in rules/ fulfils: ESLint-style `meta`
 * describing the rule, and a pure `check` that reads the estate through the
 * shared index and reports findings.
 */
import type { DataSection, SourceRef } from '../snapshot/model.js';
import type { EstateIndex } from '../model/estate-index.js';
import type { ObjectKind, ObjectRef } from '../model/object-ref.js';

export type Level = 'error' | 'warning' | 'note';
export const LEVELS: readonly Level[] = ['error', 'warning', 'note'];

export interface RuleOptionSpec {
  description: string;
  type: 'integer' | 'string-list' | 'port-range';
  default: unknown;
}

export interface RuleMeta {
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
  options?: Record<string, RuleOptionSpec>;
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

export interface RuleContext {
  index: EstateIndex;
  options: Readonly<Record<string, unknown>>;
  report(finding: FindingInput): void;
  /** The rule could not judge this object because its data was not collected. */
  notEvaluated(target: ObjectRef, reason: string): void;
  /** The rule cannot run at all on this input (e.g. an option it needs is unset); the report says why. */
  skipRule(reason: string): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

/** Identity function that gives rule modules their type checking. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
