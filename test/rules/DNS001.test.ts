import assert from 'node:assert/strict';
import { EstateBuilder } from '../support/estate.js';
import { casPairWithMailboxEstate } from '../support/estates.js';
import { runRule } from '../support/run-rule.js';

describe('DNS001 endpoint-fqdn-unresolvable', () => {
  /** SiteA: CAS1, CAS2, MBX1 and casarray-a. */
  const estate = casPairWithMailboxEstate;

  it('flags an array whose FQDN does not exist in DNS, naming the databases that use it', async () => {
    const snapshot = estate()
      .database('DB01', { owner: 'MBX1', endpoint: 'casarray-a' })
      .dns('casarray-a.contoso.local', 'NXDOMAIN')
      .build();
    const run = await runRule('DNS001', snapshot);
    assert.deepEqual(run.hits, ['DNS001 casarray-a']);
    const finding = run.findings[0]!;
    assert.equal(finding.level, 'error');
    assert.equal(finding.target.kind, 'casArray');
    assert.match(finding.message, /CAS array name casarray-a\.contoso\.local \(site SiteA\) does not exist in DNS \(NXDOMAIN\)/);
    assert.match(finding.remediation, /dnscmd <dns server> \/RecordAdd contoso\.local casarray-a A <load balancer virtual IP>/);
    assert.match(finding.remediation, /Add-DnsServerResourceRecordA -ZoneName 'contoso\.local' -Name 'casarray-a'/);
    assert.deepEqual(finding.related.map((r) => r.name), ['DB01']);
    assert.equal(finding.site?.name, 'SiteA');
  });

  it('flags each database whose endpoint server has no A/AAAA record, on the database, and suggests the site array', async () => {
    const snapshot = estate()
      .database('DB01', { owner: 'MBX1', endpoint: 'CAS1' })
      .database('DB02', { owner: 'MBX1', endpoint: 'CAS1' })
      .dns('casarray-a.contoso.local', { a: ['10.0.0.50'] })
      .dns('cas1.contoso.local', 'NODATA')
      .build();
    const run = await runRule('DNS001', snapshot);
    assert.deepEqual(run.hits, ['DNS001 DB01', 'DNS001 DB02']);
    const finding = run.findings[0]!;
    assert.equal(finding.target.kind, 'database');
    assert.equal(finding.level, 'error');
    assert.match(finding.message, /Mailbox database DB01 uses server cas1\.contoso\.local .*has no A or AAAA record \(NOERROR/);
    assert.deepEqual(finding.related.map((r) => `${r.kind}:${r.name}`), ['server:CAS1']);
    assert.match(finding.remediation, /Set-MailboxDatabase -Identity 'DB01' -RpcClientAccessServer 'casarray-a\.contoso\.local'/);
  });

  it('passes names that resolve, and does not repeat an unresolvable array on the databases that use it', async () => {
    const clean = estate()
      .database('DB01', { owner: 'MBX1', endpoint: 'CAS1' })
      .dns('casarray-a.contoso.local', { cname: 'lb.contoso.local', a: ['10.0.0.50'] })
      .dns('cas1.contoso.local', { a: ['10.0.0.21'] })
      .build();
    const cleanRun = await runRule('DNS001', clean);
    assert.deepEqual(cleanRun.hits, []);
    assert.deepEqual(cleanRun.outcome.notEvaluated, []);

    const viaArray = estate()
      .database('DB01', { owner: 'MBX1', endpoint: 'casarray-a' })
      .database('DB02', { owner: 'MBX1', endpoint: 'casarray-a' })
      .dns('casarray-a.contoso.local', 'NXDOMAIN')
      .build();
    assert.deepEqual((await runRule('DNS001', viaArray)).hits, ['DNS001 casarray-a']);
  });

  it('reports time-outs, SERVFAIL and names not asked as not evaluated, with reasons that do not name the object', async () => {
    const snapshot = estate()
      .array('casarray-b', { site: 'SiteA' })
      .array('casarray-c', { site: 'SiteA' })
      .database('DB01', { owner: 'MBX1', endpoint: 'CAS2' })
      .dns('casarray-a.contoso.local', 'SERVFAIL')
      .dns('casarray-b.contoso.local', 'TIMEOUT')
      .dns('cas2.contoso.local', 'TIMEOUT')
      .build();
    const run = await runRule('DNS001', snapshot);
    assert.deepEqual(run.hits, []);
    assert.equal(run.outcome.status, 'evaluated');
    assert.deepEqual(
      run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`),
      [
        'casarray-a: DNS for the name was not collected: the server answered SERVFAIL',
        'casarray-b: DNS for the name was not collected: no answer (time-out)',
        'casarray-c: the name was not asked in DNS',
        'DB01: DNS for the name was not collected: no answer (time-out)',
      ],
    );
  });

  it('compares FQDNs case-insensitively and without the trailing dot', async () => {
    const snapshot = estate()
      .array('casarray-b', { site: 'SiteA', fqdn: 'CasArray-B.Contoso.Local.' })
      .dns('casarray-a.contoso.local.', { a: ['10.0.0.50'] })
      .dns('CASARRAY-B.contoso.local', 'NXDOMAIN')
      .build();
    const run = await runRule('DNS001', snapshot);
    assert.deepEqual(run.hits, ['DNS001 casarray-b']);
    assert.match(run.findings[0]!.remediation, /\/RecordAdd Contoso\.Local CasArray-B A/);
    assert.deepEqual(run.outcome.notEvaluated, []);
  });

  it('flags a CNAME whose target does not exist', async () => {
    const snapshot = estate()
      .dns('casarray-a.contoso.local', { cname: 'gone-lb.contoso.local' })
      .dns('gone-lb.contoso.local', 'NXDOMAIN')
      .build();
    const run = await runRule('DNS001', snapshot);
    assert.deepEqual(run.hits, ['DNS001 casarray-a']);
    assert.match(run.findings[0]!.message, /is a CNAME whose chain ends without an A or AAAA record/);
  });

  it('reports arrays without an FQDN as not evaluated, skips arrays of 2007/2013-only sites, but checks an array whose site is gone', async () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .site('Legacy')
      .server('CAS1', { site: 'SiteA', roles: ['ClientAccess'] })
      .server('EX07', { site: 'Legacy', version: '8.3.83' })
      .server('EX15', { site: 'Legacy', version: '15.0.1497' })
      .array('nofqdn', { site: 'SiteA', fqdn: null })
      .array('legacy-array', { site: 'Legacy' })
      .array('orphan', { site: 'Deleted' })
      .database('DB07', { owner: 'EX07', endpoint: 'EX07' })
      .dns('legacy-array.contoso.local', 'NXDOMAIN')
      .dns('orphan.contoso.local', 'NXDOMAIN')
      .dns('ex07.contoso.local', 'NXDOMAIN')
      .build();
    const run = await runRule('DNS001', snapshot);
    assert.deepEqual(run.hits, ['DNS001 orphan']);
    assert.match(run.findings[0]!.message, /CAS array name orphan\.contoso\.local does not exist/);
    assert.deepEqual(run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`), [
      'nofqdn: its networkAddress holds no ncacn_ip_tcp: name, so it has no FQDN to judge',
    ]);
  });

  it('reports a database with no recorded endpoint as not evaluated, and leaves public folder databases alone', async () => {
    const snapshot = estate()
      .database('DB09', { owner: 'MBX1', endpoint: null })
      .database('PF01', { owner: 'MBX1', endpoint: 'CAS1', kind: 'publicFolder' })
      .dns('casarray-a.contoso.local', { a: ['10.0.0.50'] })
      .dns('cas1.contoso.local', 'NXDOMAIN')
      .build();
    const run = await runRule('DNS001', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated.map((n) => n.target.name), ['DB09']);
  });

  it('is not evaluated when DNS was not collected', async () => {
    const run = await runRule('DNS001', estate().build());
    assert.equal(run.outcome.status, 'not-evaluated');
    assert.match(run.outcome.reason ?? '', /DNS data was not collected/);
    assert.deepEqual(run.hits, []);
  });
});
