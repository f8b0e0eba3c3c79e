/**
 * Rule options from the command line (`--rule-option DNS004.maxArrayTtl=600`):
 * each value parsed by its option's type (option-types.ts).
 */
import { UserError } from '../util/errors.js';
import { optionFromText } from './option-types.js';
import type { RuleMeta } from './rule.js';

export type RuleOptionValues = Record<string, Record<string, unknown>>;

/** Parses `ID.name=value` assignments; unknown rules or options are errors, not silently ignored. */
export function parseRuleOptionAssignments(assignments: readonly string[], rules: readonly RuleMeta[]): RuleOptionValues {
  const values: RuleOptionValues = {};
  for (const assignment of assignments) {
    const match = /^\s*([A-Za-z]+\d+)\.([A-Za-z]\w*)\s*=(.*)$/s.exec(assignment);
    if (!match) throw new UserError(`--rule-option '${assignment}': expected RULE_ID.option=value, e.g. DNS004.maxArrayTtl=600`);
    const [, id, name, raw] = match as unknown as [string, string, string, string];
    const rule = rules.find((r) => r.id === id.toUpperCase());
    if (!rule) throw new UserError(`--rule-option '${assignment}': unknown rule '${id}'`);
    const option = rule.options?.[name];
    if (!option) {
      const known = Object.keys(rule.options ?? {});
      throw new UserError(
        `--rule-option '${assignment}': ${rule.id} has ${known.length ? `options ${known.join(', ')}` : 'no options'}, not '${name}'`,
      );
    }
    (values[rule.id] ??= {})[name] = optionFromText(option.type, raw, `--rule-option ${rule.id}.${name}`);
  }
  return values;
}
