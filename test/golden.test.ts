import assert from 'node:assert/strict';
import { runAudit } from '../src/engine/audit.js';
import { loadRules } from '../src/engine/discover.js';
import { loadSnapshotFile } from '../src/snapshot/load.js';

/**
 * The demo estate's findings, rule id and object, as planted in
 * fixtures/demo/README.md. A rule change that alters them must update both.
 */
const EXPECTED_FINDINGS = [
  'ARR001 site Edinburgh',
  'ARR002 site London',
  'ARR003 casArray outlook-gla',
  'ARR003 casArray outlook-lds',
  'ARR004 casArray lon-cas1',
  'ARR005 casArray outlook-lds',
  'ARR006 casArray outlook-gla',
  'ARR007 casArray outlook-man',
  'DAG001 dag EDI-DAG01',
  'DAG002 database EDI-DB01',
  'DNS001 database EDI-DB02',
  'DNS002 casArray lon-cas1',
  'DNS003 casArray outlook-gla',
  'DNS003 casArray outlook-lds',
  'DNS004 casArray lon-cas1',
  'DNS004 casArray outlook-man',
  'NLB001 server MAN-EX1',
  'NLB001 server MAN-EX2',
  'NLB002 server MAN-EX1',
  'NLB002 server MAN-EX2',
  'NLB003 server MAN-EX1',
  'NLB003 server MAN-EX2',
  'NLB004 server LON-CAS2',
  'NLB004 server MAN-EX2',
  'NLB005 server MAN-EX2',
  'PORT001 server MAN-EX2',
  'PORT002 server LON-CAS2',
  'PORT003 casArray outlook-man',
  'PORT004 server EDI-EX1',
  'PORT005 server EDI-EX1',
  'RCA001 database EDI-DB01',
  'RCA001 database LON-DB05',
  'RCA001 database MAN-DB03',
  'RCA002 database LON-DB06',
  'RCA003 database EDI-DB02',
  'RCA004 database EDI-DB03',
];

const EXPECTED_NOT_EVALUATED = ['NLB001 server LON-MBX2'];

describe('demo estate (golden)', () => {
  it('fires exactly the planted findings', async () => {
    const { snapshot } = await loadSnapshotFile('fixtures/demo/snapshot.json');
    const result = runAudit(snapshot, await loadRules());
    const actual = result.findings.map((f) => `${f.ruleId} ${f.target.kind} ${f.target.name}`).sort();
    assert.deepEqual(actual, EXPECTED_FINDINGS);
    const notEvaluated = result.outcomes.flatMap((o) => o.notEvaluated.map((n) => `${o.rule.id} ${n.target.kind} ${n.target.name}`)).sort();
    assert.deepEqual(notEvaluated, EXPECTED_NOT_EVALUATED);
  });

  it('fires every implemented rule at least once', async () => {
    const { snapshot } = await loadSnapshotFile('fixtures/demo/snapshot.json');
    const rules = await loadRules();
    const fired = new Set(runAudit(snapshot, rules).findings.map((f) => f.ruleId));
    assert.deepEqual(rules.map((r) => r.meta.id).filter((id) => !fired.has(id)), []);
  });
});

describe('rule docs', () => {
  it("show an example finding that is exactly what the demo audit prints for that rule (npm run docs)", async () => {
    const { readFileSync } = await import('node:fs');
    const { formatText } = await import('../src/report/formats/text.js');
    const loaded = await loadSnapshotFile('fixtures/demo/snapshot.json');
    const rules = await loadRules();
    const report = formatText({ result: runAudit(loaded.snapshot, rules), input: { file: loaded.file, lineOf: loaded.lineOf } }, { colour: false });
    for (const { meta } of rules) {
      const doc = readFileSync(`rules/${meta.id}.md`, 'utf8');
      const example = /## Example finding\n\n```text\n([\s\S]*?)\n```/.exec(doc)?.[1];
      assert.ok(example, `${meta.id}.md has an example finding block`);
      const findingLines = example.split('\n').filter((l) => l.startsWith('    '));
      assert.ok(findingLines.length >= 2, `${meta.id}.md example shows the finding and its fix`);
      for (const line of findingLines) assert.ok(report.includes(line), `${meta.id}.md example line is in the demo report: ${line}`);
    }
  });
});
