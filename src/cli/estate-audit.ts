/**
 * One estate from snapshot to rendered report and gate verdict. The same
 * function runs in the main thread (one estate) and in worker threads (batch
 * audits), so its job and outcome hold only data a worker can pass back.
 */
import type * as sarif from 'sarif';
import { runAudit, summarize, type AuditResult, type AuditSettings, type Summary } from '../engine/audit.js';
import { loadRules } from '../engine/discover.js';
import { LEVELS } from '../engine/rule.js';
import { compareWithBaseline, type BaselineComparison } from '../report/baseline.js';
import { reportFormat, type Format } from '../report/formats.js';
import type { AuditedInput, ReportInput } from '../report/input.js';
import type { BatchPlace } from '../report/report-format.js';
import { loadSnapshotFile } from '../snapshot/load.js';
import type { Snapshot } from '../snapshot/model.js';

export const FAIL_ON = ['error', 'warning', 'note', 'none'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface Gate {
  failOn: FailOn;
  /** Exit 1 when more warnings than this are found (ESLint's --max-warnings). */
  maxWarnings?: number;
  /** Judge only findings that are new against the baseline. */
  onlyNew: boolean;
}

/**
 * Whether the findings fail the gate: one at or above --fail-on, or more
 * warnings than --max-warnings. Suppressed findings never count; with
 * onlyNew, neither do findings the baseline already had.
 */
function failsGate(result: AuditResult, gate: Gate, comparison?: BaselineComparison): boolean {
  const judged = result.findings.filter((f) => !f.suppression && (!gate.onlyNew || !comparison || comparison.states.get(f) === 'new'));
  if (gate.maxWarnings !== undefined && judged.filter((f) => f.level === 'warning').length > gate.maxWarnings) return true;
  const failOn = gate.failOn;
  if (failOn === 'none') return false;
  return judged.some((f) => LEVELS.indexOf(f.level) <= LEVELS.indexOf(failOn));
}

export interface EstateJob {
  format: Format;
  colour: boolean;
  settings: AuditSettings;
  gate: Gate;
  /** The config file, for report headers. */
  config?: string;
  /** The baseline results to compare with, when --baseline was given. */
  baseline?: Map<string, sarif.Result>;
}

/** One estate of a batch: its job, and where it stands in the batch. */
export interface BatchJob extends EstateJob {
  place: BatchPlace;
}

export interface EstateOutcome {
  /** The estate's part of the batch report, as its format renders it: a string or plain data, to cross from a worker. */
  part: unknown;
  failed: boolean;
  summary: Summary;
}

/** Audits a snapshot already in memory (one estate, or collected in this run). */
export async function auditEstate(snapshot: Snapshot, input: AuditedInput, job: EstateJob): Promise<{ report: ReportInput; failed: boolean }> {
  const result = runAudit(snapshot, await loadRules(), job.settings);
  const comparison = job.baseline ? compareWithBaseline(result, job.baseline) : undefined;
  const report: ReportInput = { result, input, ...(comparison ? { baseline: comparison } : {}), ...(job.config ? { config: job.config } : {}) };
  return { report, failed: failsGate(result, job.gate, comparison) };
}

/** The whole report of one estate, as the user sees it. */
export function renderReport(report: ReportInput, job: Pick<EstateJob, 'format' | 'colour'>): string {
  return reportFormat(job.format).render(report, { colour: job.colour });
}

/** One estate of a batch: read, audited and rendered as its part of the combined report. */
export async function auditEstateFile(file: string, job: BatchJob): Promise<EstateOutcome> {
  const loaded = await loadSnapshotFile(file);
  const { report, failed } = await auditEstate(loaded.snapshot, loaded, job);
  const part = reportFormat(job.format).part(report, job.place, { colour: job.colour });
  return { part, failed, summary: summarize(report.result) };
}
