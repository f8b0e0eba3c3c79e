import assert from 'node:assert/strict';
import { getServers } from 'node:dns';
import { displayServer, parseDnsServer, systemDnsServers } from '../src/collect/dns/server.js';

describe('DNS server arguments', () => {
  it('reads HOST, HOST:PORT, IPv6 and [IPv6]:PORT', () => {
    assert.deepEqual(parseDnsServer('10.0.0.53'), { host: '10.0.0.53', port: 53 });
    assert.deepEqual(parseDnsServer('10.0.0.53:5300'), { host: '10.0.0.53', port: 5300 });
    assert.deepEqual(parseDnsServer('dns1.contoso.local'), { host: 'dns1.contoso.local', port: 53 });
    assert.deepEqual(parseDnsServer('fd00::53'), { host: 'fd00::53', port: 53 });
    assert.deepEqual(parseDnsServer('[fd00::53]:5300'), { host: 'fd00::53', port: 5300 });
    assert.equal(displayServer({ host: 'fd00::53', port: 53 }), '[fd00::53]:53');
  });

  it('refuses a bad port', () => {
    assert.throws(() => parseDnsServer('10.0.0.53:99999'), /--dns-server 10\.0\.0\.53:99999: expected HOST or HOST:PORT/);
    assert.throws(() => parseDnsServer('10.0.0.53:x'), /expected HOST or HOST:PORT/);
  });

  it("takes the operating system's resolvers from Node's list, and says so when there are none", () => {
    // Node's dns.getServers() forms, as Windows and Linux both give them.
    assert.deepEqual(systemDnsServers(['10.0.0.53', 'fe80::1%eth0', '[fd00::53]:5353', '10.0.0.54:5300']), [
      { host: '10.0.0.53', port: 53 },
      { host: 'fe80::1', port: 53 },
      { host: 'fd00::53', port: 5353 },
      { host: '10.0.0.54', port: 5300 },
    ]);
    assert.deepEqual(systemDnsServers(), systemDnsServers(getServers()), "by default, Node's own list");
    assert.throws(() => systemDnsServers([]), /^UserError: the operating system names no DNS resolver; give --dns-server HOST\[:PORT\]$/);
  });
});
