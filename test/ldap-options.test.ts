import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Attribute } from 'ldapts';
import yargs from 'yargs';
import { AD_ATTRIBUTES, AD_FILTER } from '../src/collect/ad/query.js';
import { collectFromLdap, type LdapOptions } from '../src/collect/ldap/collect-ldap.js';
import { displayUrl } from '../src/collect/ldap/ldap-url.js';
import { readPassword } from '../src/collect/ldap/password.js';
import { GENERAL_FLAGS, type GeneralArgs } from '../src/cli/flags.js';
import { SOURCE_FLAGS, type SourceArgs } from '../src/cli/source-flags.js';
import { UserError } from '../src/util/errors.js';
import { tempDir } from './support/tmp.js';

const base: LdapOptions = { url: 'ldap://127.0.0.1:1', startTls: false, insecurePlaintext: false, insecureSkipVerify: false, timeoutMs: 2000, pageSize: 500 };

describe('LDAP collection options', () => {
  it('the ldifde command in docs/collecting.md reads exactly what the live search reads', () => {
    const doc = readFileSync('docs/collecting.md', 'utf8');
    const command = /```bat\n(ldifde [\s\S]*?)\n```/.exec(doc)?.[1]?.replace(/\s*\^\n\s*/g, ' ');
    assert.ok(command, 'docs/collecting.md has the ldifde command');
    assert.equal(/-r "([^"]+)"/.exec(command)?.[1], AD_FILTER);
    assert.deepEqual(/-l "([^"]+)"/.exec(command)?.[1]?.split(','), [...AD_ATTRIBUTES]);
  });

  it('refuses plain ldap:// unless the insecure flag says so, and StartTLS on ldaps://', async () => {
    await assert.rejects(collectFromLdap(base), /plain ldap:\/\/ sends the password .* --insecure-plaintext-ldap/);
    await assert.rejects(collectFromLdap({ ...base, url: 'ldaps://127.0.0.1:1', startTls: true }), /--starttls goes with ldap:\/\//);
    await assert.rejects(collectFromLdap({ ...base, url: 'http://dc01' }), /the scheme must be ldaps:\/\/ or ldap:\/\//);
  });

  it('names a missing CA file', async () => {
    await assert.rejects(collectFromLdap({ ...base, url: 'ldaps://127.0.0.1:1', caFile: '/nope/ca.pem' }), /^UserError: \/nope\/ca\.pem: cannot read CA file \(--ca-file\): no such file$/);
  });

  it('still finds the ldapts hook that spares objectGUID a failed UTF-8 decode (a renamed hook only slows collection: this says so)', () => {
    const hook = (Attribute.prototype as unknown as { _isBinaryType?: (this: unknown) => boolean })._isBinaryType;
    assert.equal(typeof hook, 'function', 'ldapts renamed Attribute.prototype._isBinaryType: update src/collect/ldap/collect-ldap.ts');
    assert.equal(hook!.call(new Attribute({ type: 'objectGUID' })), true);
    assert.equal(hook!.call(new Attribute({ type: 'cn' })), false);
  });

  it('shows URLs without user info', () => {
    assert.equal(displayUrl('ldaps://admin:secret@dc01.contoso.local:636/'), 'ldaps://dc01.contoso.local:636');
  });

  it('refuses a user or password in the URL, pointing to --bind-dn and --password-env|file, never repeating the password', async () => {
    const refused = (url: string) => (err: unknown) => {
      assert.ok(err instanceof UserError);
      assert.match(err.message, /^--ldap-url ldaps:\/\/dc01\.contoso\.local(:636)?: a user name or password in the URL is not used; give the user with --bind-dn and the password with --password-env or --password-file$/, url);
      assert.doesNotMatch(err.message, /s3cret|auditor/, url);
      return true;
    };
    for (const url of ['ldaps://auditor:s3cret@dc01.contoso.local', 'ldaps://auditor@dc01.contoso.local:636/', 'ldaps://:s3cret@dc01.contoso.local', 'ldaps://auditor:s3c ret%@dc01.contoso.local']) {
      await assert.rejects(collectFromLdap({ ...base, url }), refused(url));
    }
    // Not a URL at all: the error still leaves the password out.
    await assert.rejects(collectFromLdap({ ...base, url: 'ldaps://auditor:s3cret@[dc01' }), (err: unknown) => err instanceof UserError && !/s3cret/.test(err.message));
  });
});

describe('progress messages', () => {
  // Every flag at its declared default, as yargs hands them to a command, then a live source.
  const defaults = yargs([]).options(SOURCE_FLAGS).options(GENERAL_FLAGS).parseSync();
  const args: SourceArgs & GeneralArgs = { ...defaults, ldapUrl: 'ldaps://dc01.contoso.local' };

  it('go to stderr only when it is a terminal, and never with --quiet', async () => {
    const { collectOptionsFrom } = await import('../src/cli/sources.js');
    const isTTY = process.stderr.isTTY;
    try {
      Object.defineProperty(process.stderr, 'isTTY', { value: true, configurable: true });
      assert.equal(typeof (await collectOptionsFrom(args)).ldap?.progress, 'function');
      assert.equal((await collectOptionsFrom({ ...args, quiet: true })).ldap?.progress, undefined);
      Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
      assert.equal((await collectOptionsFrom(args)).ldap?.progress, undefined);
    } finally {
      Object.defineProperty(process.stderr, 'isTTY', { value: isTTY, configurable: true });
    }
  });

  it('asks the system resolvers by default for a live audit, never for an LDIF one, and not with --no-dns', async () => {
    const { collectOptionsFrom } = await import('../src/cli/sources.js');
    const { systemDnsServers } = await import('../src/collect/dns/server.js');
    let system: unknown;
    try {
      system = systemDnsServers();
    } catch (err) {
      system = err;
    }
    if (system instanceof Error) {
      // The operating system names no resolver here: the default must fail the same way, not silently skip DNS.
      await assert.rejects(collectOptionsFrom(args), { message: system.message });
    } else {
      assert.deepEqual((await collectOptionsFrom(args)).dns?.internal?.servers, system);
    }
    assert.equal((await collectOptionsFrom({ ...args, dns: false })).dns, undefined);
    assert.equal((await collectOptionsFrom({ ...args, ldapUrl: undefined, ldif: ['x.ldf'] })).dns, undefined);
    const zone = await collectOptionsFrom({ ...args, zone: ['z.dns'] });
    assert.equal(zone.dns, undefined, '--zone replaces the default');
    assert.deepEqual(zone.zones, [{ file: 'z.dns' }]);
    await assert.rejects(collectOptionsFrom({ ...args, dns: false, dnsServer: ['10.0.0.53'] }), /--no-dns contradicts --zone and --dns-server/);
  });

  it('LDAP flags without --ldap-url, and page sizes AD would refuse, are usage errors', async () => {
    const { collectOptionsFrom } = await import('../src/cli/sources.js');
    await assert.rejects(collectOptionsFrom({ ...args, ldapUrl: undefined, starttls: true }), /need --ldap-url/);
    await assert.rejects(collectOptionsFrom({ ...args, pageSize: 1001 }), /--page-size must be a whole number from 1 to 1000/);
    await assert.rejects(collectOptionsFrom({ ...args, timeout: 0 }), /--timeout must be/);
  });

  it('time-outs a timer cannot wait (over 2^31-1 ms, which Node turns into 1 ms) are usage errors', async () => {
    const { collectOptionsFrom } = await import('../src/cli/sources.js');
    const { UsageError } = await import('../src/cli/usage-error.js');
    const dns = { ...args, dnsServer: ['10.0.0.53'] };
    const longest = Math.floor((2 ** 31 - 1) / 1000);
    assert.equal((await collectOptionsFrom({ ...dns, timeout: longest, dnsTimeout: longest })).ldap?.timeoutMs, longest * 1000);
    assert.equal((await collectOptionsFrom({ ...dns, dnsTimeout: longest })).dns?.internal?.timeoutMs, longest * 1000);
    for (const value of [longest + 1, 30 * 24 * 3600, Infinity, NaN, -1]) {
      for (const [flag, given] of [['--timeout', { ...dns, timeout: value }], ['--dns-timeout', { ...dns, dnsTimeout: value }]] as const) {
        await assert.rejects(collectOptionsFrom(given), (err: unknown) => {
          assert.ok(err instanceof UsageError, `${flag} ${value}`);
          assert.equal(err.message, `${flag} must be a number of seconds above 0 and at most ${longest} (about 24.8 days, the longest a timer can wait)`);
          return true;
        });
      }
    }
  });

  it('refuses a password in --ldap-url before asking for one', async () => {
    const { collectOptionsFrom } = await import('../src/cli/sources.js');
    const prompted = { ...args, ldapUrl: 'ldaps://auditor:s3cret@dc01.contoso.local', bindDn: 'auditor@contoso.local', passwordEnv: 'CASAUDIT_TEST_UNSET' };
    await assert.rejects(collectOptionsFrom(prompted), /^UserError: --ldap-url ldaps:\/\/dc01\.contoso\.local: a user name or password in the URL is not used/);
  });
});

describe('bind password sources', () => {
  it('reads an environment variable, and refuses an unset or empty one, saying which', async () => {
    try {
      process.env.CASAUDIT_TEST_PW = 's3cret';
      assert.equal(await readPassword({ env: 'CASAUDIT_TEST_PW' }), 's3cret');
      process.env.CASAUDIT_TEST_PW = '';
      await assert.rejects(readPassword({ env: 'CASAUDIT_TEST_PW' }), /^UserError: --password-env CASAUDIT_TEST_PW: the environment variable is empty$/);
    } finally {
      delete process.env.CASAUDIT_TEST_PW;
    }
    await assert.rejects(readPassword({ env: 'CASAUDIT_TEST_PW' }), /^UserError: --password-env CASAUDIT_TEST_PW: the environment variable is not set$/);
  });

  it('reads password files as Windows writes them: UTF-8 with a BOM, UTF-16LE with a BOM, ANSI, CRLF', async () => {
    const dir = tempDir();
    const cases: [string, Buffer][] = [
      ['utf8-bom-crlf', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Pässwörd\r\n', 'utf8')])],
      ['utf16le-bom-crlf', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Pässwörd\r\n', 'utf16le')])],
      ['utf16le-bom', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Pässwörd', 'utf16le')])],
      ['ansi-crlf', Buffer.from('Pässwörd\r\n', 'latin1')],
    ];
    for (const [name, bytes] of cases) {
      writeFileSync(join(dir, name), bytes);
      assert.equal(await readPassword({ file: join(dir, name) }), 'Pässwörd', name);
    }
    // Only the line end goes: spaces and a second line's break are the user's.
    writeFileSync(join(dir, 'inner-crlf'), 'pa ss\r\n\r\n');
    assert.equal(await readPassword({ file: join(dir, 'inner-crlf') }), 'pa ss\r\n');
    writeFileSync(join(dir, 'bom-only'), Buffer.from([0xff, 0xfe, 0x0d, 0x00, 0x0a, 0x00]));
    await assert.rejects(readPassword({ file: join(dir, 'bom-only') }), /bom-only: the file is empty/);
    writeFileSync(join(dir, 'binary'), Buffer.from([0x70, 0x00, 0x77]));
    await assert.rejects(readPassword({ file: join(dir, 'binary') }), /^UserError: --password-file \S+binary: not a password file \(binary data\)$/);
  });

  it('reads a file without its trailing newline, and refuses a missing or empty one', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'pw'), 'pa ss\n');
    assert.equal(await readPassword({ file: join(dir, 'pw') }), 'pa ss');
    writeFileSync(join(dir, 'empty'), '');
    await assert.rejects(readPassword({ file: join(dir, 'empty') }), /the file is empty/);
    await assert.rejects(readPassword({ file: join(dir, 'none') }), /no such file/);
  });

  it('prompts only on a terminal, and otherwise says how to give it', async () => {
    const isTTY = process.stdin.isTTY;
    try {
      Object.defineProperty(process.stdin, 'isTTY', { value: true, configurable: true });
      assert.equal(await readPassword({}, async () => 'typed'), 'typed');
      Object.defineProperty(process.stdin, 'isTTY', { value: false, configurable: true });
      await assert.rejects(readPassword({}, async () => 'typed'), (err: unknown) => err instanceof UserError && /--password-env VAR or --password-file FILE/.test(err.message));
    } finally {
      Object.defineProperty(process.stdin, 'isTTY', { value: isTTY, configurable: true });
    }
  });
});
