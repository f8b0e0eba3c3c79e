import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { runAudit, summarize } from '../src/engine/audit.js';
import { loadRules, ruleDoc } from '../src/engine/discover.js';
import { LEVELS } from '../src/engine/rule.js';
import { snapshotSchemaJson } from '../src/snapshot/schema-json.js';
import { EstateBuilder } from './support/estate.js';

const CATALOG = readFileSync('../shared/specs/rules.md', 'utf8');

describe('rule engine', () => {
  it('discovers one module per rule, each with its id, doc and catalog entry', async () => {
    const rules = await loadRules();
    assert.ok(rules.length >= 4);
    for (const { meta } of rules) {
      assert.ok(existsSync(`rules/${meta.id}.md`), `rules/${meta.id}.md exists`);
      assert.match(ruleDoc(meta.id) ?? '(no doc)', new RegExp(`^# ${meta.id}: ${meta.name}`));
      const row = CATALOG.split('\n').find((line) => line.startsWith(`| ${meta.id} |`));
      assert.ok(row, `${meta.id} is in the catalog`);
      const cells = row.split('|').map((c) => c.trim());
      assert.equal(cells[2], meta.name, `${meta.id} name matches the catalog`);
      assert.ok(cells.includes(meta.level), `${meta.id} level ${meta.level} matches the catalog row`);
      assert.ok(LEVELS.includes(meta.level));
      assert.ok(meta.shortDescription.length > 0 && meta.shortDescription.length <= 1024);
      assert.ok(meta.fullDescription.length > 0 && meta.fullDescription.length <= 1024);
    }
    assert.deepEqual(
      rules.map((r) => r.meta.id),
      [...rules.map((r) => r.meta.id)].sort(),
    );
  });

  it('implements every rule of the catalog', async () => {
    const catalogIds = [...CATALOG.matchAll(/^\| ([A-Z]+\d{3}) \|/gm)].map((m) => m[1]);
    assert.equal(catalogIds.length, 27);
    assert.deepEqual((await loadRules()).map((r) => r.meta.id), [...catalogIds].sort());
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
