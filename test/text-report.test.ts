import assert from 'node:assert/strict';
import { runAudit } from '../src/engine/audit.js';
import { loadRules } from '../src/engine/discover.js';
import { formatText } from '../src/report/formats/text.js';
import { EstateBuilder } from './support/estate.js';

/** The rules these layout tests were written against; the catalog may grow without changing them. */
const RULE_IDS = ['ARR001', 'NLB001', 'PORT001', 'RCA001'];

async function textOf(builder: EstateBuilder): Promise<string> {
  const rules = (await loadRules()).filter((r) => RULE_IDS.includes(r.meta.id));
  const result = runAudit(builder.build(), rules);
  return formatText({ result, input: { file: 'estate.json', lineOf: () => undefined } }, { colour: false });
}

describe('text report', () => {
  it('groups findings by site, then object, with the fix under each finding', async () => {
    const text = await textOf(
      new EstateBuilder()
        .site('Alpha')
        .site('Beta')
        .server('A1', { site: 'Alpha' })
        .server('B1', { site: 'Beta' })
        .database('DBA', { owner: 'A1', endpoint: 'A1' })
        .database('DBB', { owner: 'B1', endpoint: 'B1' }),
    );
    const lines = text.split('\n');
    const alpha = lines.indexOf('Site Alpha');
    const beta = lines.indexOf('Site Beta');
    assert.ok(alpha > 0 && beta > alpha, text);
    assert.equal(lines[alpha + 1], '  Alpha (site)');
    assert.match(lines[alpha + 2]!, /^ {4}warning ARR001 {2}Site Alpha holds/);
    assert.match(lines[alpha + 3]!, /^ {12}fix: New-ClientAccessArray/);
    assert.equal(lines[alpha + 4], '  DBA (database)');
    assert.match(text, /^Summary: 2 errors, 2 warnings, 0 notes · 4 of 4 rules evaluated$/m);
  });

  it('lists rules and objects that were not evaluated, naming at most ten objects per reason', async () => {
    const builder = new EstateBuilder().site('S');
    const names = Array.from({ length: 12 }, (_, i) => `EX${String(i + 1).padStart(2, '0')}`);
    for (const name of names) builder.server(name, { site: 'S', dag: 'DAG' });
    builder.dag('DAG', names).array('arr', { site: 'S' });
    const text = await textOf(builder.section('dns', 'not-collected'));
    assert.match(text, /^ {2}NLB001 {2}nlb-on-dag-member for EX01, EX02, .*EX10 and 2 more: no host export for the server$/m);
    assert.match(text, /^Summary: .* · 12 objects not evaluated$/m);
    const hostless = await textOf(new EstateBuilder().site('S').server('EX01', { site: 'S' }).array('a', { site: 'S' }).section('hosts', 'not-collected'));
    assert.match(hostless, /^ {2}NLB001 {2}nlb-on-dag-member: host data \(NLB and static ports\) was not collected$/m);
    assert.match(hostless, /2 of 4 rules evaluated, 2 not evaluated/);
  });

  it('shows control characters in estate names as escapes, so they cannot act on the terminal or forge lines', async () => {
    const site = 'Alpha\u001b[31m\nSite Forged\u202e';
    const server = 'A1\r\u0007\u009b\u2066';
    const text = await textOf(
      new EstateBuilder().site(site).server(server, { site }).database('DB\u001b]0;x\u0007', { owner: server, endpoint: server }),
    );
    const lines = text.split('\n');
    const heading = lines.indexOf('Site Alpha\\x1b[31m\\x0aSite Forged\\u202e');
    assert.ok(heading > 0, text);
    assert.equal(lines[heading + 1], '  Alpha\\x1b[31m\\x0aSite Forged\\u202e (site)');
    assert.ok(lines.includes('  DB\\x1b]0;x\\x07 (database)'), text);
    assert.match(text, /Mailbox database DB\\x1b\]0;x\\x07 uses the Client Access server a1\\x0d\\x07\\x9b\\u2066\.contoso\.local as/);
    assert.ok(!lines.includes('Site Forged'), text);
    // Nothing but line breaks is left of the controls and bidi characters.
    assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it('says so when there are no findings', async () => {
    const text = await textOf(new EstateBuilder().site('S').server('EX01', { site: 'S' }).array('a', { site: 'S' }).host('EX01', { rpcPort: 59532 }));
    assert.match(text, /^No findings\.$/m);
    assert.match(text, /^Summary: 0 errors, 0 warnings, 0 notes · 4 of 4 rules evaluated$/m);
  });
});
