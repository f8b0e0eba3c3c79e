/** What every report format receives. */
import type { AuditResult } from '../engine/audit.js';
import type { BaselineComparison } from './baseline.js';

export interface AuditedInput {
  /** The snapshot file as the user named it; null when the estate was collected in this run. */
  file: string | null;
  /** What was audited, for report headers: the snapshot file, or the sources collected. */
  label?: string;
  /** Line of an object in that file, by its DN. */
  lineOf(dn: string): number | undefined;
}

export interface ReportInput {
  result: AuditResult;
  input: AuditedInput;
  /** The comparison with --baseline, when one was given. */
  baseline?: BaselineComparison;
  /** The config file the audit used, when there was one. */
  config?: string;
}
