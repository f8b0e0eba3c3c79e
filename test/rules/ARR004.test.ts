import assert from 'node:assert/strict';
import { EstateBuilder } from '../support/estate.js';
import { runRule } from '../support/run-rule.js';

describe('ARR004 array-fqdn-is-server', () => {
  const estate = () => new EstateBuilder().site('SiteA').server('EX01', { site: 'SiteA' }).server('EX02', { site: 'SiteA' });

  it('flags an array whose FQDN is a server FQDN, relating the server', async () => {
    const run = await runRule('ARR004', estate().array('casarray', { site: 'SiteA', fqdn: 'ex01.contoso.local' }).build());
    assert.deepEqual(run.hits, ['ARR004 casarray']);
    const finding = run.findings[0]!;
    assert.equal(finding.level, 'error');
    assert.equal(finding.target.kind, 'casArray');
    assert.deepEqual(finding.related.map((r) => `${r.kind} ${r.name}`), ['server EX01']);
    assert.match(finding.message, /CAS array casarray has the FQDN ex01\.contoso\.local, which is the FQDN of Exchange server EX01/);
    assert.match(finding.remediation, /Set-ClientAccessArray -Identity 'casarray' -Fqdn "<new array FQDN>"/);
    assert.match(finding.remediation, /dnscmd <DNS server> \/RecordAdd <zone> .* A <load-balanced virtual IP>/);
    assert.equal(finding.site?.name, 'SiteA');
  });

  it('passes an array with a name of its own, and reports an array with no FQDN as not evaluated', async () => {
    const snapshot = estate().array('casarray', { site: 'SiteA' }).array('nameless', { site: 'SiteA', fqdn: null }).build();
    const run = await runRule('ARR004', snapshot);
    assert.deepEqual(run.hits, []);
    assert.equal(run.outcome.status, 'evaluated');
    assert.deepEqual(run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`), ['nameless: its networkAddress holds no ncacn_ip_tcp: name, so it has no FQDN to judge']);
  });

  it('matches case-insensitively and without the trailing dot, against servers of any version', async () => {
    const snapshot = estate()
      .site('SiteB')
      .server('EX07', { site: 'SiteB', version: '8.3.83' })
      .server('EX10', { site: 'SiteB' })
      .array('casarray', { site: 'SiteA', fqdn: 'EX02.Contoso.Local.' })
      .array('casarray-b', { site: 'SiteB', fqdn: 'ex07.contoso.local' })
      .build();
    const run = await runRule('ARR004', snapshot);
    assert.deepEqual(run.hits, ['ARR004 casarray', 'ARR004 casarray-b']);
    assert.deepEqual(run.findings.map((f) => f.related.map((r) => r.name).join()), ['EX02', 'EX07']);
  });

  it('leaves an array in a 2013-only site alone', async () => {
    const snapshot = new EstateBuilder()
      .site('Modern')
      .server('EX15', { site: 'Modern', version: '15.0.1497' })
      .array('legacy', { site: 'Modern', fqdn: 'ex15.contoso.local' })
      .build();
    assert.deepEqual((await runRule('ARR004', snapshot)).hits, []);
  });

  it('is not evaluated when Active Directory data was not collected', async () => {
    const snapshot = estate().array('casarray', { fqdn: 'ex01.contoso.local' }).section('activeDirectory', 'not-collected').build();
    const run = await runRule('ARR004', snapshot);
    assert.equal(run.outcome.status, 'not-evaluated');
    assert.deepEqual(run.hits, []);
  });
});
