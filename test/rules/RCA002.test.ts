import assert from 'node:assert/strict';
import { dn, legacyDn } from '../support/estate.js';
import { endpointEstate } from '../support/estates.js';
import { runRule } from '../support/run-rule.js';

const GONE = '/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=OLDCAS';

describe('RCA002 database-endpoint-missing', () => {
  /** SiteA: EX01 (all roles) and casarray-a; SiteB: EX02 (Mailbox only), no array. */
  const base = endpointEstate;

  it('flags a mailbox database whose endpoint names nothing, and suggests the site array', async () => {
    const run = await runRule('RCA002', base().database('DB01', { owner: 'EX01', endpoint: GONE }).build());
    assert.deepEqual(run.hits, ['RCA002 DB01']);
    const finding = run.findings[0]!;
    assert.equal(finding.level, 'error');
    assert.equal(finding.target.kind, 'database');
    assert.match(finding.message, /cn=OLDCAS"/);
    assert.match(finding.message, /names no Exchange server or CAS array .*removed or renamed/);
    assert.match(finding.message, /Outlook cannot connect/);
    assert.match(finding.message, /CAS array casarray-a\.contoso\.local of site SiteA/);
    assert.equal(finding.remediation, `Set-MailboxDatabase -Identity 'DB01' -RpcClientAccessServer 'casarray-a.contoso.local'`);
    assert.deepEqual(finding.related.map((r) => r.name), ['casarray-a']);
    assert.equal(finding.site?.name, 'SiteA');
  });

  it('says the site has no array and gives New-ClientAccessArray when the database site has none', async () => {
    const run = await runRule('RCA002', base().database('DB02', { owner: 'EX02', endpoint: GONE }).build());
    assert.deepEqual(run.hits, ['RCA002 DB02']);
    assert.match(run.findings[0]!.message, /site SiteB has no CAS array/);
    assert.match(run.findings[0]!.remediation, /^New-ClientAccessArray .*-Site 'SiteB'; then Set-MailboxDatabase -Identity 'DB02'/);
    assert.deepEqual(run.findings[0]!.related, []);
  });

  it('passes databases whose endpoint is an array, a CAS server or a mailbox-only server', async () => {
    const run = await runRule(
      'RCA002',
      base()
        .database('DB01', { owner: 'EX01', endpoint: 'casarray-a' })
        .database('DB02', { owner: 'EX01', endpoint: 'EX01' })
        .database('DB03', { owner: 'EX02', endpoint: 'EX02' })
        .build(),
    );
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated, []);
    assert.equal(run.outcome.status, 'evaluated');
  });

  it('reports a database with no recorded endpoint as not evaluated, not as missing', async () => {
    const run = await runRule('RCA002', base().database('DB04', { owner: 'EX01', endpoint: null }).build());
    assert.deepEqual(run.hits, []);
    assert.deepEqual(
      run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`),
      ['DB04: no legacyExchangeDN was collected, so its endpoint is unknown'],
    );
  });

  it('matches the endpoint legacyExchangeDN itself, case-insensitively, whatever the collector recorded as resolved', async () => {
    const snapshot = base().database('DB05', { owner: 'EX01', endpoint: legacyDn('EX01').toUpperCase() }).build();
    snapshot.databases[0]!.rpcClientAccess.resolved = null;
    assert.deepEqual((await runRule('RCA002', snapshot)).hits, [], 'the upper-cased legacyExchangeDN still names EX01');
    snapshot.databases[0]!.rpcClientAccess.resolved = { kind: 'server', target: dn.server('EX01') };
    snapshot.databases[0]!.rpcClientAccess.legacyExchangeDN = '/o=Contoso/ou=Gone/cn=Configuration/cn=Servers/cn=OLD';
    assert.deepEqual((await runRule('RCA002', snapshot)).hits, ['RCA002 DB05'], 'a stale resolved entry does not hide a missing endpoint');
  });

  it('ignores public folder databases and Exchange 2007 / 2013 databases, but judges a database whose owner is gone', async () => {
    const run = await runRule(
      'RCA002',
      base()
        .server('EX07', { site: 'SiteA', version: '8.3.83' })
        .server('EX15', { site: 'SiteA', version: '15.0.1497' })
        .database('PF01', { owner: 'EX01', endpoint: GONE, kind: 'publicFolder' })
        .database('DB07', { owner: 'EX07', endpoint: GONE })
        .database('DB15', { owner: 'EX15', endpoint: GONE })
        .database('DB09', { owner: null, endpoint: GONE })
        .build(),
    );
    assert.deepEqual(run.hits, ['RCA002 DB09']);
    assert.match(run.findings[0]!.message, /site is unknown/);
    assert.equal(run.findings[0]!.remediation, `Set-MailboxDatabase -Identity 'DB09' -RpcClientAccessServer "<array fqdn>"`);
  });

  it('is not evaluated when Active Directory data was not collected', async () => {
    const snapshot = base().database('DB01', { owner: 'EX01', endpoint: GONE }).section('activeDirectory', 'not-collected').build();
    const run = await runRule('RCA002', snapshot);
    assert.equal(run.outcome.status, 'not-evaluated');
    assert.deepEqual(run.hits, []);
  });
});
