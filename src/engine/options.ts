/**
 * Rule options from the command line (`--rule-option DNS004.maxArrayTtl=600`)
 * and, later, the config file: parsed and checked against each rule's spec.
 */
import { UserError } from '../util/errors.js';
import type { RuleMeta, RuleOptionSpec } from './rule.js';

export interface PortRange {
  start: number;
  end: number;
}

export type RuleOptionValues = Record<string, Record<string, unknown>>;

export function parseOptionValue(spec: RuleOptionSpec, raw: string, what: string): unknown {
  const text = raw.trim();
  switch (spec.type) {
    case 'integer': {
      if (!/^\d+$/.test(text)) throw new UserError(`${what}: expected a whole number, got '${raw}'`);
      return Number(text);
    }
    case 'string-list':
      return text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
    case 'port-range': {
      const match = /^(\d+)\s*-\s*(\d+)$/.exec(text);
      const range = match ? { start: Number(match[1]), end: Number(match[2]) } : undefined;
      if (!range || range.start < 1 || range.end > 65535 || range.start > range.end) {
        throw new UserError(`${what}: expected a port range such as 59531-60554, got '${raw}'`);
      }
      return range;
    }
  }
}

/** Parses `ID.name=value` assignments; unknown rules or options are errors, not silently ignored. */
export function parseRuleOptionAssignments(assignments: readonly string[], rules: readonly RuleMeta[]): RuleOptionValues {
  const values: RuleOptionValues = {};
  for (const assignment of assignments) {
    const match = /^\s*([A-Za-z]+\d+)\.([A-Za-z]\w*)\s*=(.*)$/s.exec(assignment);
    if (!match) throw new UserError(`--rule-option '${assignment}': expected RULE_ID.option=value, e.g. DNS004.maxArrayTtl=600`);
    const [, id, name, raw] = match as unknown as [string, string, string, string];
    const rule = rules.find((r) => r.id === id.toUpperCase());
    if (!rule) throw new UserError(`--rule-option '${assignment}': unknown rule '${id}'`);
    const spec = rule.options?.[name];
    if (!spec) {
      const known = Object.keys(rule.options ?? {});
      throw new UserError(
        `--rule-option '${assignment}': ${rule.id} has ${known.length ? `options ${known.join(', ')}` : 'no options'}, not '${name}'`,
      );
    }
    (values[rule.id] ??= {})[name] = parseOptionValue(spec, raw, `--rule-option ${rule.id}.${name}`);
  }
  return values;
}
