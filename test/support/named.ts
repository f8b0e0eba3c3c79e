/**
 * A private BIND 9 named serving fixture zones as a real authoritative DNS
 * server in integration tests: its own named.conf in a temp dir (directory,
 * pid-file, session-keyfile and managed-keys-directory all inside it), zones
 * checked with `named-checkconf -z`, started in the foreground
 * (`named -g -4 -p PORT -c FILE`) on a free 127.0.0.1 port as a child process
 * this module owns, and stopped (temp dir removed) by stop().
 *
 * It never touches a system named, /etc/bind, rndc (`controls { };`) or port 53/5353.
 * Authoritative only: `recursion no`, so names outside the served zones are REFUSED.
 *
 * Split-brain DNS ("internal" vs "external resolver") is modelled by starting
 * two instances serving different master files for the same zone name, e.g.
 * test/fixtures/dns/contoso.test.zone and contoso.test.external.zone.
 */
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findExecutable, freePort, notReadyError, spawnChildServer, startOnFreePort, tail } from './child-server.js';
import { sleep } from './net-probe.js';

export const DNS_FIXTURES = fileURLToPath(new URL('../fixtures/dns/', import.meta.url));
/** contoso.test. as the internal DNS serves it. */
export const CONTOSO_ZONE = join(DNS_FIXTURES, 'contoso.test.zone');
/** contoso.test. as an external resolver sees it (no casarray, public outlook). */
export const CONTOSO_EXTERNAL_ZONE = join(DNS_FIXTURES, 'contoso.test.external.zone');

export const MISSING_NAMED_MESSAGE =
  'BIND 9 named/named-checkconf and dig are not installed, so the DNS integration tests cannot run. ' +
  'Run .ci/run (it installs them), or: apt-get update && ' +
  'DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends bind9 bind9-dnsutils';

export interface NamedZone {
  /** Zone name, e.g. 'contoso.test' (a trailing dot is allowed). */
  name: string;
  /** A BIND master file to serve; it is copied, never modified. */
  file: string;
}

export interface NamedOptions {
  zones: NamedZone[];
}

export interface NamedServer {
  host: '127.0.0.1';
  /** UDP and TCP port named listens on. */
  port: number;
  /** '127.0.0.1:PORT' */
  server: string;
  /** Process id of the named child. */
  pid: number;
  /** The temp dir holding named.conf and the zone copies; removed by stop(). */
  dir: string;
  /** Kills named (SIGTERM, then SIGKILL after 5 s) and removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

// ---------------------------------------------------------------------------
// Locating the BIND programs
// ---------------------------------------------------------------------------

type NamedTool = 'named' | 'named-checkconf' | 'dig';


/**
 * The paths of named, named-checkconf and dig, or an error saying how to
 * install them. Not for skipping tests: a missing named must fail them.
 */
export function requireNamed(): Record<NamedTool, string> {
  const tools = {} as Record<NamedTool, string>;
  const missing: string[] = [];
  for (const name of ['named', 'named-checkconf', 'dig'] as const) {
    const found = findExecutable(name);
    if (found) tools[name] = found;
    else missing.push(name);
  }
  if (missing.length > 0) throw new Error(`${missing.join(', ')} not found. ${MISSING_NAMED_MESSAGE}`);
  return tools;
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program; resolves with its exit code and output (never rejects on a non-zero exit). */
function run(file: string, args: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolveRun, reject) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        if (error.killed) resolveRun({ code: -1, stdout, stderr: `${stderr}\n(timed out after ${timeoutMs} ms)` });
        else reject(error);
      } else {
        resolveRun({ code: error ? (error.code as number) : 0, stdout, stderr });
      }
    });
  });
}

/**
 * Runs dig against the server (`@127.0.0.1 -p PORT`, one try, 2 s timeout
 * unless args say otherwise). For tests that want to see the raw answer.
 */
export function dig(server: Pick<NamedServer, 'host' | 'port'>, args: string[], timeoutMs = 10_000): Promise<RunResult> {
  const { dig: digPath } = requireNamed();
  return run(digPath, [`@${server.host}`, '-p', String(server.port), '+time=2', '+tries=1', ...args], timeoutMs);
}

/** True when UDP port `port` on 127.0.0.1 can be bound right now. */
function udpFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      done(false);
    });
    socket.bind(port, '127.0.0.1', () => socket.close(() => done(true)));
  });
}

/** A port free for both TCP and UDP on 127.0.0.1 a moment ago (never 5353, mDNS). */
async function freeDnsPort(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const port = await freePort();
    if (port !== 5353 && (await udpFree(port))) return port;
  }
  throw new Error('no port free for both TCP and UDP on 127.0.0.1 after 20 tries');
}

function zoneName(name: string): string {
  const bare = name.trim().replace(/\.$/, '');
  if (!/^[A-Za-z0-9_.-]+$/.test(bare) || bare === '') throw new Error(`unusable zone name ${JSON.stringify(name)}`);
  return bare;
}

function namedConf(dir: string, port: number, zones: { name: string; file: string }[]): string {
  return [
    '// casaudit test named: private instance, generated by test/support/named.ts',
    'options {',
    `  directory "${dir}";`,
    `  pid-file "${join(dir, 'named.pid')}";`,
    `  session-keyfile "${join(dir, 'session.key')}";`,
    `  managed-keys-directory "${join(dir, 'keys')}";`,
    `  dump-file "${join(dir, 'named_dump.db')}";`,
    `  statistics-file "${join(dir, 'named.stats')}";`,
    `  listen-on port ${port} { 127.0.0.1; };`,
    '  listen-on-v6 { none; };',
    '  recursion no;',
    '  dnssec-validation no;',
    '  allow-transfer { 127.0.0.1; };',
    '  notify no;',
    '};',
    'controls { };',
    ...zones.map(
      (z) => `zone "${z.name}" { type master; file "${z.file}"; allow-transfer { 127.0.0.1; }; };`,
    ),
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------
// Starting and stopping
// ---------------------------------------------------------------------------

/**
 * Starts a private named serving the given master files. Rejects with
 * named-checkconf's or named's own messages when that fails; never leaves a
 * process or temp dir behind.
 */
export async function startNamed(options: NamedOptions): Promise<NamedServer> {
  const tools = requireNamed();
  if (options.zones.length === 0) throw new Error('startNamed: at least one zone is needed');

  const dir = mkdtempSync(join(tmpdir(), 'casaudit-named-'));
  try {
    await mkdir(join(dir, 'keys'));
    await mkdir(join(dir, 'zones'));
    const seen = new Set<string>();
    const zones: { name: string; file: string }[] = [];
    for (const [i, zone] of options.zones.entries()) {
      const name = zoneName(zone.name);
      if (seen.has(name.toLowerCase())) throw new Error(`startNamed: zone ${name} given twice`);
      seen.add(name.toLowerCase());
      const file = join(dir, 'zones', `${i}-${name}.zone`);
      await copyFile(resolve(zone.file), file);
      zones.push({ name, file });
    }

    return await startOnFreePort(async (attempt) => {
      const port = await freeDnsPort();
      const confFile = join(dir, 'named.conf');
      await writeFile(confFile, namedConf(dir, port, zones));
      if (attempt === 1) {
        const check = await run(tools['named-checkconf'], ['-z', confFile], 30_000);
        if (check.code !== 0) {
          const sources = options.zones.map((z, n) => `  ${zones[n]!.name}: ${resolve(z.file)} (copied to ${zones[n]!.file})`);
          throw new Error(
            `named-checkconf -z rejected the test DNS configuration or zones (exit ${check.code}):\n` +
              `${tail(`${check.stdout}${check.stderr}`.trim())}\nZones:\n${sources.join('\n')}`,
          );
        }
      }
      return launch(tools.named, tools.dig, dir, confFile, port, zones);
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

const PORT_TAKEN = /address in use|unable to listen on any configured interfaces/i;

/** True once named answers authoritatively (aa, NOERROR) for the SOA of every zone. */
async function answersAll(digPath: string, port: number, zones: { name: string }[]): Promise<boolean> {
  for (const zone of zones) {
    const r = await run(digPath, ['@127.0.0.1', '-p', String(port), '+time=1', '+tries=1', '+norec', zone.name, 'SOA'], 3000);
    if (r.code !== 0 || !/status: NOERROR/.test(r.stdout) || !/flags:[^;]*\baa\b/.test(r.stdout)) return false;
  }
  return true;
}

async function launch(
  named: string,
  digPath: string,
  dir: string,
  confFile: string,
  port: number,
  zones: { name: string }[],
): Promise<NamedServer> {
  // -g: foreground, log to stderr; -4: IPv4 only; -n 1: one worker thread is plenty for tests.
  const proc = spawnChildServer(named, ['-g', '-4', '-n', '1', '-p', String(port), '-c', confFile], dir);
  const { child, isAlive } = proc;

  const deadline = Date.now() + 15_000;
  let ready = false;
  // When only the TCP port is taken, named logs "creating TCP socket: address in use" and keeps
  // running on UDP alone (a taken UDP port makes it exit). So ready means: it logged "running"
  // (after all its listen attempts), no "address in use" before that, and every zone answers.
  while (Date.now() < deadline && isAlive() && !PORT_TAKEN.test(proc.stderr())) {
    if (/ running\n/.test(proc.stderr()) && (await answersAll(digPath, port, zones)) && !PORT_TAKEN.test(proc.stderr())) {
      ready = true;
      break;
    }
    await sleep(20);
  }
  if (!ready) {
    throw await notReadyError(proc, {
      name: 'named',
      command: named,
      where: `127.0.0.1:${port}`,
      confFile,
      portTaken: PORT_TAKEN,
      stalled: (stderr) => (PORT_TAKEN.test(stderr) ? `named could not listen on 127.0.0.1:${port}` : `named did not answer on 127.0.0.1:${port} within 15 s`),
    });
  }

  return {
    host: '127.0.0.1',
    port,
    server: `127.0.0.1:${port}`,
    pid: child.pid!,
    dir,
    stop: () => proc.stop(),
  };
}
