/**
 * Every file `npm run docs` writes, with the text it should hold: each rule
 * doc's generated parts and docs/rules.md's generated region, all from the
 * rules' meta (and the demo audit, for example findings).
 */
import { readFileSync } from 'node:fs';
import { loadRules } from '../../src/engine/discover.js';
import { demoExamples } from './examples.js';
import { replaceRegion } from './markdown.js';
import { generatedRuleDoc } from './rule-doc.js';
import { rulesPageRegion } from './rules-page.js';

const RULES_PAGE = 'docs/rules.md';

export interface GeneratedFile {
  file: string;
  text: string;
}

export interface GeneratedDocs {
  files: GeneratedFile[];
  /** Rules the demo estate does not fire: their docs keep the example they have. */
  withoutExample: string[];
}

export async function generateDocs(): Promise<GeneratedDocs> {
  const rules = await loadRules();
  const examples = await demoExamples(rules);
  const files = rules.map(({ meta }) => {
    const file = `rules/${meta.id}.md`;
    return { file, text: generatedRuleDoc(meta, readFileSync(file, 'utf8'), examples.get(meta.id), file) };
  });
  const page = replaceRegion(readFileSync(RULES_PAGE, 'utf8'), rulesPageRegion(rules.map((r) => r.meta)), RULES_PAGE);
  return {
    files: [...files, { file: RULES_PAGE, text: page }],
    withoutExample: rules.filter(({ meta }) => !examples.has(meta.id)).map(({ meta }) => meta.id),
  };
}
