import type { Argv } from 'yargs';
import { loadRules } from '../../engine/discover.js';
import type { RuleMeta, RuleOptions } from '../../engine/rule.js';
import { SECTION_WORDS } from '../../snapshot/section-words.js';
import { ruleHelpUri } from '../../util/paths.js';
import { command } from '../command.js';

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows.map((r) => r.map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col]!))).join('  ')).join('\n') + '\n';
}

function formatRulesTable(rules: readonly RuleMeta[]): string {
  const header = ['ID', 'LEVEL', 'NAME', 'TARGET', 'NEEDS', 'DESCRIPTION'];
  return table([header, ...rules.map((r) => [r.id, r.level, r.name, [r.target].flat().join('|'), r.needs.map((n) => SECTION_WORDS[n].short).join('+'), r.shortDescription])]);
}

/** A rule's options for scripts: each kind of value by its stable id ('integer'), not its display name. */
function optionsJson(options: RuleOptions): Record<string, { description: string; type: string; default: unknown }> {
  return Object.fromEntries(
    Object.entries(options).map(([name, option]) => [name, { description: option.description, type: option.type.id, default: option.default }]),
  );
}

/** A rule's metadata as `rules --format json` writes it, with the URL of its doc. */
function ruleJson(meta: RuleMeta): object {
  return { ...meta, ...(meta.options ? { options: optionsJson(meta.options) } : {}), helpUri: ruleHelpUri(meta.id) };
}

function rulesOptions(yargs: Argv) {
  return yargs
    .option('format', { alias: 'f', choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' })
    .example('$0 rules', 'Table of all rules')
    .example('$0 rules --format json', 'Rule metadata for scripts');
}

export const rulesCommand = command({
  usage: 'rules',
  describe: 'List the rules with their levels and data needs',
  options: rulesOptions,
  run: runRulesCommand,
});

async function runRulesCommand(args: { format: 'text' | 'json' }): Promise<number> {
  const rules = (await loadRules()).map((r) => r.meta);
  if (args.format === 'json') {
    process.stdout.write(JSON.stringify(rules.map(ruleJson), null, 2) + '\n');
  } else {
    process.stdout.write(formatRulesTable(rules));
  }
  return 0;
}
