/**
 * The "Example finding" of each rule doc: what the demo audit prints for
 * the rule (its site, object, finding and fix lines). test/golden.test.ts
 * also checks each example's lines against the demo report.
 */
import { runAudit } from '../../src/engine/audit.js';
import type { Rule } from '../../src/engine/rule.js';
import { formatText } from '../../src/report/formats/text.js';
import { loadSnapshotFile } from '../../src/snapshot/load.js';

const DEMO = 'fixtures/demo/snapshot.json';

/** The first finding of each rule in the demo's text report, with the site and object lines above it, by rule id. */
export async function demoExamples(rules: Rule[]): Promise<Map<string, string>> {
  const loaded = await loadSnapshotFile(DEMO);
  const lines = formatText({ result: runAudit(loaded.snapshot, rules), input: loaded }, { colour: false }).split('\n');
  const examples = new Map<string, string>();
  let site = '';
  let object = '';
  lines.forEach((line, i) => {
    if (line.startsWith('Site ') || line === 'No known site') site = line;
    else if (/^ {2}\S/.test(line)) object = line;
    const id = /^ {4}\S+\s+([A-Z]+\d{3}) {2}/.exec(line)?.[1];
    if (id && site && !examples.has(id)) examples.set(id, [site, object, line, lines[i + 1]].join('\n'));
  });
  return examples;
}

/** The doc with its example block holding `example`. */
export function withExample(doc: string, example: string): string {
  return doc.replace(/(## Example finding\n\n(?:[^\n]*\n\n)?```text\n)[\s\S]*?(\n```)/, (_m, open: string, close: string) => open + example + close);
}
