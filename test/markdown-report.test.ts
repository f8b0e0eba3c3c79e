import assert from 'node:assert/strict';
import { runAudit, summarize, type AuditResult } from '../src/engine/audit.js';
import { loadRules } from '../src/engine/discover.js';
import { defineRule, type FindingInput, type Level, type Rule } from '../src/engine/rule.js';
import { ruleHelpUri } from '../src/util/paths.js';
import type { AuditedInput } from '../src/report/input.js';
import { MAX_MARKDOWN_LENGTH, formatMarkdown } from '../src/report/formats/markdown.js';
import { loadSnapshotFile } from '../src/snapshot/load.js';
import { EstateBuilder, dn } from './support/estate.js';

const DEMO = 'fixtures/demo/snapshot.json';
const noFile: AuditedInput = { file: null, lineOf: () => undefined };

async function demo(): Promise<{ result: AuditResult; markdown: string }> {
  const loaded = await loadSnapshotFile(DEMO);
  const result = runAudit(loaded.snapshot, await loadRules());
  return { result, markdown: formatMarkdown({ result, input: { file: loaded.file, lineOf: loaded.lineOf } }) };
}

/** A rule that reports exactly the findings given. */
function reporting(id: string, level: Level, findings: FindingInput[]): Rule {
  return defineRule({
    meta: { id, name: `test-${id.toLowerCase()}`, shortDescription: id, fullDescription: id, level, tags: [], target: 'site', needs: [] },
    check(context) {
      for (const finding of findings) context.report(finding);
    },
  });
}

function siteFinding(name: string, message: string, remediation = 'Fix it.'): FindingInput {
  return { target: { kind: 'site', dn: dn.site('S'), name }, message, remediation };
}

/** Cells of a table row, split at pipes that are not backslash-escaped. */
function cells(row: string): string[] {
  const out: string[] = [];
  let cell = '';
  for (let i = 0; i < row.length; i++) {
    const c = row[i]!;
    if (c === '\\') {
      cell += c + (row[i + 1] ?? '');
      i++;
    } else if (c === '|') {
      out.push(cell);
      cell = '';
    } else cell += c;
  }
  out.push(cell);
  // A row starts and ends with a pipe: drop the empty strings outside them.
  assert.equal(out[0], '', row);
  assert.equal(out[out.length - 1], '', row);
  return out.slice(1, -1).map((c) => c.trim());
}

/** Finding rows: table rows whose first cell links a rule. */
function findingRows(markdown: string): string[] {
  return markdown.split('\n').filter((line) => /^\| \[[A-Z0-9]+\]\(/.test(line));
}

/** The second-level headings, in order. */
function headings(markdown: string): string[] {
  return markdown.split('\n').filter((line) => line.startsWith('## '));
}

describe('markdown report', () => {
  it('lists suppressed findings apart from the severity tables, and the suppressions to review', async () => {
    const loaded = await loadSnapshotFile(DEMO);
    const result = runAudit(loaded.snapshot, await loadRules(), {
      suppressions: [
        { rule: 'RCA001', target: 'LON-DB05', justification: 'moves with <CHG-42>', expires: '2999-01-01' },
        { rule: 'RCA001', target: 'MAN-*', justification: 'closed', expires: '2001-01-01' },
        { rule: 'ARR002', target: 'Nowhere', justification: 'unused', source: { file: 'casaudit.config.json', line: 9 } },
      ],
    });
    const markdown = formatMarkdown({ result, input: { file: loaded.file, lineOf: loaded.lineOf } });
    const rca001Rows = findingRows(markdown).filter((row) => row.startsWith('| [RCA001]'));
    assert.equal(rca001Rows.length, 2, 'LON-DB05 is not in the tables');
    assert.ok(!rca001Rows.some((row) => row.includes('LON-DB05')));
    assert.deepEqual(headings(markdown).slice(-4, -1), ['## Suppressed', '## Suppressions to review', '## Not evaluated']);
    assert.match(markdown, /^- \[RCA001\]\([^)]+\) database LON-DB05: moves with &lt;CHG-42&gt; \(until 2999-01-01\)$/m);
    assert.match(markdown, /^- \*\*Expired\*\*: The suppression of RCA001 for MAN-\\\* expired on 2001-01-01; remove or renew it\. 1 finding is reported again\.$/m);
    assert.match(markdown, /^- \*\*Unused\*\*: The suppression of ARR002 for Nowhere \(casaudit.config.json:9\) matched no finding; remove it, or correct its rule or target\.$/m);
    const header = markdown.split('\n').findIndex((l) => l.startsWith('| Errors |'));
    assert.equal(cells(markdown.split('\n')[header + 2]!)[3], '1');
  });

  it('heads the report with the tool, the input and collectedAt, and summarises like summarize()', async () => {
    const { result, markdown } = await demo();
    const lines = markdown.split('\n');
    assert.match(lines[0]!, /^# casaudit \d+\.\d+\.\d+.*: fixtures\/demo\/snapshot\.json \(collected \S+\)$/);
    assert.ok(lines[0]!.includes(result.snapshot.collection.collectedAt));
    const header = lines.findIndex((l) => l.startsWith('| Errors |'));
    assert.ok(header > 0, markdown);
    assert.deepEqual(cells(lines[header]!), ['Errors', 'Warnings', 'Notes', 'Suppressed', 'Rules evaluated', 'Rules not evaluated', 'Objects not evaluated']);
    const s = summarize(result);
    assert.deepEqual(cells(lines[header + 2]!).map(Number), [s.error, s.warning, s.note, s.suppressed, s.rulesEvaluated, s.rulesNotEvaluated, s.objectsNotEvaluated]);
    assert.ok(s.total > 0);
    assert.ok(!markdown.includes('No findings.'));

    const labelled = formatMarkdown({ result, input: { file: DEMO, label: 'LDIF *and* zones', lineOf: () => undefined } });
    assert.match(labelled.split('\n')[0]!, /: LDIF \\\*and\\\* zones \(collected /);
    assert.match(formatMarkdown({ result, input: noFile }).split('\n')[0]!, /: collected sources \(collected /);
  });

  it('lists every demo finding once, linked to its rule doc, grouped errors, warnings, notes', async () => {
    const { result, markdown } = await demo();
    const rows = findingRows(markdown);
    assert.equal(rows.length, result.findings.length);
    for (const ruleId of new Set(result.findings.map((f) => f.ruleId))) {
      const expected = result.findings.filter((f) => f.ruleId === ruleId).length;
      const linked = rows.filter((r) => r.startsWith(`| [${ruleId}](${ruleHelpUri(ruleId)}) |`)).length;
      assert.equal(linked, expected, ruleId);
    }
    // Groups in severity order, rows in audit order within each.
    assert.deepEqual(headings(markdown).slice(0, 3), ['## Errors', '## Warnings', '## Notes']);
    const order: Level[] = ['error', 'warning', 'note'];
    const expectedOrder = order.flatMap((level) => result.findings.filter((f) => f.level === level));
    assert.deepEqual(
      rows.map((r) => cells(r)[1]),
      expectedOrder.map((f) => `${{ site: 'site', server: 'server', casArray: 'CAS array', database: 'database', dag: 'DAG' }[f.target.kind]} ${f.target.name}`),
    );
    const lines = markdown.split('\n');
    const [errors, warnings, notes] = ['## Errors', '## Warnings', '## Notes'].map((h) => lines.indexOf(h));
    const rowLevel = (row: string) => expectedOrder[rows.indexOf(row)]!.level;
    for (const [i, line] of lines.entries()) {
      if (!rows.includes(line)) continue;
      const level = i > notes! ? 'note' : i > warnings! ? 'warning' : i > errors! ? 'error' : undefined;
      assert.equal(level, rowLevel(line), line);
    }
    // Each row: rule, object, site, finding with remediation; evidence as file:line when there is some.
    for (const [i, finding] of expectedOrder.entries()) {
      const [, , site, text] = cells(rows[i]!);
      assert.equal(site, finding.site?.name ?? '—');
      assert.match(text!, /<details><summary>Remediation<\/summary>.+<\/details>$/);
      if (finding.evidence) assert.ok(text!.includes(`Evidence: ${finding.evidence.file}:${finding.evidence.line}`), text);
      else assert.ok(!text!.includes('Evidence:'), text);
    }
    assert.equal(formatMarkdown({ result, input: { file: DEMO, lineOf: () => undefined } }), markdown, 'deterministic');
  });

  it('omits empty severity groups', () => {
    const result = runAudit(new EstateBuilder().site('S').build(), [reporting('TST001', 'warning', [siteFinding('S', 'only a warning')])]);
    const markdown = formatMarkdown({ result, input: noFile });
    assert.deepEqual(headings(markdown), ['## Warnings']);
    assert.equal(findingRows(markdown).length, 1);
  });

  it('escapes Markdown and HTML in every text cell so names cannot break or inject into the table', () => {
    const nasty = 'x|y <b>';
    const finding: FindingInput = {
      target: { kind: 'server', dn: dn.server('EX01'), name: nasty },
      message: 'Line one\nline two | with `code`, *stars*, _under_ and [a link](https://example.com) &amp; $x$',
      remediation: '<script>alert(1)</script>\r\nGet-X | Set-Y',
      evidence: { file: 'hosts/a|b/<i>.reg', line: 7 },
    };
    const builder = new EstateBuilder().site('S').server('EX01', { site: 'S' });
    const snapshot = builder.build();
    snapshot.sites[0]!.name = 'S|<u>';
    const result = runAudit(snapshot, [reporting('TST002', 'error', [finding])]);
    const markdown = formatMarkdown({ result, input: { file: null, label: 'a|b <i>', lineOf: () => undefined } });

    const rows = findingRows(markdown);
    assert.equal(rows.length, 1);
    const row = cells(rows[0]!);
    assert.equal(row.length, 4, rows[0]);
    assert.equal(row[1], 'server x\\|y &lt;b&gt;');
    assert.equal(row[2], 'S\\|&lt;u&gt;');
    assert.equal(
      row[3],
      'Line one<br>line two \\| with \\`code\\`, \\*stars\\*, \\_under\\_ and \\[a link\\](https://example.com) &amp;amp; \\$x\\$' +
        '<br>Evidence: hosts/a\\|b/&lt;i&gt;.reg:7' +
        '<details><summary>Remediation</summary>&lt;script&gt;alert(1)&lt;/script&gt;<br>Get-X \\| Set-Y</details>',
    );
    for (const raw of ['<b>', '<u>', '<i>', '<script>', '\r']) assert.ok(!markdown.includes(raw), raw);
    // The only tags are the report's own.
    assert.deepEqual([...new Set(markdown.match(/<[^>]*>/g))].sort(), ['</details>', '</summary>', '<br>', '<details>', '<summary>']);
    assert.match(markdown.split('\n')[0]!, /: a\\\|b &lt;i&gt; \(collected /);
  });

  it('stops listing findings at the size cap and says how many more were left out', async () => {
    const count = 600;
    const pad = 'lorem ipsum '.repeat(10);
    const errors = Array.from({ length: count }, (_, i) => siteFinding('S', `error #${i} ${pad}`, `fix ${i} ${pad}`));
    const warnings = Array.from({ length: count }, (_, i) => siteFinding('S', `warning #${i} ${pad}`));
    const builder = new EstateBuilder().site('S');
    for (const name of ['EX01', 'EX02']) builder.server(name, { site: 'S', dag: 'DAG' });
    const snapshot = builder.dag('DAG', ['EX01', 'EX02']).build();
    snapshot.hosts.unmatchedFolders.push('OLD-CAS9');
    // NLB001 cannot judge the DAG members (no host exports): the not-evaluated section must survive the cut.
    const nlb = (await loadRules()).filter((r) => r.meta.id === 'NLB001');
    const result = runAudit(snapshot, [reporting('BIG001', 'error', errors), reporting('BIG002', 'warning', warnings), ...nlb]);
    const markdown = formatMarkdown({ result, input: noFile });

    assert.ok(markdown.length <= MAX_MARKDOWN_LENGTH, `${markdown.length}`);
    const rows = findingRows(markdown);
    assert.ok(rows.length > 0 && rows.length < count, `${rows.length}`);
    // The first findings, in order: errors from #0 on, no warning reached.
    rows.forEach((row, i) => assert.ok(cells(row)[3]!.startsWith(`error #${i} `), row));
    assert.deepEqual(headings(markdown), ['## Errors', '## Not evaluated', '## Unmatched host folders']);
    const lines = markdown.trimEnd().split('\n');
    const last = lines[lines.length - 1]!;
    const left = /^\*\*(\d+) more findings left out\*\* .*see the SARIF or JSON report/.exec(last);
    assert.ok(left, last);
    assert.equal(Number(left[1]) + rows.length, 2 * count);
    // What follows the findings is still there, and the table is closed before it.
    assert.ok(markdown.includes('- OLD-CAS9\n'));
    assert.equal(lines[lines.indexOf('## Not evaluated') - 1], '');
    // Nearly all of the room is used.
    assert.ok(markdown.length > MAX_MARKDOWN_LENGTH - 1_000, `${markdown.length}`);

    const fits = runAudit(snapshot, [reporting('BIG001', 'error', errors.slice(0, 10))]);
    const small = formatMarkdown({ result: fits, input: noFile });
    assert.equal(findingRows(small).length, 10);
    assert.ok(!small.includes('left out'));
  });

  it('leaves out the sections after the findings too when they alone would pass the cap', () => {
    const snapshot = new EstateBuilder().site('S').build();
    snapshot.hosts.unmatchedFolders.push('OLD-CAS9');
    const unjudging = (id: string): Rule =>
      defineRule({
        meta: { id, name: 'unjudging', shortDescription: id, fullDescription: id, level: 'note', tags: [], target: 'site', needs: [] },
        check(context) {
          for (let i = 0; i < 20; i++) context.notEvaluated({ kind: 'site', dn: dn.site('S'), name: 'S' }, `reason ${i} ${'x'.repeat(1_000)}`);
        },
      });
    const rules = Array.from({ length: 10 }, (_, i) => unjudging(`UNJ${String(i).padStart(3, '0')}`));
    const withFinding = runAudit(snapshot, [reporting('TST003', 'error', [siteFinding('S', 'one error')]), ...rules]);
    const markdown = formatMarkdown({ result: withFinding, input: noFile });
    assert.ok(markdown.length <= MAX_MARKDOWN_LENGTH, `${markdown.length}`);
    assert.deepEqual(headings(markdown), ['## Errors']);
    assert.equal(findingRows(markdown).length, 1);
    assert.match(markdown, /\n\n\*\*the suppression, not-evaluated and unmatched-folder sections left out\*\* [^\n]+\n$/);

    const none = formatMarkdown({ result: runAudit(snapshot, rules), input: noFile });
    assert.ok(none.length <= MAX_MARKDOWN_LENGTH, `${none.length}`);
    assert.ok(none.includes('\nNo findings.\n'), none);
    assert.match(none, /\n\*\*the suppression, not-evaluated and unmatched-folder sections left out\*\* [^\n]+\n$/);
  });

  it('lists what was not evaluated: whole rules with the reason, objects by reason with at most ten names', async () => {
    const rules = (await loadRules()).filter((r) => ['NLB001', 'DNS001'].includes(r.meta.id));
    const builder = new EstateBuilder().site('S');
    const names = Array.from({ length: 12 }, (_, i) => `EX${String(i + 1).padStart(2, '0')}`);
    for (const name of names) builder.server(name, { site: 'S', dag: 'DAG' });
    const result = runAudit(builder.dag('DAG', names).section('dns', 'not-collected').build(), rules);
    const markdown = formatMarkdown({ result, input: noFile });
    const lines = markdown.split('\n');
    const start = lines.indexOf('## Not evaluated');
    assert.ok(start > 0, markdown);
    const items = lines.slice(start + 2).filter((l) => l.startsWith('- '));
    assert.ok(
      items.includes(`- [DNS001](${ruleHelpUri('DNS001')}) ${result.outcomes.find((o) => o.rule.id === 'DNS001')!.rule.name}: not evaluated: DNS data was not collected`),
      markdown,
    );
    const nlb = items.find((l) => l.startsWith(`- [NLB001](${ruleHelpUri('NLB001')}) nlb-on-dag-member: not evaluated for 12 server(s) (`));
    assert.ok(nlb, markdown);
    assert.ok(nlb.includes(`(${names.slice(0, 10).join(', ')} and 2 more): no host export for the server`), nlb);
    assert.ok(!nlb.includes('EX11'));
  });

  it('lists unmatched host folders, escaped, at most twenty', () => {
    const snapshot = new EstateBuilder().site('S').build();
    snapshot.hosts.unmatchedFolders.push('OLD-CAS9', 'a|b_<c>');
    const markdown = formatMarkdown({ result: runAudit(snapshot, []), input: noFile });
    const lines = markdown.split('\n');
    const start = lines.indexOf('## Unmatched host folders');
    assert.ok(start > 0, markdown);
    assert.deepEqual(lines.slice(start).filter((l) => l.startsWith('- ')), ['- OLD-CAS9', '- a\\|b\\_&lt;c&gt;']);

    const many = new EstateBuilder().site('S').build();
    many.hosts.unmatchedFolders.push(...Array.from({ length: 25 }, (_, i) => `F${i}`));
    const listed = formatMarkdown({ result: runAudit(many, []), input: noFile }).split('\n').filter((l) => l.startsWith('- '));
    assert.equal(listed.length, 21);
    assert.equal(listed[20], '- and 5 more');
  });

  it('says "No findings." when there are none', async () => {
    const rules = (await loadRules()).filter((r) => ['ARR001', 'NLB001', 'PORT001', 'RCA001'].includes(r.meta.id));
    const snapshot = new EstateBuilder().site('S').server('EX01', { site: 'S' }).array('a', { site: 'S' }).host('EX01', { rpcPort: 59532 }).build();
    const result = runAudit(snapshot, rules);
    assert.equal(result.findings.length, 0);
    const markdown = formatMarkdown({ result, input: noFile });
    assert.ok(markdown.split('\n').includes('No findings.'), markdown);
    assert.deepEqual(headings(markdown), []);
    assert.equal(findingRows(markdown).length, 0);
    assert.ok(markdown.endsWith('No findings.\n'));
  });
});
