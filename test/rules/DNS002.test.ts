import assert from 'node:assert/strict';
import { EstateBuilder } from '../support/estate.js';
import { casPairEstate, casPairWithMailboxEstate } from '../support/estates.js';
import { runRule } from '../support/run-rule.js';

describe('DNS002 array-resolves-to-one-server', () => {
  /** SiteA: two CAS servers and a mailbox server, each with its own A record, and one array. */
  const estate = () =>
    casPairWithMailboxEstate()
      .dns('cas1.contoso.local', { a: ['10.0.0.21'] })
      .dns('cas2.contoso.local', { a: ['10.0.0.22'] })
      .dns('mbx1.contoso.local', { a: ['10.0.0.11'] });

  it('flags an array whose only address is one CAS server, in a site with two CAS servers', async () => {
    const run = await runRule('DNS002', estate().dns('casarray-a.contoso.local', { a: ['10.0.0.21'] }).build());
    assert.deepEqual(run.hits, ['DNS002 casarray-a']);
    const finding = run.findings[0]!;
    assert.equal(finding.level, 'warning');
    assert.equal(finding.target.kind, 'casArray');
    assert.match(finding.message, /CAS array name casarray-a\.contoso\.local points at server CAS1 only \(10\.0\.0\.21\)/);
    assert.match(finding.message, /site SiteA has 2 Client Access servers \(also CAS2\)/);
    assert.match(finding.message, /losing CAS1 cuts Outlook off/);
    assert.match(finding.message, /load balancer's virtual IP/);
    assert.deepEqual(finding.related.map((r) => `${r.kind}:${r.name}`), ['server:CAS1']);
    assert.match(finding.remediation, /dnscmd <dns server> \/RecordDelete contoso\.local casarray-a A 10\.0\.0\.21 \/f/);
    assert.match(finding.remediation, /\/RecordAdd contoso\.local casarray-a 300 A <load balancer virtual IP>/);
  });

  it('passes a virtual IP, names spread over two servers, and a site with a single CAS server', async () => {
    const vip = await runRule('DNS002', estate().dns('casarray-a.contoso.local', { a: ['10.0.0.50'] }).build());
    assert.deepEqual(vip.hits, []);
    assert.deepEqual(vip.outcome.notEvaluated, []);
    const spread = await runRule('DNS002', estate().dns('casarray-a.contoso.local', { a: ['10.0.0.21', '10.0.0.22'] }).build());
    assert.deepEqual(spread.hits, []);
    const single = new EstateBuilder()
      .site('SiteB')
      .server('EX01', { site: 'SiteB' })
      .array('casarray-b', { site: 'SiteB' })
      .dns('ex01.contoso.local', { a: ['10.0.1.11'] })
      .dns('casarray-b.contoso.local', { a: ['10.0.1.11'] })
      .build();
    assert.deepEqual((await runRule('DNS002', single)).hits, []);
  });

  it('is not evaluated for an array whose DNS answer failed, or whose address cannot be matched because server DNS is missing', async () => {
    const failed = await runRule('DNS002', estate().dns('casarray-a.contoso.local', 'SERVFAIL').build());
    assert.deepEqual(failed.hits, []);
    assert.deepEqual(
      failed.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`),
      ['casarray-a: DNS for the name was not collected: the server answered SERVFAIL'],
    );
    const partial = casPairEstate()
      .dns('cas1.contoso.local', { a: ['10.0.0.21'] })
      .dns('casarray-a.contoso.local', { a: ['10.0.0.22'] }) // CAS2's name was never asked
      .build();
    const run = await runRule('DNS002', partial);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated.map((n) => n.target.name), ['casarray-a']);
    assert.match(run.outcome.notEvaluated[0]!.reason, /cannot all be matched to servers/);
  });

  it('matches IPv6 addresses case-insensitively and counts every address of the one server', async () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .server('CAS1', { site: 'SiteA', roles: ['ClientAccess'] })
      .server('CAS2', { site: 'SiteA', roles: ['ClientAccess'] })
      .array('casarray-a', { site: 'SiteA', fqdn: 'CASARRAY-A.contoso.local.' })
      .dns('cas1.contoso.local', { a: ['10.0.0.21'], aaaa: ['fd00::21'] })
      .dns('cas2.contoso.local', { a: ['10.0.0.22'] })
      .dns('casarray-a.contoso.local', { a: ['10.0.0.21'], aaaa: ['FD00::21'] })
      .build();
    const run = await runRule('DNS002', snapshot);
    assert.deepEqual(run.hits, ['DNS002 casarray-a']);
    assert.match(run.findings[0]!.message, /\(10\.0\.0\.21, fd00::21\)/);
    assert.match(run.findings[0]!.remediation, /RecordDelete contoso\.local casarray-a AAAA FD00::21/);
  });

  it('does not count Exchange 2013 Client Access servers toward the two the site needs', async () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .server('CAS1', { site: 'SiteA', roles: ['ClientAccess'] })
      .server('EX15', { site: 'SiteA', roles: ['ClientAccess', 'Mailbox'], version: '15.0.1497' })
      .array('casarray-a', { site: 'SiteA' })
      .dns('cas1.contoso.local', { a: ['10.0.0.21'] })
      .dns('ex15.contoso.local', { a: ['10.0.0.31'] })
      .dns('casarray-a.contoso.local', { a: ['10.0.0.21'] })
      .build();
    assert.deepEqual((await runRule('DNS002', snapshot)).hits, []);
  });

  it('reports an array as not evaluated when a server of its site has unknown roles (it may be the second Client Access server)', async () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .server('CAS1', { site: 'SiteA', roles: ['ClientAccess'] })
      .server('EX2', { site: 'SiteA' })
      .array('casarray-a', { site: 'SiteA' })
      .dns('cas1.contoso.local', { a: ['10.0.0.21'] })
      .dns('casarray-a.contoso.local', { a: ['10.0.0.21'] })
      .build();
    const ex2 = snapshot.servers.find((s) => s.name === 'EX2')!;
    ex2.roles = [];
    ex2.roleBits = null; // what an unreadable msExchCurrentServerRoles maps to
    const run = await runRule('DNS002', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`), [
      'casarray-a: the roles of EX2 in its site are unknown, so whether the site has two Client Access servers cannot be told',
    ]);
  });
});
