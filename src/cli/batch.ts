/**
 * Batch audits: many estate snapshots in one call, one report part per
 * estate in the order given, audited in worker threads when that pays.
 */
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as sarif from 'sarif';
import { UserError, oneLine } from '../util/errors.js';
import { fileErrorReason } from '../util/read-input.js';
import { baselineRunFor, type Baseline } from '../report/baseline.js';
import { reportFormat } from '../report/formats.js';
import { automationIdOf } from '../report/formats/sarif.js';
import { auditEstateFile, type BatchJob, type EstateJob, type EstateOutcome } from './estate-audit.js';

export interface Estate {
  file: string;
  /** Short, unique name of the estate in this batch: the file name without .json. */
  id: string;
  /** Bytes of snapshot JSON, to judge whether workers pay. */
  size: number;
}

/** Below this much snapshot JSON in all, starting workers costs more than it saves. */
const WORKER_THRESHOLD_BYTES = 4 * 1024 * 1024;

interface SnapshotFile {
  file: string;
  size: number;
}

/**
 * The snapshot files the audit arguments name, each path looked at once:
 * files as given, folders as their *.json files (sorted). A batch is more
 * than one path, or any folder. A path that cannot be read is a one-line error.
 */
export function snapshotFiles(paths: readonly string[]): { files: SnapshotFile[]; batch: boolean } {
  let batch = paths.length > 1;
  const files: SnapshotFile[] = [];
  for (const path of paths) {
    const stats = statOrFail(path);
    if (!stats.isDirectory()) {
      files.push({ file: path, size: stats.size });
      continue;
    }
    batch = true;
    files.push(...snapshotFilesIn(path));
  }
  return { files, batch };
}

function statOrFail(path: string) {
  try {
    return statSync(path);
  } catch (err) {
    throw new UserError(`${path}: cannot read snapshot: ${fileErrorReason(err)}`);
  }
}

function snapshotFilesIn(folder: string): SnapshotFile[] {
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => name.toLowerCase().endsWith('.json'));
  } catch (err) {
    throw new UserError(`${folder}: cannot read folder: ${fileErrorReason(err)}`);
  }
  const files = names
    .sort()
    .map((name) => join(folder, name))
    .map((file) => ({ file, stats: statOrFail(file) }))
    .filter(({ stats }) => !stats.isDirectory())
    .map(({ file, stats }) => ({ file, size: stats.size }));
  if (files.length === 0) throw new UserError(`${folder}: holds no snapshot (*.json) files`);
  return files;
}

/** An estate's name from its snapshot file: the file name without .json. */
export function estateIdOf(file: string): string {
  return basename(file, extname(file));
}

/**
 * Each file once, named by estateIdOf; when two share a name, by the path
 * below the folder all the files share, so the names (and the SARIF
 * categories baselines match by) do not depend on where casaudit runs.
 */
export function expandEstates(files: readonly SnapshotFile[]): Estate[] {
  const seen = new Set<string>();
  const unique = files.filter(({ file }) => {
    const key = resolve(file);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const counts = new Map<string, number>();
  const keyOf = (file: string) => estateIdOf(file).toLowerCase();
  for (const { file } of unique) counts.set(keyOf(file), (counts.get(keyOf(file)) ?? 0) + 1);
  const root = commonFolder(unique.map(({ file }) => dirname(resolve(file))));
  return unique.map(({ file, size }) => {
    const clash = (counts.get(keyOf(file)) ?? 0) > 1;
    const id = clash ? relative(root, resolve(file)).replace(/\.json$/i, '').split(sep).join('/') : estateIdOf(file);
    return { file, id, size };
  });
}

function commonFolder(folders: readonly string[]): string {
  const split = folders.map((f) => f.split(sep));
  const first = split[0] ?? [];
  let length = first.length;
  for (const parts of split) {
    let i = 0;
    while (i < length && parts[i] === first[i]) i++;
    length = i;
  }
  return first.slice(0, length).join(sep) || sep;
}

function workerCount(estates: readonly Estate[], jobs: number | undefined): number {
  if (jobs !== undefined) return Math.min(jobs, estates.length);
  if (estates.length < 2) return 1;
  const bytes = estates.reduce((sum, e) => sum + e.size, 0);
  if (bytes < WORKER_THRESHOLD_BYTES) return 1;
  return Math.min(availableParallelism(), estates.length);
}

/** Audits every estate; outcomes in the order of `estates`. The first estate that fails to load stops the batch. */
export async function auditEstates(estates: readonly Estate[], job: EstateJob, jobs?: number, baseline?: Baseline): Promise<EstateOutcome[]> {
  const jobFor = (estate: Estate, index: number): BatchJob => ({
    ...job,
    place: { index, id: estate.id, count: estates.length },
    ...(baseline ? { baseline: baselineRunOrWarn(baseline, [automationIdOf(estate.id)], estate.id) } : {}),
  });
  const workers = workerCount(estates, jobs);
  if (workers <= 1) {
    const outcomes: EstateOutcome[] = [];
    for (const [i, estate] of estates.entries()) outcomes.push(await auditEstateFile(estate.file, jobFor(estate, i)));
    return outcomes;
  }
  return runInWorkers(estates.map((e, i) => ({ file: e.file, job: jobFor(e, i) })), workers);
}

/** The estate's run of the baseline; when it has none, every finding is new, and stderr says why. */
export function baselineRunOrWarn(baseline: Baseline, ids: string[], estate: string): Map<string, sarif.Result> {
  const run = baselineRunFor(baseline, ids);
  if (run) return run;
  process.stderr.write(`casaudit: warning: ${baseline.file} holds no run for estate ${estate} (automationDetails.id ${ids.join(' or ')}); all its findings count as new\n`);
  return new Map();
}

interface WorkerTask {
  file: string;
  job: BatchJob;
}

type WorkerReply = { ok: true; outcome: EstateOutcome } | { ok: false; message: string; userError: boolean };

const workerUrl = new URL(`./audit-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** A small pool: each worker takes the next estate when it finishes one. */
async function runInWorkers(tasks: WorkerTask[], size: number): Promise<EstateOutcome[]> {
  const outcomes: EstateOutcome[] = new Array(tasks.length);
  let next = 0;
  const pool = Array.from({ length: size }, () => new Worker(workerUrl));
  try {
    await Promise.all(
      pool.map(async (worker) => {
        while (next < tasks.length) {
          const index = next++;
          const reply = await ask(worker, tasks[index]!);
          if (!reply.ok) throw reply.userError ? new UserError(reply.message) : new Error(reply.message);
          outcomes[index] = reply.outcome;
        }
      }),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return outcomes;
}

function ask(worker: Worker, task: WorkerTask): Promise<WorkerReply> {
  return new Promise((resolvePromise, reject) => {
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (reply: WorkerReply) => {
      cleanup();
      resolvePromise(reply);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(new Error(`audit worker failed on ${task.file}: ${oneLine(err.message)}`));
    };
    // A worker that ends without answering (out of memory, killed) must not leave the batch waiting.
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`audit worker stopped (exit code ${code}) while auditing ${task.file}`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(task);
  });
}

// ---------------------------------------------------------------- combining

/** The batch report: the format combines the estates' parts, in the order given. */
export function combineOutcomes(estates: readonly Estate[], outcomes: readonly EstateOutcome[], job: EstateJob): string {
  return reportFormat(job.format).combine(estates.map(({ id }, i) => ({ id, ...outcomes[i]! })));
}
