/**
 * The named test harness itself: a real BIND 9 named serving the fixture
 * zones must answer as the master files say (A/AAAA, CNAME chains and loops,
 * NXDOMAIN/NODATA, per-record TTLs, truncation without EDNS, AXFR), and
 * stop() must leave nothing. Queried with dig so that these checks do not
 * depend on casaudit's own DNS client.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONTOSO_EXTERNAL_ZONE,
  CONTOSO_ZONE,
  dig,
  MISSING_NAMED_MESSAGE,
  requireNamed,
  startNamed,
  type NamedServer,
} from './support/named.js';
import { tempDir } from './support/tmp.js';

interface Rr {
  name: string;
  ttl: number;
  type: string;
  data: string;
}

/** Resource records of dig's +noall +answer output. */
function records(stdout: string): Rr[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith(';'))
    .map((l) => {
      const [name, ttl, , type, ...data] = l.trim().split(/\s+/);
      return { name: name!, ttl: Number(ttl), type: type!, data: data.join(' ') };
    });
}

/** dig NAME TYPE with the header and answer shown; returns status, flags and answer records. */
async function query(server: NamedServer, name: string, type: string, extra: string[] = []) {
  const r = await dig(server, ['+norec', '+noall', '+comments', '+answer', ...extra, name, type]);
  assert.equal(r.code, 0, `dig ${name} ${type} failed: ${r.stderr}${r.stdout}`);
  const status = /status: (\w+)/.exec(r.stdout)?.[1];
  const flags = (/;; flags: ([^;]*);/.exec(r.stdout)?.[1] ?? '').trim().split(/\s+/);
  return { status, flags, answer: records(r.stdout), raw: r.stdout };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

describe('named test harness (real BIND 9)', function () {
  let server: NamedServer;

  before(async function () {
    requireNamed(); // a missing named fails the suite with MISSING_NAMED_MESSAGE, never skips it
    const started = Date.now();
    server = await startNamed({ zones: [{ name: 'contoso.test', file: CONTOSO_ZONE }] });
    console.log(`      named started on ${server.server} in ${Date.now() - started} ms`);
  });

  after(async function () {
    await server?.stop();
  });

  it('reports how to install named when it is missing', function () {
    assert.match(MISSING_NAMED_MESSAGE, /\.ci\/run/);
    assert.match(MISSING_NAMED_MESSAGE, /apt-get install .*bind9 bind9-dnsutils/);
    assert.equal(server.host, '127.0.0.1');
    assert.equal(server.server, `127.0.0.1:${server.port}`);
    assert.notEqual(server.port, 5353);
  });

  it('answers A records authoritatively with their own TTLs', async function () {
    const casarray = await query(server, 'casarray.contoso.test', 'A');
    assert.equal(casarray.status, 'NOERROR');
    assert.ok(casarray.flags.includes('aa'), casarray.raw);
    assert.deepEqual(casarray.answer, [{ name: 'casarray.contoso.test.', ttl: 300, type: 'A', data: '10.1.0.50' }]);

    const ex01 = await query(server, 'ex01.contoso.test', 'A');
    assert.deepEqual(ex01.answer, [{ name: 'ex01.contoso.test.', ttl: 1200, type: 'A', data: '10.1.0.11' }]);

    for (const [name, ttl] of [['ttl0', 0], ['ttl60', 60], ['ttl86400', 86400]] as const) {
      const r = await query(server, `${name}.contoso.test`, 'A');
      assert.equal(r.answer.length, 1, r.raw);
      assert.equal(r.answer[0]!.ttl, ttl, `${name}: ${r.raw}`);
    }
  });

  it('answers AAAA, and the $TTL default where no TTL is written', async function () {
    const a = await query(server, 'ex02.contoso.test', 'A');
    assert.deepEqual(a.answer, [{ name: 'ex02.contoso.test.', ttl: 3600, type: 'A', data: '10.1.0.12' }]);
    const aaaa = await query(server, 'ex02.contoso.test', 'AAAA');
    assert.deepEqual(aaaa.answer, [{ name: 'ex02.contoso.test.', ttl: 3600, type: 'AAAA', data: 'fd00::12' }]);
  });

  it('follows a CNAME chain inside the zone', async function () {
    const r = await query(server, 'outlook.contoso.test', 'A');
    assert.equal(r.status, 'NOERROR');
    assert.deepEqual(r.answer, [
      { name: 'outlook.contoso.test.', ttl: 86400, type: 'CNAME', data: 'alias1.contoso.test.' },
      { name: 'alias1.contoso.test.', ttl: 60, type: 'CNAME', data: 'casarray.contoso.test.' },
      { name: 'casarray.contoso.test.', ttl: 300, type: 'A', data: '10.1.0.50' },
    ]);
  });

  it('serves a CNAME loop without hanging: SERVFAIL carrying each CNAME once, no address', async function () {
    // BIND 9.18 follows the chain inside its own zone until it meets a name it
    // already answered, then gives up with SERVFAIL (EDE 0 "max. restarts reached")
    // but still sends the CNAMEs it collected.
    const r = await query(server, 'loop-a.contoso.test', 'A');
    assert.equal(r.status, 'SERVFAIL', r.raw);
    assert.deepEqual(
      r.answer.map((rr) => `${rr.name} ${rr.type} ${rr.data}`),
      ['loop-a.contoso.test. CNAME loop-b.contoso.test.', 'loop-b.contoso.test. CNAME loop-a.contoso.test.'],
    );
  });

  it('gives NXDOMAIN for a missing name, NODATA for a name without that type, REFUSED outside its zones', async function () {
    const nx = await query(server, 'nosuch.contoso.test', 'A');
    assert.equal(nx.status, 'NXDOMAIN');
    assert.ok(nx.flags.includes('aa'));
    assert.deepEqual(nx.answer, []);

    const nodata = await query(server, 'txtonly.contoso.test', 'A');
    assert.equal(nodata.status, 'NOERROR');
    assert.deepEqual(nodata.answer, []);
    const txt = await query(server, 'txtonly.contoso.test', 'TXT');
    assert.deepEqual(txt.answer.map((rr) => rr.data), ['"x"']);

    const outside = await query(server, 'www.example.com', 'A');
    assert.equal(outside.status, 'REFUSED');
  });

  it('truncates the big answer over UDP without EDNS, and gives all 60 records over TCP', async function () {
    const udp = await query(server, 'big.contoso.test', 'A', ['+notcp', '+ignore', '+noedns']);
    assert.ok(udp.flags.includes('tc'), `no TC flag: ${udp.raw}`);
    assert.ok(udp.answer.length < 60, udp.raw);

    const tcp = await query(server, 'big.contoso.test', 'A', ['+tcp']);
    assert.ok(!tcp.flags.includes('tc'));
    const addresses = tcp.answer.map((rr) => rr.data).sort();
    const expected = Array.from({ length: 60 }, (_, i) => `10.2.0.${i + 1}`).sort();
    assert.deepEqual(addresses, expected);
  });

  it('allows AXFR from 127.0.0.1', async function () {
    const r = await dig(server, ['+noall', '+answer', 'axfr', 'contoso.test']);
    assert.equal(r.code, 0, r.stderr);
    const rrs = records(r.stdout);
    assert.equal(rrs[0]!.type, 'SOA');
    assert.equal(rrs[rrs.length - 1]!.type, 'SOA', 'an AXFR ends with the SOA again');
    const has = (name: string, type: string, data: string) =>
      rrs.some((rr) => rr.name === name && rr.type === type && rr.data === data);
    assert.ok(has('casarray.contoso.test.', 'A', '10.1.0.50'));
    assert.ok(has('outlook.contoso.test.', 'CNAME', 'alias1.contoso.test.'));
    assert.equal(rrs.filter((rr) => rr.name === 'big.contoso.test.' && rr.type === 'A').length, 60);
  });

  it('serves a split-brain external view from a second instance at the same time', async function () {
    const external = await startNamed({ zones: [{ name: 'contoso.test.', file: CONTOSO_EXTERNAL_ZONE }] });
    try {
      assert.notEqual(external.port, server.port);
      const casarray = await query(external, 'casarray.contoso.test', 'A');
      assert.equal(casarray.status, 'NXDOMAIN');
      const outlook = await query(external, 'outlook.contoso.test', 'A');
      assert.deepEqual(outlook.answer, [{ name: 'outlook.contoso.test.', ttl: 300, type: 'A', data: '192.0.2.50' }]);
      // The internal instance still answers its own data.
      const inside = await query(server, 'outlook.contoso.test', 'A');
      assert.equal(inside.answer.at(-1)!.data, '10.1.0.50');
    } finally {
      await external.stop();
    }
  });

  it('rejects an invalid zone with named-checkconf output and leaves nothing behind', async function () {
    const dir = tempDir('casaudit-bad-zone-');
    const bad = join(dir, 'bad.zone');
    const namedDirs = () => readdirSync(tmpdir()).filter((n) => n.startsWith('casaudit-named-')).length;
    const before = namedDirs();
    writeFileSync(bad, '$TTL 60\n@ IN SOA ns1 hostmaster 1 900 600 86400 300\n@ IN NS ns1\nns1 IN A 10.0.0.999\n');
    await assert.rejects(
      startNamed({ zones: [{ name: 'bad.test', file: bad }] }),
      (error: Error) => /named-checkconf -z rejected/.test(error.message) && /bad\.test/.test(error.message),
    );
    assert.equal(namedDirs(), before, 'the temp dir of the failed start is removed');
  });

  it('stop() kills named and removes its temp dir', async function () {
    const extra = await startNamed({ zones: [{ name: 'contoso.test', file: CONTOSO_ZONE }] });
    assert.ok(pidAlive(extra.pid));
    assert.ok(existsSync(extra.dir));
    await extra.stop();
    await extra.stop(); // idempotent
    assert.ok(!pidAlive(extra.pid), `named ${extra.pid} still running`);
    assert.ok(!existsSync(extra.dir), `${extra.dir} still exists`);
    const after = await dig(extra, ['+time=1', '+noall', '+comments', 'contoso.test', 'SOA'], 5000);
    assert.notEqual(after.code, 0, 'nothing should answer on the old port');
  });
});
