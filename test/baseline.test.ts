import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { casaudit } from './support/cli.js';
import { demoCount } from './support/demo-findings.js';
import { assertValidSarif } from './support/sarif-schema.js';
import { tempDir } from './support/tmp.js';

const DEMO = 'fixtures/demo/snapshot.json';

interface SarifResult {
  ruleId: string;
  baselineState?: string;
  level?: string;
  kind?: string;
  partialFingerprints: Record<string, string>;
  locations: { logicalLocations: { name: string }[] }[];
}

function results(sarifText: string): SarifResult[] {
  const log = JSON.parse(sarifText);
  assertValidSarif(log);
  return log.runs[0].results as SarifResult[];
}

/** The demo snapshot with one more database pointing at a single server (a new RCA001 finding) and one finding fixed. */
function changedDemo(dir: string): string {
  const snapshot = JSON.parse(readFileSync(DEMO, 'utf8'));
  const db05 = snapshot.databases.find((d: { name: string }) => d.name === 'LON-DB05');
  const db07 = structuredClone(db05);
  db07.name = 'LON-DB07';
  db07.dn = db05.dn.replace('LON-DB05', 'LON-DB07');
  db07.legacyExchangeDN = db05.legacyExchangeDN?.replace('LON-DB05', 'LON-DB07') ?? null;
  snapshot.databases.push(db07);
  // And EDI-DB03 (RCA004) is gone.
  snapshot.databases = snapshot.databases.filter((d: { name: string }) => d.name !== 'EDI-DB03');
  const file = join(dir, 'changed.json');
  writeFileSync(file, JSON.stringify(snapshot, null, 2));
  return file;
}

describe('baselines (--baseline, --fail-on-new) and --max-warnings', () => {
  it('round trip: audit, keep the SARIF, change the estate, audit again: exactly the new finding fails', () => {
    const dir = tempDir();
    const baseline = join(dir, 'baseline.sarif');
    assert.equal(casaudit(['audit', DEMO, '-f', 'sarif', '-o', baseline]).status, 1);

    const same = casaudit(['audit', DEMO, '-f', 'sarif', '--baseline', baseline, '--fail-on-new']);
    assert.equal(same.status, 0, 'nothing new: the gate passes although there are errors');
    assert.ok(results(same.stdout).every((r) => r.baselineState === 'unchanged'));

    const changed = changedDemo(dir);
    const run = casaudit(['audit', changed, '-f', 'sarif', '--baseline', baseline, '--fail-on-new']);
    assert.equal(run.status, 1, run.stderr);
    const all = results(run.stdout);
    const fresh = all.filter((r) => r.baselineState === 'new');
    assert.deepEqual(fresh.map((r) => `${r.ruleId} ${r.locations[0]!.logicalLocations[0]!.name}`), ['RCA001 LON-DB07']);
    const gone = all.filter((r) => r.baselineState === 'absent');
    assert.deepEqual(gone.map((r) => `${r.ruleId} ${r.kind} ${r.level}`), ['RCA004 pass none']);
    assert.ok(all.filter((r) => r.baselineState === 'unchanged').length > 30);

    // Without --fail-on-new the old errors still fail the gate.
    assert.equal(casaudit(['audit', DEMO, '--baseline', baseline]).status, 1);
    const text = casaudit(['audit', changed, '--baseline', baseline, '--fail-on', 'none']).stdout;
    // ARR001's message lists Edinburgh's databases, EDI-DB03 among them: same finding, new wording.
    assert.match(text, /Against the baseline: 1 new, 1 updated, \d+ unchanged, 1 gone/);
  });

  it('marks a finding whose message changed as updated, not new', () => {
    const dir = tempDir();
    const baseline = join(dir, 'baseline.sarif');
    const log = JSON.parse(casaudit(['audit', DEMO, '-f', 'sarif']).stdout);
    log.runs[0].results[0].message.text = 'an older wording';
    writeFileSync(baseline, JSON.stringify(log));
    const states = results(casaudit(['audit', DEMO, '-f', 'sarif', '--baseline', baseline]).stdout).map((r) => r.baselineState);
    assert.equal(states[0], 'updated');
    assert.ok(states.slice(1).every((s) => s === 'unchanged'));
  });

  it('gives every result a primaryLocationLineHash derived from its stable fingerprint', () => {
    const all = results(casaudit(['audit', DEMO, '-f', 'sarif']).stdout);
    assert.ok(all.length > 0, 'the demo audit has results to check');
    for (const r of all) {
      assert.equal(r.partialFingerprints['primaryLocationLineHash'], `${r.partialFingerprints['casauditObject/v1']!.slice(0, 16)}:1`);
    }
    assert.equal(new Set(all.map((r) => r.partialFingerprints['primaryLocationLineHash'])).size, all.length);
  });

  it('exit codes for each threshold combination', () => {
    // --max-warnings at the demo's number of warnings passes; one fewer fails.
    const warnings = demoCount('warning');
    const exit = (...flags: string[]) => casaudit(['audit', DEMO, ...flags]).status;
    assert.equal(exit(), 1);
    assert.equal(exit('--fail-on', 'none'), 0);
    assert.equal(exit('--fail-on', 'none', '--max-warnings', String(warnings)), 0);
    assert.equal(exit('--fail-on', 'none', '--max-warnings', String(warnings - 1)), 1);
    assert.equal(exit('--fail-on', 'note', '--max-warnings', '100'), 1);
    assert.equal(exit('--max-warnings', '-1'), 2);
    assert.equal(exit('--fail-on-new'), 2);
    const dir = tempDir();
    const baseline = join(dir, 'b.sarif');
    casaudit(['audit', DEMO, '-f', 'sarif', '-o', baseline]);
    assert.equal(exit('--baseline', baseline, '--fail-on-new', '--max-warnings', '0'), 0, 'no new warnings');
    assert.equal(exit('--baseline', baseline, '--max-warnings', '0', '--fail-on', 'none'), 1, 'all warnings count without --fail-on-new');
  });

  it('refuses a baseline that is not casaudit SARIF, in one line with exit 2', () => {
    const dir = tempDir();
    const broken = join(dir, 'broken.sarif');
    writeFileSync(broken, '{"version": "2.1.0", "runs": [}');
    const syntax = casaudit(['audit', DEMO, '--baseline', broken]);
    assert.equal(syntax.status, 2);
    assert.match(syntax.stderr.trim(), /^casaudit: .*broken\.sarif:1:\d+: invalid JSON in the baseline/);
    const other = join(dir, 'other.sarif');
    writeFileSync(other, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'eslint' } }, results: [] }] }));
    const foreign = casaudit(['audit', DEMO, '--baseline', other]);
    assert.equal(foreign.status, 2);
    assert.match(foreign.stderr, /holds no casaudit run/);
    const deep = join(dir, 'deep.sarif');
    writeFileSync(deep, `{"version": "2.1.0", "runs": [{"properties": {"x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}]}`);
    const nested = casaudit(['audit', DEMO, '--baseline', deep]);
    assert.equal(nested.status, 2);
    assert.match(nested.stderr, /^casaudit: .*deep\.sarif:1:\d+: invalid JSON in the baseline: nested deeper than 512 levels\n$/);
  });
});
