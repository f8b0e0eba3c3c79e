import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { collectSnapshot } from '../src/collect/collect.js';
import { ZoneAnswerer, type LoadedZone } from '../src/collect/zone/answer.js';
import type { ZoneRecord } from '../src/collect/zone/parse.js';
import { NO_ZONE_COVERS_NAME } from '../src/snapshot/dns-errors.js';
import type { DnsAnswer, Snapshot } from '../src/snapshot/model.js';
import { casaudit } from './support/cli.js';

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
