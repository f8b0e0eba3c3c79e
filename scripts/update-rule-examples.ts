/**
 * Rewrites the "Example finding" block of every rules/ID.md with what the
 * demo audit prints for that rule (its site, object, finding and fix lines).
 * The golden test fails when a doc's example and the demo drift apart.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAudit } from '../src/engine/audit.js';
import { loadRules } from '../src/engine/discover.js';
import { ruleDocsDir } from '../src/util/paths.js';
import { formatText } from '../src/report/formats/text.js';
import { loadSnapshotFile } from '../src/snapshot/load.js';

const DEMO = 'fixtures/demo/snapshot.json';

const loaded = await loadSnapshotFile(DEMO);
const rules = await loadRules();
const lines = formatText({ result: runAudit(loaded.snapshot, rules), input: loaded }, { colour: false }).split('\n');

/** The first finding of each rule in the report, with the site and object lines above it. */
const examples = new Map<string, string>();
let site = '';
let object = '';
lines.forEach((line, i) => {
  if (line.startsWith('Site ') || line === 'No known site') site = line;
  else if (/^ {2}\S/.test(line)) object = line;
  const id = /^ {4}\S+\s+([A-Z]+\d{3}) {2}/.exec(line)?.[1];
  if (id && site && !examples.has(id)) examples.set(id, [site, object, line, lines[i + 1]].join('\n'));
});

for (const { meta } of rules) {
  const file = join(ruleDocsDir, `${meta.id}.md`);
  const doc = readFileSync(file, 'utf8');
  const example = examples.get(meta.id);
  if (!example) {
    console.warn(`${meta.id}: the demo estate does not fire it; example left as it is`);
    continue;
  }
  const updated = doc.replace(/(## Example finding\n\n(?:[^\n]*\n\n)?```text\n)[\s\S]*?(\n```)/, (_m, open: string, close: string) => open + example + close);
  if (updated !== doc) {
    writeFileSync(file, updated);
    console.log(`${meta.id}: example updated`);
  }
}
