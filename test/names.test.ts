import assert from 'node:assert/strict';
import { dnKey, dnLeaf, fqdnKey, legacyDnKey } from '../src/snapshot/names.js';

describe('identity keys', () => {
  it('compares DNs case-insensitively and ignores spaces around separators', () => {
    assert.equal(dnKey('CN=EX01,CN=Servers,DC=contoso,DC=local'), dnKey('cn=ex01, cn=servers , dc=CONTOSO,dc=local'));
  });

  it('treats escaped and hex-escaped special characters alike, and keeps them apart from separators', () => {
    assert.equal(dnKey('CN=Smith\\, John,DC=x'), dnKey('cn=smith\\2C john,dc=x'));
    assert.notEqual(dnKey('CN=Smith\\, John,DC=x'), dnKey('CN=Smith,CN=John,DC=x'));
  });

  it('tells different DNs apart', () => {
    assert.notEqual(dnKey('CN=EX01,CN=Servers'), dnKey('CN=EX02,CN=Servers'));
    assert.notEqual(dnKey('CN=EX01,CN=Servers'), dnKey('OU=EX01,CN=Servers'));
  });

  it('orders multi-valued RDNs', () => {
    assert.equal(dnKey('CN=a+OU=b,DC=x'), dnKey('OU=b+CN=a,DC=x'));
  });

  it('reads the leaf value of a DN', () => {
    assert.equal(dnLeaf('CN=Smith\\, John,DC=x'), 'Smith, John');
    assert.equal(dnLeaf('CN=EX01,CN=Servers'), 'EX01');
  });

  it('compares FQDNs without case or trailing dot', () => {
    assert.equal(fqdnKey('CASArray-A.Contoso.Local.'), fqdnKey('casarray-a.contoso.local'));
    assert.notEqual(fqdnKey('casarray-a.contoso.local'), fqdnKey('casarray-b.contoso.local'));
  });

  it('compares legacyExchangeDNs case-insensitively', () => {
    assert.equal(legacyDnKey('/o=Contoso/ou=X/cn=EX01'), legacyDnKey('/O=CONTOSO/OU=x/CN=ex01'));
  });
});
