/** Every `casaudit diff` output format, by the name `--format` takes. A new format is its module here and one line below. */
import type { DiffReportFormat } from './diff-format.js';
import { diffJsonFormat } from './json.js';
import { diffTextFormat } from './text.js';

const DIFF_REPORT_FORMATS = {
  text: diffTextFormat,
  json: diffJsonFormat,
} satisfies Record<string, DiffReportFormat>;

export type DiffFormat = keyof typeof DIFF_REPORT_FORMATS;

export const DIFF_FORMATS: readonly DiffFormat[] = Object.keys(DIFF_REPORT_FORMATS) as DiffFormat[];

export function diffFormat(name: DiffFormat): DiffReportFormat {
  return DIFF_REPORT_FORMATS[name];
}
