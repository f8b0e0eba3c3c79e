/**
 * The "Example finding" of each rule doc: what the demo audit prints for
 * the rule (its site, object, finding and fix lines). test/golden.test.ts
 * also checks each example's lines against the demo report.
 */
import { findingRuleId, isSiteHeading, objectName } from './demo-report.js';

/** The first finding of each rule in the demo's text report (`report`), with the site and object lines above it, by rule id. */
export function demoExamples(report: string): Map<string, string> {
  const lines = report.split('\n');
  const examples = new Map<string, string>();
  let site = '';
  let object = '';
  lines.forEach((line, i) => {
    if (isSiteHeading(line)) site = line;
    else if (objectName(line) !== null) object = line;
    const id = findingRuleId(line);
    if (id && site && !examples.has(id)) examples.set(id, [site, object, line, lines[i + 1]].join('\n'));
  });
  return examples;
}

/** The doc with its example block holding `example`. */
export function withExample(doc: string, example: string): string {
  return doc.replace(/(## Example finding\n\n(?:[^\n]*\n\n)?```text\n)[\s\S]*?(\n```)/, (_m, open: string, close: string) => open + example + close);
}
