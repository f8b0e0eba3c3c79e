/**
 * Live LDAP collection benchmark: a real OpenLDAP slapd (the test harness,
 * test/support/slapd.ts) loaded with an estate, read by casaudit's collector
 * and by OpenLDAP's own ldapsearch with the same filter, attributes, base and
 * page size, over the same transport (plain ldap:// on 127.0.0.1: TLS cost is
 * left out on both sides). Reports the medians and casaudit/ldapsearch.
 *
 *   npx tsx bench/ldap.mts                       demo estate + 200,000 msExchMDBCopy filler entries
 *   npx tsx bench/ldap.mts --sites 2000          the synthetic estate of bench/synth at that size
 *   npx tsx bench/ldap.mts --ldif FILE ... [--filler N] [--page-size N] [--rounds N] [--cpu-prof DIR]
 *
 * Prints the result as JSON on stdout.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AD_ATTRIBUTES, AD_FILTER } from '../src/collect/ad/query.js';
import { DEFAULT_PAGE_SIZE } from '../src/collect/ldap/page-size.js';
import { requireLdapTool, startSlapd } from '../test/support/slapd.js';
import type { CollectChildConfig, CollectChildResult } from './ldap-collect.mjs';
import { median, round1 } from './support/measure.js';

export interface LdapBenchOptions {
  /** ldifde exports under DC=northwind,DC=local (the harness's suffix). */
  ldifFiles: string[];
  pageSize: number;
  /** Measured rounds per side after one warm-up each (default 3). */
  rounds?: number;
  /** Extra msExchMDBCopy entries that match casaudit's query (the harness's filler); default 0. */
  fillerEntries?: number;
  /** Write a V8 CPU profile of every casaudit round into this folder. */
  cpuProfDir?: string;
}

export interface LdapBenchResult {
  /** Entries the query returned, the same on both sides (checked). */
  entries: number;
  /** Entries loaded into slapd (the estate, invented parents, the reader, filler). */
  directoryEntries: number;
  pageSize: number;
  /** Preparing the LDIF, slapadd and starting slapd. */
  loadMs: number;
  /** Median time of collectFromLdap inside the casaudit process (connect, bind, paged search, each entry converted and mapped as it arrives). */
  casauditMs: number;
  /** Median wall time of a whole ldapsearch process (started through sh), its output read and counted. */
  ldapsearchMs: number;
  /** casauditMs / ldapsearchMs. */
  ratio: number;
  rounds: number;
  casauditRoundsMs: number[];
  ldapsearchRoundsMs: number[];
  /** Median CPU time (user + system) of casaudit's collection, and of a whole ldapsearch process: less disturbed than wall time on a busy machine. */
  casauditCpuMs: number;
  ldapsearchCpuMs: number;
  /** Median wall time of the casaudit child process (Node start-up and module loading included). */
  casauditProcessMs: number;
  /** Median time of mapDirectory over the collected entries (not part of the ratio). */
  mapMs: number;
  /** Highest peak RSS of the casaudit process after collection, over the rounds (MiB). */
  casauditMaxRssMiB: number;
  /** The same after mapping too (MiB). */
  casauditMapMaxRssMiB: number;
  /** Bytes of LDIF ldapsearch wrote (median round). */
  ldapsearchOutputBytes: number;
  transport: string;
  filter: string;
  attributes: number;
}

const CHILD = fileURLToPath(new URL('./ldap-collect.mts', import.meta.url));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  ms: number;
}

/** Runs a process to its end with stdout handed to onStdout chunk by chunk (nothing kept unless the caller keeps it). */
function run(command: string, args: string[], onStdout: (chunk: Buffer) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.on('data', onStdout);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-8000);
    });
    child.once('error', reject);
    // 'close' comes after the exit and after stdout has been read to its end.
    child.once('close', (code, signal) => resolve({ code, signal, stderr, ms: performance.now() - start }));
  });
}

const DN_AT_LINE_START = Buffer.from('\ndn:');

/** Counts LDIF records (lines starting with "dn:", which -LLL -o ldif-wrap=no never folds) across chunk boundaries. */
function dnCounter(): { onChunk: (chunk: Buffer) => void; count: () => number; bytes: () => number } {
  let count = 0;
  let bytes = 0;
  // The output's start counts as a line start; the last 3 bytes of a chunk may begin a match.
  let carry = Buffer.from('\n');
  return {
    onChunk(chunk) {
      bytes += chunk.length;
      const data = Buffer.concat([carry, chunk]);
      for (let at = data.indexOf(DN_AT_LINE_START); at !== -1; at = data.indexOf(DN_AT_LINE_START, at + 1)) count++;
      carry = data.subarray(Math.max(0, data.length - (DN_AT_LINE_START.length - 1)));
    },
    count: () => count,
    bytes: () => bytes,
  };
}

interface Side<T> {
  ms: number;
  entries: number;
  detail: T;
}

/**
 * sh runs ldapsearch and then its `times` builtin, which prints the CPU time of the
 * shell's children (ldapsearch) on stderr: Node reports no child's resource usage.
 */
const WITH_CPU_TIMES = ['-c', '"$@"; status=$?; times >&2; exit $status', 'sh'];

/** The children's user + system seconds from the last line `times` printed, in ms. */
function childCpuMs(stderr: string): number {
  const match = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s\s*$/.exec(stderr);
  if (!match) throw new Error(`no CPU times from sh's times builtin in: ${stderr.slice(-200)}`);
  const [, um, us, sm, ss] = match.map(Number) as [number, number, number, number, number];
  return (um * 60 + us + sm * 60 + ss) * 1000;
}

async function ldapsearchOnce(ldapsearch: string, args: string[]): Promise<Side<{ bytes: number; cpuMs: number }>> {
  const counter = dnCounter();
  const result = await run('sh', [...WITH_CPU_TIMES, ldapsearch, ...args], counter.onChunk);
  if (result.code !== 0) throw new Error(`ldapsearch failed (${result.code ?? result.signal}): ${result.stderr.trim()}`);
  return { ms: result.ms, entries: counter.count(), detail: { bytes: counter.bytes(), cpuMs: childCpuMs(result.stderr) } };
}

async function casauditOnce(configFile: string, cpuProfDir: string | undefined): Promise<Side<CollectChildResult & { processMs: number }>> {
  let stdout = '';
  const profile = cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : [];
  const result = await run(process.execPath, [...profile, '--import', 'tsx', CHILD, configFile], (chunk) => {
    stdout += chunk.toString('utf8');
  });
  if (result.code !== 0) throw new Error(`the casaudit side failed (${result.code ?? result.signal}): ${result.stderr.trim()}`);
  const child = JSON.parse(stdout) as CollectChildResult;
  return { ms: child.collectMs, entries: child.entries, detail: { ...child, processMs: result.ms } };
}

export async function benchLdap(options: LdapBenchOptions): Promise<LdapBenchResult> {
  const rounds = options.rounds ?? 3;
  if (!Number.isInteger(options.pageSize) || options.pageSize < 1) throw new Error('pageSize must be a whole number above 0');
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('rounds must be a whole number above 0');
  const ldapsearch = requireLdapTool('ldapsearch');

  const loadStart = performance.now();
  const slapd = await startSlapd({
    ldif: options.ldifFiles,
    ...(options.fillerEntries ? { extraEntries: options.fillerEntries, extraEntryClass: 'msExchMDBCopy' as const } : {}),
  });
  const loadMs = performance.now() - loadStart;
  const work = mkdtempSync(join(tmpdir(), 'casaudit-bench-ldap-'));
  try {
    // The password only ever sits in a file (mode 600), for both sides: never on a command line.
    const passwordFile = join(work, 'password');
    writeFileSync(passwordFile, slapd.password, { mode: 0o600 }); // no newline: ldapsearch -y takes the file's bytes as they are
    const config: CollectChildConfig = {
      url: slapd.url,
      bindDn: slapd.bindDn,
      passwordFile,
      baseDn: slapd.configurationNC,
      pageSize: options.pageSize,
      timeoutMs: 120_000,
    };
    const configFile = join(work, 'collect.json');
    writeFileSync(configFile, JSON.stringify(config));
    const searchArgs = [
      '-x', '-H', slapd.url, '-D', slapd.bindDn, '-y', passwordFile,
      '-b', slapd.configurationNC, '-s', 'sub',
      '-E', `pr=${options.pageSize}/noprompt`,
      '-LLL', '-o', 'ldif-wrap=no',
      AD_FILTER, ...AD_ATTRIBUTES,
    ];

    const casaudit: Side<CollectChildResult & { processMs: number }>[] = [];
    const search: Side<{ bytes: number; cpuMs: number }>[] = [];
    // Warm-up (slapd's caches, the page cache, tsx's compile cache), then alternate, each side going first every other round.
    await casauditOnce(configFile, undefined);
    await ldapsearchOnce(ldapsearch, searchArgs);
    for (let i = 0; i < rounds; i++) {
      const order = i % 2 === 0 ? ['casaudit', 'ldapsearch'] : ['ldapsearch', 'casaudit'];
      for (const side of order) {
        if (side === 'casaudit') casaudit.push(await casauditOnce(configFile, options.cpuProfDir));
        else search.push(await ldapsearchOnce(ldapsearch, searchArgs));
      }
    }

    const counts = new Set([...casaudit, ...search].map((s) => s.entries));
    if (counts.size !== 1) {
      throw new Error(
        `the two sides saw different numbers of entries: casaudit ${casaudit.map((s) => s.entries).join(', ')}; ldapsearch ${search.map((s) => s.entries).join(', ')}`,
      );
    }
    const casauditMs = median(casaudit.map((s) => s.ms));
    const ldapsearchMs = median(search.map((s) => s.ms));
    return {
      entries: casaudit[0]!.entries,
      directoryEntries: slapd.entries,
      pageSize: options.pageSize,
      loadMs: Math.round(loadMs),
      casauditMs: Math.round(casauditMs),
      ldapsearchMs: Math.round(ldapsearchMs),
      ratio: Math.round((casauditMs / ldapsearchMs) * 100) / 100,
      rounds,
      casauditRoundsMs: casaudit.map((s) => Math.round(s.ms)),
      ldapsearchRoundsMs: search.map((s) => Math.round(s.ms)),
      casauditCpuMs: Math.round(median(casaudit.map((s) => s.detail.collectCpuMs))),
      ldapsearchCpuMs: Math.round(median(search.map((s) => s.detail.cpuMs))),
      casauditProcessMs: Math.round(median(casaudit.map((s) => s.detail.processMs))),
      mapMs: Math.round(median(casaudit.map((s) => s.detail.mapMs))),
      casauditMaxRssMiB: round1(Math.max(...casaudit.map((s) => s.detail.maxRssKb)) / 1024),
      casauditMapMaxRssMiB: round1(Math.max(...casaudit.map((s) => s.detail.mapMaxRssKb)) / 1024),
      ldapsearchOutputBytes: median(search.map((s) => s.detail.bytes)),
      transport: 'ldap:// on 127.0.0.1, no TLS, simple bind as a normal user (both sides)',
      filter: AD_FILTER,
      attributes: AD_ATTRIBUTES.length,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
    await slapd.stop();
  }
}

/** Runs the synthetic estate generator (bench/synth) and returns the LDIF file(s) it wrote. */
async function generateEstate(sites: number, out: string): Promise<string[]> {
  const cli = fileURLToPath(new URL('./synth/cli.mts', import.meta.url));
  const result = await run(process.execPath, ['--import', 'tsx', cli, '--sites', String(sites), '--seed', '1', '--out', out], () => undefined);
  if (result.code !== 0) throw new Error(`bench/synth/cli.mts failed (${result.code ?? result.signal}): ${result.stderr.trim()}`);
  const ldif = readdirSync(out).filter((name) => name.endsWith('.ldif')).map((name) => join(out, name));
  if (ldif.length === 0) throw new Error(`bench/synth/cli.mts wrote no .ldif file in ${out}`);
  return ldif;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sites: { type: 'string' },
      ldif: { type: 'string', multiple: true },
      filler: { type: 'string' },
      'page-size': { type: 'string' },
      rounds: { type: 'string' },
      'cpu-prof': { type: 'string' },
    },
  });
  const number = (name: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
    return n;
  };
  const sites = number('sites', values.sites);
  const custom = sites !== undefined || values.ldif !== undefined;
  let generated: string | undefined;
  try {
    const ldifFiles = [...(values.ldif ?? [])];
    if (sites !== undefined) {
      generated = mkdtempSync(join(tmpdir(), 'casaudit-bench-estate-'));
      ldifFiles.push(...(await generateEstate(sites, generated)));
    }
    if (!custom) ldifFiles.push(fileURLToPath(new URL('../fixtures/demo/northwind.ldif', import.meta.url)));
    const options: LdapBenchOptions = {
      ldifFiles,
      pageSize: number('page-size', values['page-size']) ?? DEFAULT_PAGE_SIZE,
      // Without an estate of its own, the demo export is padded to the largest estate's size.
      fillerEntries: number('filler', values.filler) ?? (custom ? 0 : 200_000),
    };
    const rounds = number('rounds', values.rounds);
    if (rounds !== undefined) options.rounds = rounds;
    if (values['cpu-prof'] !== undefined) options.cpuProfDir = values['cpu-prof'];
    const result = await benchLdap(options);
    process.stdout.write(`${JSON.stringify({ ldifFiles, fillerEntries: options.fillerEntries, ...result }, null, 2)}\n`);
  } finally {
    if (generated) rmSync(generated, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
