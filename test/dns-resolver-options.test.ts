import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { displayServer, parseDnsServer, systemDnsServers } from '../src/collect/dns/server.js';
import { tempDir } from './support/tmp.js';

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

  it("reads the system's resolvers from resolv.conf, and says so when there are none", () => {
    const dir = tempDir();
    const conf = join(dir, 'resolv.conf');
    writeFileSync(conf, '# comment\nsearch contoso.local\nnameserver 10.0.0.53\nnameserver fe80::1%eth0\n');
    assert.deepEqual(systemDnsServers(conf), [
      { host: '10.0.0.53', port: 53 },
      { host: 'fe80::1', port: 53 },
    ]);
    writeFileSync(conf, 'search contoso.local\n');
    assert.throws(() => systemDnsServers(conf), /names no nameserver; give --dns-server/);
  });
});
