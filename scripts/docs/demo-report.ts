/**
 * The demo audit as the docs quote it: the text report of
 * fixtures/demo/snapshot.json, without colour. The rule docs' example
 * findings and the README's sample output are cut from it.
 */
import { runAudit } from '../../src/engine/audit.js';
import type { Rule } from '../../src/engine/rule.js';
import { formatText } from '../../src/report/formats/text.js';
import { loadSnapshotFile } from '../../src/snapshot/load.js';

export const DEMO = 'fixtures/demo/snapshot.json';

export async function demoTextReport(rules: Rule[]): Promise<string> {
  const loaded = await loadSnapshotFile(DEMO);
  return formatText({ result: runAudit(loaded.snapshot, rules), input: loaded }, { colour: false });
}

/* The shape of a text report, as the docs cut it: site headings, object lines under them, finding lines under those. */

export function isSiteHeading(line: string): boolean {
  return line.startsWith('Site ') || line === 'No known site';
}

/** The object's name on an object line (`  LON-DB05 (database)`), or null for another line. */
export function objectName(line: string): string | null {
  return /^ {2}(\S.*) \([^)]*\)$/.exec(line)?.[1] ?? null;
}

/** The rule id on a finding line (`    error   RCA001  Mailbox database …`), or null for another line. */
export function findingRuleId(line: string): string | null {
  return /^ {4}\S+\s+([A-Z]+\d{3}) {2}/.exec(line)?.[1] ?? null;
}

/** A line that continues the finding above it (its location or its fix). */
export function isFindingDetail(line: string): boolean {
  return /^ {12}\S/.test(line);
}
