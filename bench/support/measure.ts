/** What the benchmarks share: medians, and timing a child process with its peak memory. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const round1 = (value: number) => Math.round(value * 10) / 10;

/** Wall time of `run`, and this process's CPU time (user + system) meanwhile. */
export async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await run();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, value };
}

const PEAK_RSS = fileURLToPath(new URL('./peak-rss.mjs', import.meta.url));

export interface ProcessRun {
  /** Wall time from spawn to exit. */
  ms: number;
  /** Peak RSS of the node process (MiB). */
  peakRssMiB: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end: wall time, exit status and what it printed. */
function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<Omit<ProcessRun, 'peakRssMiB'>> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (status) => resolve({ ms: performance.now() - started, status, stdout, stderr }));
  });
}

/** Runs `node [nodeArgs] args` cold, as a user would, and measures wall time and peak memory. */
export async function runNode(args: string[], options: { cwd?: string; nodeArgs?: string[] } = {}): Promise<ProcessRun> {
  const dir = mkdtempSync(join(tmpdir(), 'casaudit-bench-rss-'));
  const rssFile = join(dir, 'rss');
  try {
    const result = await run(process.execPath, ['--import', PEAK_RSS, ...(options.nodeArgs ?? []), ...args], {
      ...(options.cwd ? { cwd: options.cwd } : {}),
      env: { ...process.env, CASAUDIT_BENCH_RSS_FILE: rssFile },
    });
    return { ...result, peakRssMiB: Number(readFileSync(rssFile, 'utf8')) / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Wall time of any command (e.g. npm start), cold. */
export async function runCommand(command: string, args: string[], cwd: string): Promise<{ ms: number; status: number | null; stderr: string }> {
  return run(command, args, { cwd });
}
