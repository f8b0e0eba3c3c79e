/**
 * Auditing the estates of a batch: one after another, or in a small pool of
 * worker threads when there is enough snapshot JSON for that to pay.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type * as sarif from 'sarif';
import { UserError, oneLine } from '../util/errors.js';
import { baselineRunFor, runIdsFor, type Baseline } from '../report/baseline.js';
import type { Estate } from './estate-names.js';
import { auditEstateFile, type BatchJob, type EstateJob, type EstateOutcome } from './estate-audit.js';
import { stderrLine } from './stderr.js';

/** Below this much snapshot JSON in all, starting workers costs more than it saves. */
const WORKER_THRESHOLD_BYTES = 4 * 1024 * 1024;

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
    ...(baseline ? { baseline: baselineRunOrWarn(baseline, runIdsFor({ id: estate.id, batch: true }), estate.id) } : {}),
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
  stderrLine(`warning: ${baseline.file} holds no run for estate ${estate} (automationDetails.id ${ids.join(' or ')}); all its findings count as new`);
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
