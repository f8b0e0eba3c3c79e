/**
 * Comparing an audit with a previous SARIF report (`--baseline`): each finding
 * is new, unchanged or updated (same rule and object, other message), and a
 * finding of the baseline that is gone is absent. Findings are matched by
 * their partial fingerprint (rule + object DN), so reordered snapshots and
 * reworded messages do not count as new.
 */
import type * as sarif from 'sarif';
import type { AuditResult, Finding } from '../engine/audit.js';
import { UserError } from '../util/errors.js';
import { readInputText } from '../util/read-input.js';
import { parseJsonText } from '../util/json-locate.js';
import { FINGERPRINT_KEY, findingFingerprint } from './fingerprint.js';
import { SINGLE_RUN_AUTOMATION_ID, automationIdOf } from './automation-id.js';

export type BaselineState = 'new' | 'unchanged' | 'updated' | 'absent';

export interface Baseline {
  file: string;
  /** Each casaudit run's results by fingerprint, by the run's automationDetails.id ('' when it has none): estates compare with their own run. */
  runs: Map<string, Map<string, sarif.Result>>;
}

export interface BaselineComparison {
  states: Map<Finding, Exclude<BaselineState, 'absent'>>;
  /** Baseline results no finding of this run matches. */
  absent: sarif.Result[];
}

export async function readBaseline(file: string): Promise<Baseline> {
  const text = await readInputText(file, 'baseline');
  const log = parseJsonText(text, file, 'invalid JSON in the baseline') as sarif.Log;
  if (typeof log !== 'object' || log === null || log.version !== '2.1.0' || !Array.isArray(log.runs)) {
    throw new UserError(`${file}: not a SARIF 2.1.0 log (expected "version": "2.1.0" and "runs")`);
  }
  const runs = new Map<string, Map<string, sarif.Result>>();
  for (const run of log.runs) {
    if (run.tool?.driver?.name !== 'casaudit') continue;
    const id = run.automationDetails?.id ?? '';
    const ofRun = runs.get(id) ?? new Map<string, sarif.Result>();
    runs.set(id, ofRun);
    for (const result of run.results ?? []) {
      const fingerprint = result.partialFingerprints?.[FINGERPRINT_KEY];
      // Absent results of an earlier comparison are history, not findings.
      if (!fingerprint || result.baselineState === 'absent') continue;
      ofRun.set(fingerprint, result);
    }
  }
  if (runs.size === 0) {
    throw new UserError(`${file}: holds no casaudit run; give a SARIF report casaudit wrote`);
  }
  return { file, runs };
}

/**
 * The baseline run to compare one estate with: the run with one of the
 * estate's automationDetails ids, else the baseline's only run (a single
 * audit's baseline used in a batch, or the other way round). Undefined when
 * the baseline holds several runs and none is this estate's.
 */
/**
 * The automation ids of the baseline runs that can hold an estate's results:
 * a single audit matches the single-audit run or its batch run of the same
 * name; an estate of a batch, its own run.
 */
export function runIdsFor(estate: { id?: string; batch: boolean }): string[] {
  const own = estate.id !== undefined ? [automationIdOf(estate.id)] : [];
  return estate.batch ? own : [SINGLE_RUN_AUTOMATION_ID, ...own];
}

export function baselineRunFor(baseline: Baseline, ids: readonly string[]): Map<string, sarif.Result> | undefined {
  for (const id of ids) {
    const run = baseline.runs.get(id);
    if (run) return run;
  }
  return baseline.runs.size === 1 ? [...baseline.runs.values()][0] : undefined;
}

/**
 * Each finding against the baseline run's results. Results of rules that did
 * not run and of objects out of scope are neither matched nor absent: the
 * audit did not look, so it cannot say they were fixed.
 */
export function compareWithBaseline(
  result: Pick<AuditResult, 'findings' | 'rulesOff' | 'outOfScope'>,
  baseline: ReadonlyMap<string, sarif.Result>,
): BaselineComparison {
  const states = new Map<Finding, Exclude<BaselineState, 'absent'>>();
  const seen = new Set<string>();
  for (const finding of result.findings) {
    const fingerprint = findingFingerprint(finding);
    const before = baseline.get(fingerprint);
    seen.add(fingerprint);
    states.set(finding, !before ? 'new' : before.message?.text === finding.message ? 'unchanged' : 'updated');
  }
  for (const left of result.outOfScope) seen.add(findingFingerprint(left));
  const off = new Set(result.rulesOff.map((r) => r.id));
  const absent = [...baseline].filter(([fingerprint, r]) => !seen.has(fingerprint) && !off.has(r.ruleId ?? '')).map(([, r]) => r);
  return { states, absent };
}

/** "Against the baseline: 2 new, 1 updated, 5 unchanged, 3 gone", as the text and HTML reports say it. */
export function baselineSummary({ states, absent }: BaselineComparison): string {
  const count = (state: BaselineState) => [...states.values()].filter((s) => s === state).length;
  return `Against the baseline: ${count('new')} new, ${count('updated')} updated, ${count('unchanged')} unchanged, ${absent.length} gone`;
}
