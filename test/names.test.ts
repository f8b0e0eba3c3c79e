import assert from 'node:assert/strict';
import { dnKey, dnLeaf, dnParent, fqdnKey, legacyDnKey } from '../src/snapshot/names.js';

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

  it('keeps the key form that finding fingerprints hash', () => {
    assert.equal(dnKey(' CN=EX01 , CN=Servers,DC=Contoso,DC=local '), 'cn="ex01",cn="servers",dc="contoso",dc="local"');
    assert.equal(dnKey('CN=Exchange Administrative Group (FYDIBOHF23SPDLT),O=x'), 'cn="exchange administrative group (fydibohf23spdlt)",o="x"');
  });

  it('gives plain DNs (the quick path) the same key as escaped spellings of them (the full parse)', () => {
    const plain = ['CN=EX01,CN=Servers,DC=contoso,DC=local', 'cn = ex01 ,cn=servers', 'CN=10.10.0.0/16,CN=Subnets', 'CN=a,b'];
    const escaped = ['CN=EX\\301,CN=Servers,DC=contoso,DC=local', 'cn = ex\\30\\31 ,cn=servers', 'CN=10.10.0.0\\/16,CN=Subnets', 'CN=\\a,b'];
    for (let i = 0; i < plain.length; i++) assert.equal(dnKey(escaped[i]!), dnKey(plain[i]!), escaped[i]);
    // Tabs and non-ASCII letters take the full parse; the result is the same as for the plain spelling.
    assert.equal(dnKey('CN=EX01,\tCN=Servers'), dnKey('CN=EX01,CN=Servers'));
    assert.equal(dnKey('CN=Zürich,CN=Sites'), 'cn="zürich",cn="sites"');
  });

  it('orders multi-valued RDNs', () => {
    assert.equal(dnKey('CN=a+OU=b,DC=x'), dnKey('OU=b+CN=a,DC=x'));
  });

  it('reads the leaf value of a DN', () => {
    assert.equal(dnLeaf('CN=Smith\\, John,DC=x'), 'Smith, John');
    assert.equal(dnLeaf('CN=EX01,CN=Servers'), 'EX01');
    assert.equal(dnLeaf(' CN = EX01 '), 'EX01');
    assert.equal(dnLeaf('CN=a\\\\,DC=x'), 'a\\', 'an escaped backslash does not escape the comma after it');
  });

  it('finds the parent of a DN, whatever is escaped in its first RDN', () => {
    assert.equal(dnParent('CN=EX01,CN=Servers, DC=x '), 'CN=Servers, DC=x');
    assert.equal(dnParent('CN=Smith\\, John,OU=Staff\\,x,DC=x'), 'OU=Staff\\,x,DC=x');
    assert.equal(dnParent('CN=a\\\\,DC=x'), 'DC=x');
    assert.equal(dnParent('CN=a\\,b'), '');
    assert.equal(dnParent('DC=x'), '');
  });

  it('compares FQDNs without case or trailing dot', () => {
    assert.equal(fqdnKey('CASArray-A.Contoso.Local.'), fqdnKey('casarray-a.contoso.local'));
    assert.notEqual(fqdnKey('casarray-a.contoso.local'), fqdnKey('casarray-b.contoso.local'));
  });

  it('compares legacyExchangeDNs case-insensitively', () => {
    assert.equal(legacyDnKey('/o=Contoso/ou=X/cn=EX01'), legacyDnKey('/O=CONTOSO/OU=x/CN=ex01'));
  });
});
