/**
 * LDIF import benchmark: casaudit's import of an ldifde export (what
 * `collect --ldif FILE` does: read, parse, map to the snapshot's directory
 * sections) against the floor of reading the same file's bytes with
 * fs.promises.readFile. Each side runs in its own fresh Node process (one
 * warm-up round, then the timed rounds, a full GC between rounds), so that
 * the peak RSS reported is that side's own.
 *
 *   npx tsx bench/ldif.mts FILE [--rounds N]     prints the result as JSON
 *
 * A large file: `npm run synth -- --sites 2000 --out DIR` writes DIR/northwind.ldif (about 200 MB).
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { collectSnapshot } from '../src/collect/collect.js';
import { median, round1, timed } from './support/measure.js';

export interface LdifBenchOptions {
  file: string;
  /** Timed rounds per side after one warm-up round each; default 3. */
  rounds?: number;
}

export interface LdifBenchResult {
  file: string;
  /** File size in MB (10^6 bytes). */
  megabytes: number;
  /** Directory entries in the file (the import's object count). */
  entries: number;
  /** Median time of fs.promises.readFile of the file: the floor. */
  readMs: number;
  /** Median time of the import collect does, from the file to the directory sections of a snapshot. */
  importMs: number;
  /** importMs / readMs. */
  ratio: number;
  /** Median CPU time of a round (all threads of the process, GC included): steadier than wall time on a busy machine. */
  readCpuMs: number;
  importCpuMs: number;
  /** importCpuMs / readCpuMs. */
  cpuRatio: number;
  /** Import throughput: megabytes / importMs. */
  mbPerSecond: number;
  /** Peak resident set size of each side's process (MB), Node and module loading included. */
  readPeakRssMb: number;
  importPeakRssMb: number;
  rounds: number;
  readRoundsMs: number[];
  importRoundsMs: number[];
}

type Side = 'read' | 'import';

interface SideResult {
  roundsMs: number[];
  cpuMs: number[];
  entries: number;
  peakRssMb: number;
}

const SELF = fileURLToPath(import.meta.url);

/** One round of a side: its wall and CPU time and the entries it found (0 for the read). */
async function once(side: Side, file: string): Promise<{ ms: number; cpuMs: number; entries: number }> {
  const { ms, cpuMs, value: entries } = await timed(async () => {
    if (side === 'read') return (await readFile(file), 0);
    return (await collectSnapshot({ ldif: [file] })).collection.sources[0]?.objects ?? 0;
  });
  return { ms, cpuMs, entries };
}

/** In the child process: the warm-up and timed rounds of one side. */
async function runSide(side: Side, file: string, rounds: number): Promise<SideResult> {
  const gc = (globalThis as { gc?: () => void }).gc;
  let entries = 0;
  const roundsMs: number[] = [];
  const cpuMs: number[] = [];
  for (let i = 0; i <= rounds; i++) {
    gc?.();
    const result = await once(side, file);
    entries = result.entries;
    if (i > 0) {
      roundsMs.push(round1(result.ms));
      cpuMs.push(round1(result.cpuMs));
    }
  }
  return { roundsMs, cpuMs, entries, peakRssMb: round1((process.resourceUsage().maxRSS * 1024) / 1e6) };
}

/** Runs one side in a fresh `node --import tsx` process and reads its JSON result. */
function childSide(side: Side, file: string, rounds: number): Promise<SideResult> {
  return new Promise((resolvePromise, reject) => {
    const args = ['--import', 'tsx', '--expose-gc', SELF, '--side', side, '--rounds', String(rounds), file];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) reject(new Error(`${side} side exited with code ${code}`));
      else resolvePromise(JSON.parse(stdout) as SideResult);
    });
  });
}

export async function benchLdif(options: LdifBenchOptions): Promise<LdifBenchResult> {
  const file = resolve(options.file);
  const rounds = options.rounds ?? 3;
  const megabytes = statSync(file).size / 1e6;
  // One side at a time, so that neither competes with the other for the CPU.
  const read = await childSide('read', file, rounds);
  const imported = await childSide('import', file, rounds);
  const readMs = median(read.roundsMs);
  const importMs = median(imported.roundsMs);
  const readCpuMs = median(read.cpuMs);
  const importCpuMs = median(imported.cpuMs);
  return {
    file,
    megabytes: round1(megabytes),
    entries: imported.entries,
    readMs: round1(readMs),
    importMs: round1(importMs),
    ratio: Math.round((importMs / readMs) * 100) / 100,
    readCpuMs: round1(readCpuMs),
    importCpuMs: round1(importCpuMs),
    cpuRatio: Math.round((importCpuMs / readCpuMs) * 100) / 100,
    mbPerSecond: round1(megabytes / (importMs / 1000)),
    readPeakRssMb: read.peakRssMb,
    importPeakRssMb: imported.peakRssMb,
    rounds,
    readRoundsMs: read.roundsMs,
    importRoundsMs: imported.roundsMs,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === SELF) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { rounds: { type: 'string' }, side: { type: 'string' } },
  });
  const file = positionals[0];
  const rounds = values.rounds === undefined ? 3 : Number(values.rounds);
  if (!file || positionals.length !== 1 || !Number.isInteger(rounds) || rounds < 1) {
    console.error('usage: npx tsx bench/ldif.mts FILE [--rounds N]   (N: timed rounds per side, default 3)');
    process.exit(2);
  }
  if (values.side === 'read' || values.side === 'import') {
    console.log(JSON.stringify(await runSide(values.side, file, rounds)));
  } else {
    console.log(JSON.stringify(await benchLdif({ file, rounds }), null, 2));
  }
}
