import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runAudit } from '../src/engine/audit.js';
import { loadRules } from '../src/engine/discover.js';
import { loadSnapshotFile } from '../src/snapshot/load.js';
import { DEMO_FINDINGS, DEMO_NOT_EVALUATED, demoFindingKey } from './support/demo-findings.js';

describe('demo estate (golden)', () => {
  it('fires exactly the planted findings', async () => {
    const { snapshot } = await loadSnapshotFile('fixtures/demo/snapshot.json');
    const result = runAudit(snapshot, await loadRules());
    const actual = result.findings.map((f) => demoFindingKey({ ruleId: f.ruleId, level: f.level, kind: f.target.kind, name: f.target.name })).sort();
    assert.deepEqual(actual, DEMO_FINDINGS.map(demoFindingKey).sort());
    const notEvaluated = result.outcomes.flatMap((o) => o.notEvaluated.map((n) => `${o.rule.id} ${n.target.kind} ${n.target.name}`)).sort();
    assert.deepEqual(notEvaluated, [...DEMO_NOT_EVALUATED].sort());
  });

  it('are the ones fixtures/demo/README.md tells, rule by rule, and it names what is not evaluated', () => {
    const readme = readFileSync('fixtures/demo/README.md', 'utf8');
    const table = /^## Planted misconfigurations\n\n([\s\S]*?)\n\n/m.exec(readme)?.[1];
    assert.ok(table, 'fixtures/demo/README.md has its table of planted misconfigurations');
    const told = table
      .split('\n')
      .slice(2)
      .flatMap((row) => {
        const [, rule, objects] = row.split('|').map((cell) => cell.trim());
        return objects!.split(', ').map((object) => `${rule} ${object}`);
      });
    assert.deepEqual(told.sort(), DEMO_FINDINGS.map((f) => `${f.ruleId} ${f.name}`).sort());
    const notEvaluated = /^\*\*Not evaluated:\*\* (.*)$/m.exec(readme)?.[1] ?? '';
    for (const entry of DEMO_NOT_EVALUATED) {
      const [rule, , object] = entry.split(' ');
      assert.ok(notEvaluated.includes(`${rule} for ${object}`), `fixtures/demo/README.md says ${rule} is not evaluated for ${object}`);
    }
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
