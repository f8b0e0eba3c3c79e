/**
 * Batch audits: many estate snapshots in one call, one report part per
 * estate in the order given, audited in worker threads when that pays.
 */
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, extname, join, relative, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as sarif from 'sarif';
import { UserError, oneLine } from '../errors.js';
import { toolName, toolVersion } from '../paths.js';
import { fileErrorReason } from '../read-input.js';
import type { Baseline } from '../report/baseline.js';
import { sarifLog } from '../report/sarif.js';
import { MAX_MARKDOWN_LENGTH } from '../report/markdown.js';
import { auditEstateFile, type EstateJob, type EstateOutcome } from './estate-audit.js';

export interface Estate {
  file: string;
  /** Short, unique name of the estate in this batch: the file name without .json. */
  id: string;
}

/** Below this much snapshot JSON in all, starting workers costs more than it saves. */
export const WORKER_THRESHOLD_BYTES = 4 * 1024 * 1024;

/** Files as given, folders as their *.json files (sorted); each estate named by its file. */
export function expandEstates(paths: readonly string[]): Estate[] {
  const files: string[] = [];
  for (const path of paths) {
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch (err) {
      throw new UserError(`${path}: cannot read snapshot: ${fileErrorReason(err)}`);
    }
    if (!isFolder) {
      files.push(path);
      continue;
    }
    const inFolder = readdirSync(path)
      .filter((name) => name.toLowerCase().endsWith('.json'))
      .sort()
      .map((name) => join(path, name))
      .filter((file) => statSync(file).isFile());
    if (inFolder.length === 0) throw new UserError(`${path}: holds no snapshot (*.json) files`);
    files.push(...inFolder);
  }
  const seen = new Set<string>();
  const unique = files.filter((file) => {
    const key = resolve(file);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const stem = (file: string) => basename(file, extname(file));
  const counts = new Map<string, number>();
  for (const file of unique) counts.set(stem(file).toLowerCase(), (counts.get(stem(file).toLowerCase()) ?? 0) + 1);
  // Two customers' "snapshot.json" in different folders: name them by path instead.
  return unique.map((file) => {
    const clash = (counts.get(stem(file).toLowerCase()) ?? 0) > 1;
    const id = clash ? relative(process.cwd(), resolve(file)).replace(/\.json$/i, '').split(/[\\/]/).join('/') : stem(file);
    return { file, id };
  });
}

/** The SARIF automationDetails.id of an estate's run: category "casaudit/ID", so code scanning keeps the estates apart. */
export function automationIdOf(estate: Estate): string {
  return `${toolName}/${estate.id}/`;
}

function workerCount(estates: readonly Estate[], jobs: number | undefined): number {
  if (jobs !== undefined) return Math.min(jobs, estates.length);
  if (estates.length < 2) return 1;
  const bytes = estates.reduce((sum, e) => sum + statSync(e.file).size, 0);
  if (bytes < WORKER_THRESHOLD_BYTES) return 1;
  return Math.min(availableParallelism(), estates.length);
}

/** Audits every estate; outcomes in the order of `estates`. The first estate that fails to load stops the batch. */
export async function auditEstates(estates: readonly Estate[], job: EstateJob, jobs?: number, baseline?: Baseline): Promise<EstateOutcome[]> {
  const jobFor = (estate: Estate): EstateJob => ({
    ...job,
    automationId: automationIdOf(estate),
    // Each estate against its own run of the baseline; an estate the baseline lacks is all new.
    ...(baseline ? { baseline: baseline.runs.get(automationIdOf(estate)) ?? new Map() } : {}),
    ...(job.format === 'markdown' ? { markdownMax: Math.floor((MAX_MARKDOWN_LENGTH - 2_000) / estates.length) } : {}),
  });
  const workers = workerCount(estates, jobs);
  if (workers <= 1) {
    const outcomes: EstateOutcome[] = [];
    for (const estate of estates) outcomes.push(await auditEstateFile(estate.file, jobFor(estate)));
    return outcomes;
  }
  return runInWorkers(estates.map((e) => ({ file: e.file, job: jobFor(e) })), workers);
}

interface WorkerTask {
  file: string;
  job: EstateJob;
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
    };
    const onMessage = (reply: WorkerReply) => {
      cleanup();
      resolvePromise(reply);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(new Error(`audit worker failed on ${task.file}: ${oneLine(err.message)}`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.postMessage(task);
  });
}

// ---------------------------------------------------------------- combining

/** The batch report: one SARIF log with a run per estate, a JSON document of estates, or the text parts in order. */
export function combineOutcomes(estates: readonly Estate[], outcomes: readonly EstateOutcome[], job: EstateJob): string {
  switch (job.format) {
    case 'sarif':
      return JSON.stringify(sarifLog(outcomes.map((o) => o.rendered as sarif.Run)), null, 2) + '\n';
    case 'json':
      return (
        JSON.stringify(
          {
            tool: { name: toolName, version: toolVersion },
            estates: estates.map((estate, i) => ({ id: estate.id, failed: outcomes[i]!.failed, ...(outcomes[i]!.rendered as object) })),
          },
          null,
          2,
        ) + '\n'
      );
    case 'markdown':
      return [batchMarkdownTable(estates, outcomes), ...outcomes.map((o) => o.rendered as string)].join('\n');
    case 'text':
      return [...outcomes.map((o) => o.rendered as string), batchTextSummary(estates, outcomes)].join('\n');
  }
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function batchTextSummary(estates: readonly Estate[], outcomes: readonly EstateOutcome[]): string {
  const failed = estates.filter((_, i) => outcomes[i]!.failed).map((e) => e.id);
  const lines = [`Batch: ${plural(estates.length, 'estate')}, ${failed.length} failed the gate${failed.length ? ` (${failed.join(', ')})` : ''}`];
  for (const [i, estate] of estates.entries()) {
    const s = outcomes[i]!.summary;
    const counts = `${plural(s.error, 'error')}, ${plural(s.warning, 'warning')}, ${plural(s.note, 'note')}${s.suppressed ? `, ${s.suppressed} suppressed` : ''}`;
    lines.push(`  ${outcomes[i]!.failed ? 'FAIL' : 'ok  '}  ${estate.id}: ${counts}`);
  }
  return lines.join('\n') + '\n';
}

function batchMarkdownTable(estates: readonly Estate[], outcomes: readonly EstateOutcome[]): string {
  const cell = (text: string) => text.replace(/[\\`*_[\]|~$<>&]/g, (c) => `\\${c}`);
  const rows = estates.map((estate, i) => {
    const { summary: s, failed } = outcomes[i]!;
    return `| ${cell(estate.id)} | ${failed ? '❌ fails' : '✅ passes'} | ${s.error} | ${s.warning} | ${s.note} | ${s.suppressed} |`;
  });
  return [`# ${toolName} ${toolVersion}: ${estates.length} estates`, '', '| Estate | Gate | Errors | Warnings | Notes | Suppressed |', '| --- | --- | ---: | ---: | ---: | ---: |', ...rows, ''].join('\n');
}
