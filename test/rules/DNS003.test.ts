import assert from 'node:assert/strict';
import { EstateBuilder } from '../support/estate.js';
import { casPairEstate } from '../support/estates.js';
import { runRule } from '../support/run-rule.js';

describe('DNS003 array-dns-round-robin', () => {
  /** SiteA: CAS1 and CAS2, each with its own A record, and casarray-a. */
  const estate = () =>
    casPairEstate()
      .dns('cas1.contoso.local', { a: ['10.0.0.21'] })
      .dns('cas2.contoso.local', { a: ['10.0.0.22'] });

  it('flags an array name with A records for two Exchange servers', async () => {
    const run = await runRule('DNS003', estate().dns('casarray-a.contoso.local', { a: ['10.0.0.21', '10.0.0.22'] }).build());
    assert.deepEqual(run.hits, ['DNS003 casarray-a']);
    const finding = run.findings[0]!;
    assert.equal(finding.level, 'warning');
    assert.equal(finding.target.kind, 'casArray');
    assert.match(finding.message, /round-robin DNS over 2 Exchange server addresses: 10\.0\.0\.21 \(CAS1\), 10\.0\.0\.22 \(CAS2\)/);
    assert.match(finding.message, /no health checks/);
    assert.deepEqual(finding.related.map((r) => `${r.kind}:${r.name}`), ['server:CAS1', 'server:CAS2']);
    assert.match(finding.remediation, /RecordDelete contoso\.local casarray-a A 10\.0\.0\.21 \/f; dnscmd <dns server> \/RecordDelete contoso\.local casarray-a A 10\.0\.0\.22 \/f/);
    assert.match(finding.remediation, /\/RecordAdd contoso\.local casarray-a 300 A <load balancer virtual IP>/);
  });

  it('passes a single virtual IP, and one server address next to an address of no server', async () => {
    const vip = await runRule('DNS003', estate().dns('casarray-a.contoso.local', { a: ['10.0.0.50'] }).build());
    assert.deepEqual(vip.hits, []);
    const mixed = await runRule('DNS003', estate().dns('casarray-a.contoso.local', { a: ['10.0.0.21', '10.0.0.50'] }).build());
    assert.deepEqual(mixed.hits, []);
    assert.deepEqual(mixed.outcome.notEvaluated, []);
  });

  it('is not evaluated when the array name timed out, was not asked, or servers were not resolved', async () => {
    const timedOut = await runRule('DNS003', estate().dns('casarray-a.contoso.local', 'TIMEOUT').build());
    assert.deepEqual(timedOut.hits, []);
    assert.deepEqual(timedOut.outcome.notEvaluated.map((n) => n.reason), ['DNS for the name was not collected: no answer (time-out)']);

    const notAsked = await runRule('DNS003', estate().build());
    assert.deepEqual(notAsked.outcome.notEvaluated.map((n) => n.reason), ['the name was not asked in DNS']);

    const noServerDns = casPairEstate()
      .dns('cas1.contoso.local', { a: ['10.0.0.21'] })
      .dns('cas2.contoso.local', 'SERVFAIL')
      .dns('casarray-a.contoso.local', { a: ['10.0.0.21', '10.0.0.22'] })
      .build();
    const run = await runRule('DNS003', noServerDns);
    assert.deepEqual(run.hits, []);
    assert.match(run.outcome.notEvaluated[0]?.reason ?? '', /cannot all be matched to servers/);
  });

  it('counts a repeated address once, and follows a CNAME to the round-robin records', async () => {
    const snapshot = estate().dns('casarray-a.contoso.local', { a: ['10.0.0.21'] }).build();
    // The same address twice (written with a stray space): one address, so no round robin.
    snapshot.dns.internal.at(-1)!.records.push({ name: 'CASARRAY-A.contoso.local.', type: 'A', value: '10.0.0.21 ', ttl: 300 });
    assert.deepEqual((await runRule('DNS003', snapshot)).hits, []);

    const viaCname = await runRule(
      'DNS003',
      estate().dns('casarray-a.contoso.local', { cname: 'rr.contoso.local', a: ['10.0.0.22', '10.0.0.21'] }).build(),
    );
    assert.deepEqual(viaCname.hits, ['DNS003 casarray-a']);
    assert.deepEqual(viaCname.findings[0]!.related.map((r) => r.name), ['CAS2', 'CAS1']);
    assert.match(viaCname.findings[0]!.remediation, /RecordDelete contoso\.local casarray-a CNAME rr\.contoso\.local \/f/);
  });

  it('ignores arrays of sites whose Exchange servers are all 2007 or 2013', async () => {
    const snapshot = new EstateBuilder()
      .site('Legacy')
      .server('EX07A', { site: 'Legacy', version: '8.3.83' })
      .server('EX07B', { site: 'Legacy', version: '8.3.83' })
      .array('legacy', { site: 'Legacy' })
      .dns('ex07a.contoso.local', { a: ['10.9.0.1'] })
      .dns('ex07b.contoso.local', { a: ['10.9.0.2'] })
      .dns('legacy.contoso.local', { a: ['10.9.0.1', '10.9.0.2'] })
      .build();
    const run = await runRule('DNS003', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated, []);
  });
});
