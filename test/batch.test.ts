import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { casaudit } from './support/cli.js';
import { demoCount } from './support/demo-findings.js';
import { parseValidSarif } from './support/sarif-schema.js';
import { tempDir } from './support/tmp.js';

const DEMO = resolve('fixtures/demo/snapshot.json');

interface Run {
  automationDetails: { id: string };
  results: { ruleId: string; baselineState?: string; suppressions?: unknown[]; locations: { logicalLocations: { name: string }[]; physicalLocation: { artifactLocation: { uri: string } } }[] }[];
}

/** The demo estate three times: one clean of errors (its erroring databases removed), one with an extra RCA001 finding, one as it is. */
function customers(): { dir: string; folder: string } {
  const dir = tempDir();
  const folder = join(dir, 'customers');
  mkdirSync(folder);
  copyFileSync(DEMO, join(folder, 'contoso.json'));
  const demo = JSON.parse(readFileSync(DEMO, 'utf8'));
  const extra = structuredClone(demo);
  const db05 = extra.databases.find((d: { name: string }) => d.name === 'LON-DB05');
  extra.databases.push({ ...structuredClone(db05), name: 'LON-DB09', dn: db05.dn.replace('LON-DB05', 'LON-DB09'), legacyExchangeDN: null });
  writeFileSync(join(folder, 'fabrikam.json'), JSON.stringify(extra, null, 2));
  writeFileSync(join(folder, 'notes.txt'), 'not a snapshot');
  return { dir, folder };
}

const runsOf = (text: string) => parseValidSarif<{ runs: Run[] }>(text).runs;

describe('batch audits', () => {
  it('audits every snapshot of a folder, one SARIF run per estate with its own automationDetails.id', () => {
    const { dir } = customers();
    const run = casaudit(['audit', 'customers', '-f', 'sarif', '--fail-on', 'none'], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    const runs = runsOf(run.stdout);
    assert.deepEqual(runs.map((r) => r.automationDetails.id), ['casaudit/contoso/', 'casaudit/fabrikam/']);
    assert.equal(runs[0]!.results.length, demoCount());
    assert.equal(runs[1]!.results.length, demoCount() + 1);
    assert.deepEqual(runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri, 'customers/contoso.json');
    assert.deepEqual(runs[1]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri, 'customers/fabrikam.json');
  });

  it('gives the same report in worker threads as in one thread', () => {
    const { dir } = customers();
    const outputs = ['1', '2'].map((jobs) => {
      const run = casaudit(['audit', 'customers', 'customers/contoso.json', '-f', 'sarif', '--fail-on', 'none', '--jobs', jobs, '-o', `jobs${jobs}.sarif`], { cwd: dir });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stderr, /wrote sarif report to jobs\d\.sarif \(2 estates, 0 failed the gate\)/);
      return readFileSync(join(dir, `jobs${jobs}.sarif`), 'utf8');
    });
    assert.equal(outputs[0], outputs[1]);
    assert.equal(runsOf(outputs[0]!).length, 2, 'a file named twice is audited once');
  });

  it('fails the gate when any estate fails it, and says which', () => {
    const { dir, folder } = customers();
    // Suppress contoso's errors only: its run passes, fabrikam's extra RCA001 finding does not.
    const contoso = JSON.parse(casaudit(['audit', join(folder, 'contoso.json'), '-f', 'json', '--fail-on', 'none']).stdout);
    const suppressions = contoso.findings.map((f: { ruleId: string; target: { name: string } }) => ({ rule: f.ruleId, target: f.target.name, justification: 'known' }));
    writeFileSync(join(dir, 'casaudit.config.json'), JSON.stringify({ suppressions }));
    const run = casaudit(['audit', 'customers'], { cwd: dir });
    assert.equal(run.status, 1);
    assert.match(run.stdout, /^Batch: 2 estates, 1 failed the gate \(fabrikam\)$/m);
    assert.match(run.stdout, new RegExp(`^ {2}ok {4}contoso: 0 errors, 0 warnings, 0 notes, ${demoCount()} suppressed$`, 'm'));
    assert.match(run.stdout, new RegExp(`^ {2}FAIL {2}fabrikam: 1 error, 0 warnings, 0 notes, ${demoCount()} suppressed$`, 'm'));
    const json = JSON.parse(casaudit(['audit', 'customers', '-f', 'json'], { cwd: dir }).stdout);
    assert.deepEqual(json.estates.map((e: { id: string; failed: boolean }) => [e.id, e.failed]), [['contoso', false], ['fabrikam', true]]);
    const markdown = casaudit(['audit', 'customers', '-f', 'markdown'], { cwd: dir }).stdout;
    assert.match(markdown, new RegExp(`^\\| contoso \\| ✅ passes \\| 0 \\| 0 \\| 0 \\| ${demoCount()} \\|$`, 'm'));
    assert.match(markdown, new RegExp(`^\\| fabrikam \\| ❌ fails \\| 1 \\| 0 \\| 0 \\| ${demoCount()} \\|$`, 'm'));
    assert.ok(markdown.length <= 60_000);
  });

  it('compares each estate with its own run of a batch baseline', () => {
    const { dir, folder } = customers();
    copyFileSync(join(folder, 'contoso.json'), join(folder, 'fabrikam.json'));
    assert.equal(casaudit(['audit', 'customers', '-f', 'sarif', '-o', 'last.sarif', '--fail-on', 'none'], { cwd: dir }).status, 0);
    // Now fabrikam gains LON-DB09 (one new RCA001); contoso is unchanged.
    const { folder: changed } = customers();
    copyFileSync(join(changed, 'fabrikam.json'), join(folder, 'fabrikam.json'));
    const run = casaudit(['audit', 'customers', '-f', 'sarif', '--baseline', 'last.sarif', '--fail-on-new'], { cwd: dir });
    assert.equal(run.status, 1);
    const [contoso, fabrikam] = runsOf(run.stdout);
    assert.ok(contoso!.results.every((r) => r.baselineState === 'unchanged'));
    const fresh = fabrikam!.results.filter((r) => r.baselineState === 'new');
    assert.deepEqual(fresh.map((r) => [r.ruleId, r.locations[0]!.logicalLocations[0]!.name]), [['RCA001', 'LON-DB09']]);
    // Without the new estate data the gate passes: nothing new anywhere.
    copyFileSync(join(folder, 'contoso.json'), join(folder, 'fabrikam.json'));
    assert.equal(casaudit(['audit', 'customers', '--baseline', 'last.sarif', '--fail-on-new'], { cwd: dir }).status, 0);
  });

  it('names estates by path below their shared folder when two hold the same file name, wherever casaudit runs', () => {
    const dir = tempDir();
    for (const customer of ['north', 'south']) {
      mkdirSync(join(dir, 'estates', customer), { recursive: true });
      copyFileSync(DEMO, join(dir, 'estates', customer, 'snapshot.json'));
    }
    const expected = ['casaudit/north/snapshot/', 'casaudit/south/snapshot/'];
    const fromTop = casaudit(['audit', 'estates/north/snapshot.json', 'estates/south/snapshot.json', '-f', 'sarif', '--fail-on', 'none'], { cwd: dir });
    assert.deepEqual(runsOf(fromTop.stdout).map((r) => r.automationDetails.id), expected);
    const fromInside = casaudit(['audit', 'north/snapshot.json', '../estates/south/snapshot.json', '-f', 'sarif', '--fail-on', 'none'], { cwd: join(dir, 'estates') });
    assert.deepEqual(runsOf(fromInside.stdout).map((r) => r.automationDetails.id), expected);
  });

  it("uses a single audit's baseline for a batch of one estate, and a batch baseline's own run for a single audit", () => {
    const { dir, folder } = customers();
    assert.equal(casaudit(['audit', join(folder, 'contoso.json'), '-f', 'sarif', '-o', 'single.sarif', '--fail-on', 'none'], { cwd: dir }).status, 0);
    const batchOfOne = casaudit(['audit', 'customers/contoso.json', 'customers/contoso.json', '--baseline', 'single.sarif', '--fail-on-new', '-f', 'sarif'], { cwd: dir });
    assert.equal(batchOfOne.status, 0, batchOfOne.stderr);
    assert.ok(runsOf(batchOfOne.stdout)[0]!.results.every((r) => r.baselineState === 'unchanged'));

    assert.equal(casaudit(['audit', 'customers', '-f', 'sarif', '-o', 'batch.sarif', '--fail-on', 'none'], { cwd: dir }).status, 0);
    const single = casaudit(['audit', 'customers/fabrikam.json', '--baseline', 'batch.sarif', '--fail-on-new', '-f', 'sarif'], { cwd: dir });
    assert.equal(single.status, 0, single.stderr);
    const states = runsOf(single.stdout)[0]!.results.map((r) => r.baselineState);
    assert.equal(states.length, demoCount() + 1, 'nothing of contoso comes back as absent');
    assert.ok(states.every((s) => s === 'unchanged'));
    // An estate the batch baseline has no run for: all new, and stderr says why.
    copyFileSync(join(folder, 'contoso.json'), join(folder, 'tailspin.json'));
    const stranger = casaudit(['audit', 'customers/tailspin.json', '--baseline', 'batch.sarif', '--fail-on-new'], { cwd: dir });
    assert.equal(stranger.status, 1);
    assert.match(stranger.stderr, /batch\.sarif holds no run for estate customers\/tailspin\.json .*; all its findings count as new/);
  });

  it('does not call findings out of scope or of rules turned off fixed', () => {
    const { dir, folder } = customers();
    const contoso = join(folder, 'contoso.json');
    assert.equal(casaudit(['audit', contoso, '-f', 'sarif', '-o', 'last.sarif', '--fail-on', 'none', '--no-config'], { cwd: dir }).status, 0);
    writeFileSync(join(dir, 'narrow.json'), JSON.stringify({ scope: { sites: { exclude: ['London'] } }, rules: { RCA004: 'off' } }));
    const run = casaudit(['audit', contoso, '-f', 'sarif', '--baseline', 'last.sarif', '--config', 'narrow.json', '--fail-on', 'none'], { cwd: dir });
    const results = runsOf(run.stdout)[0]!.results;
    assert.ok(results.length > 0);
    assert.deepEqual(results.filter((r) => r.baselineState === 'absent'), []);
  });

  it('keeps the Markdown of a large batch within the size cap, counting what is left out', function () {
    this.timeout(120_000);
    const dir = tempDir();
    mkdirSync(join(dir, 'many'));
    for (let i = 0; i < 120; i++) copyFileSync(DEMO, join(dir, 'many', `customer-${String(i).padStart(3, '0')}.json`));
    const run = casaudit(['audit', 'many', '-f', 'markdown', '--fail-on', 'none', '--jobs', '1'], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(run.stdout.length <= 60_000, `${run.stdout.length} characters`);
    assert.equal((run.stdout.match(/^\| customer-\d{3} \|/gm) ?? []).length, 120, 'every estate is in the table');
    assert.match(run.stdout, /\*\*the findings of \d+ estates left out\*\*/);
  });

  it('stops with one line, exit 2 and no report when one estate cannot be read', () => {
    const { dir, folder } = customers();
    writeFileSync(join(folder, 'broken.json'), '{ "schemaVersion": 1,');
    for (const jobs of ['1', '2']) {
      const run = casaudit(['audit', 'customers', '-f', 'sarif', '-o', 'all.sarif', '--jobs', jobs], { cwd: dir });
      assert.equal(run.status, 2, `--jobs ${jobs}`);
      assert.match(run.stderr, /^casaudit: customers\/broken\.json:1:\d+: invalid JSON: .*\n$/);
      assert.ok(!existsSync(join(dir, 'all.sarif')));
    }
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const none = casaudit(['audit', 'empty'], { cwd: dir });
    assert.equal(none.status, 2);
    assert.equal(none.stderr, 'casaudit: empty: holds no snapshot (*.json) files\n');
    assert.deepEqual(readdirSync(dir).sort(), ['customers', 'empty']);
  });
});
