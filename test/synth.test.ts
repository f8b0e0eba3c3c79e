/**
 * The synthetic estate generator (bench/synth): the raw exports it writes
 * collect into exactly the snapshot it writes, the audit finds exactly the
 * planted defects, and the same size and seed give the same bytes.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { COLLECT_ARGS, FILES, findingKey, writeSyntheticEstate, type ExpectedFile } from '../bench/synth/write.js';
import { DEFECTS } from '../bench/synth/defects.js';
import type { Snapshot } from '../src/snapshot/model.js';
import { casaudit } from './support/cli.js';
import { tempDir } from './support/tmp.js';

const read = (file: string) => readFileSync(file, 'utf8');
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('synthetic estates (bench/synth)', function () {
  this.timeout(120_000);
  // Sixty sites with seed 1 plant every kind of defect at least once.
  const dir = join(tempDir('casaudit-synth-'), 'estate');
  let expected: ExpectedFile;

  before(() => {
    expected = writeSyntheticEstate({ sites: 60, seed: 1, dir, toolVersion: '0.1.0' }).expected;
  });

  it('plants every kind of defect in a 60-site estate and sizes it as the issue does (5 servers, 25 databases a clean site)', () => {
    assert.deepEqual(new Set(expected.defects.map((d) => d.defect)), new Set(DEFECTS.map((d) => d.id)));
    const clean = 60 - expected.defects.length;
    assert.ok(clean > 0, 'some sites are clean');
    assert.ok(expected.counts.servers >= 5 * clean && expected.counts.databases >= 25 * clean);
    assert.equal(expected.findings.length, expected.defects.reduce((n, d) => n + d.findings.length, 0));
  });

  it('writes raw exports that casaudit collects into exactly the snapshot it wrote', () => {
    const out = join(dir, '..', 'collected.json');
    const run = casaudit(['collect', ...COLLECT_ARGS, '--quiet', '-o', out], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    const collected = JSON.parse(read(out)) as Snapshot;
    const written = JSON.parse(read(join(dir, FILES.snapshot))) as Snapshot;
    // Only the collection time differs.
    assert.notEqual(collected.collection.collectedAt, written.collection.collectedAt);
    collected.collection.collectedAt = written.collection.collectedAt;
    assert.deepEqual(collected, written);
  });

  it('gives exactly the planted findings when audited', () => {
    const run = casaudit(['audit', FILES.snapshot, '--format', 'json', '--fail-on', 'none'], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string; target: { kind: string; name: string } }[]; summary: { objectsNotEvaluated: number } };
    const found = report.findings.map((f) => findingKey({ ruleId: f.ruleId, kind: f.target.kind as never, name: f.target.name })).sort();
    assert.deepEqual(found, expected.findings.map(findingKey).sort());
    assert.equal(report.summary.objectsNotEvaluated, 0);
  });

  it('writes the same bytes for the same size and seed, and another estate for another seed', () => {
    const again = join(dir, '..', 'again');
    writeSyntheticEstate({ sites: 60, seed: 1, dir: again, toolVersion: '0.1.0' });
    for (const file of [FILES.ldif, FILES.internalZone, FILES.publicZone, FILES.snapshot, FILES.expected, `${FILES.hosts}/S0001-CAS1/MSExchangeRPC.reg`]) {
      assert.equal(sha(join(again, file)), sha(join(dir, file)), file);
    }
    const other = join(dir, '..', 'other');
    writeSyntheticEstate({ sites: 60, seed: 2, dir: other, toolVersion: '0.1.0' });
    assert.notEqual(sha(join(other, FILES.snapshot)), sha(join(dir, FILES.snapshot)));
  });

  it('refuses to write into a folder that holds something else, and replaces an earlier estate', () => {
    const busy = join(dir, '..', 'busy');
    writeSyntheticEstate({ sites: 1, seed: 1, dir: busy, toolVersion: '0.1.0' });
    writeSyntheticEstate({ sites: 2, seed: 1, dir: busy, toolVersion: '0.1.0' });
    assert.equal((JSON.parse(read(join(busy, FILES.expected))) as ExpectedFile).sites, 2);
    writeFileSync(join(dir, '..', 'notes.txt'), 'mine');
    assert.throws(() => writeSyntheticEstate({ sites: 1, seed: 1, dir: join(dir, '..'), toolVersion: '0.1.0' }), /not empty and holds no synthetic estate/);
    assert.equal(read(join(dir, '..', 'notes.txt')), 'mine');
    assert.throws(() => writeSyntheticEstate({ sites: 1, seed: 1, dir: join(dir, '..', 'notes.txt'), toolVersion: '0.1.0' }), /notes\.txt: exists and is not a folder/);
    assert.equal(read(join(dir, '..', 'notes.txt')), 'mine');
    assert.ok(existsSync(join(dir, FILES.snapshot)));
  });

  it('npm run synth: writes an estate, and refuses a bad size with exit code 2', () => {
    const cli = resolve('bench/synth/cli.mts');
    const out = join(dir, '..', 'cli');
    const ok = spawnSync(process.execPath, ['--import', 'tsx', cli, '--sites', '3', '--seed', '7', '--out', out], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /3 sites, \d+ servers/);
    assert.equal((JSON.parse(read(join(out, FILES.expected))) as ExpectedFile).seed, 7);
    const bad = spawnSync(process.execPath, ['--import', 'tsx', cli, '--sites', 'many'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--sites N/);
  });
});
