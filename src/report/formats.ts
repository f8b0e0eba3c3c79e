/**
 * Every report format, by the name `--format` takes, in the order its help
 * lists them. A new format is its module in formats/ and one line here.
 */
import { htmlFormat } from './formats/html.js';
import { jsonFormat } from './formats/json.js';
import { markdownFormat } from './formats/markdown.js';
import { sarifFormat } from './formats/sarif.js';
import { textFormat } from './formats/text.js';
import type { ReportFormat } from './report-format.js';

const REPORT_FORMATS = {
  text: textFormat,
  sarif: sarifFormat,
  json: jsonFormat,
  markdown: markdownFormat,
  html: htmlFormat,
} satisfies Record<string, ReportFormat>;

export type Format = keyof typeof REPORT_FORMATS;

export const FORMATS: readonly Format[] = Object.keys(REPORT_FORMATS) as Format[];

export function reportFormat(name: Format): ReportFormat {
  return REPORT_FORMATS[name];
}
