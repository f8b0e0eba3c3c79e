import assert from 'node:assert/strict';
import { runAudit, summarize, type AuditResult, type AuditSettings } from '../src/engine/audit.js';
import { loadRules } from '../src/engine/discover.js';
import { compileObjectPattern } from '../src/engine/object-pattern.js';
import type { Rule } from '../src/engine/rule.js';
import type { ObjectRef } from '../src/model/object-ref.js';
import { applySuppressions, localDate, type Suppression } from '../src/engine/suppressions.js';
import { loadSnapshotFile } from '../src/snapshot/load.js';
import type { Snapshot } from '../src/snapshot/model.js';

const DB = { name: 'LON-DB05', dn: 'CN=LON-DB05,CN=Databases,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Northwind,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=northwind,DC=local' };

describe('object patterns', () => {
  it('match names exactly, ignoring case', () => {
    assert.ok(compileObjectPattern('lon-db05')(DB));
    assert.ok(!compileObjectPattern('LON-DB0')(DB));
  });

  it('match names by glob: * any run, ? one character', () => {
    assert.ok(compileObjectPattern('LON-*')(DB));
    assert.ok(compileObjectPattern('lon-db0?')(DB));
    assert.ok(!compileObjectPattern('LON-DB?')(DB));
    assert.ok(!compileObjectPattern('EDI-*')(DB));
  });

  it('match DNs whatever their case and spacing', () => {
    const spaced = DB.dn.toLowerCase().replace(/,/g, ', ');
    assert.ok(compileObjectPattern(spaced)(DB));
    assert.ok(!compileObjectPattern(DB.dn.replace('LON-DB05', 'LON-DB06'))(DB));
  });

  it('match DNs by glob', () => {
    assert.ok(compileObjectPattern('CN=LON-*, CN=Databases,*')(DB));
    assert.ok(!compileObjectPattern('CN=LON-*,CN=Servers,*')(DB));
  });

  it('treat the characters path globs give meaning as plain text', () => {
    const odd = { name: 'DB+(1)!{a}[b]', dn: 'CN=DB\\+(1)!{a}[b],CN=Databases' };
    assert.ok(compileObjectPattern('DB+(1)!{a}[b]')(odd));
    assert.ok(compileObjectPattern('DB+(*')(odd));
    assert.ok(!compileObjectPattern('DB+(2)*')(odd));
    assert.ok(!compileObjectPattern('DB.*')(odd), 'a dot is a dot, not any character');
  });
});

function finding(ruleId: string, name: string): { ruleId: string; target: ObjectRef; suppression?: Suppression; expiredSuppression?: Suppression } {
  return { ruleId, target: { kind: 'database' as const, name, dn: `CN=${name},CN=Databases` } };
}

describe('applySuppressions', () => {
  const today = '2026-11-22';

  it('marks what a live suppression matches and counts it; one that matches nothing is unused', () => {
    const findings = [finding('RCA001', 'ARCHIVE-1'), finding('RCA001', 'ARCHIVE-2'), finding('RCA001', 'LON-DB05'), finding('RCA004', 'ARCHIVE-1')];
    const live: Suppression = { rule: 'RCA001', target: 'ARCHIVE-*', justification: 'retired' };
    const unused: Suppression = { rule: 'RCA002', target: 'ARCHIVE-*', justification: 'no such finding' };
    const outcomes = applySuppressions(findings, [live, unused], today);
    assert.deepEqual(
      findings.map((f) => f.suppression ?? null),
      [live, live, null, null],
    );
    assert.deepEqual(outcomes.map((o) => [o.status, o.matched]), [['used', 2], ['unused', 0]]);
  });

  it('applies through its expiry day and not after it', () => {
    for (const [expires, status] of [['2026-11-22', 'used'], ['2026-11-21', 'expired'], ['2027-01-01', 'used']] as const) {
      const findings = [finding('RCA001', 'ARCHIVE-1')];
      const [outcome] = applySuppressions(findings, [{ rule: 'RCA001', target: 'ARCHIVE-1', justification: 'j', expires }], today);
      assert.equal(outcome!.status, status, expires);
      assert.equal(Boolean(findings[0]!.suppression), status === 'used', expires);
      assert.equal(Boolean(findings[0]!.expiredSuppression), status === 'expired', expires);
    }
  });

  it('lets a live suppression win over an expired one, which then counts no finding', () => {
    const findings = [finding('RCA001', 'ARCHIVE-1')];
    const expired: Suppression = { rule: 'RCA001', target: 'ARCHIVE-*', justification: 'old', expires: '2020-01-01' };
    const renewed: Suppression = { rule: 'RCA001', target: 'ARCHIVE-1', justification: 'renewed', expires: '2030-01-01' };
    const outcomes = applySuppressions(findings, [expired, renewed], today);
    assert.equal(findings[0]!.suppression, renewed);
    assert.deepEqual(outcomes.map((o) => [o.status, o.matched]), [['expired', 0], ['used', 1]]);
  });

  it('counts every live suppression that matches as used, the first one marking the finding', () => {
    const findings = [finding('RCA001', 'ARCHIVE-1')];
    const broad: Suppression = { rule: 'RCA001', target: 'ARCHIVE-*', justification: 'all archives' };
    const narrow: Suppression = { rule: 'RCA001', target: 'ARCHIVE-1', justification: 'this one' };
    const outcomes = applySuppressions(findings, [broad, narrow], today);
    assert.equal(findings[0]!.suppression, broad);
    assert.deepEqual(outcomes.map((o) => [o.status, o.matched]), [['used', 1], ['used', 1]]);
  });

  it("takes today's date from the local calendar", () => {
    assert.equal(localDate(new Date(2026, 0, 5, 23, 59)), '2026-01-05');
    assert.equal(localDate(new Date(2026, 0, 5, 0, 1)), '2026-01-05');
  });
});

describe('audit scope and suppressions on the demo estate', () => {
  let snapshot: Snapshot;
  let rules: Rule[];
  let all: AuditResult;
  before(async () => {
    snapshot = (await loadSnapshotFile('fixtures/demo/snapshot.json')).snapshot;
    rules = await loadRules();
    all = runAudit(snapshot, rules);
  });
  const audit = (settings: AuditSettings) => runAudit(snapshot, rules, settings);

  it('reports only the sites in scope, keeping objects whose site is unknown', () => {
    const result = audit({ scope: { sites: { include: ['London'] } } });
    const sites = new Set(result.findings.map((f) => f.site?.name ?? null));
    assert.deepEqual([...sites].sort(), ['London', null].sort());
    const expected = all.findings.filter((f) => f.site === null || f.site.name === 'London').length;
    assert.equal(result.findings.length, expected);
    assert.equal(result.outOfScope.length, all.findings.length - expected);
    assert.ok(result.outOfScope.length > 0);
    assert.ok(result.outOfScope.every((left) => left.ruleId && left.target.dn));
  });

  it('drops the objects and sites out of scope, not-evaluated lists included', () => {
    const notEvaluated = all.outcomes.flatMap((o) => o.notEvaluated);
    assert.ok(notEvaluated.length > 0, 'the demo has an object that is not evaluated');
    const target = notEvaluated[0]!.target;
    const result = audit({ scope: { objects: { exclude: [target.name] }, sites: { exclude: ['Manch*'] } } });
    assert.ok(!result.outcomes.flatMap((o) => o.notEvaluated).some((n) => n.target.dn === target.dn));
    assert.ok(!result.findings.some((f) => f.site?.name === 'Manchester' || f.target.dn === target.dn));
    assert.equal(result.findings.length + result.outOfScope.length, all.findings.length);
  });

  it('keeps suppressed findings, marked, out of the summary counts', () => {
    const suppressions: Suppression[] = [{ rule: 'RCA001', target: '*', justification: 'migration in progress' }];
    const result = audit({ suppressions });
    const rca001 = all.findings.filter((f) => f.ruleId === 'RCA001').length;
    assert.equal(rca001, 3);
    assert.equal(result.findings.length, all.findings.length);
    assert.equal(result.findings.filter((f) => f.suppression === suppressions[0]).length, rca001);
    const before = summarize(all);
    const after = summarize(result);
    assert.equal(after.error, before.error - rca001);
    assert.equal(after.suppressed, rca001);
    assert.equal(after.total, before.total - rca001);
  });

  it('lists the rules a setting turned off', () => {
    const result = audit({ levels: { RCA004: 'off', DNS004: 'error' } });
    assert.deepEqual(result.rulesOff.map((r) => r.id), ['RCA004']);
    assert.ok(!result.findings.some((f) => f.ruleId === 'RCA004'));
    assert.ok(result.findings.filter((f) => f.ruleId === 'DNS004').every((f) => f.level === 'error'));
  });
});
