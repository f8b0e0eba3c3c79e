/**
 * npm run bench [-- --sizes 2,20,200,2000 --seed 1 --rounds 3 --only audit,ldif,ldap,dns,start,batch --work DIR --out FILE]
 *
 * The speed and memory benchmarks of casaudit against their floors, on
 * synthetic estates (bench/synth) of 1x, 10x, 100x and 1000x the demo's size:
 *   audit   cold `casaudit audit` of each snapshot (SARIF) vs a bare JSON.parse of the same file;
 *           every run's findings must be exactly the planted ones
 *   ldif    importing the largest estate's LDIF vs reading its bytes
 *   ldap    live collection from slapd holding the largest estate vs ldapsearch, same page size
 *   dns     10,000 names from BIND named vs Node's c-ares resolver, same concurrency
 *   start   `npm start` (the demo estate, cold process) wall time
 *   batch   a batch of estates in one thread vs worker threads (sizes the worker threshold)
 * Prints a table and writes the results as JSON. Not part of the test suite.
 */
import { cpus, totalmem, tmpdir, release } from 'node:os';
import { copyFileSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_PAGE_SIZE } from '../src/collect/ldap/page-size.js';
import type { Snapshot } from '../src/snapshot/model.js';
import { benchDns, DEFAULT_DNS_CONCURRENCY } from './dns.mjs';
import { benchLdap } from './ldap.mjs';
import { benchLdif } from './ldif.mjs';
import { median, round1, runCommand, runNode, type ProcessRun } from './support/measure.js';
import { FILES, writeSyntheticEstate, type ExpectedFile } from './synth/write.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'casaudit.js');
const PARTS = ['audit', 'ldif', 'ldap', 'dns', 'start', 'batch'] as const;
type Part = (typeof PARTS)[number];

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '2,20,200,2000' },
    seed: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '3' },
    only: { type: 'string', default: PARTS.join(',') },
    work: { type: 'string', default: join(tmpdir(), 'casaudit-bench') },
    out: { type: 'string', default: join(ROOT, 'bench', 'results.json') },
  },
});
const sizes = values.sizes.split(',').map(Number);
const seed = Number(values.seed);
const rounds = Number(values.rounds);
const only = new Set(values.only.split(',') as Part[]);
for (const part of only) if (!PARTS.includes(part)) fail(`--only: unknown part ${part} (parts: ${PARTS.join(', ')})`);
if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(seed) || !Number.isInteger(rounds) || rounds < 1) {
  fail('--sizes must be whole numbers of sites, --seed a whole number, --rounds at least 1');
}

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

const log = (message: string) => console.error(`bench: ${message}`);
const toolVersion = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

// ------------------------------------------------------------------ estates

interface Estate {
  sites: number;
  dir: string;
  expected: ExpectedFile;
  snapshotMB: number;
}

function estate(sites: number): Estate {
  const dir = join(values.work, `synth-${sites}-${seed}`);
  const started = performance.now();
  const { expected } = writeSyntheticEstate({ sites, seed, dir, toolVersion });
  log(`${sites} sites: estate written in ${((performance.now() - started) / 1000).toFixed(1)} s (${expected.counts.ldifEntries} AD objects)`);
  return { sites, dir, expected, snapshotMB: statSync(join(dir, FILES.snapshot)).size / 1e6 };
}

// -------------------------------------------------------------------- audit

interface AuditRow {
  sites: number;
  /** AD objects: LDIF entries (sites, subnets, servers, arrays, DAGs, databases, copies). */
  objects: number;
  servers: number;
  databases: number;
  snapshotMB: number;
  auditMs: number;
  auditPeakRssMiB: number;
  parseMs: number;
  parsePeakRssMiB: number;
  /** auditMs / parseMs. */
  ratio: number;
  findings: number;
  /** The findings are exactly the planted ones. */
  planted: boolean;
}

/** `ruleId name` of each SARIF result (object names are unique across kinds in a synthetic estate). */
function sarifFindings(sarifText: string): string[] {
  const log = JSON.parse(sarifText) as { runs: { results: { ruleId: string; locations: { logicalLocations: { name: string }[] }[] }[] }[] };
  return log.runs[0]!.results.map((r) => `${r.ruleId} ${r.locations[0]!.logicalLocations[0]!.name}`).sort();
}

async function auditRow(e: Estate): Promise<AuditRow> {
  const audits: ProcessRun[] = [];
  const parses: ProcessRun[] = [];
  const out = join(e.dir, 'audit.sarif');
  const parse = ['-e', "JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'))", FILES.snapshot];
  // One warm-up of each (file cache, code cache), then alternating rounds.
  for (let round = 0; round <= rounds; round++) {
    const audit = await runNode([BIN, 'audit', FILES.snapshot, '--format', 'sarif', '--fail-on', 'none', '--quiet', '-o', out], { cwd: e.dir });
    if (audit.status !== 0) throw new Error(`audit of ${e.sites} sites failed (${audit.status}): ${audit.stderr}`);
    const floor = await runNode(parse, { cwd: e.dir });
    if (floor.status !== 0) throw new Error(`JSON.parse of ${e.sites} sites failed: ${floor.stderr}`);
    if (round > 0) {
      audits.push(audit);
      parses.push(floor);
    }
  }
  const found = sarifFindings(readFileSync(out, 'utf8'));
  const planted = e.expected.findings.map((f) => `${f.ruleId} ${f.name}`).sort();
  const auditMs = median(audits.map((r) => r.ms));
  const parseMs = median(parses.map((r) => r.ms));
  return {
    sites: e.sites,
    objects: e.expected.counts.ldifEntries,
    servers: e.expected.counts.servers,
    databases: e.expected.counts.databases,
    snapshotMB: round1(e.snapshotMB),
    auditMs: Math.round(auditMs),
    auditPeakRssMiB: Math.round(Math.max(...audits.map((r) => r.peakRssMiB))),
    parseMs: Math.round(parseMs),
    parsePeakRssMiB: Math.round(Math.max(...parses.map((r) => r.peakRssMiB))),
    ratio: round1(auditMs / parseMs),
    findings: found.length,
    planted: JSON.stringify(found) === JSON.stringify(planted),
  };
}

// -------------------------------------------------------------------- batch

interface BatchResult {
  estates: number;
  sitesEach: number;
  totalMB: number;
  oneThreadMs: number;
  workersMs: number;
  automaticMs: number;
  sameReport: boolean;
}

/** The same estate copied `count` times into a folder, audited in one thread, in two workers, and as casaudit decides. */
async function batch(e: Estate, count: number): Promise<BatchResult> {
  const folder = join(values.work, `batch-${count}x${e.sites}`);
  mkdirSync(folder, { recursive: true });
  for (let i = 1; i <= count; i++) copyFileSync(join(e.dir, FILES.snapshot), join(folder, `estate-${i}.json`));
  const timed = async (jobs: string[]) => {
    const times: number[] = [];
    let report = '';
    for (let round = 0; round <= rounds; round++) {
      const out = join(values.work, `batch-${count}x${e.sites}.sarif`);
      const run = await runNode([BIN, 'audit', folder, '--format', 'sarif', '--fail-on', 'none', '--quiet', '-o', out, ...jobs]);
      if (run.status !== 0) throw new Error(`batch audit failed (${run.status}): ${run.stderr}`);
      if (round > 0) times.push(run.ms);
      report = readFileSync(out, 'utf8').replace(/"(startTimeUtc|endTimeUtc)": "[^"]*"/g, '');
    }
    return { ms: median(times), report };
  };
  const one = await timed(['--jobs', '1']);
  const two = await timed(['--jobs', '2']);
  const auto = await timed([]);
  return {
    estates: count,
    sitesEach: e.sites,
    totalMB: round1(count * e.snapshotMB),
    oneThreadMs: Math.round(one.ms),
    workersMs: Math.round(two.ms),
    automaticMs: Math.round(auto.ms),
    sameReport: one.report === two.report,
  };
}

// -------------------------------------------------------------------- start

async function npmStart(): Promise<{ npmStartMs: number; nodeMs: number }> {
  const npm: number[] = [];
  const node: number[] = [];
  const args = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start.split(' ').slice(1) as string[];
  for (let round = 0; round <= Math.max(rounds, 5); round++) {
    const viaNpm = await runCommand('npm', ['start', '--silent'], ROOT);
    if (viaNpm.status !== 0) throw new Error(`npm start failed: ${viaNpm.stderr}`);
    const direct = await runNode(args, { cwd: ROOT });
    if (round > 0) {
      npm.push(viaNpm.ms);
      node.push(direct.ms);
    }
  }
  return { npmStartMs: Math.round(median(npm)), nodeMs: Math.round(median(node)) };
}

// ------------------------------------------------------------------- report

interface Target {
  what: string;
  target: string;
  measured: string;
  met: boolean;
}

function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => cell.padStart(widths[i]!)).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

function writeAtomically(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, content);
  renameSync(`${file}.tmp`, file);
}

// --------------------------------------------------------------------- main

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGiB: round1(totalmem() / 2 ** 30), node: process.version, os: release() },
  seed,
  rounds,
};
const targets: Target[] = [];
const estates = new Map<number, Estate>();
const largestSites = Math.max(...sizes);
const needEstates = ['audit', 'ldif', 'ldap', 'dns', 'batch'].some((p) => only.has(p as Part));
if (needEstates) for (const sites of sizes) estates.set(sites, estate(sites));
const largest = estates.get(largestSites);

if (only.has('audit')) {
  const rows: AuditRow[] = [];
  for (const e of estates.values()) {
    log(`audit: ${e.sites} sites`);
    rows.push(await auditRow(e));
  }
  results.audit = rows;
  console.log('\nAudit of a snapshot (cold process, SARIF out) vs bare JSON.parse of the same file');
  console.log(
    table(
      ['sites', 'AD objects', 'snapshot MB', 'audit ms', 'peak MiB', 'parse ms', 'parse MiB', 'ratio', 'findings', 'as planted'],
      rows.map((r) => [r.sites, r.objects, r.snapshotMB, r.auditMs, r.auditPeakRssMiB, r.parseMs, r.parsePeakRssMiB, r.ratio, r.findings, r.planted ? 'yes' : 'NO']),
    ),
  );
  const big = rows[rows.length - 1]!;
  targets.push({ what: `audit ${big.objects} objects vs JSON.parse`, target: '< 3x', measured: `${big.ratio}x`, met: big.ratio < 3 });
  targets.push({ what: `audit ${big.objects} objects peak RSS`, target: '< 512 MiB', measured: `${big.auditPeakRssMiB} MiB`, met: big.auditPeakRssMiB < 512 });
  // Linear: time above start-up per object, the smallest estate's run taken as start-up. Only
  // estates whose audit takes at least half as long again: below, the difference is mostly noise.
  const base = rows[0]!.auditMs;
  const perObject = rows.filter((r) => r.auditMs >= 1.5 * base).map((r) => ({ sites: r.sites, usPerObject: round1(((r.auditMs - base) * 1000) / r.objects) }));
  if (perObject.length >= 2) {
    results.linear = perObject;
    const [a, b] = [perObject[perObject.length - 2]!, perObject[perObject.length - 1]!];
    const growth = round1(b.usPerObject / a.usPerObject);
    console.log(`\nCost per AD object above start-up: ${perObject.map((p) => `${p.sites} sites ${p.usPerObject} µs`).join(', ')}`);
    targets.push({ what: `cost per object, ${b.sites} vs ${a.sites} sites`, target: '~1x (linear)', measured: `${growth}x`, met: growth <= 1.25 });
  }
  for (const r of rows) if (!r.planted) targets.push({ what: `findings of ${r.sites} sites`, target: 'as planted', measured: 'differ', met: false });
}

if (only.has('ldif') && largest) {
  log('ldif');
  const ldif = await benchLdif({ file: join(largest.dir, FILES.ldif), rounds });
  results.ldif = ldif;
  console.log(`\nLDIF import of ${ldif.megabytes.toFixed(0)} MB (${ldif.entries} entries): ${Math.round(ldif.importMs)} ms, ${ldif.mbPerSecond.toFixed(0)} MB/s, read ${Math.round(ldif.readMs)} ms, ratio ${ldif.ratio.toFixed(1)}x, peak ${Math.round(ldif.importPeakRssMb)} MB`);
  targets.push({ what: 'LDIF import vs reading the bytes', target: '<= 3x', measured: `${ldif.ratio.toFixed(1)}x`, met: ldif.ratio <= 3 });
}

if (only.has('ldap') && largest) {
  log('ldap (loading slapd takes a while)');
  const ldap = await benchLdap({ ldifFiles: [join(largest.dir, FILES.ldif)], pageSize: DEFAULT_PAGE_SIZE, rounds });
  results.ldap = ldap;
  console.log(`\nLDAP collection of ${ldap.entries} entries, page size ${ldap.pageSize}: casaudit ${Math.round(ldap.casauditMs)} ms, ldapsearch ${Math.round(ldap.ldapsearchMs)} ms, ratio ${ldap.ratio.toFixed(2)}x (${ldap.transport})`);
  targets.push({ what: 'LDAP collection vs ldapsearch', target: '<= 1.5x', measured: `${ldap.ratio.toFixed(2)}x`, met: ldap.ratio <= 1.5 });
}

if (only.has('dns') && largest) {
  log('dns');
  const snapshot = JSON.parse(readFileSync(join(largest.dir, FILES.snapshot), 'utf8')) as Snapshot;
  const names = snapshot.dns.internal.map((a) => a.name).slice(0, 10_000);
  const dns = await benchDns({ zoneFile: join(largest.dir, FILES.internalZone), origin: 'northwind.local', names, concurrency: DEFAULT_DNS_CONCURRENCY, rounds: Math.max(rounds, 5) });
  results.dns = dns;
  console.log(`\nDNS collection of ${dns.names} names at concurrency ${dns.concurrency}: casaudit ${Math.round(dns.casauditMs)} ms, c-ares ${Math.round(dns.caresMs)} ms, ratio ${dns.ratio.toFixed(2)}x (CPU ${Math.round(dns.casauditCpuMs)} vs ${Math.round(dns.caresCpuMs)} ms)`);
  targets.push({ what: 'DNS collection vs c-ares', target: '<= 1.5x', measured: `${dns.ratio.toFixed(2)}x`, met: dns.ratio <= 1.5 });
}

if (only.has('batch')) {
  const mid = [...estates.values()].filter((e) => e.sites <= 200).pop();
  if (mid) {
    log(`batch: 8 x ${mid.sites} sites`);
    const result = await batch(mid, 8);
    results.batch = result;
    console.log(`\nBatch of ${result.estates} x ${result.sitesEach}-site estates (${result.totalMB} MB): one thread ${result.oneThreadMs} ms, two workers ${result.workersMs} ms, automatic ${result.automaticMs} ms; same report: ${result.sameReport ? 'yes' : 'NO'}`);
  }
}

if (only.has('start')) {
  log('npm start');
  const start = await npmStart();
  results.start = start;
  console.log(`\nnpm start (demo estate, cold): ${start.npmStartMs} ms via npm, ${start.nodeMs} ms as node bin/casaudit.js`);
  targets.push({ what: 'npm start (demo audit) wall time', target: '< 1000 ms', measured: `${start.npmStartMs} ms`, met: start.npmStartMs < 1000 });
}

results.targets = targets;
console.log('\nTargets (2-core machine)');
console.log(table(['measure', 'target', 'measured', 'met'], targets.map((t) => [t.what, t.target, t.measured, t.met ? 'yes' : 'NO'])));
writeAtomically(values.out, JSON.stringify(results, null, 2) + '\n');
console.log(`\nResults written to ${values.out}`);
