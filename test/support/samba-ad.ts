/**
 * A real Active Directory domain controller for the AD-fidelity suite:
 * Debian's Samba AD DC, provisioned into a temp dir (realm NORTHWIND.LOCAL,
 * so the configuration NC is CN=Configuration,DC=northwind,DC=local), started
 * in the foreground as a child process this module owns, its schema extended
 * over LDAP with the Exchange attributes and classes of the demo directory
 * (test/fixtures/samba/exchange-schema.ldif), and the demo objects loaded over
 * LDAPS as the domain Administrator.
 *
 * Samba listens on the fixed ports 389/636 of 127.0.0.1, so only one instance
 * can run at a time; startSambaAd() refuses to start when something else holds
 * them. Its auto-generated certificate names the DC (dc01.northwind.local, in
 * the subject CN, no SAN): clients verify it with the CA file Samba wrote and
 * connect by that name, which an /etc/hosts line (added here, removed by
 * stop()) maps to 127.0.0.1. Needs root (samba binds low ports; /etc/hosts).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Attribute, Change, Client, NoSuchObjectError } from 'ldapts';
import type { AdEntry } from '../../src/collect/ad/entry.js';
import { readLdifFile } from '../../src/collect/ldif/reader.js';
import { dnKey } from '../../src/snapshot/names.js';
import { findExecutable, tail } from './child-server.js';
import { portOpen, sleep, tlsAnswers } from './net-probe.js';
import { splitDn } from './slapd.js';

export const REALM = 'NORTHWIND.LOCAL';
export const DOMAIN = 'NORTHWIND';
export const SUFFIX = 'DC=northwind,DC=local';
export const CONFIGURATION_NC = `CN=Configuration,${SUFFIX}`;
export const SCHEMA_NC = `CN=Schema,${CONFIGURATION_NC}`;
/** The DC's host name: the name on Samba's certificate. */
export const DC_HOST_NAME = 'dc01.northwind.local';
export const ADMINISTRATOR_DN = `CN=Administrator,CN=Users,${SUFFIX}`;
export const ADMINISTRATOR_UPN = 'administrator@northwind.local';
/** The site Samba's provisioning creates (the DC's own server object lives in it). */
export const DEFAULT_SITE_DN = `CN=Default-First-Site-Name,CN=Sites,${CONFIGURATION_NC}`;

export const SCHEMA_LDIF = fileURLToPath(new URL('../fixtures/samba/exchange-schema.ldif', import.meta.url));
const HOSTS_FILE = '/etc/hosts';
const HOSTS_MARK = '# casaudit samba-ad test';
const LDAP_PORT = 389;
const LDAPS_PORT = 636;

export const MISSING_SAMBA_MESSAGE =
  'Samba AD DC (samba, samba-tool) is not installed, so the AD-fidelity tests cannot run. ' +
  'Run `bash scripts/install-test-deps.sh` as root, or: apt-get update && ' +
  'DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends samba-ad-dc samba samba-ad-provision';

export interface SambaAd {
  /** ldaps://dc01.northwind.local:636 */
  url: string;
  /** ldap://dc01.northwind.local:389 (Samba refuses simple binds on it). */
  plainUrl: string;
  /** The CA that issued Samba's auto-generated certificate. */
  caFile: string;
  /** The domain Administrator's DN. */
  bindDn: string;
  /** The same account as a user principal name. */
  upn: string;
  password: string;
  /** Milliseconds spent: provisioning, until LDAPS answered, schema extension, loading the objects. */
  timings: { provisionMs: number; startMs: number; schemaMs: number; loadMs: number };
  /** Number of demo objects loaded (the LDIF's records). */
  objects: number;
  /**
   * Objects the export references but does not hold (the demo's deleted Glasgow
   * site): created, referenced, then deleted, as in AD, which refuses a DN
   * value naming no object.
   */
  deletedReferences: string[];
  /** Kills samba, removes the temp dir and the hosts entry. Idempotent. */
  stop(): Promise<void>;
}

function requireTool(name: 'samba' | 'samba-tool'): string {
  const found = findExecutable(name);
  if (!found) throw new Error(`${name} not found. ${MISSING_SAMBA_MESSAGE}`);
  return found;
}

function run(file: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args[0] ?? ''} failed (${error.message.split('\n')[0]}):\n${tail(`${stdout}\n${stderr}`.trim())}`));
      else resolve(stdout);
    });
  });
}

/** True once a verified TLS handshake with the DC's name succeeds on 636. */
function ldapsAnswers(ca: Buffer, timeoutMs: number): Promise<boolean> {
  return tlsAnswers(LDAPS_PORT, { servername: DC_HOST_NAME, ca }, timeoutMs);
}

// ---------------------------------------------------------------------------
// /etc/hosts: one marked line, added and removed by this module only
// ---------------------------------------------------------------------------

function hostsLine(): string {
  return `127.0.0.1 ${DC_HOST_NAME} ${HOSTS_MARK} (pid ${process.pid})`;
}

function addHostsEntry(): void {
  const current = readFileSync(HOSTS_FILE, 'utf8');
  const lines = current.split('\n').filter((l) => !l.includes(`${HOSTS_MARK} (pid ${process.pid})`));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  writeFileSync(HOSTS_FILE, [...lines, hostsLine(), ''].join('\n'));
}

function removeHostsEntry(): void {
  try {
    const current = readFileSync(HOSTS_FILE, 'utf8');
    const kept = current.split('\n').filter((l) => !l.includes(`${HOSTS_MARK} (pid ${process.pid})`));
    if (kept.join('\n') !== current) writeFileSync(HOSTS_FILE, kept.join('\n'));
  } catch {
    // nothing to undo
  }
}

// ---------------------------------------------------------------------------
// Process lifetime
// ---------------------------------------------------------------------------

const running = new Set<{ child: ChildProcess; dir: string }>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort when the run is aborted: our own samba process group, dir and hosts line only.
  process.on('exit', () => {
    for (const { child, dir } of running) {
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      rmSync(dir, { recursive: true, force: true });
    }
    removeHostsEntry();
  });
}

// ---------------------------------------------------------------------------
// Loading over LDAP
// ---------------------------------------------------------------------------

/** Attributes AD sets itself (objectGUID, distinguishedName) or that are LDIF syntax, not data. */
const NOT_WRITABLE = new Set(['objectguid', 'distinguishedname', 'changetype']);

function ldapAttributes(entry: AdEntry, keep: (type: string) => boolean = () => true): Attribute[] {
  const out: Attribute[] = [];
  for (const [type, values] of entry.attributes) {
    if (NOT_WRITABLE.has(type) || !keep(type)) continue;
    out.push(
      new Attribute({
        type,
        values: values.every((v) => typeof v === 'string')
          ? (values as string[])
          : values.map((v) => (typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.from(v))),
      }),
    );
  }
  return out;
}

async function add(client: Client, dn: string, attributes: Attribute[]): Promise<void> {
  try {
    await client.add(dn, attributes);
  } catch (error) {
    throw new Error(`Samba refused to add ${dn}: ${(error as Error).message}`);
  }
}

async function exists(client: Client, dn: string): Promise<boolean> {
  try {
    await client.search(dn, { scope: 'base', filter: '(objectClass=*)', attributes: ['1.1'] });
    return true;
  } catch (error) {
    if (error instanceof NoSuchObjectError) return false;
    throw error;
  }
}

async function schemaUpdateNow(client: Client): Promise<void> {
  await client.modify('', new Change({ operation: 'add', modification: new Attribute({ type: 'schemaUpdateNow', values: ['1'] }) }));
}

const classesOf = (e: AdEntry) => (e.attributes.get('objectclass') ?? []).map((v) => String(v).toLowerCase());

/** Adds the Exchange attributes, then the classes, each batch made live with schemaUpdateNow. */
async function extendSchema(client: Client): Promise<void> {
  const definitions = await readLdifFile(SCHEMA_LDIF);
  for (const kind of ['attributeschema', 'classschema']) {
    for (const entry of definitions.filter((e) => classesOf(e).includes(kind))) await add(client, entry.dn, ldapAttributes(entry));
    await schemaUpdateNow(client);
  }
  // The demo's Exchange 2007 database sits in CN=First Storage Group,CN=InformationStore under its
  // server object; those two are plain containers here, so a container may sit under a server.
  await client.modify(
    `CN=Container,${SCHEMA_NC}`,
    new Change({ operation: 'add', modification: new Attribute({ type: 'possSuperiors', values: ['msExchExchangeServer'] }) }),
  );
  await schemaUpdateNow(client);
}

/** The DN-valued attributes of the demo (AD syntax 2.5.5.1): set after every object exists. */
async function dnAttributes(): Promise<Set<string>> {
  const definitions = await readLdifFile(SCHEMA_LDIF);
  const names = definitions
    .filter((e) => (e.attributes.get('attributesyntax') ?? []).map(String).includes('2.5.5.1'))
    .map((e) => String(e.attributes.get('ldapdisplayname')?.[0]).toLowerCase());
  return new Set([...names, 'siteobject']);
}

/**
 * Loads an ldifde export over LDAP:
 * - the missing containers between the objects and the configuration NC
 *   first, as `container` (the ones Samba has, CN=Services, CN=Sites,
 *   CN=Subnets, are kept);
 * - the objects parents first, without objectGUID and distinguishedName (AD
 *   assigns both) and without their DN-valued attributes: AD refuses a
 *   reference to an object that does not exist yet (000020B5);
 * - then the DN-valued attributes. A reference to an object the export does
 *   not hold (the demo's deleted Glasgow site) is made the way it happens in
 *   AD: the object is created, referenced, then deleted.
 * Returns the DNs of those deleted referenced objects.
 */
async function loadLdif(client: Client, file: string): Promise<{ objects: number; deleted: string[] }> {
  const entries = await readLdifFile(file);
  const dnValued = await dnAttributes();
  const known = new Set(entries.map((e) => dnKey(e.dn)));
  const configKey = dnKey(CONFIGURATION_NC);
  const containers = new Map<string, string>();
  for (const entry of entries) {
    const rdns = splitDn(entry.dn);
    for (let i = 1; i < rdns.length; i++) {
      const ancestor = rdns.slice(i).join(',');
      const key = dnKey(ancestor);
      if (!key.endsWith(`,${configKey}`) || known.has(key)) continue;
      containers.set(key, ancestor);
    }
  }
  const depth = (dn: string) => splitDn(dn).length;
  const todo = [
    ...[...containers.values()].map((dn) => ({ dn, entry: undefined as AdEntry | undefined })),
    ...entries.map((entry) => ({ dn: entry.dn, entry })),
  ].sort((a, b) => depth(a.dn) - depth(b.dn));
  for (const item of todo) {
    if (item.entry) {
      await add(client, item.dn, ldapAttributes(item.entry, (type) => !dnValued.has(type)));
    } else if (!(await exists(client, item.dn))) {
      await add(client, item.dn, [new Attribute({ type: 'objectClass', values: ['container'] })]);
    }
  }

  const deleted: string[] = [];
  for (const entry of entries) {
    const references = ldapAttributes(entry, (type) => dnValued.has(type));
    for (const attribute of references) {
      for (const target of attribute.values.map(String)) {
        if (known.has(dnKey(target)) || (await exists(client, target))) continue;
        // Only sites can be planted as deleted objects: anything else is a broken fixture.
        const parent = splitDn(target).slice(1).join(',');
        if (dnKey(parent) !== dnKey(`CN=Sites,${CONFIGURATION_NC}`)) throw new Error(`${file}: ${entry.dn} references ${target}, which the export does not hold`);
        await add(client, target, [new Attribute({ type: 'objectClass', values: ['site'] })]);
        deleted.push(target);
      }
    }
    if (references.length === 0) continue;
    try {
      await client.modify(
        entry.dn,
        references.map((modification) => new Change({ operation: 'replace', modification })),
      );
    } catch (error) {
      throw new Error(`Samba refused the references of ${entry.dn}: ${(error as Error).message}`);
    }
  }
  for (const dn of deleted) await client.del(dn);
  return { objects: entries.length, deleted };
}

// ---------------------------------------------------------------------------
// Start and stop
// ---------------------------------------------------------------------------

/**
 * Provisions, starts and loads a Samba AD DC holding the given ldifde exports
 * (default: the demo directory). Rejects with samba's own output when that
 * fails, and then leaves no process, temp dir or hosts entry behind.
 */
export async function startSambaAd(options: { ldif?: string[] } = {}): Promise<SambaAd> {
  const samba = requireTool('samba');
  const sambaTool = requireTool('samba-tool');
  if (process.getuid?.() !== 0) throw new Error('the Samba AD suite needs root: samba binds ports 389/636 and the test maps the DC name in /etc/hosts');
  for (const port of [LDAP_PORT, LDAPS_PORT]) {
    if (await portOpen(port)) throw new Error(`port ${port} on 127.0.0.1 is already in use (another Samba or LDAP server?); the Samba AD suite needs it`);
  }
  installExitHook();

  const dir = mkdtempSync(join(tmpdir(), 'casaudit-samba-'));
  const password = `Nw-${randomBytes(12).toString('base64url')}-9a`;
  const smbConf = join(dir, 'etc', 'smb.conf');
  let child: ChildProcess | undefined;
  let entry: { child: ChildProcess; dir: string } | undefined;
  let output = '';

  const killSamba = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child!.once('exit', () => r()));
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child!.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  const cleanUp = async () => {
    await killSamba();
    if (entry) running.delete(entry);
    removeHostsEntry();
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    let t = Date.now();
    await run(
      sambaTool,
      [
        'domain', 'provision',
        `--targetdir=${dir}`,
        `--realm=${REALM}`,
        `--domain=${DOMAIN}`,
        '--server-role=dc',
        '--dns-backend=SAMBA_INTERNAL',
        `--host-name=${DC_HOST_NAME.split('.')[0]}`,
        '--host-ip=127.0.0.1',
        `--adminpass=${password}`,
        '--option=interfaces=lo',
        '--option=bind interfaces only=yes',
      ],
      120_000,
    );
    const provisionMs = Date.now() - t;

    t = Date.now();
    child = spawn(
      samba,
      [
        '-i', '-M', 'single', '-s', smbConf,
        '--option=server services = ldap',
        '--option=dsdb:schema update allowed = true',
        `--option=pid directory = ${join(dir, 'run')}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    const collect = (chunk: Buffer) => {
      output = tail(output + chunk.toString('utf8'), 16_000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    let spawnError: Error | undefined;
    child.once('error', (error) => {
      spawnError = error;
    });
    entry = { child, dir };
    running.add(entry);
    const alive = () => child!.exitCode === null && child!.signalCode === null && spawnError === undefined;

    const caFile = join(dir, 'private', 'tls', 'ca.pem');
    const deadline = Date.now() + 30_000;
    let ready = false;
    while (Date.now() < deadline && alive()) {
      const ca = await readFile(caFile).catch(() => undefined);
      if (ca && (await ldapsAnswers(ca, 1000))) {
        ready = true;
        break;
      }
      await sleep(100);
    }
    if (!ready) {
      const why = spawnError
        ? `could not run ${samba}: ${spawnError.message}`
        : alive()
          ? `samba did not answer LDAPS on 127.0.0.1:${LDAPS_PORT} as ${DC_HOST_NAME} within 30 s`
          : `samba exited (code ${child.exitCode ?? child.signalCode}) before answering LDAPS`;
      throw new Error(`${why}. samba's output:\n${output.trim() || '(empty)'}`);
    }
    const startMs = Date.now() - t;

    addHostsEntry();
    const ca = await readFile(caFile);
    const client = new Client({ url: `ldaps://127.0.0.1:${LDAPS_PORT}`, timeout: 30_000, connectTimeout: 10_000, tlsOptions: { ca, servername: DC_HOST_NAME } });
    let schemaMs: number;
    let loadMs: number;
    let objects = 0;
    const deletedReferences: string[] = [];
    try {
      await client.bind(ADMINISTRATOR_DN, password);
      t = Date.now();
      await extendSchema(client);
      schemaMs = Date.now() - t;
      t = Date.now();
      for (const file of options.ldif ?? ['fixtures/demo/northwind.ldif']) {
        const loaded = await loadLdif(client, file);
        objects += loaded.objects;
        deletedReferences.push(...loaded.deleted);
      }
      loadMs = Date.now() - t;
    } finally {
      await client.unbind().catch(() => undefined);
    }

    let stopped: Promise<void> | undefined;
    return {
      url: `ldaps://${DC_HOST_NAME}:${LDAPS_PORT}`,
      plainUrl: `ldap://${DC_HOST_NAME}:${LDAP_PORT}`,
      caFile,
      bindDn: ADMINISTRATOR_DN,
      upn: ADMINISTRATOR_UPN,
      password,
      timings: { provisionMs, startMs, schemaMs, loadMs },
      objects,
      deletedReferences,
      stop() {
        stopped ??= cleanUp();
        return stopped;
      },
    };
  } catch (error) {
    await cleanUp();
    if (output && error instanceof Error && !error.message.includes("samba's output")) {
      error.message += `\nsamba's output (last lines):\n${tail(output.trim(), 2000)}`;
    }
    throw error;
  }
}
