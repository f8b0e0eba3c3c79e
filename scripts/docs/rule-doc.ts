/**
 * The generated parts of a rule's doc (rules/ID.md): the title and header
 * line, the whole "## Options" section, and the example finding. The rest
 * is written by hand. The docs are also printed by `casaudit explain` and
 * shown in SARIF help and the HTML report, so no marker comments here: the
 * generated parts are known by their place.
 */
import type { RuleMeta } from '../../src/engine/rule.js';
import { withExample } from './examples.js';
import { table } from './markdown.js';
import { OPTION_HEADINGS, optionRow, optionsHowTo } from './option-row.js';
import { headerLine } from './wording.js';

const HEAD = /^# [^\n]*\n\n(?:Level: [^\n]*\n\n)?/;
const OPTIONS_SECTION = /\n## Options\n[\s\S]*?(?=\n## |$)/;
/** Options follow the section that says what the rule checks. */
const OPTIONS_AFTER = '\n## What it checks\n';

function optionsSection(meta: RuleMeta): string {
  const options = Object.entries(meta.options ?? {});
  if (options.length === 0) return '';
  const rows = options.map(([name, spec]) => optionRow(name, spec));
  return `\n## Options\n\n${table(OPTION_HEADINGS, rows)}\n\n${optionsHowTo(meta.id)}\n`;
}

/** `doc` (the text of rules/ID.md, named `file` in errors) with its generated parts made from `meta`. */
export function generatedRuleDoc(meta: RuleMeta, doc: string, example: string | undefined, file: string): string {
  if (!HEAD.test(doc)) throw new Error(`${file}: a rule doc starts with its title, '# ${meta.id}: ${meta.name}'`);
  let text = `# ${meta.id}: ${meta.name}\n\n${headerLine(meta)}\n\n` + doc.replace(HEAD, '').replace(OPTIONS_SECTION, '');
  const section = optionsSection(meta);
  if (section) {
    const after = text.indexOf(OPTIONS_AFTER);
    const at = after === -1 ? -1 : text.indexOf('\n## ', after + 1);
    if (at === -1) throw new Error(`${file}: the Options section goes after "## What it checks", which this doc lacks or ends with`);
    text = text.slice(0, at) + section + text.slice(at);
  }
  return example === undefined ? text : withExample(text, example);
}
