/**
 * Live collection against a real OpenLDAP slapd holding the demo directory
 * (test/support/slapd.ts), over LDAPS and StartTLS with a test CA.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { createServer, type Server as NetServer } from 'node:net';
import { join } from 'node:path';
import { collectSnapshot } from '../src/collect/collect.js';
import { collectFromLdap, type LdapOptions } from '../src/collect/ldap/collect-ldap.js';
import { canonicalDirectory } from './support/canonical.js';
import { freePort } from './support/child-server.js';
import { casaudit } from './support/cli.js';
import { startSlapd, type SlapdServer } from './support/slapd.js';
import { makeTestCa, type TestCa } from './support/test-ca.js';
import { tempDir } from './support/tmp.js';

const LDIF = 'fixtures/demo/northwind.ldif';

describe('live LDAP collection (real slapd)', function () {
  this.timeout(30000);
  let ca: TestCa;
  let slapd: SlapdServer;

  before(async () => {
    ca = await makeTestCa(tempDir());
    slapd = await startSlapd({ ldif: [LDIF], tls: ca });
  });
  after(async () => slapd?.stop());

  const secure = (): LdapOptions => ({
    url: slapd.ldapsUrl!,
    bindDn: slapd.bindDn,
    password: slapd.password,
    caFile: ca.caFile,
    startTls: false,
    insecurePlaintext: false,
    insecureSkipVerify: false,
    timeoutMs: 5000,
    pageSize: 500,
  });
  const cliEnv = () => ({ CASAUDIT_TEST_PASSWORD: slapd.password });
  const cliBind = () => ['--bind-dn', slapd.bindDn, '--password-env', 'CASAUDIT_TEST_PASSWORD'];

  it('gives the same snapshot as the LDIF import of the same directory', async () => {
    const live = await collectSnapshot({ ldif: [], ldap: secure() });
    const offline = await collectSnapshot({ ldif: [LDIF] });
    assert.deepEqual(canonicalDirectory(live, { keepGuid: true }), canonicalDirectory(offline, { keepGuid: true }));
    assert.equal(live.servers.length, 9);
    assert.deepEqual(live.collection.sources, [{ kind: 'ldap', location: slapd.ldapsUrl!.replace(/\/$/, ''), status: 'collected', objects: 64 }]);
  });

  it('audits over LDAPS from the CLI with the same findings as the LDIF', () => {
    const live = casaudit(['audit', '--no-dns', '--ldap-url', slapd.ldapsUrl!, '--ca-file', ca.caFile, ...cliBind(), '-f', 'json'], { env: cliEnv() });
    assert.equal(live.status, 1, live.stderr);
    const offline = casaudit(['audit', '--ldif', LDIF, '-f', 'json']);
    const ids = (out: string) => (JSON.parse(out).findings as { ruleId: string; target: { name: string } }[]).map((f) => `${f.ruleId} ${f.target.name}`);
    assert.deepEqual(ids(live.stdout), ids(offline.stdout));
    assert.ok(!live.stderr.includes(slapd.password) && !live.stdout.includes(slapd.password), 'the password is never printed');
  });

  it('collects over StartTLS with the CA, and writes the snapshot atomically', () => {
    const dir = tempDir();
    const out = join(dir, 'snap.json');
    const run = casaudit(['collect', '--no-dns', '--ldap-url', slapd.url, '--starttls', '--ca-file', ca.caFile, ...cliBind(), '-o', out], { env: cliEnv() });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(readdirSync(dir), ['snap.json']);
    assert.equal(casaudit(['validate', out]).status, 1, 'valid JSON; the planted deleted site is the one reference problem');
  });

  it('rejects the server certificate without the test CA, over LDAPS and StartTLS', () => {
    const ldaps = casaudit(['collect', '--no-dns', '--ldap-url', slapd.ldapsUrl!, ...cliBind()], { env: cliEnv() });
    assert.equal(ldaps.status, 2);
    assert.match(ldaps.stderr, /^casaudit: ldaps:\/\/127\.0\.0\.1:\d+: TLS certificate not accepted \((SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)/);
    const starttls = casaudit(['collect', '--no-dns', '--ldap-url', slapd.url, '--starttls', ...cliBind()], { env: cliEnv() });
    assert.equal(starttls.status, 2);
    assert.match(starttls.stderr, /TLS certificate not accepted/);
  });

  it('accepts an unchecked certificate or plain LDAP only behind the insecure flags, with a warning', () => {
    const plain = casaudit(['collect', '--no-dns', '--ldap-url', slapd.url, ...cliBind()], { env: cliEnv() });
    assert.equal(plain.status, 2);
    assert.match(plain.stderr, /plain ldap:\/\/ sends the password .*--insecure-plaintext-ldap/);
    const allowed = casaudit(['collect', '--no-dns', '--ldap-url', slapd.url, '--insecure-plaintext-ldap', ...cliBind(), '-q'], { env: cliEnv() });
    assert.equal(allowed.status, 0, allowed.stderr);
    assert.match(allowed.stderr, /WARNING: --insecure-plaintext-ldap/);
    const unchecked = casaudit(['collect', '--no-dns', '--ldap-url', slapd.ldapsUrl!, '--insecure-skip-tls-verify', ...cliBind()], { env: cliEnv() });
    assert.equal(unchecked.status, 0, unchecked.stderr);
    assert.match(unchecked.stderr, /WARNING: --insecure-skip-tls-verify/);
  });

  it('refuses a wrong password with one line naming the server, and leaves no snapshot', () => {
    const dir = tempDir();
    const out = join(dir, 'snap.json');
    const run = casaudit(['collect', '--no-dns', '--ldap-url', slapd.ldapsUrl!, '--ca-file', ca.caFile, '--bind-dn', slapd.bindDn, '--password-env', 'WRONG_PW', '-o', out], {
      env: { WRONG_PW: 'not-the-password' },
    });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^casaudit: ldaps:\/\/127\.0\.0\.1:\d+: bind failed: wrong user name or password\n$/);
    assert.ok(!run.stderr.includes('not-the-password'));
    assert.ok(!existsSync(out));
  });

  it('points at the bind account when an anonymous bind may read nothing', () => {
    const run = casaudit(['audit', '--no-dns', '--ldap-url', slapd.ldapsUrl!, '--ca-file', ca.caFile]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^casaudit: ldaps:\/\/127\.0\.0\.1:\d+: the base DN CN=Configuration,DC=northwind,DC=local does not exist on this server, or the bind account may not read it\n$/);
  });

  it('refuses a base DN that covers only part of the configuration (the administrative group: servers without organization or sites)', () => {
    const base = 'CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Northwind,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=northwind,DC=local';
    const out = join(tempDir(), 'report.json');
    const run = casaudit(['audit', '--no-dns', '--ldap-url', slapd.ldapsUrl!, '--ca-file', ca.caFile, ...cliBind(), '--base-dn', base, '-f', 'json', '-o', out], { env: cliEnv() });
    assert.equal(run.status, 2, run.stderr);
    assert.equal(
      run.stderr.replace(/:\d+ /, ':PORT '),
      `casaudit: ldaps://127.0.0.1:PORT (${base}) holds only part of the configuration (no msExchOrganizationContainer, no AD site (CN=Sites)): use the configuration naming context as the base DN (leave out --base-dn), see docs/collecting.md\n`,
    );
    assert.ok(!existsSync(out));
  });

  it('says so when the base DN holds no Exchange organization, instead of a clean audit', () => {
    const run = casaudit(['audit', '--no-dns', '--ldap-url', slapd.ldapsUrl!, '--ca-file', ca.caFile, ...cliBind(), '--base-dn', 'CN=Users,DC=northwind,DC=local'], {
      env: cliEnv(),
    });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /ldaps:\/\/127\.0\.0\.1:\d+ \(CN=Users,DC=northwind,DC=local\): no Exchange organization found/);
  });
});

/** Plain LDAP to the test server's ldap:// port, as the reader user. */
function plain(slapd: SlapdServer, overrides: Partial<LdapOptions> = {}): LdapOptions {
  return {
    url: slapd.url,
    bindDn: slapd.bindDn,
    password: slapd.password,
    startTls: false,
    insecurePlaintext: true,
    insecureSkipVerify: false,
    timeoutMs: 5000,
    pageSize: 500,
    ...overrides,
  };
}

describe('live LDAP collection: paging and failures (real slapd)', function () {
  this.timeout(30000);

  it('pages through more entries than one page and the server size limit (1000)', async () => {
    const slapd = await startSlapd({ ldif: [LDIF], extraEntries: 2500, extraEntryClass: 'msExchMDBCopy' });
    try {
      const pages: string[] = [];
      const result = await collectFromLdap(plain(slapd, { progress: (m) => pages.push(m) }));
      assert.equal(result.entries.length, 64 + 2500);
      assert.ok(pages.filter((m) => m.startsWith('read ')).length >= 6, `${pages.length} progress messages`);
    } finally {
      await slapd.stop();
    }
  });

  it('reports a referral in one line instead of following it', async () => {
    const slapd = await startSlapd({ ldif: [LDIF, 'test/fixtures/ldap/referral.ldif'] });
    try {
      const base = 'CN=Elsewhere,CN=Configuration,DC=northwind,DC=local';
      await assert.rejects(
        collectFromLdap(plain(slapd, { baseDn: base })),
        new RegExp(`^UserError: ldap://127\\.0\\.0\\.1:\\d+: the server sent a referral: connect to a domain controller of the forest that holds ${base}$`),
      );
    } finally {
      await slapd.stop();
    }
  });

  it('reports a server stopped in the middle of the collection', async () => {
    const slapd = await startSlapd({ ldif: [LDIF], extraEntries: 2500, extraEntryClass: 'msExchMDBCopy' });
    let stopping: Promise<void> | undefined;
    await assert.rejects(
      collectFromLdap(
        plain(slapd, {
          timeoutMs: 3000,
          pageSize: 100,
          progress: (m) => {
            if (m.startsWith('read ')) stopping ??= slapd.stop();
          },
        }),
      ),
      /^UserError: ldap:\/\/127\.0\.0\.1:\d+: (the server closed the connection|the connection was lost|connection refused|no answer within 3 s)/,
    );
    await stopping;
  });

  it('fails within the time-out when nothing listens, and when the peer never answers', async () => {
    const port = await freePort();
    const refused = casaudit(['collect', '--no-dns', '--ldap-url', `ldap://127.0.0.1:${port}`, '--insecure-plaintext-ldap', '--timeout', '2']);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, new RegExp(`^casaudit: ldap://127\\.0\\.0\\.1:${port}: connection refused`, 'm'));

    // A TCP peer that accepts and never speaks LDAP: the collector must give up after --timeout.
    const silent: NetServer = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentPort = (silent.address() as { port: number }).port;
    try {
      const started = Date.now();
      const result = await collectFromLdap({
        url: `ldap://127.0.0.1:${silentPort}`,
        startTls: false,
        insecurePlaintext: true,
        insecureSkipVerify: false,
        timeoutMs: 1000,
        pageSize: 500,
      }).then(
        () => 'resolved',
        (err: Error) => err.message,
      );
      assert.match(result, new RegExp(`^ldap://127\\.0\\.0\\.1:${silentPort}: no answer within 1 s \\(time-out\\)$`));
      assert.ok(Date.now() - started < 10000, 'gave up long before the test time-out');
    } finally {
      silent.close();
    }
  });
});
