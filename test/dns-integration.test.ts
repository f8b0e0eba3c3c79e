/**
 * The live resolver against a real BIND named (test/support/named.ts), and
 * the same zone read as a file: both must answer alike.
 */
import assert from 'node:assert/strict';
import { createSocket, type RemoteInfo } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transferZone } from '../src/collect/dns/axfr.js';
import { resolveAll, resolveFqdn, type ResolverOptions } from '../src/collect/dns/resolver.js';
import { ZoneAnswerer } from '../src/collect/zone/answer.js';
import { parseZone, readZoneFile } from '../src/collect/zone/parse.js';
import dnsPacket from 'dns-packet';
import type { DnsAnswer } from '../src/snapshot/model.js';
import { freePort } from './support/child-server.js';
import { casaudit } from './support/cli.js';
import { CONTOSO_EXTERNAL_ZONE, CONTOSO_ZONE, startNamed, type NamedServer } from './support/named.js';
import { tempDir } from './support/tmp.js';

const options = (named: NamedServer, overrides: Partial<ResolverOptions> = {}): ResolverOptions => ({
  servers: [{ host: named.host, port: named.port }],
  timeoutMs: 2000,
  retries: 1,
  concurrency: 8,
  ...overrides,
});
const brief = (a: DnsAnswer) => ({
  status: a.status,
  rcode: a.rcode,
  records: a.records.map((r) => `${r.name} ${r.type} ${r.value} ${r.ttl}`).sort(),
});

/** A zone that delegates sub.referral.test to a server elsewhere: named (recursion off) refers, as Windows DNS does. */
function referralZone(): string {
  const file = join(tempDir(), 'referral.test.zone');
  writeFileSync(
    file,
    [
      '$ORIGIN referral.test.',
      '@ 3600 IN SOA ns.referral.test. hostmaster.referral.test. 1 900 600 86400 3600',
      '@ 3600 IN NS ns.referral.test.',
      'ns 3600 IN A 127.0.0.1',
      'sub 3600 IN NS ns.elsewhere.example.',
      '',
    ].join('\n'),
  );
  return file;
}

describe('live DNS resolver (real named)', function () {
  this.timeout(30000);
  let named: NamedServer;
  before(async () => {
    named = await startNamed({ zones: [{ name: 'contoso.test', file: CONTOSO_ZONE }, { name: 'referral.test', file: referralZone() }] });
  });
  after(async () => named?.stop());

  it('answers A, AAAA and TTLs as the zone holds them', async () => {
    assert.deepEqual(brief(await resolveFqdn('casarray.contoso.test', options(named))), {
      status: 'answered',
      rcode: 'NOERROR',
      records: ['casarray.contoso.test A 10.1.0.50 300'],
    });
    assert.deepEqual(brief(await resolveFqdn('EX02.contoso.test.', options(named))).records, ['ex02.contoso.test A 10.1.0.12 3600', 'ex02.contoso.test AAAA fd00::12 3600']);
    assert.deepEqual(brief(await resolveFqdn('ttl0.contoso.test', options(named))).records, ['ttl0.contoso.test A 10.1.0.60 0']);
  });

  it('follows a CNAME chain and records each step with its TTL', async () => {
    assert.deepEqual(brief(await resolveFqdn('outlook.contoso.test', options(named))).records, [
      'alias1.contoso.test CNAME casarray.contoso.test 60',
      'casarray.contoso.test A 10.1.0.50 300',
      'outlook.contoso.test CNAME alias1.contoso.test 86400',
    ]);
  });

  it('treats NXDOMAIN and no data as answers, and a CNAME loop as an answer without address', async () => {
    assert.deepEqual(brief(await resolveFqdn('nope.contoso.test', options(named))), { status: 'answered', rcode: 'NXDOMAIN', records: [] });
    assert.deepEqual(brief(await resolveFqdn('txtonly.contoso.test', options(named))), { status: 'answered', rcode: 'NOERROR', records: [] });
    const loop = await resolveFqdn('loop-a.contoso.test', options(named));
    assert.equal(loop.status, 'answered');
    assert.ok(!loop.records.some((r) => r.type === 'A' || r.type === 'AAAA'));
  });

  it('retries over TCP when the UDP answer is truncated, and gets every record', async () => {
    const big = await resolveFqdn('big.contoso.test', options(named));
    assert.equal(big.records.filter((r) => r.type === 'A').length, 60);
  });

  it('reports REFUSED and a silent server as not collected, never as unresolvable', async () => {
    const refused = await resolveFqdn('www.example.com', options(named));
    assert.deepEqual([refused.status, refused.rcode], ['not-collected', 'REFUSED']);
    const silentPort = await freePort();
    const silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(silentPort, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const answer = await resolveFqdn('casarray.contoso.test', { servers: [{ host: '127.0.0.1', port: silentPort }], timeoutMs: 300, retries: 1, concurrency: 1 });
      assert.deepEqual([answer.status, answer.rcode, answer.error], ['not-collected', null, 'no answer (time-out)']);
      assert.ok(Date.now() - started < 5000);
    } finally {
      silent.close();
    }
  });

  it('reports a referral as not collected, never as a name without records', async () => {
    const referral = await resolveFqdn('casarray.sub.referral.test', options(named));
    assert.deepEqual([referral.status, referral.rcode, referral.records], ['not-collected', 'NOERROR', []]);
    assert.match(referral.error ?? '', /referral/);
    // The same server's own names are still answers.
    assert.deepEqual(brief(await resolveFqdn('ns.referral.test', options(named))).records, ['ns.referral.test A 127.0.0.1 3600']);
  });

  it('falls back to the next server when the first does not answer', async () => {
    const deadPort = await freePort();
    const answer = await resolveFqdn('casarray.contoso.test', {
      servers: [{ host: '127.0.0.1', port: deadPort }, { host: named.host, port: named.port }],
      timeoutMs: 300,
      retries: 0,
      concurrency: 1,
    });
    assert.equal(answer.status, 'answered');
    assert.equal(answer.server, named.server);
  });

  it('transfers a zone (AXFR) and answers from it as the per-name queries do', async () => {
    const zone = await transferZone({ host: named.host, port: named.port }, 'contoso.test', 3000);
    assert.equal(zone.origin, 'contoso.test');
    assert.ok(zone.records.some((r) => r.name === 'casarray.contoso.test' && r.type === 'A' && r.value === '10.1.0.50' && r.ttl === 300));
    assert.equal(zone.records.filter((r) => r.name === 'big.contoso.test').length, 60);
    const names = ['casarray', 'outlook', 'nope', 'txtonly', 'big'].map((n) => `${n}.contoso.test`);
    const transferred = new ZoneAnswerer([{ file: 'axfr', zone }]);
    const live = await resolveAll(names, options(named));
    assert.deepEqual(names.map((n) => brief(transferred.answer(n))), live.map(brief));
    await assert.rejects(transferZone({ host: named.host, port: named.port }, 'example.com', 3000), /the server answered (REFUSED|NOTAUTH)/);
  });

  it('answers exactly what the zone file import answers for the same names', async () => {
    const names = ['casarray', 'ex01', 'ex02', 'outlook', 'alias1', 'nope', 'txtonly', 'ttl0', 'ttl86400', 'big'].map((n) => `${n}.contoso.test`);
    const live = await resolveAll(names, options(named));
    const fromFile = new ZoneAnswerer([{ file: CONTOSO_ZONE, zone: await readZoneFile(CONTOSO_ZONE) }]);
    assert.deepEqual(live.map(brief), names.map((n) => brief(fromFile.answer(n))));
  });
});

describe('live DNS from the CLI (real named)', function () {
  this.timeout(30000);

  it('turns referrals into "not evaluated", never into DNS findings', async () => {
    // A server with recursion off that delegates northwind.local elsewhere refers for every name asked.
    const file = join(tempDir(), 'local.zone');
    writeFileSync(
      file,
      ['$ORIGIN local.', '@ 3600 IN SOA ns.local. hostmaster.local. 1 900 600 86400 3600', '@ 3600 IN NS ns.local.', 'ns 3600 IN A 127.0.0.1', 'northwind 3600 IN NS ns.elsewhere.example.', ''].join('\n'),
    );
    const referring = await startNamed({ zones: [{ name: 'local', file }] });
    try {
      const run = casaudit(['audit', '--ldif', 'fixtures/demo/northwind.ldif', '--dns-server', referring.server, '-f', 'json', '--fail-on', 'none']);
      assert.equal(run.status, 0, run.stderr);
      const report = JSON.parse(run.stdout) as { findings: { ruleId: string }[]; rules: { id: string; notEvaluated: { reason: string }[] }[] };
      assert.deepEqual(report.findings.filter((f) => f.ruleId.startsWith('DNS')), []);
      const dns001 = report.rules.find((r) => r.id === 'DNS001')!;
      assert.ok(dns001.notEvaluated.length > 0);
      assert.deepEqual(new Set(dns001.notEvaluated.map((n) => n.reason)), new Set(['DNS for the name was not collected: the reply was not an answer (a referral, not authoritative, or malformed)']));
    } finally {
      await referring.stop();
    }
  });

  it('audits the demo directory with DNS from a server serving the demo zone, as the zone import does', async () => {
    // BIND does not read Windows' aging tokens: serve the demo zone's records in BIND syntax.
    const dir = tempDir();
    const zone = parseZone(
      (await import('node:fs')).readFileSync('fixtures/demo/northwind.local.dns', 'latin1'),
      'fixtures/demo/northwind.local.dns',
    );
    const lines = ['$ORIGIN northwind.local.', '@ 3600 IN SOA dc01.northwind.local. hostmaster.northwind.local. 1 900 600 86400 3600', '@ 3600 IN NS dc01.northwind.local.'];
    for (const r of zone.records) if (r.type === 'A' || r.type === 'AAAA' || r.type === 'CNAME') lines.push(`${r.name}. ${r.ttl} IN ${r.type} ${r.type === 'CNAME' ? `${r.value}.` : r.value}`);
    const file = join(dir, 'northwind.local.zone');
    writeFileSync(file, lines.join('\n') + '\n');
    const internal = await startNamed({ zones: [{ name: 'northwind.local', file }] });
    const external = await startNamed({ zones: [{ name: 'contoso.test', file: CONTOSO_EXTERNAL_ZONE }] });
    try {
      const dnsFindings = (args: string[]) => {
        const run = casaudit(['audit', '--ldif', 'fixtures/demo/northwind.ldif', ...args, '-f', 'json']);
        assert.equal(run.status, 1, run.stderr);
        return (JSON.parse(run.stdout).findings as { ruleId: string; target: { name: string } }[])
          .filter((f) => f.ruleId.startsWith('DNS'))
          .map((f) => `${f.ruleId} ${f.target.name}`)
          .sort();
      };
      const live = dnsFindings(['--dns-server', internal.server, '--external-dns-server', external.server]);
      assert.deepEqual(live, dnsFindings(['--zone', 'fixtures/demo/northwind.local.dns']));
      assert.deepEqual(dnsFindings(['--dns-server', internal.server, '--dns-axfr', 'northwind.local']), live, 'the same from a zone transfer');
      const refused = casaudit(['audit', '--ldif', 'fixtures/demo/northwind.ldif', '--dns-server', internal.server, '--dns-axfr', 'example.com', '-f', 'json']);
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, /warning: zone transfer of example\.com from 127\.0\.0\.1:\d+ failed \(the server answered (REFUSED|NOTAUTH)\); asking name by name/);
      assert.ok(live.includes('DNS001 EDI-DB02') && live.includes('DNS004 outlook-man'));
      const both = casaudit(['audit', '--ldif', 'fixtures/demo/northwind.ldif', '--zone', 'fixtures/demo/northwind.local.dns', '--dns-server', internal.server]);
      assert.equal(both.status, 2);
      assert.match(both.stderr, /give --zone or --dns-server for the internal DNS, not both/);
    } finally {
      await internal.stop();
      await external.stop();
    }
  });
});

/**
 * Replies named cannot be made to send (a query sent back, no question, odd
 * response codes, no AA or RA, TTLs with the top bit set) come from a tiny
 * UDP responder on 127.0.0.1 that answers each query as the test says.
 */
async function withResponder(
  reply: (query: dnsPacket.DecodedPacket, raw: Buffer) => Buffer,
  run: (options: ResolverOptions, queries: () => number) => Promise<void>,
): Promise<void> {
  const socket = createSocket('udp4');
  let count = 0;
  socket.on('message', (raw: Buffer, from: RemoteInfo) => {
    count++;
    socket.send(reply(dnsPacket.decode(raw), raw), from.port, from.address);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => socket.bind(port, '127.0.0.1', resolve));
  try {
    await run({ servers: [{ host: '127.0.0.1', port }], timeoutMs: 1000, retries: 2, concurrency: 1 }, () => count);
  } finally {
    socket.close();
  }
}

/** A response to the query with the given flags (rcode in the low four bits) and answer records. */
function response(query: dnsPacket.DecodedPacket, flags: number, answers: dnsPacket.Answer[] = [], questions = query.questions): Buffer {
  return dnsPacket.encode({ type: 'response', id: query.id, flags, questions, answers });
}

const aRecord = (query: dnsPacket.DecodedPacket, ttl: number): dnsPacket.Answer[] =>
  query.questions?.[0]?.type === 'A' ? [{ type: 'A', name: query.questions[0].name, ttl, data: '192.0.2.7' }] : [];

describe('live DNS replies that are not answers (test responder)', function () {
  this.timeout(10000);
  const AA = dnsPacket.AUTHORITATIVE_ANSWER;
  const RA = dnsPacket.RECURSION_AVAILABLE;

  it('reports a query sent back as not collected, without retrying', async () => {
    await withResponder(
      (_query, raw) => raw,
      async (opts, queries) => {
        const answer = await resolveFqdn('host.example.test', opts);
        assert.deepEqual([answer.status, answer.rcode], ['not-collected', 'NOERROR']);
        assert.match(answer.error ?? '', /QR bit not set/);
        assert.equal(queries(), 2, 'one A and one AAAA query, no retries');
      },
    );
  });

  it('reports a reply without the question section as not collected', async () => {
    await withResponder(
      (query) => response(query, AA, aRecord(query, 60), []),
      async (opts) => {
        const answer = await resolveFqdn('host.example.test', opts);
        assert.deepEqual([answer.status, answer.records], ['not-collected', []]);
        assert.match(answer.error ?? '', /no question section/);
      },
    );
  });

  it('reports any response code but NOERROR and NXDOMAIN as not collected', async () => {
    for (const [code, name] of [[6, 'YXDOMAIN'], [9, 'NOTAUTH'], [5, 'REFUSED']] as const) {
      await withResponder(
        (query) => response(query, AA | code),
        async (opts) => {
          const answer = await resolveFqdn('host.example.test', opts);
          assert.deepEqual([answer.status, answer.rcode], ['not-collected', name]);
        },
      );
    }
  });

  it('counts answers only from a server authoritative for the name or recursive', async () => {
    await withResponder(
      (query) => response(query, 0, aRecord(query, 60)),
      async (opts) => {
        const answer = await resolveFqdn('host.example.test', opts);
        assert.deepEqual([answer.status, answer.records], ['not-collected', []]);
        assert.match(answer.error ?? '', /neither authoritative for the name nor recursive/);
      },
    );
    await withResponder(
      (query) => response(query, RA | dnsPacket.RECURSION_DESIRED | 3),
      async (opts) => assert.deepEqual(brief(await resolveFqdn('gone.example.test', opts)), { status: 'answered', rcode: 'NXDOMAIN', records: [] }),
    );
    await withResponder(
      (query) => response(query, RA, aRecord(query, 60)),
      async (opts) => assert.deepEqual(brief(await resolveFqdn('host.example.test', opts)).records, ['host.example.test A 192.0.2.7 60']),
    );
  });

  it('reads a TTL with the top bit set as 0 (RFC 2181 section 8)', async () => {
    for (const [ttl, read] of [[0x80000000, 0], [0xffffffff, 0], [0x7fffffff, 0x7fffffff]] as const) {
      await withResponder(
        (query) => response(query, AA, aRecord(query, ttl)),
        async (opts) => assert.deepEqual(brief(await resolveFqdn('host.example.test', opts)).records, [`host.example.test A 192.0.2.7 ${read}`]),
      );
    }
  });
});
