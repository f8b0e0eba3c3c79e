/**
 * The generated region of docs/rules.md: the rules grouped by family (their
 * id's letters), then every rule option.
 */
import type { RuleMeta } from '../../src/engine/rule.js';
import { groupBy } from '../../src/util/group.js';
import { table } from './markdown.js';
import { OPTION_HEADINGS, optionRow, optionsHowTo } from './option-row.js';
import { needsText, targetText } from './wording.js';

/** A heading per rule family; a new family adds its line here. */
const FAMILIES: Record<string, string> = {
  ARR: 'CAS arrays',
  DAG: 'Database availability groups',
  DNS: 'DNS records of the arrays and endpoints',
  NLB: 'Windows NLB',
  PORT: 'Static RPC ports',
  RCA: 'RPC Client Access endpoints of mailbox databases',
};

const RULE_HEADINGS = ['Rule', 'Name', 'Level', 'Target', 'Needs', 'What it finds'];

function familyOf(meta: RuleMeta): string {
  const letters = /^[A-Z]+/.exec(meta.id)![0];
  const heading = FAMILIES[letters];
  if (!heading) throw new Error(`scripts/docs/rules-page.ts: no heading for the rule family ${letters} (${meta.id}); add it to FAMILIES`);
  return `${heading} (${letters})`;
}

function ruleRow(meta: RuleMeta): string[] {
  return [`[${meta.id}](../rules/${meta.id}.md)`, meta.name, meta.level, targetText(meta), needsText(meta), meta.shortDescription];
}

export function rulesPageRegion(rules: readonly RuleMeta[]): string {
  const sections = [...groupBy(rules, familyOf)].map(([heading, members]) => `## ${heading}\n\n${table(RULE_HEADINGS, members.map(ruleRow))}`);
  const options = rules.flatMap((meta) => Object.entries(meta.options ?? {}).map(([name, spec]) => optionRow(`${meta.id}.${name}`, spec)));
  return [...sections, `## Rule options\n\n${table(OPTION_HEADINGS, options)}\n\n${optionsHowTo('RULE')}`].join('\n\n');
}
