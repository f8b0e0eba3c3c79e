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
import type { AuditedInput, ReportInput } from '../report/input.js';
import { batchEstateSectionHtml, formatHtml } from '../report/html/report.js';
import { formatJson, toJsonReport } from '../report/json.js';
import { formatMarkdown } from '../report/markdown.js';
import { formatSarif, toSarifRun } from '../report/sarif.js';
import { formatText } from '../report/text.js';
import { loadSnapshotFile } from '../snapshot/load.js';
import type { Snapshot } from '../snapshot/model.js';

export const FORMATS = ['text', 'sarif', 'json', 'markdown', 'html'] as const;
export type Format = (typeof FORMATS)[number];
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
export function failsGate(result: AuditResult, gate: Gate, comparison?: BaselineComparison): boolean {
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
  /** Batch audits: the SARIF run's automationDetails.id. */
  automationId?: string;
  /** Batch audits: this estate's share of the Markdown size cap; 0 when the batch is too large for sections. */
  markdownMax?: number;
  /** Batch audits: the estate's place and name on the batch page, for its HTML section. */
  htmlEstate?: { index: number; id: string };
}

export interface EstateOutcome {
  /** sarif: one run; json: the report object; text and markdown: the text; html: the estate's section of the batch page. */
  rendered: string | sarif.Run | ReturnType<typeof toJsonReport>;
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
export function renderReport(report: ReportInput, job: Pick<EstateJob, 'format' | 'colour' | 'markdownMax'>): string {
  switch (job.format) {
    case 'sarif':
      return formatSarif(report);
    case 'json':
      return formatJson(report);
    case 'markdown':
      return formatMarkdown(report, job.markdownMax);
    case 'html':
      return formatHtml(report);
    case 'text':
      return formatText(report, { colour: job.colour });
  }
}

/** One estate of a batch: read, audited and rendered as its part of the combined report (SARIF and JSON as objects, to combine). */
export async function auditEstateFile(file: string, job: EstateJob): Promise<EstateOutcome> {
  const loaded = await loadSnapshotFile(file);
  const { report, failed } = await auditEstate(loaded.snapshot, loaded, job);
  const rendered =
    job.format === 'sarif'
      ? toSarifRun(report, job.automationId)
      : job.format === 'json'
        ? toJsonReport(report)
        : job.format === 'html'
          ? batchEstateSectionHtml(report, job.htmlEstate?.index ?? 0, job.htmlEstate?.id ?? loaded.file)
          : job.markdownMax === 0
            ? ''
            : renderReport(report, job);
  return { rendered, failed, summary: summarize(report.result) };
}
