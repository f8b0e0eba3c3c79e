import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { runAudit, summarize } from '../src/engine/audit.js';
import { loadRules, ruleDoc } from '../src/engine/discover.js';
import { LEVELS } from '../src/engine/rule.js';
import { snapshotSchemaJson } from '../src/snapshot/schema-json.js';
import { EstateBuilder } from './support/estate.js';

describe('rule engine', () => {
  it('discovers one module per rule, each with its id and doc, sorted by id', async () => {
    const rules = await loadRules();
    assert.ok(rules.length >= 4);
    for (const { meta } of rules) {
      assert.ok(existsSync(`rules/${meta.id}.md`), `rules/${meta.id}.md exists`);
      assert.equal(ruleDoc(meta.id)?.split('\n')[0], `# ${meta.id}: ${meta.name}`, `rules/${meta.id}.md's title is '# ${meta.id}: ${meta.name}'`);
      assert.match(meta.name, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${meta.id}'s name is kebab-case`);
      assert.ok(LEVELS.includes(meta.level));
      assert.ok(meta.shortDescription.length > 0 && meta.shortDescription.length <= 1024);
      assert.ok(meta.fullDescription.length > 0 && meta.fullDescription.length <= 1024);
    }
    const ids = rules.map((r) => r.meta.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
    const names = rules.map((r) => r.meta.name);
    assert.equal(new Set(names).size, names.length, 'rule names are unique');
  });

  it('documents exactly the rules it has: no doc without a module, and docs/rules.md lists each module once', async () => {
    const ids = (await loadRules()).map((r) => r.meta.id);
    const docs = readdirSync('rules').filter((f) => /^[A-Z]+\d{3}\.md$/.test(f)).map((f) => f.replace(/\.md$/, ''));
    assert.deepEqual(docs.sort(), ids);
    const listed = [...readFileSync('docs/rules.md', 'utf8').matchAll(/^\| \[([A-Z]+\d{3})\]\(\.\.\/rules\/\1\.md\) \|/gm)].map((m) => m[1]);
    assert.deepEqual(listed, ids);
  });

  it('does not run a rule whose data section was not collected, and says why', async () => {
    const snapshot = new EstateBuilder().site('SiteA').server('EX01', { dag: 'D' }).dag('D', ['EX01']).section('hosts', 'not-collected').build();
    const result = runAudit(snapshot, await loadRules());
    const nlb = result.outcomes.find((o) => o.rule.id === 'NLB001')!;
    assert.equal(nlb.status, 'not-evaluated');
    assert.match(nlb.reason!, /host data/);
    const summary = summarize(result);
    assert.equal(summary.rulesNotEvaluated, result.outcomes.filter((o) => o.status === 'not-evaluated').length);
    assert.ok(summary.rulesNotEvaluated >= 2);
  });

  it('applies level overrides and turns rules off', async () => {
    const snapshot = new EstateBuilder().site('SiteA').server('EX01').database('DB01', { owner: 'EX01', endpoint: 'EX01' }).build();
    const rules = await loadRules();
    const result = runAudit(snapshot, rules, { levels: { RCA001: 'warning', ARR001: 'off' } });
    assert.deepEqual(result.findings.map((f) => `${f.ruleId}:${f.level}`), ['RCA001:warning']);
    assert.ok(!result.outcomes.some((o) => o.rule.id === 'ARR001'));
  });

  it('counts findings per level in the summary', async () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .server('EX01')
      .database('DB01', { owner: 'EX01', endpoint: 'EX01' })
      .database('DB02', { owner: 'EX01', endpoint: 'EX01' })
      .build();
    const summary = summarize(runAudit(snapshot, await loadRules()));
    assert.equal(summary.error, 2); // RCA001 twice
    assert.equal(summary.warning, 1); // ARR001 for SiteA
    assert.equal(summary.total, 3);
  });
});

describe('snapshot JSON Schema file', () => {
  it('is exactly what the TypeBox model generates (run `npm run schema` after changing the model)', () => {
    assert.equal(readFileSync('schemas/snapshot-v1.schema.json', 'utf8'), snapshotSchemaJson());
  });
});
