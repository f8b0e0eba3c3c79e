/**
 * A private OpenLDAP slapd standing in for Active Directory in integration
 * tests: its own slapd.conf in a temp dir, back_mdb loaded offline with
 * `slapadd -q`, started in the foreground on free 127.0.0.1 ports as a child
 * process this module owns, and stopped (temp dir removed) by stop().
 *
 * It never touches a system slapd, /etc/ldap/slapd.d or the default ports.
 *
 * LDIF files (ldifde exports) are prepared for slapadd by prepareLdif():
 * see there for what changes.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { Client, ResultCodeError } from 'ldapts';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findExecutable, freePort, notReadyError, spawnChildServer, startOnFreePort, tail } from './child-server.js';
import { portOpen, sleep } from './net-probe.js';
import type { TestCa } from './test-ca.js';

export const SUFFIX = 'DC=northwind,DC=local';
export const CONFIGURATION_NC = `CN=Configuration,${SUFFIX}`;
/** The normal (non-rootdn) user the tests bind as; it may read everything but userPassword. */
export const READER_DN = `CN=casaudit-reader,CN=Users,${SUFFIX}`;
/** Where extraEntries go: a plain container inside the configuration NC. */
export const FILLER_CONTAINER_DN = `CN=casaudit-paging-filler,${CONFIGURATION_NC}`;
/** What the rootDSE publishes as dnsHostName (AD's DC name; nothing resolves it). */
export const ROOTDSE_DNS_HOST_NAME = 'dc01.northwind.local';

export const SCHEMA_FILE = fileURLToPath(new URL('../fixtures/ldap/casaudit-ad.schema', import.meta.url));

export const MISSING_SLAPD_MESSAGE =
  'OpenLDAP slapd/slapadd/ldapsearch are not installed, so the LDAP integration tests cannot run. ' +
  'Run .ci/run (it installs them), or: apt-get update && ' +
  'DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slapd ldap-utils openssl';

export interface SlapdOptions {
  /** LDIF files (ldifde style) to load; their DNs must be under DC=northwind,DC=local. */
  ldif?: string[];
  /**
   * Synthetic entries for paging tests, all under FILLER_CONTAINER_DN (inside the
   * configuration NC), named CN=filler-000001… Default class `container`: nothing
   * casaudit's query or mapping reads.
   */
  extraEntries?: number;
  /**
   * Class of the extraEntries. 'msExchMDBCopy' makes them match casaudit's AD query
   * (so the collector itself has to page) while the mapping drops them: they have
   * no msExchHostServerLink.
   */
  extraEntryClass?: 'container' | 'msExchMDBCopy';
  /** Enables StartTLS on the ldap:// port and adds an ldaps:// port. */
  tls?: TestCa;
}

export interface SlapdServer {
  /** ldap://127.0.0.1:PORT */
  url: string;
  /** ldaps://127.0.0.1:PORT2, when started with tls. */
  ldapsUrl?: string;
  suffix: typeof SUFFIX;
  configurationNC: typeof CONFIGURATION_NC;
  /** A normal user (not the rootdn) that may read the directory. */
  bindDn: string;
  password: string;
  /** Entries loaded: the LDIF's, invented parents, the reader and any extra entries. */
  entries: number;
  /** Process id of the slapd child. */
  pid: number;
  /** The temp dir holding slapd.conf, the prepared LDIF and the database; removed by stop(). */
  dir: string;
  /** Kills slapd (SIGTERM, then SIGKILL after 5 s) and removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

// ---------------------------------------------------------------------------
// Locating the OpenLDAP programs and files
// ---------------------------------------------------------------------------

/**
 * The path of slapd, or undefined when it is not installed. Not for skipping
 * tests: a missing slapd must fail them with MISSING_SLAPD_MESSAGE.
 */
export function slapdAvailable(): string | undefined {
  return findExecutable('slapd');
}

/** The path of an OpenLDAP program, or an error that says how to install it. */
export function requireLdapTool(name: 'slapd' | 'slapadd' | 'ldapsearch'): string {
  const found = findExecutable(name);
  if (!found) throw new Error(`${name} not found. ${MISSING_SLAPD_MESSAGE}`);
  return found;
}

function firstExisting(paths: string[]): string | undefined {
  return paths.find((p) => existsSync(p));
}

function coreSchemaFile(): string {
  const found = firstExisting([
    '/etc/ldap/schema/core.schema',
    '/etc/openldap/schema/core.schema',
    '/usr/local/etc/openldap/schema/core.schema',
  ]);
  if (!found) throw new Error(`OpenLDAP core.schema not found. ${MISSING_SLAPD_MESSAGE}`);
  return found;
}

/** Directory holding back_mdb.so, or undefined when slapd has it built in. */
function moduleDir(): string | undefined {
  const dir = firstExisting([
    '/usr/lib/ldap',
    '/usr/lib/x86_64-linux-gnu/ldap',
    '/usr/lib/aarch64-linux-gnu/ldap',
    '/usr/lib64/openldap',
    '/usr/lib/openldap',
    '/usr/libexec/openldap',
  ].map((d) => join(d, 'back_mdb.so')));
  return dir?.slice(0, -'/back_mdb.so'.length);
}

// ---------------------------------------------------------------------------
// LDIF preparation
// ---------------------------------------------------------------------------

interface LdifRecord {
  /** The DN as text (decoded when the file gave it base64). */
  dn: string;
  /** Lines as written: latin1 strings, so every byte of a value survives untouched. */
  lines: string[];
  depth: number;
}

/** Splits a DN into RDN strings at unescaped commas. */
export function splitDn(dn: string): string[] {
  // Slices between commas rather than building strings char by char: loading a 200,000-entry estate splits millions of DNs.
  const rdns: string[] = [];
  let start = 0;
  for (let i = 0; i < dn.length; i++) {
    const ch = dn.charCodeAt(i);
    if (ch === 0x5c) i++; // a backslash escapes the next character (an escaped comma does not split)
    else if (ch === 0x2c) {
      rdns.push(dn.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = dn.slice(start).trim();
  if (last !== '' || rdns.length > 0) rdns.push(last);
  return rdns;
}

/** An RDN's part of a DN key: type and value trimmed and lower-cased. */
function rdnKey(rdn: string): string {
  const eq = rdn.indexOf('=');
  return `${rdn.slice(0, eq).trim()}=${rdn.slice(eq + 1).trim()}`.toLowerCase();
}

/** A comparison key for a DN: RDN types and values trimmed and lower-cased (LDAP compares them case-insensitively). */
function dnKey(dn: string): string {
  return splitDn(dn).map(rdnKey).join(',');
}

/** The value of an RDN with DN escapes (\, \+ \\ \2C …) undone. */
function rdnValue(rdn: string): { type: string; value: string } {
  const eq = rdn.indexOf('=');
  const type = rdn.slice(0, eq).trim();
  const raw = rdn.slice(eq + 1).trim();
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '\\' && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 1, i + 3))) {
      bytes.push(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (ch === '\\' && i + 1 < raw.length) {
      bytes.push(...Buffer.from(raw[i + 1]!, 'utf8'));
      i++;
    } else {
      bytes.push(...Buffer.from(ch, 'utf8'));
    }
  }
  return { type, value: Buffer.from(bytes).toString('utf8') };
}

/** An LDIF attribute line for a text value: plain when RFC 2849 allows it, base64 otherwise. */
function ldifLine(name: string, value: string): string {
  const safe = /^[\x01-\x09\x0b\x0c\x0e-\x1f\x21-\x39\x3b\x3d-\x7f][\x01-\x09\x0b\x0c\x0e-\x7f]*$/.test(value) && !value.endsWith(' ');
  if (value === '' || safe) return `${name}: ${value}`;
  return `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}

/** LDIF lines are kept as latin1 strings; this turns UTF-8 text into that form. */
function latin1(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** Reads ldifde-style LDIF (CRLF or LF, folded lines, comments, `changetype: add`). */
function parseLdif(content: Buffer, file: string): LdifRecord[] {
  let text = content.toString('latin1');
  if (text.startsWith('\xef\xbb\xbf')) text = text.slice(3); // UTF-8 BOM
  const records: LdifRecord[] = [];
  // The record being read: its logical lines (folded lines joined) and the line number each starts on.
  // Read line by line rather than split into an array of all lines: a 200,000-entry export has millions.
  let block: string[] = [];
  let blockAt: number[] = [];
  const flush = () => {
    const lines: string[] = [];
    const ats: number[] = [];
    block.forEach((line, i) => {
      if (line.startsWith('#')) return;
      lines.push(line);
      ats.push(blockAt[i]!);
    });
    block = [];
    blockAt = [];
    let first = 0;
    if (lines.length > 0 && /^version:/i.test(lines[0]!)) first = 1;
    if (lines.length === first) return;
    const dnLine = lines[first]!;
    const dnMatch = /^dn(::?) ?(.*)$/i.exec(dnLine);
    if (!dnMatch) throw new Error(`${file}:${ats[first]}: a record must start with "dn:", found ${JSON.stringify(dnLine.slice(0, 60))}`);
    const dn =
      dnMatch[1] === '::'
        ? Buffer.from(dnMatch[2]!.trim(), 'base64').toString('utf8')
        : Buffer.from(dnMatch[2]!, 'latin1').toString('utf8');
    const kept = [dnLine];
    for (let i = first + 1; i < lines.length; i++) {
      const line = lines[i]!;
      // The regular expression only for lines that can be a changetype (most are not).
      const change = (line.charCodeAt(0) | 0x20) === 0x63 ? /^changetype:\s*(.*)$/i.exec(line) : null;
      if (change) {
        if (change[1]!.trim().toLowerCase() !== 'add') {
          throw new Error(`${file}:${ats[i]}: only "changetype: add" records can be loaded, found ${JSON.stringify(line)}`);
        }
        continue; // slapadd rejects changetype (it reads content records only)
      }
      if (line === '-') throw new Error(`${file}:${ats[i]}: change records (modify) cannot be loaded`);
      kept.push(line);
    }
    records.push({ dn, lines: kept, depth: splitDn(dn).length });
  };
  let lineNumber = 0;
  for (let pos = 0; pos <= text.length; ) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    const line = text.slice(pos, end > pos && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end);
    pos = end + 1;
    lineNumber++;
    if (line === '') flush();
    // Unfold: a line starting with one space continues the previous line (comments too).
    else if (line.startsWith(' ') && block.length > 0) block[block.length - 1] += line.slice(1);
    else {
      block.push(line);
      blockAt.push(lineNumber);
    }
  }
  flush();
  return records;
}

const AD_CLASSES = new Set(['container', 'configuration', 'domainDNS', 'msExchMDBCopy']);

function syntheticEntry(dn: string, objectClass: string, extra: string[] = []): LdifRecord {
  const rdns = splitDn(dn);
  const { type, value } = rdnValue(rdns[0]!);
  const naming = ldifLine(type.toLowerCase() === 'dc' ? 'dc' : type.toLowerCase() === 'ou' ? 'ou' : 'cn', value);
  return {
    dn,
    depth: rdns.length,
    lines: [
      ldifLine('dn', dn),
      'objectClass: top',
      `objectClass: ${objectClass}`,
      naming,
      // AD objects carry their own DN; only the AD classes (adTop) allow it here.
      ...(AD_CLASSES.has(objectClass) ? [ldifLine('distinguishedName', dn)] : []),
      ...extra,
    ].map(latin1),
  };
}

/** The class a missing ancestor gets: the suffix is a domainDNS, CN=Configuration a configuration, the rest containers. */
function ancestorEntry(dn: string): LdifRecord {
  const key = dnKey(dn);
  if (key === dnKey(SUFFIX)) return syntheticEntry(dn, 'domainDNS');
  if (key === dnKey(CONFIGURATION_NC)) return syntheticEntry(dn, 'configuration');
  const { type } = rdnValue(splitDn(dn)[0]!);
  if (type.toLowerCase() === 'ou') return syntheticEntry(dn, 'organizationalUnit');
  if (type.toLowerCase() !== 'cn') throw new Error(`cannot invent the missing parent entry ${dn} (only CN= and OU= parents are made)`);
  return syntheticEntry(dn, 'container');
}

function ssha(password: string): string {
  const salt = randomBytes(8);
  const digest = createHash('sha1').update(password).update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}

export interface PreparedLdif {
  /** The LDIF slapadd loads (latin1-encoded string: write it with 'latin1'). */
  text: string;
  /** Number of entries in it. */
  entries: number;
  /** DNs of the parent entries that were invented because no file had them. */
  addedParents: string[];
}

/**
 * Turns ldifde exports into one LDIF that `slapadd` accepts:
 * - CRLF becomes LF and folded lines are unfolded; comments and `version:` go;
 * - `changetype: add` lines are dropped (slapadd takes content records only;
 *   any other changetype is an error);
 * - every attribute line is otherwise kept as written: values byte for byte,
 *   base64 (`::`) values still base64, `objectClass: top` and
 *   `distinguishedName` included (slapd accepts both);
 * - missing ancestors of every DN are added (the export holds only the objects
 *   casaudit reads, not the containers between them): the suffix as domainDNS,
 *   CN=Configuration as configuration, other CN= parents as container;
 * - the read user (READER_DN, under CN=Users) and any extra filler entries are added;
 * - entries are ordered parents first.
 */
export function prepareLdif(
  files: { name: string; content: Buffer }[],
  reader: { dn: string; password: string },
  extra: { count: number; objectClass: 'container' | 'msExchMDBCopy' } = { count: 0, objectClass: 'container' },
): PreparedLdif {
  const records: LdifRecord[] = [];
  /** Each record's DN key, worked out once (records[i] has keys[i]). */
  const keys: string[] = [];
  const seen = new Map<string, string>();
  const add = (record: LdifRecord, origin: string) => {
    const key = dnKey(record.dn);
    const before = seen.get(key);
    if (before !== undefined) throw new Error(`duplicate entry ${record.dn} (in ${before} and ${origin})`);
    seen.set(key, origin);
    records.push(record);
    keys.push(key);
  };
  for (const file of files) for (const record of parseLdif(file.content, file.name)) add(record, file.name);

  const suffixKey = dnKey(SUFFIX);
  records.forEach((record, i) => {
    const key = keys[i]!;
    if (key !== suffixKey && !key.endsWith(`,${suffixKey}`)) {
      throw new Error(`entry ${record.dn} is outside the test directory's suffix ${SUFFIX}`);
    }
  });

  add(
    syntheticEntry(reader.dn, 'organizationalPerson', [
      'sn: casaudit-reader',
      'description: casaudit integration tests: a normal read-only user',
      `userPassword: ${ssha(reader.password)}`,
    ]),
    'the harness',
  );
  for (const dn of [SUFFIX, CONFIGURATION_NC]) if (!seen.has(dnKey(dn))) add(ancestorEntry(dn), 'the harness');
  if (extra.count > 0) {
    if (!seen.has(dnKey(FILLER_CONTAINER_DN))) {
      add(syntheticEntry(FILLER_CONTAINER_DN, 'container', ['description: casaudit test harness: filler entries for paging tests']), 'the harness');
    }
  }

  // Invent every missing ancestor between an entry and the suffix.
  const addedParents: string[] = [];
  // Parents whose whole chain up to the suffix is known to exist: their other children need no walk
  // (siblings share the walk; an estate of 200,000 entries has far fewer parents).
  const complete = new Set<string>();
  const count = records.length;
  for (let r = 0; r < count; r++) {
    const record = records[r]!;
    const rdns = splitDn(record.dn);
    if (rdns.length < 3) continue;
    // Each RDN's key once per entry; an ancestor's key is a join of the tail (no re-splitting per ancestor).
    const rdnKeys = rdns.map(rdnKey);
    const parentKey = rdnKeys.slice(1).join(',');
    if (complete.has(parentKey)) continue;
    for (let i = 1; i < rdns.length - 1; i++) {
      const key = i === 1 ? parentKey : rdnKeys.slice(i).join(',');
      if (key.length < suffixKey.length || seen.has(key)) continue;
      const ancestor = rdns.slice(i).join(',');
      add(ancestorEntry(ancestor), 'the harness');
      addedParents.push(ancestor);
    }
    complete.add(parentKey);
  }

  const ordered = records.map((r, i) => ({ r, i })).sort((a, b) => a.r.depth - b.r.depth || a.i - b.i);
  const parts = ordered.map(({ r }) => r.lines.join('\n') + '\n');
  // Filler entries (plain ASCII, unique names, parent added above) are written directly: 100k in well under a second.
  for (let i = 1; i <= extra.count; i++) {
    const cn = `filler-${String(i).padStart(6, '0')}`;
    const dn = `CN=${cn},${FILLER_CONTAINER_DN}`;
    parts.push(`dn: ${dn}\nobjectClass: top\nobjectClass: ${extra.objectClass}\ncn: ${cn}\ndistinguishedName: ${dn}\n`);
  }
  return { text: parts.join('\n'), entries: records.length + extra.count, addedParents };
}

// ---------------------------------------------------------------------------
// Starting and stopping
// ---------------------------------------------------------------------------

function execTool(file: string, args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stdout, stderr }));
      else resolveRun({ stdout, stderr });
    });
  });
}

/** True when an LDAP server on the port answers an anonymous bind (any LDAP answer counts). */
async function ldapAnswers(port: number, timeoutMs: number): Promise<boolean> {
  const client = new Client({ url: `ldap://127.0.0.1:${port}`, timeout: timeoutMs, connectTimeout: timeoutMs });
  try {
    await client.bind('', '');
    return true;
  } catch (err) {
    return err instanceof ResultCodeError;
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

function slapdConf(dir: string, tls: TestCa | undefined): string {
  const modules = moduleDir();
  const lines = [
    '# casaudit test slapd: private instance, generated by test/support/slapd.ts',
    `include ${coreSchemaFile()}`,
    `include ${SCHEMA_FILE}`,
    `pidfile ${join(dir, 'slapd.pid')}`,
    `argsfile ${join(dir, 'slapd.args')}`,
    ...(modules ? [`modulepath ${modules}`, 'moduleload back_mdb'] : []),
    `rootDSE ${join(dir, 'rootdse.ldif')}`,
    // AD's behaviour: an unpaged search stops at 1000 entries, a paged one gets everything.
    'sizelimit size.soft=1000 size.hard=1000 size.prtotal=unlimited',
    ...(tls
      ? [
          `TLSCACertificateFile ${tls.caFile}`,
          `TLSCertificateFile ${tls.certFile}`,
          `TLSCertificateKeyFile ${tls.keyFile}`,
        ]
      : []),
    // Frontend: anyone may read the rootDSE and the subschema entry (as in AD).
    'access to dn.base="" by * read',
    'access to dn.base="cn=Subschema" by * read',
    '',
    'database mdb',
    `suffix "${SUFFIX}"`,
    `directory ${join(dir, 'db')}`,
    'maxsize 1073741824',
    'sizelimit size.soft=1000 size.hard=1000 size.prtotal=unlimited',
    'index objectClass eq',
    'access to attrs=userPassword by anonymous auth by * none',
    'access to * by users read by * none',
    '',
  ];
  return lines.join('\n');
}

function rootDse(): string {
  return [
    'dn:',
    `configurationNamingContext: ${CONFIGURATION_NC}`,
    `defaultNamingContext: ${SUFFIX}`,
    `rootDomainNamingContext: ${SUFFIX}`,
    `schemaNamingContext: CN=Schema,${CONFIGURATION_NC}`,
    `dNSHostName: ${ROOTDSE_DNS_HOST_NAME}`,
    '',
  ].join('\n');
}

/** The record around line `line` of the prepared LDIF, to show with a slapadd error. */
function recordAt(ldif: string, line: number): string {
  const lines = ldif.split('\n');
  let start = Math.min(Math.max(line - 1, 0), lines.length - 1);
  while (start > 0 && lines[start - 1] !== '') start--;
  const out: string[] = [];
  for (let i = start; i < lines.length && lines[i] !== '' && out.length < 12; i++) out.push(lines[i]!);
  return Buffer.from(out.join('\n'), 'latin1').toString('utf8');
}

/**
 * Starts a private slapd with the given LDIF loaded. Rejects with slapd's or
 * slapadd's own messages when that fails; never leaves a process or temp dir behind.
 */
export async function startSlapd(options: SlapdOptions = {}): Promise<SlapdServer> {
  const slapd = requireLdapTool('slapd');
  const slapadd = requireLdapTool('slapadd');

  const dir = mkdtempSync(join(tmpdir(), 'casaudit-slapd-'));
  try {
    await mkdir(join(dir, 'db'));
    const password = randomBytes(12).toString('base64url');
    const files = await Promise.all(
      (options.ldif ?? []).map(async (file) => ({ name: file, content: await readFile(resolve(file)) })),
    );
    const prepared = prepareLdif(
      files,
      { dn: READER_DN, password },
      { count: options.extraEntries ?? 0, objectClass: options.extraEntryClass ?? 'container' },
    );
    const loadFile = join(dir, 'load.ldif');
    const confFile = join(dir, 'slapd.conf');
    await writeFile(loadFile, prepared.text, 'latin1');
    await writeFile(join(dir, 'rootdse.ldif'), rootDse());
    await writeFile(confFile, slapdConf(dir, options.tls));

    try {
      await execTool(slapadd, ['-q', '-f', confFile, '-l', loadFile], 120_000);
    } catch (error) {
      const e = error as Error & { stderr?: string };
      const at = /line=(\d+)/.exec(e.stderr ?? '');
      const context = at ? `\nThe entry slapadd stopped at (prepared LDIF):\n${recordAt(prepared.text, Number(at[1]))}` : '';
      throw new Error(`slapadd could not load the test directory: ${tail(e.stderr?.trim() || e.message)}${context}`);
    }

    return await startOnFreePort(() => launch(slapd, dir, confFile, options.tls !== undefined, password, prepared.entries));
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function launch(slapd: string, dir: string, confFile: string, tls: boolean, password: string, entries: number): Promise<SlapdServer> {
  const port = await freePort();
  let ldapsPort = 0;
  while (tls && (ldapsPort === 0 || ldapsPort === port)) ldapsPort = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = tls ? `ldaps://127.0.0.1:${ldapsPort}` : undefined;
  const listeners = [`${url}/`, ...(ldapsUrl ? [`${ldapsUrl}/`] : [])].join(' ');

  const proc = spawnChildServer(slapd, ['-d', '0', '-h', listeners, '-f', confFile], dir);
  const { child, isAlive } = proc;

  const deadline = Date.now() + 15_000;
  let ready = false;
  while (Date.now() < deadline && isAlive()) {
    if (await ldapAnswers(port, 1000)) {
      ready = ldapsPort === 0 || (await portOpen(ldapsPort, 1000));
      if (ready) break;
    }
    await sleep(10);
  }
  if (!ready) {
    throw await notReadyError(proc, {
      name: 'slapd',
      command: slapd,
      where: url,
      confFile,
      portTaken: /bind\(\d+\) failed|Address already in use|errno=98/i,
      stalled: () => `slapd did not answer on ${url} within 15 s`,
    });
  }

  const server: SlapdServer = {
    url,
    suffix: SUFFIX,
    configurationNC: CONFIGURATION_NC,
    bindDn: READER_DN,
    password,
    entries,
    pid: child.pid!,
    dir,
    stop: () => proc.stop(),
  };
  if (ldapsUrl) server.ldapsUrl = ldapsUrl;
  return server;
}
