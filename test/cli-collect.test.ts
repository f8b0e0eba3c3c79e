import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRules } from '../src/engine/discover.js';
import { casaudit } from './support/cli.js';
import { assertValidSarif } from './support/sarif-schema.js';
import { tempDir } from './support/tmp.js';

const LDIF = 'fixtures/demo/northwind.ldif';

describe('casaudit collect and audit --ldif', () => {
  it('collects the demo LDIF into a snapshot file that audits like the LDIF itself', async () => {
    const dir = tempDir();
    const out = join(dir, 'snapshot.json');
    const collect = casaudit(['collect', '--ldif', LDIF, '-o', out]);
    assert.equal(collect.status, 0, collect.stderr);
    assert.match(collect.stderr, /wrote snapshot to .*snapshot\.json \(5 sites, 9 servers, 5 CAS arrays, 14 databases\)/);
    assert.deepEqual(readdirSync(dir), ['snapshot.json']);
    const validate = casaudit(['validate', out]);
    assert.equal(validate.status, 1, 'the deleted Glasgow site is reported');
    const fromSnapshot = JSON.parse(casaudit(['audit', out, '-f', 'json']).stdout);
    const fromLdif = JSON.parse(casaudit(['audit', '--ldif', LDIF, '-f', 'json']).stdout);
    const ids = (report: { findings: { ruleId: string; target: { name: string } }[] }) => report.findings.map((f) => `${f.ruleId} ${f.target.name}`);
    assert.deepEqual(ids(fromLdif), ids(fromSnapshot));
    assert.ok(ids(fromLdif).includes('RCA002 LON-DB06'));
    // DNS and host-data rules are not evaluated without those sources, nor ARR007 without the public zone.
    const unable = (await loadRules()).filter(({ meta }) => meta.id === 'ARR007' || meta.needs.some((section) => section === 'dns' || section === 'hosts')).map(({ meta }) => meta.id);
    const notEvaluated = (fromLdif.rules as { id: string; status: string }[]).filter((r) => r.status === 'not-evaluated').map((r) => r.id);
    assert.deepEqual(notEvaluated.sort(), unable.sort());
    assert.equal(fromLdif.summary.rulesNotEvaluated, unable.length);
  });

  it('points SARIF results at the LDIF file and the line of the object', () => {
    const run = casaudit(['audit', '--ldif', LDIF, '-f', 'sarif']);
    assert.equal(run.status, 1, run.stderr);
    const log = JSON.parse(run.stdout);
    assertValidSarif(log);
    const lines = readFileSync(LDIF, 'latin1').split('\r\n');
    const result = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'RCA002');
    const physical = result.locations[0].physicalLocation;
    assert.equal(physical.artifactLocation.uri, 'fixtures/demo/northwind.ldif');
    assert.match(lines[physical.region.startLine - 1]!, /^dn: CN=LON-DB06,/);
  });

  it('writes the snapshot to stdout without --output', () => {
    const run = casaudit(['collect', '--ldif', LDIF]);
    assert.equal(run.status, 0);
    const snapshot = JSON.parse(run.stdout);
    assert.equal(snapshot.schemaVersion, 1);
    const records = readFileSync(LDIF, 'latin1').split('\r\n').filter((l) => l.startsWith('dn: ')).length;
    assert.deepEqual(snapshot.collection.sources, [{ kind: 'ldif', location: LDIF, status: 'collected', objects: records }]);
  });

  it('refuses a malformed LDIF with its file and line, leaving no output file', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.ldf');
    writeFileSync(bad, 'dn: CN=a,DC=x\r\nchangetype: add\r\nobjectClass site\r\n');
    const out = join(dir, 'snap.json');
    const run = casaudit(['collect', '--ldif', bad, '-o', out]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^casaudit: .*bad\.ldf:3: .*\n$/);
    assert.ok(!existsSync(out));
  });

  it('refuses an export cut off in its middle (a truncated copy of the demo) with one line naming the file and line, leaving no report', () => {
    const dir = tempDir();
    const whole = readFileSync(LDIF);
    const cut = join(dir, 'cut.ldf');
    // Cut inside the line of the first msExchMDBCopy's host server link, well into the export.
    const at = whole.indexOf('msExchHostServerLink: ') + 30;
    writeFileSync(cut, whole.subarray(0, at));
    const line = whole.subarray(0, at).toString('latin1').split('\n').length;
    const out = join(dir, 'report.json');
    const run = casaudit(['audit', '--ldif', cut, '-f', 'json', '-o', out]);
    assert.equal(run.status, 2);
    assert.equal(run.stderr, `casaudit: ${cut}:${line}: the file ends without a line break after its last line: the export looks cut off (truncated); export it again\n`);
    assert.ok(!existsSync(out));
  });

  it('refuses a directory export without an Exchange organization, rather than auditing it as clean', () => {
    const dir = tempDir();
    const empty = join(dir, 'sites.ldf');
    writeFileSync(empty, 'dn: CN=SiteA,CN=Sites,CN=Configuration,DC=x\r\nobjectClass: site\r\ncn: SiteA\r\n');
    const run = casaudit(['audit', '--ldif', empty]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /no Exchange organization found/);
    assert.equal(run.stdout, '');
  });

  it('refuses a password in --ldap-url on one line that never repeats it, and writes nothing', () => {
    const out = join(tempDir(), 'snap.json');
    const run = casaudit(['collect', '--ldap-url', 'ldaps://auditor:s3cret@dc01.contoso.invalid', '--bind-dn', 'auditor@contoso.invalid', '-o', out]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^casaudit: --ldap-url ldaps:\/\/dc01\.contoso\.invalid: .*--bind-dn .*--password-env or --password-file\n/);
    assert.doesNotMatch(run.stderr, /s3cret/);
    assert.ok(!existsSync(out));
  });

  it('refuses a time-out longer than a timer can wait, as a usage error', () => {
    const run = casaudit(['collect', '--ldap-url', 'ldaps://dc01.contoso.invalid', '--no-dns', '--timeout', '2592000']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^casaudit: --timeout must be a number of seconds above 0 and at most 2147483 \(about 24\.8 days/);
    assert.equal(run.stdout, '');
  });

  it('takes a snapshot or source flags, not both, and collect needs a source', () => {
    const both = casaudit(['audit', 'fixtures/demo/snapshot.json', '--ldif', LDIF]);
    assert.equal(both.status, 2);
    assert.match(both.stderr, /snapshot files or source flags \(--ldif, --ldap-url\), not both/);
    const none = casaudit(['collect']);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /collect needs at least one source/);
    const missing = casaudit(['audit', '--ldif', 'nope.ldf']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nope\.ldf: cannot read LDIF: no such file/);
  });
});
