import assert from 'node:assert/strict';
import { EstateBuilder } from '../support/estate.js';
import { runRule } from '../support/run-rule.js';

describe('ARR003 array-fqdn-duplicate', () => {
  const estate = () =>
    new EstateBuilder()
      .site('SiteA')
      .site('SiteB')
      .server('EX01', { site: 'SiteA' })
      .server('EX02', { site: 'SiteB' });

  it('flags each array that shares its FQDN with another, naming the others', async () => {
    const snapshot = estate()
      .array('array-a', { site: 'SiteA', fqdn: 'outlook.contoso.local' })
      .array('array-b', { site: 'SiteB', fqdn: 'outlook.contoso.local' })
      .build();
    const run = await runRule('ARR003', snapshot);
    assert.deepEqual(run.hits, ['ARR003 array-a', 'ARR003 array-b']);
    const first = run.findings[0]!;
    assert.equal(first.level, 'error');
    assert.equal(first.target.kind, 'casArray');
    assert.equal(first.target.name, 'array-a');
    assert.deepEqual(first.related.map((r) => r.name), ['array-b']);
    assert.match(first.message, /CAS array array-a \(site SiteA\) has the FQDN outlook\.contoso\.local, which CAS array array-b \(site SiteB\) also uses/);
    assert.match(first.remediation, /Set-ClientAccessArray -Identity 'array-a' -Fqdn "<unique FQDN for this array>"/);
    assert.match(first.remediation, /dnscmd <DNS server> \/RecordAdd/);
    assert.deepEqual(run.findings[1]!.related.map((r) => r.name), ['array-a']);
  });

  it('passes arrays with distinct FQDNs and reports arrays with no FQDN as not evaluated', async () => {
    const snapshot = estate()
      .array('array-a', { site: 'SiteA' })
      .array('array-b', { site: 'SiteB' })
      .array('nameless-1', { site: 'SiteA', fqdn: null })
      .array('nameless-2', { site: 'SiteB', fqdn: null })
      .build();
    const run = await runRule('ARR003', snapshot);
    assert.deepEqual(run.hits, []);
    // Two arrays without a name share one (none): not a pass, not a duplicate; said.
    assert.deepEqual(run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`), [
      'nameless-1: its networkAddress holds no ncacn_ip_tcp: name, so it has no FQDN to judge',
      'nameless-2: its networkAddress holds no ncacn_ip_tcp: name, so it has no FQDN to judge',
    ]);
  });

  it('compares FQDNs case-insensitively and ignores a trailing dot', async () => {
    const snapshot = estate()
      .array('array-a', { site: 'SiteA', fqdn: 'Outlook.Contoso.Local.' })
      .array('array-b', { site: 'SiteB', fqdn: 'outlook.contoso.local' })
      .array('array-c', { site: 'SiteB', fqdn: 'OUTLOOK.contoso.local' })
      .build();
    const run = await runRule('ARR003', snapshot);
    assert.deepEqual(run.hits, ['ARR003 array-a', 'ARR003 array-b', 'ARR003 array-c']);
    assert.deepEqual(run.findings[0]!.related.map((r) => r.name), ['array-b', 'array-c']);
  });

  it('does not flag an array in a 2013-only site, but names it as the other array of a 2010 one', async () => {
    const snapshot = estate()
      .site('Modern')
      .server('EX15', { site: 'Modern', version: '15.0.1497' })
      .array('array-a', { site: 'SiteA', fqdn: 'outlook.contoso.local' })
      .array('legacy', { site: 'Modern', fqdn: 'outlook.contoso.local' })
      .build();
    const run = await runRule('ARR003', snapshot);
    assert.deepEqual(run.hits, ['ARR003 array-a']);
    assert.deepEqual(run.findings[0]!.related.map((r) => r.name), ['legacy']);
  });

  it('is not evaluated when Active Directory data failed to collect', async () => {
    const snapshot = estate()
      .array('array-a', { site: 'SiteA', fqdn: 'outlook.contoso.local' })
      .array('array-b', { site: 'SiteB', fqdn: 'outlook.contoso.local' })
      .section('activeDirectory', 'failed')
      .build();
    const run = await runRule('ARR003', snapshot);
    assert.equal(run.outcome.status, 'not-evaluated');
    assert.deepEqual(run.hits, []);
  });
});
