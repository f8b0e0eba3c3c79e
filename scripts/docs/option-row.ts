/**
 * A rule option as a row of the docs' option tables (each rule's doc and
 * docs/rules.md), and the sentence under them. The one place the docs read an
 * option's definition.
 */
import type { RuleOption } from '../../src/engine/option-types.js';

export const OPTION_HEADINGS = ['Option', 'Type', 'Default', 'Meaning'];

/** Cells of one option: its name, kind, default as the command line writes it, and meaning. */
export function optionRow<T>(name: string, option: RuleOption<T>): string[] {
  const shown = option.type.show(option.default);
  return [`\`${name}\``, option.type.name, shown === 'none' ? 'none' : `\`${shown}\``, option.description];
}

/** The sentence under an option table: how the options of rule `id` are set. */
export function optionsHowTo(id: string): string {
  return `Options are set with \`--rule-option ${id}.OPTION=VALUE\`, or in casaudit.config.json under \`"${id}": { "options": { … } }\`; the command line wins.`;
}
