import assert from 'node:assert/strict';
import { resolveName } from '../src/model/dns-view.js';
import { EstateIndex } from '../src/model/estate-index.js';
import { EstateBuilder } from './support/estate.js';

describe('DNS resolution view', () => {
  const index = () =>
    new EstateIndex(
      new EstateBuilder()
        .site('S')
        .server('EX01', { site: 'S' })
        .server('EX02', { site: 'S' })
        .dns('ex01.contoso.local', { a: ['10.0.0.11'] })
        .dns('ex02.contoso.local', { a: ['10.0.0.12'], aaaa: ['FD00::12'] })
        .dns('outlook.contoso.local', { cname: 'vip.contoso.local', a: ['10.0.0.50'], ttl: 60 })
        .dns('alias.contoso.local', { cname: 'outlook.contoso.local' })
        .dns('loop-a.contoso.local', { cname: 'loop-b.contoso.local' })
        .dns('loop-b.contoso.local', { cname: 'loop-a.contoso.local' })
        .dns('gone.contoso.local', 'NXDOMAIN')
        .dns('empty.contoso.local', 'NODATA')
        .dns('slow.contoso.local', 'TIMEOUT')
        .dns('broken.contoso.local', 'SERVFAIL')
        .build(),
    );

  it('follows CNAMEs inside an answer and across recorded names', () => {
    const i = index();
    const direct = i.resolve('OUTLOOK.contoso.local.');
    assert.equal(direct.state, 'addresses');
    assert.deepEqual(direct.state === 'addresses' && direct.records.map((r) => `${r.value}/${r.ttl}`), ['10.0.0.50/60']);
    const viaAlias = i.resolve('alias.contoso.local');
    assert.deepEqual(viaAlias.state === 'addresses' && viaAlias.records.map((r) => r.value), ['10.0.0.50']);
  });

  it('treats NXDOMAIN, no data and a CNAME loop as no address', () => {
    const i = index();
    for (const name of ['gone.contoso.local', 'empty.contoso.local', 'loop-a.contoso.local']) {
      assert.equal(i.resolve(name).state, 'no-address', name);
    }
  });

  it('treats a time-out or SERVFAIL as not collected, and an unasked name as not asked', () => {
    const i = index();
    const slow = i.resolve('slow.contoso.local');
    assert.equal(slow.state, 'not-collected');
    assert.equal(slow.state === 'not-collected' ? slow.reason : '', 'DNS for the name was not collected: no answer (time-out)');
    assert.equal(i.resolve('broken.contoso.local').state, 'not-collected');
    assert.equal(i.resolve('never.contoso.local').state, 'not-asked');
  });

  it('names a reply that was not an answer (a referral) as its own reason, whatever its response code', () => {
    for (const rcode of ['NOERROR', 'NXDOMAIN']) {
      const referral = resolveName('ex09.contoso.local', (name) => ({ name, status: 'not-collected', rcode, server: '10.0.0.53:53', records: [], error: 'a referral' }));
      assert.deepEqual(referral, { state: 'not-collected', reason: 'DNS for the name was not collected: the reply was not an answer (a referral, not authoritative, or malformed)' });
    }
  });

  it('maps addresses back to the Exchange servers whose FQDN has them', () => {
    const i = index();
    assert.deepEqual(i.serversWithAddress('10.0.0.12').map((s) => s.name), ['EX02']);
    assert.deepEqual(i.serversWithAddress('fd00::12').map((s) => s.name), ['EX02']);
    assert.deepEqual(i.serversWithAddress('10.0.0.50'), []);
  });

  it('answers null for the external view when no external resolver was asked', () => {
    assert.equal(index().resolveExternally('outlook.contoso.local'), null);
  });
});
