/**
 * The slapd test harness itself: a real OpenLDAP slapd loaded with the demo
 * ldifde export must answer like the AD casaudit reads (classes, the bitwise
 * role filter, rootDSE, paging, LDAPS/StartTLS), and stop() must leave nothing.
 * Queried with OpenLDAP's ldapsearch so that these checks do not depend on
 * casaudit's own LDAP client.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONFIGURATION_NC,
  FILLER_CONTAINER_DN,
  MISSING_SLAPD_MESSAGE,
  requireLdapTool,
  slapdAvailable,
  startSlapd,
  SUFFIX,
  type SlapdServer,
} from './support/slapd.js';
import { makeTestCa, type TestCa } from './support/test-ca.js';
import { tempDir } from './support/tmp.js';

const DEMO_LDIF = 'fixtures/demo/northwind.ldif';
const SERVERS = ['DUB-EX07', 'EDI-EX1', 'EDI-MBX2', 'LON-CAS1', 'LON-CAS2', 'LON-MBX1', 'LON-MBX2', 'MAN-EX1', 'MAN-EX2'];
const ARRAYS = ['lon-cas1', 'outlook-gla', 'outlook-lds', 'outlook-lon', 'outlook-man'];
/** msExchCurrentServerRoles with the ClientAccess bit (4): 36 and 38 in the export. */
const CAS_SERVERS = ['DUB-EX07', 'EDI-EX1', 'LON-CAS1', 'LON-CAS2', 'MAN-EX1', 'MAN-EX2'];

interface SearchResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs ldapsearch (-LLL, no line wrapping) and returns its exit code and output; never throws on LDAP errors. */
function ldapsearch(args: string[], env: Record<string, string> = {}): Promise<SearchResult> {
  return new Promise((resolve, reject) => {
    execFile(
      requireLdapTool('ldapsearch'),
      ['-LLL', '-o', 'ldif-wrap=no', ...args],
      { env: { ...process.env, LDAPTLS_REQCERT: 'demand', ...env }, timeout: 30_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

function bound(server: SlapdServer): string[] {
  return ['-x', '-H', server.url, '-D', server.bindDn, '-w', server.password];
}

function dns(result: SearchResult): string[] {
  return result.stdout.split('\n').filter((l) => l.startsWith('dn: ')).map((l) => l.slice(4));
}

/** The cn of each returned entry (the first RDN's value), sorted. */
function names(result: SearchResult): string[] {
  return dns(result)
    .map((dn) => dn.slice(dn.indexOf('=') + 1, dn.indexOf(',')))
    .sort();
}

function values(result: SearchResult, attribute: string): string[] {
  const prefix = `${attribute.toLowerCase()}:`;
  return result.stdout
    .split('\n')
    .filter((l) => l.toLowerCase().startsWith(prefix))
    .map((l) => l.slice(attribute.length + 1));
}

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

describe('slapd test harness (real OpenLDAP slapd)', function () {
  this.timeout(60_000);
  let ca: TestCa;
  let server: SlapdServer;

  before(async function () {
    // A missing slapd fails the suite with how to install it; it is never a skip.
    if (!slapdAvailable()) throw new Error(MISSING_SLAPD_MESSAGE);
    requireLdapTool('slapadd');
    requireLdapTool('ldapsearch');
    ca = await makeTestCa(join(tempDir('casaudit-ca-'), 'ca'));
    server = await startSlapd({ ldif: [DEMO_LDIF], tls: ca });
  });

  after(async () => {
    await server?.stop();
  });

  it('describes itself: loopback URLs, the northwind suffix and configuration NC, a non-root reader', () => {
    assert.match(server.url, /^ldap:\/\/127\.0\.0\.1:\d+$/);
    assert.match(server.ldapsUrl ?? '', /^ldaps:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(server.suffix, 'DC=northwind,DC=local');
    assert.equal(server.configurationNC, 'CN=Configuration,DC=northwind,DC=local');
    assert.equal(server.bindDn, `CN=casaudit-reader,CN=Users,${SUFFIX}`);
    assert.ok(server.password.length >= 12);
  });

  it('holds the 9 servers and 5 CAS arrays of the demo export, arrays being msExchExchangeServer too', async () => {
    const all = await ldapsearch([...bound(server), '-b', CONFIGURATION_NC, '(objectClass=msExchExchangeServer)', 'dn']);
    assert.equal(all.code, 0, all.stderr);
    assert.deepEqual(names(all), [...SERVERS, ...ARRAYS].sort());

    const arrays = await ldapsearch([...bound(server), '-b', CONFIGURATION_NC, '(objectClass=msExchClientAccessArray)', 'dn']);
    assert.deepEqual(names(arrays), ARRAYS);
    const servers = await ldapsearch([
      ...bound(server), '-b', CONFIGURATION_NC,
      '(&(objectClass=msExchExchangeServer)(!(objectClass=msExchClientAccessArray)))', 'dn',
    ]);
    assert.deepEqual(names(servers), SERVERS);
  });

  it('evaluates AD\'s bitwise filter for the ClientAccess role', async () => {
    const cas = await ldapsearch([
      ...bound(server), '-b', CONFIGURATION_NC,
      '(&(objectClass=msExchExchangeServer)(msExchCurrentServerRoles:1.2.840.113556.1.4.803:=4))', 'dn',
    ]);
    assert.equal(cas.code, 0, cas.stderr);
    assert.deepEqual(names(cas), CAS_SERVERS);
  });

  it('finds the other classes casaudit reads', async () => {
    const count = async (filter: string) =>
      dns(await ldapsearch([...bound(server), '-b', CONFIGURATION_NC, filter, 'dn'])).length;
    assert.equal(await count('(objectClass=site)'), 5);
    assert.equal(await count('(objectClass=subnet)'), 5);
    assert.equal(await count('(objectClass=msExchMDB)'), 14);
    assert.equal(await count('(objectClass=msExchPublicMDB)'), 1);
    assert.equal(await count('(objectClass=msExchMDBCopy)'), 22);
    assert.equal(await count('(objectClass=msExchMDBAvailabilityGroup)'), 3);
    assert.equal(await count('(objectClass=msExchOrganizationContainer)'), 1);
  });

  it('keeps values byte for byte: base64 objectGUID and description, distinguishedName in its own case', async () => {
    const dublin = await ldapsearch([
      ...bound(server), '-b', `CN=Dublin,CN=Sites,${CONFIGURATION_NC}`, '-s', 'base', '(objectClass=*)',
      'objectGUID', 'description', 'distinguishedName',
    ]);
    assert.equal(dublin.code, 0, dublin.stderr);
    assert.deepEqual(values(dublin, 'objectGUID'), [': TH22rmWR6d23MirJqFq+uA==']);
    assert.deepEqual(values(dublin, 'description'), [': QmFpbGUgw4F0aGEgQ2xpYXRoIG9mZmljZQ==']);
    assert.equal(Buffer.from('QmFpbGUgw4F0aGEgQ2xpYXRoIG9mZmljZQ==', 'base64').toString('utf8'), 'Baile Átha Cliath office');
    assert.deepEqual(values(dublin, 'distinguishedName'), [' CN=Dublin,CN=Sites,CN=Configuration,DC=northwind,DC=local']);
    // slapd returns the entry DN with lower-cased attribute types (AD keeps CN=/DC=): compare DNs case-insensitively.
    assert.deepEqual(dns(dublin), ['cn=Dublin,cn=Sites,cn=Configuration,dc=northwind,dc=local']);
  });

  it('publishes the AD naming contexts in the rootDSE to anonymous clients', async () => {
    const root = await ldapsearch(['-x', '-H', server.url, '-b', '', '-s', 'base', '(objectClass=*)',
      'configurationNamingContext', 'defaultNamingContext', 'rootDomainNamingContext', 'dnsHostName']);
    assert.equal(root.code, 0, root.stderr);
    assert.deepEqual(values(root, 'configurationNamingContext'), [' CN=Configuration,DC=northwind,DC=local']);
    assert.deepEqual(values(root, 'defaultNamingContext'), [' DC=northwind,DC=local']);
    assert.deepEqual(values(root, 'rootDomainNamingContext'), [' DC=northwind,DC=local']);
    assert.deepEqual(values(root, 'dnsHostName'), [' dc01.northwind.local']);
  });

  it('lets only the bound reader see the directory: anonymous sees nothing, a wrong password is refused', async () => {
    const anonymous = await ldapsearch(['-x', '-H', server.url, '-b', CONFIGURATION_NC, '(objectClass=*)', 'dn']);
    assert.deepEqual(dns(anonymous), []);
    const wrong = await ldapsearch(['-x', '-H', server.url, '-D', server.bindDn, '-w', 'not-the-password', '-b', SUFFIX, 'dn']);
    assert.equal(wrong.code, 49, 'invalidCredentials');
    const password = await ldapsearch([...bound(server), '-b', server.bindDn, '-s', 'base', '(objectClass=*)', 'userPassword']);
    assert.equal(password.code, 0, password.stderr);
    assert.deepEqual(values(password, 'userPassword'), []);
  });

  it('serves LDAPS with a certificate from the test CA, and refuses it without trusting that CA', async () => {
    const trusted = await ldapsearch(
      ['-x', '-H', server.ldapsUrl!, '-D', server.bindDn, '-w', server.password, '-b', CONFIGURATION_NC, '(objectClass=msExchClientAccessArray)', 'dn'],
      { LDAPTLS_CACERT: ca.caFile },
    );
    assert.equal(trusted.code, 0, trusted.stderr);
    assert.deepEqual(names(trusted), ARRAYS);

    const untrusted = await ldapsearch(
      ['-x', '-H', server.ldapsUrl!, '-b', '', '-s', 'base', '(objectClass=*)', 'dn'],
      { LDAPTLS_CACERT: '/dev/null' },
    );
    assert.notEqual(untrusted.code, 0, 'an unknown CA must fail verification');
  });

  it('serves StartTLS on the ldap:// port (-ZZ)', async () => {
    const starttls = await ldapsearch(
      ['-ZZ', ...bound(server), '-b', CONFIGURATION_NC, '(objectClass=msExchClientAccessArray)', 'dn'],
      { LDAPTLS_CACERT: ca.caFile },
    );
    assert.equal(starttls.code, 0, starttls.stderr);
    assert.deepEqual(names(starttls), ARRAYS);
  });

  it('pages like AD: 2500 extra entries come back in full with paging, unpaged searches stop at 1000', async () => {
    const paging = await startSlapd({ ldif: [DEMO_LDIF], extraEntries: 2500 });
    try {
      const paged = await ldapsearch([...bound(paging), '-E', 'pr=500/noprompt', '-b', CONFIGURATION_NC, '(objectClass=*)', 'dn']);
      assert.equal(paged.code, 0, paged.stderr);
      const all = dns(paged);
      assert.ok(all.length > 2500 + 64, `${all.length} entries`);
      const fillers = all.filter((dn) => /^cn=filler-\d{6},cn=casaudit-paging-filler,/i.test(dn));
      assert.equal(fillers.length, 2500);

      const unpaged = await ldapsearch([...bound(paging), '-b', FILLER_CONTAINER_DN, '-s', 'one', '(objectClass=*)', 'dn']);
      assert.equal(unpaged.code, 4, 'sizeLimitExceeded');
      assert.equal(dns(unpaged).length, 1000);

      // The filler entries are plain containers: none of casaudit's classes gains an entry.
      const servers = await ldapsearch([...bound(paging), '-E', 'pr=500/noprompt', '-b', CONFIGURATION_NC, '(objectClass=msExchExchangeServer)', 'dn']);
      assert.equal(dns(servers).length, 14);
    } finally {
      await paging.stop();
    }
  });

  it('can make the extra entries database copies without a server, which match casaudit\'s query', async () => {
    const paging = await startSlapd({ ldif: [DEMO_LDIF], extraEntries: 1100, extraEntryClass: 'msExchMDBCopy' });
    try {
      const copies = await ldapsearch([...bound(paging), '-E', 'pr=1000/noprompt', '-b', CONFIGURATION_NC, '(objectClass=msExchMDBCopy)', 'msExchHostServerLink']);
      assert.equal(copies.code, 0, copies.stderr);
      assert.equal(dns(copies).length, 22 + 1100);
      assert.equal(values(copies, 'msExchHostServerLink').length, 22, 'only the real copies name a server');
    } finally {
      await paging.stop();
    }
  });

  it('stop() ends the slapd process and removes its temp dir; a second stop() is harmless', async () => {
    const small = await startSlapd({});
    assert.ok(!processGone(small.pid), 'slapd runs');
    assert.ok(existsSync(small.dir));
    const root = await ldapsearch(['-x', '-H', small.url, '-b', '', '-s', 'base', 'configurationNamingContext']);
    assert.deepEqual(values(root, 'configurationNamingContext'), [' CN=Configuration,DC=northwind,DC=local']);
    await small.stop();
    assert.ok(processGone(small.pid), `slapd pid ${small.pid} is gone`);
    assert.ok(!existsSync(small.dir), `${small.dir} is removed`);
    await small.stop();
    const after = await ldapsearch(['-x', '-H', small.url, '-b', '', '-s', 'base', 'dn']);
    assert.equal(after.code, 255, 'nothing listens any more');
  });

  it('fails to start with slapadd\'s own message, leaving no temp dir, when an entry breaks the schema', async () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.ldif');
    writeFileSync(
      bad,
      ['dn: CN=EX99,CN=Servers,CN=Configuration,DC=northwind,DC=local', 'changetype: add', 'objectClass: top',
        'objectClass: msExchExchangeServer', 'cn: EX99', 'msExchNoSuchAttribute: 1', ''].join('\r\n'),
    );
    const harnessDirs = () => new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('casaudit-slapd-')));
    const before = harnessDirs();
    await assert.rejects(startSlapd({ ldif: [bad] }), (error: Error) => {
      assert.match(error.message, /slapadd could not load the test directory/);
      assert.match(error.message, /msExchNoSuchAttribute/);
      assert.match(error.message, /dn: CN=EX99,CN=Servers/, 'shows the entry slapadd stopped at');
      return true;
    });
    assert.deepEqual([...harnessDirs()].filter((name) => !before.has(name)), [], 'no temp dir left behind');
  });
});
