import assert from 'node:assert/strict';
import { dn, EstateBuilder } from '../support/estate.js';
import { runRule } from '../support/run-rule.js';

describe('RCA004 database-endpoint-other-site', () => {
  const base = () =>
    new EstateBuilder()
      .site('SiteA')
      .site('SiteB')
      .server('EXA', { site: 'SiteA' })
      .server('EXB', { site: 'SiteB' })
      .array('casarray-a', { site: 'SiteA' })
      .array('casarray-b', { site: 'SiteB' });

  it("flags a database whose array is in another site and suggests its own site's array", async () => {
    const run = await runRule('RCA004', base().database('DB01', { owner: 'EXA', endpoint: 'casarray-b' }).build());
    assert.deepEqual(run.hits, ['RCA004 DB01']);
    const finding = run.findings[0]!;
    assert.equal(finding.level, 'warning');
    assert.equal(finding.target.kind, 'database');
    assert.match(finding.message, /DB01 is in site SiteA, but its RPC Client Access endpoint, the CAS array casarray-b\.contoso\.local, is in site SiteB/);
    assert.match(finding.message, /set it to the CAS array casarray-a\.contoso\.local of site SiteA/);
    assert.equal(finding.remediation, `Set-MailboxDatabase -Identity 'DB01' -RpcClientAccessServer 'casarray-a.contoso.local'`);
    assert.deepEqual(finding.related.map((r) => `${r.kind} ${r.name}`), ['casArray casarray-b', 'site SiteB', 'site SiteA']);
    assert.equal(finding.site?.name, 'SiteA');
  });

  it('flags a server endpoint in another site too', async () => {
    const run = await runRule('RCA004', base().database('DB02', { owner: 'EXB', endpoint: 'EXA' }).build());
    assert.deepEqual(run.hits, ['RCA004 DB02']);
    assert.match(run.findings[0]!.message, /the server exa\.contoso\.local, is in site SiteA/);
    assert.match(run.findings[0]!.remediation, /'casarray-b\.contoso\.local'/);
  });

  it('passes endpoints in the same site, comparing site DNs case-insensitively', async () => {
    const snapshot = base()
      .database('DB01', { owner: 'EXA', endpoint: 'casarray-a' })
      .database('DB02', { owner: 'EXB', endpoint: 'EXB' })
      .database('DB03', { owner: 'EXA', endpoint: '/o=Contoso/ou=Gone/cn=Configuration/cn=Servers/cn=OLD' }) // RCA002's case
      .build();
    snapshot.casArrays[0]!.site = dn.site('SiteA').toUpperCase().replace(/,/g, ', ');
    const run = await runRule('RCA004', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated, []);
  });

  it('is not evaluated when the endpoint, the owning server or a site is unknown', async () => {
    const snapshot = base()
      .server('EXN', { site: null })
      .array('casarray-n', { site: null })
      .database('DB04', { owner: 'EXA', endpoint: null })
      .database('DB05', { owner: 'EXN', endpoint: 'casarray-a' })
      .database('DB06', { owner: null, endpoint: 'casarray-a' })
      .database('DB07', { owner: 'EXA', endpoint: 'casarray-n' })
      .build();
    const run = await runRule('RCA004', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`), [
      'DB04: no legacyExchangeDN was collected, so its endpoint is unknown',
      'DB05: the site of its owning server is unknown',
      'DB06: the site of its owning server is unknown',
      'DB07: its endpoint has no site',
    ]);
  });

  it('does not judge a database whose site, endpoint site or owning server is missing from the directory: not evaluated, naming the value', async () => {
    // Deliberate change: a dangling endpoint site used to give a finding naming the DN.
    const snapshot = base()
      .site('SiteC')
      .array('casarray-c', { site: 'SiteC' })
      .server('EXC', { site: 'SiteC' })
      .server('EXD', { site: 'SiteA' })
      .database('DB08', { owner: 'EXA', endpoint: 'casarray-c' })
      .database('DB09', { owner: 'EXC', endpoint: 'casarray-a' })
      .database('DB10', { owner: 'EXD', endpoint: 'casarray-b' })
      .database('DB11', { owner: 'EXA', endpoint: 'casarray-b' })
      .build();
    snapshot.sites = snapshot.sites.filter((s) => s.name !== 'SiteC');
    snapshot.servers = snapshot.servers.filter((s) => s.name !== 'EXD');
    const run = await runRule('RCA004', snapshot);
    assert.deepEqual(run.hits, ['RCA004 DB11']);
    assert.deepEqual(run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`), [
      `DB08: the site ${dn.site('SiteC')} of its owning server or endpoint is not in the directory`,
      `DB09: the site ${dn.site('SiteC')} of its owning server or endpoint is not in the directory`,
      `DB10: its owning server ${dn.server('EXD')} is not in the directory`,
    ]);
  });

  it('ignores Exchange 2007 / 2013 and public folder databases', async () => {
    const run = await runRule(
      'RCA004',
      base()
        .server('EX07', { site: 'SiteA', version: '8.3.83' })
        .server('EX15', { site: 'SiteA', version: '15.0.1497' })
        .database('DB07', { owner: 'EX07', endpoint: 'casarray-b' })
        .database('DB15', { owner: 'EX15', endpoint: 'casarray-b' })
        .database('PF01', { owner: 'EXA', endpoint: 'casarray-b', kind: 'publicFolder' })
        .build(),
    );
    assert.deepEqual(run.hits, []);
  });
});
