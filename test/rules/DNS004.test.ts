import assert from 'node:assert/strict';
import { parseConfigText } from '../../src/config/load.js';
import { loadRules } from '../../src/engine/discover.js';
import { parseRuleOptionAssignments } from '../../src/engine/options.js';
import { casPairEstate } from '../support/estates.js';
import { runRule } from '../support/run-rule.js';

describe('DNS004 array-record-ttl-high', () => {
  /** SiteA: CAS1, CAS2 and casarray-a. */
  const estate = () => casPairEstate();

  it('flags an array record whose TTL is above 300 seconds, with dnscmd and PowerShell fixes', async () => {
    const run = await runRule('DNS004', estate().dns('casarray-a.contoso.local', { a: ['10.0.0.50'], ttl: 3600 }).build());
    assert.deepEqual(run.hits, ['DNS004 casarray-a']);
    const finding = run.findings[0]!;
    assert.equal(finding.level, 'note');
    assert.equal(finding.target.kind, 'casArray');
    assert.match(finding.message, /CAS array name casarray-a\.contoso\.local has an address record with a TTL of 3600 seconds, above the 300 seconds allowed \(maxArrayTtl\)/);
    assert.match(
      finding.remediation,
      /dnscmd <dns server> \/RecordDelete contoso\.local casarray-a A 10\.0\.0\.50 \/f; dnscmd <dns server> \/RecordAdd contoso\.local casarray-a 300 A 10\.0\.0\.50/,
    );
    assert.match(finding.remediation, /Set-DnsServerResourceRecord/);
    assert.match(finding.remediation, /Add-DnsServerResourceRecordA -ZoneName 'contoso\.local' -Name 'casarray-a' -IPv4Address '10\.0\.0\.50' -TimeToLive 00:05:00/);
  });

  it('passes a TTL of exactly 300 seconds, and an unresolvable name (left to DNS001)', async () => {
    const atLimit = await runRule('DNS004', estate().dns('casarray-a.contoso.local', { a: ['10.0.0.50'], ttl: 300 }).build());
    assert.deepEqual(atLimit.hits, []);
    const missing = await runRule('DNS004', estate().dns('casarray-a.contoso.local', 'NXDOMAIN').build());
    assert.deepEqual(missing.hits, []);
    assert.deepEqual(missing.outcome.notEvaluated, []);
  });

  it('is not evaluated for an array name that was not asked or did not answer', async () => {
    const snapshot = estate()
      .array('casarray-b', { site: 'SiteA' })
      .dns('casarray-b.contoso.local', 'SERVFAIL')
      .build();
    const run = await runRule('DNS004', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(
      run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`),
      ['casarray-a: the name was not asked in DNS', 'casarray-b: DNS for the name was not collected: the server answered SERVFAIL'],
    );
  });

  it('honours the maxArrayTtl option', async () => {
    const snapshot = estate().dns('casarray-a.contoso.local', { a: ['10.0.0.50'], ttl: 300 }).build();
    const strict = await runRule('DNS004', snapshot, { maxArrayTtl: 60 });
    assert.deepEqual(strict.hits, ['DNS004 casarray-a']);
    assert.match(strict.findings[0]!.message, /TTL of 300 seconds, above the 60 seconds allowed/);
    assert.match(strict.findings[0]!.remediation, /\/RecordAdd contoso\.local casarray-a 60 A 10\.0\.0\.50/);
    assert.match(strict.findings[0]!.remediation, /-TimeToLive 00:01:00/);
    const relaxed = await runRule('DNS004', estate().dns('casarray-a.contoso.local', { a: ['10.0.0.50'], ttl: 3600 }).build(), { maxArrayTtl: 3600 });
    assert.deepEqual(relaxed.hits, []);
  });

  it("takes maxArrayTtl from the meta's default, from --rule-option and from the config alike", async () => {
    const metas = (await loadRules()).map((r) => r.meta);
    const meta = metas.find((r) => r.id === 'DNS004')!;
    const snapshot = estate().dns('casarray-a.contoso.local', { a: ['10.0.0.50'], ttl: 3600 }).build();
    const allowed = async (options?: Record<string, unknown>) => /above the (\d+) seconds allowed/.exec((await runRule('DNS004', snapshot, options)).findings[0]!.message)?.[1];
    assert.equal(await allowed(), String(meta.options!.maxArrayTtl!.default));
    assert.equal(await allowed(parseRuleOptionAssignments(['DNS004.maxArrayTtl=600'], metas)['DNS004']), '600');
    const config = await parseConfigText('{ "rules": { "DNS004": { "options": { "maxArrayTtl": 600 } } } }', 'casaudit.config.json', metas);
    assert.equal(await allowed(config.options?.['DNS004']), '600');
  });

  it("judges the address records behind a CNAME, not the CNAME's own TTL, and reports the highest TTL", async () => {
    const snapshot = estate().dns('casarray-a.contoso.local', { cname: 'lb.contoso.local', a: ['10.0.0.50'], ttl: 300 }).build();
    snapshot.dns.internal[0]!.records[0]!.ttl = 86400; // the CNAME
    assert.deepEqual((await runRule('DNS004', snapshot)).hits, []);

    const mixed = estate().dns('casarray-a.contoso.local', { a: ['10.0.0.50'], aaaa: ['fd00::50'], ttl: 600 }).build();
    mixed.dns.internal[0]!.records[1]!.ttl = 7200; // the AAAA record
    const run = await runRule('DNS004', mixed);
    assert.deepEqual(run.hits, ['DNS004 casarray-a']);
    assert.match(run.findings[0]!.message, /TTL of 7200 seconds/);
    assert.match(run.findings[0]!.remediation, /RecordAdd contoso\.local casarray-a 300 AAAA fd00::50/);
  });

  it('reports an array whose networkAddress holds no ncacn_ip_tcp: name as not evaluated, not as passing', async () => {
    const snapshot = estate().dns('casarray-a.contoso.local', { a: ['10.0.0.50'], ttl: 300 }).array('nameless', { site: 'SiteA', fqdn: null }).build();
    const run = await runRule('DNS004', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`), ['nameless: its networkAddress holds no ncacn_ip_tcp: name, so it has no FQDN to judge']);
  });
});
