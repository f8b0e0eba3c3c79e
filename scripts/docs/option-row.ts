/**
 * A rule option as a row of the docs' option tables (each rule's doc and
 * docs/rules.md). The one place the docs read an option's spec.
 */
import type { PortRange } from '../../src/engine/options.js';
import type { RuleOptionSpec } from '../../src/engine/rule.js';

export const OPTION_HEADINGS = ['Option', 'Type', 'Default', 'Meaning'];

/** Cells of one option: its name, type, default as the command line writes it, and meaning. */
export function optionRow(name: string, spec: RuleOptionSpec): string[] {
  const range = spec.default as PortRange;
  const shown =
    spec.type === 'port-range' ? `${range.start}-${range.end}` : spec.type === 'string-list' ? (spec.default as string[]).join(',') : String(spec.default);
  return [`\`${name}\``, spec.type, shown === '' ? 'none' : `\`${shown}\``, spec.description];
}
