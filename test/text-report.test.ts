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

  it('says so when there are no findings', async () => {
    const text = await textOf(new EstateBuilder().site('S').server('EX01', { site: 'S' }).array('a', { site: 'S' }).host('EX01', { rpcPort: 59532 }));
    assert.match(text, /^No findings\.$/m);
    assert.match(text, /^Summary: 0 errors, 0 warnings, 0 notes · 4 of 4 rules evaluated$/m);
  });
});
