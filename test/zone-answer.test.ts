import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { collectSnapshot } from '../src/collect/collect.js';
import { ZoneAnswerer, type LoadedZone } from '../src/collect/zone/answer.js';
import { collectDns } from '../src/collect/dns/collect-dns.js';
import { parseZone, type ZoneRecord } from '../src/collect/zone/parse.js';
import { NO_ZONE_COVERS_NAME } from '../src/snapshot/dns-errors.js';
import type { DnsAnswer, Snapshot } from '../src/snapshot/model.js';
import { casaudit } from './support/cli.js';
import { tempDir } from './support/tmp.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

let line = 0;
const rec = (name: string, type: string, value: string, ttl = 3600): ZoneRecord => ({ name, type, value, ttl, line: ++line });

const zones: LoadedZone[] = [
  {
    file: 'contoso.dns',
    zone: {
      origin: 'contoso.local',
      records: [
        rec('contoso.local', 'SOA', 'dc01.contoso.local. hostmaster.contoso.local. 1 900 600 86400 3600'),
        rec('outlook.contoso.local', 'CNAME', 'vip.lb.contoso.local', 300),
        rec('ex01.contoso.local', 'A', '10.0.0.11'),
        rec('ex01.contoso.local', 'AAAA', 'fd00::11'),
        rec('loop-a.contoso.local', 'CNAME', 'loop-b.contoso.local'),
        rec('loop-b.contoso.local', 'CNAME', 'loop-a.contoso.local'),
        rec('text.contoso.local', 'TXT', '"only text"'),
        rec('dangling.contoso.local', 'CNAME', 'gone.contoso.local'),
        rec('outside.contoso.local', 'CNAME', 'www.example.com'),
      ],
    },
  },
  { file: 'lb.dns', zone: { origin: 'lb.contoso.local', records: [rec('vip.lb.contoso.local', 'A', '10.0.0.50', 60)] } },
];
const answerer = new ZoneAnswerer(zones);
const brief = (a: DnsAnswer) => ({ status: a.status, rcode: a.rcode, records: a.records.map((r) => `${r.name} ${r.type} ${r.value} ${r.ttl}`) });

describe('answering DNS questions from zone files', () => {
  it('follows a CNAME into a child zone, with each record from its own file and line', () => {
    const answer = answerer.answer('OUTLOOK.contoso.local.');
    assert.deepEqual(brief(answer), {
      status: 'answered',
      rcode: 'NOERROR',
      records: ['outlook.contoso.local CNAME vip.lb.contoso.local 300', 'vip.lb.contoso.local A 10.0.0.50 60'],
    });
    assert.deepEqual(answer.records.map((r) => r.source?.file), ['contoso.dns', 'lb.dns']);
    assert.equal(answer.server, 'contoso.dns');
  });

  it('gives every address of a name', () => {
    assert.deepEqual(brief(answerer.answer('ex01.contoso.local')).records, ['ex01.contoso.local A 10.0.0.11 3600', 'ex01.contoso.local AAAA fd00::11 3600']);
  });

  it('answers NXDOMAIN for a name the zone does not hold, also at the end of a CNAME', () => {
    assert.deepEqual(brief(answerer.answer('nope.contoso.local')), { status: 'answered', rcode: 'NXDOMAIN', records: [] });
    assert.equal(answerer.answer('dangling.contoso.local').rcode, 'NXDOMAIN');
  });

  it('answers no data for a name with other records only, and stops a CNAME loop', () => {
    assert.deepEqual(brief(answerer.answer('text.contoso.local')), { status: 'answered', rcode: 'NOERROR', records: [] });
    const loop = answerer.answer('loop-a.contoso.local');
    assert.equal(loop.status, 'answered');
    assert.ok(!loop.records.some((r) => r.type === 'A'));
  });

  it('reports names no zone covers as not collected, never as nonexistent', () => {
    for (const name of ['www.example.com', 'outside.contoso.local']) {
      const answer = answerer.answer(name);
      assert.equal(answer.status, 'not-collected', name);
      assert.equal(answer.error, NO_ZONE_COVERS_NAME);
    }
  });
});

describe('zone files answer only for their own zone', () => {
  const zone = (file: string, text: string): LoadedZone => ({ file, zone: parseZone(text, file) });
  // Windows writes A records for out-of-zone name servers (glue) into the zone file, here for fabrikam.local.
  const contoso = zone(
    'contoso.dns',
    [
      '$ORIGIN contoso.local.',
      '@ SOA dc01 hostmaster 1 900 600 86400 3600',
      '@ NS dc01',
      '@ NS ns1.fabrikam.local.',
      'dc01 A 10.0.0.1',
      'ns1.fabrikam.local. A 10.9.9.9',
      'ex01.fabrikam.local. A 10.9.9.11',
      '',
    ].join('\n'),
  );
  const fabrikam = zone('fabrikam.dns', ['$ORIGIN fabrikam.local.', '@ SOA ns1 hostmaster 1 900 600 86400 3600', 'ns1 A 10.9.9.9', ''].join('\n'));

  it('never answers a name from glue in another zone file: the covering zone says NXDOMAIN', () => {
    for (const order of [[contoso, fabrikam], [fabrikam, contoso]]) {
      const answerer = new ZoneAnswerer(order);
      assert.deepEqual(brief(answerer.answer('ex01.fabrikam.local')), { status: 'answered', rcode: 'NXDOMAIN', records: [] });
      // The name both files hold is answered once, from its own zone.
      const ns1 = answerer.answer('ns1.fabrikam.local');
      assert.deepEqual(brief(ns1).records, ['ns1.fabrikam.local A 10.9.9.9 3600']);
      assert.deepEqual(ns1.records.map((r) => r.source?.file), ['fabrikam.dns']);
    }
  });

  it('leaves a name only glue holds not collected when its own zone was not given, and lists the glue', () => {
    const answerer = new ZoneAnswerer([contoso]);
    const answer = answerer.answer('ex01.fabrikam.local');
    assert.deepEqual([answer.status, answer.error], ['not-collected', NO_ZONE_COVERS_NAME]);
    assert.deepEqual(
      answerer.outOfZone.map(({ file, origin, record }) => `${file}:${record.line} ${record.name} ${origin}`),
      ['contoso.dns:6 ns1.fabrikam.local contoso.local', 'contoso.dns:7 ex01.fabrikam.local contoso.local'],
    );
  });

  it('warns with file and line about each out-of-zone record when collecting', async () => {
    const dir = tempDir();
    const file = join(dir, 'contoso.dns');
    writeFileSync(file, '$ORIGIN contoso.local.\n@ SOA dc01 hm 1 2 3 4 5\nns1.fabrikam.local. A 10.9.9.9\nex01 A 10.0.0.11\n');
    const warnings: string[] = [];
    const { dns } = await collectDns({ zones: [{ file }] }, { casArrays: [], servers: [] }, (m) => warnings.push(m));
    assert.deepEqual(dns.internal, []);
    assert.deepEqual(warnings, [`${file}:3: ns1.fabrikam.local A lies outside the zone contoso.local; not used to answer for it`]);
  });

  it('leaves a name below a delegation not collected: the child zone holds it', () => {
    const parentZone = zone('p.dns', ['$ORIGIN contoso.local.', '@ SOA dc01 hm 1 2 3 4 5', 'lb NS ns.lb', 'ns.lb A 10.0.5.1', ''].join('\n'));
    for (const name of ['lb.contoso.local', 'vip.lb.contoso.local', 'ns.lb.contoso.local']) {
      assert.deepEqual([new ZoneAnswerer([parentZone]).answer(name).status], ['not-collected'], name);
    }
    const child = zone('lb.dns', ['$ORIGIN lb.contoso.local.', '@ SOA ns hm 1 2 3 4 5', 'vip A 10.0.5.50', ''].join('\n'));
    assert.deepEqual(brief(new ZoneAnswerer([parentZone, child]).answer('vip.lb.contoso.local')).records, ['vip.lb.contoso.local A 10.0.5.50 5']);
  });
});

describe('wildcard records (RFC 4592)', () => {
  const answerer = new ZoneAnswerer([
    {
      file: 'w.dns',
      zone: parseZone(
        [
          '$ORIGIN example.test.',
          '@ SOA ns hm 1 2 3 4 5',
          '* 60 A 192.0.2.1',
          'host A 192.0.2.2',
          'sub.deep TXT "x"',
          '*.alias 60 CNAME host',
          '*.txt TXT "no address"',
          '',
        ].join('\n'),
        'w.dns',
      ),
    },
  ]);

  it('answers the names a wildcard covers, under the name asked, pointing at the wildcard line', () => {
    const answer = answerer.answer('anything.example.test');
    assert.deepEqual(brief(answer), { status: 'answered', rcode: 'NOERROR', records: ['anything.example.test A 192.0.2.1 60'] });
    assert.deepEqual(answer.records[0]!.source, { file: 'w.dns', line: 3 });
    assert.deepEqual(brief(answerer.answer('a.b.example.test')).records, ['a.b.example.test A 192.0.2.1 60']);
    assert.deepEqual(brief(answerer.answer('mail.alias.example.test')).records, ['mail.alias.example.test CNAME host.example.test 60', 'host.example.test A 192.0.2.2 5']);
  });

  it('does not answer a name that exists, an empty non-terminal or a name below one', () => {
    assert.deepEqual(brief(answerer.answer('host.example.test')).records, ['host.example.test A 192.0.2.2 5']);
    // deep.example.test exists as an empty non-terminal: no data, and no wildcard below it.
    assert.deepEqual(brief(answerer.answer('deep.example.test')), { status: 'answered', rcode: 'NOERROR', records: [] });
    assert.deepEqual(brief(answerer.answer('other.deep.example.test')), { status: 'answered', rcode: 'NXDOMAIN', records: [] });
    assert.deepEqual(brief(answerer.answer('x.txt.example.test')), { status: 'answered', rcode: 'NOERROR', records: [] });
  });
});

describe('the demo zone file', () => {
  it('answers the same DNS questions as the demo snapshot holds', async () => {
    const imported = await collectSnapshot({ ldif: ['fixtures/demo/northwind.ldif'], zones: [{ file: 'fixtures/demo/northwind.local.dns' }] });
    const demo = JSON.parse(readFileSync('fixtures/demo/snapshot.json', 'utf8')) as Snapshot;
    const canonical = (answers: DnsAnswer[]) =>
      answers
        .map(({ source: _s, ...a }) => ({ ...a, records: a.records.map(({ source: _r, ...r }) => r) }))
        .sort((a, b) => a.name.localeCompare(b.name));
    assert.deepEqual(canonical(imported.dns.internal), canonical(demo.dns.internal));
    assert.equal(imported.collection.sections.dns, 'collected');
  });

  it('lets the CLI audit LDIF plus zone file with the DNS rules evaluated, and refuses --zone alone', () => {
    const run = casaudit(['audit', '--ldif', 'fixtures/demo/northwind.ldif', '--zone', 'northwind.local=fixtures/demo/northwind.local.dns', '-f', 'json']);
    assert.equal(run.status, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    const dnsFindings = report.findings.filter((f: { ruleId: string }) => f.ruleId.startsWith('DNS')).map((f: { ruleId: string; target: { name: string } }) => `${f.ruleId} ${f.target.name}`);
    assert.deepEqual(dnsFindings.sort(), ['DNS001 EDI-DB02', 'DNS002 lon-cas1', 'DNS003 outlook-gla', 'DNS003 outlook-lds', 'DNS004 lon-cas1', 'DNS004 outlook-man']);
    const alone = casaudit(['collect', '--zone', 'fixtures/demo/northwind.local.dns']);
    assert.equal(alone.status, 2);
    assert.match(alone.stderr, /--zone needs a directory source/);
  });
});
