/**
 * The README's "Sample output": the demo's text report, shortened to the
 * findings in SHOWN and its closing sections (what was not evaluated,
 * unused host exports, the summary), which it shows whole.
 */
import { DEMO, findingRuleId, isFindingDetail, isSiteHeading, objectName } from './demo-report.js';

/**
 * The findings the sample shows, as `RULE object`: the first a reader
 * meets, a database on a single Client Access server, and one read from a
 * host export (it has an "at" line).
 */
const SHOWN = ['ARR001 Edinburgh', 'RCA001 LON-DB05', 'NLB001 MAN-EX2'];

/** Longer lines are cut here, as a terminal window would. */
const WIDTH = 150;
const CUT = ' ...';
/** What stands for the lines left out. */
const ELIDED = '...';

/** The region's body: a line saying what ran, then the shortened report `report` in a code block. */
export function readmeSample(report: string): string {
  const lines = report.replace(/\n$/, '').split('\n');
  const keep = new Set([0, 1]); // the header and the blank line under it
  const lastSite = lines.findLastIndex(isSiteHeading);
  const closing = lines.findIndex((line, i) => i > lastSite && /^\S/.test(line));
  if (closing === -1) throw new Error('scripts/docs/readme-sample.ts: the demo report has no summary after its sites');
  for (let i = closing - 1; i < lines.length; i++) keep.add(i);

  const missing = new Set(SHOWN);
  let site = -1;
  let object = -1;
  lines.slice(0, closing).forEach((line, i) => {
    if (isSiteHeading(line)) site = i;
    else if (objectName(line) !== null) object = i;
    const id = findingRuleId(line);
    if (id === null || !missing.delete(`${id} ${objectName(lines[object] ?? '')}`)) return;
    keep.add(site).add(object).add(i);
    for (let j = i + 1; isFindingDetail(lines[j] ?? ''); j++) keep.add(j);
  });
  if (missing.size > 0) throw new Error(`scripts/docs/readme-sample.ts: the demo report has no finding ${[...missing].join(', ')} to show; choose another in SHOWN`);

  const sample: string[] = [];
  lines.forEach((line, i) => {
    if (keep.has(i)) sample.push(line.length > WIDTH ? line.slice(0, WIDTH - CUT.length) + CUT : line);
    else if (sample.at(-1) !== ELIDED) sample.push(ELIDED);
  });
  return `\`casaudit audit ${DEMO}\` (the demo estate, text report), shortened:\n\n\`\`\`\n${sample.join('\n')}\n\`\`\``;
}
