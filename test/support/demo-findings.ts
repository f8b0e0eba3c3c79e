/**
 * The demo estate's findings (fixtures/demo): the one list the tests keep of
 * what its planted misconfigurations fire, as fixtures/demo/README.md tells
 * them. test/golden.test.ts checks the audit against it; every other test
 * takes the demo's totals from here, so a rule that changes the demo edits
 * this list and no count elsewhere.
 */
import type { Level } from '../../src/engine/rule.js';

/** One finding: `RULE level kind object`, sorted by rule, kind and object. */
const FINDINGS = [
  'ARR001 warning site Edinburgh',
  'ARR002 error site London',
  'ARR003 error casArray outlook-gla',
  'ARR003 error casArray outlook-lds',
  'ARR004 error casArray lon-cas1',
  'ARR005 warning casArray outlook-lds',
  'ARR006 error casArray outlook-gla',
  'ARR007 warning casArray outlook-man',
  'DAG001 warning dag EDI-DAG01',
  'DAG002 warning database EDI-DB01',
  'DNS001 error database EDI-DB02',
  'DNS002 warning casArray lon-cas1',
  'DNS003 warning casArray outlook-gla',
  'DNS003 warning casArray outlook-lds',
  'DNS004 note casArray lon-cas1',
  'DNS004 note casArray outlook-man',
  'NLB001 error server MAN-EX1',
  'NLB001 error server MAN-EX2',
  'NLB002 warning server MAN-EX1',
  'NLB002 warning server MAN-EX2',
  'NLB003 warning server MAN-EX1',
  'NLB003 warning server MAN-EX2',
  'NLB004 error server LON-CAS2',
  'NLB004 error server MAN-EX2',
  'NLB005 warning server MAN-EX2',
  'PORT001 warning server MAN-EX2',
  'PORT002 warning server LON-CAS2',
  'PORT003 error casArray outlook-man',
  'PORT004 error server EDI-EX1',
  'PORT005 note server EDI-EX1',
  'RCA001 error database EDI-DB01',
  'RCA001 error database LON-DB05',
  'RCA001 error database MAN-DB03',
  'RCA002 error database LON-DB06',
  'RCA003 error database EDI-DB02',
  'RCA004 warning database EDI-DB03',
] as const;

/** What the demo leaves not evaluated on purpose: `RULE kind object`. */
export const DEMO_NOT_EVALUATED: readonly string[] = ['NLB001 server LON-MBX2'];

export interface DemoFinding {
  ruleId: string;
  level: Level;
  kind: string;
  name: string;
}

export const DEMO_FINDINGS: readonly DemoFinding[] = FINDINGS.map((line) => {
  const [ruleId, level, kind, name] = line.split(' ') as [string, Level, string, string];
  return { ruleId, level, kind, name };
});

/** How a finding reads in the list above, to compare an audit's findings with it. */
export function demoFindingKey(f: DemoFinding): string {
  return `${f.ruleId} ${f.level} ${f.kind} ${f.name}`;
}

/** How many findings the demo has: all of them, or those of one level. */
export function demoCount(level?: Level): number {
  return DEMO_FINDINGS.filter((f) => level === undefined || f.level === level).length;
}

const counted = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The demo's counts as reports phrase them: "17 errors, 16 warnings, 3 notes". */
export function demoLevelCounts(): string {
  return [counted(demoCount('error'), 'error'), counted(demoCount('warning'), 'warning'), counted(demoCount('note'), 'note')].join(', ');
}
