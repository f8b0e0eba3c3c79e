/**
 * Every file `npm run docs` writes, with the text it should hold: each rule
 * doc's generated parts and docs/rules.md's generated region, from the
 * rules' meta, and what the demo audit prints: each rule doc's example
 * finding and the README's sample output.
 */
import { readFileSync } from 'node:fs';
import { loadRules } from '../../src/engine/discover.js';
import { demoTextReport } from './demo-report.js';
import { demoExamples } from './examples.js';
import { replaceRegion } from './markdown.js';
import { readmeSample } from './readme-sample.js';
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

/** Its sample output is the demo audit's. */
const README = 'README.md';

export async function generateDocs(): Promise<GeneratedDocs> {
  const rules = await loadRules();
  const report = await demoTextReport(rules);
  const examples = demoExamples(report);
  const files = rules.map(({ meta }) => {
    const file = `rules/${meta.id}.md`;
    return { file, text: generatedRuleDoc(meta, readFileSync(file, 'utf8'), examples.get(meta.id), file) };
  });
  const page = replaceRegion(readFileSync(RULES_PAGE, 'utf8'), rulesPageRegion(rules.map((r) => r.meta)), RULES_PAGE);
  const readme = replaceRegion(readFileSync(README, 'utf8'), readmeSample(report), README, 'the demo estate (fixtures/demo)');
  return {
    files: [...files, { file: RULES_PAGE, text: page }, { file: README, text: readme }],
    withoutExample: rules.filter(({ meta }) => !examples.has(meta.id)).map(({ meta }) => meta.id),
  };
}
