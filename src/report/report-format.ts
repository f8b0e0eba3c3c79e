/**
 * What every report format provides, so the CLI needs to know none of them:
 * one estate's whole report, and for a batch audit each estate's part and
 * the report the parts combine into. A part is rendered where its estate is
 * audited (a worker thread, in a large batch) and crosses back to the main
 * thread by structured clone, so it must be a string or plain data.
 */
import type { Summary } from '../engine/audit.js';
import type { ReportInput } from './input.js';

export interface ReportFormat<Part = unknown> {
  /** One estate's whole report, as the user sees it. */
  render(report: ReportInput, options: RenderOptions): string;
  /** One estate's part of a batch report, rendered on its own. */
  part(report: ReportInput, place: BatchPlace, options: RenderOptions): Part;
  /** The batch report: every estate's part and verdict, in the order the estates were given. */
  combine(estates: readonly BatchEstate<Part>[]): string;
}

export interface RenderOptions {
  /** Terminal colours; formats that are never shown on a terminal ignore it. */
  colour: boolean;
}

/** Where an estate stands in its batch: all a format needs to render the estate's part without seeing the others. */
export interface BatchPlace {
  /** Its position in the batch, from 0. */
  index: number;
  /** Its short name, unique in the batch. */
  id: string;
  /** How many estates the batch holds. */
  count: number;
}

/** One estate of a batch as its format combines it. */
export interface BatchEstate<Part> {
  id: string;
  /** Whether its findings failed the gate. */
  failed: boolean;
  summary: Summary;
  part: Part;
}
