import assert from 'node:assert/strict';
import { endpointEstate } from '../support/estates.js';
import { runRule } from '../support/run-rule.js';

describe('RCA001 database-endpoint-is-server', () => {
  /** SiteA: EX01 (all roles) and casarray-a; SiteB: EX02 (Mailbox only), EX03 (Client Access only), no array. */
  const base = () => endpointEstate().server('EX03', { site: 'SiteB', roles: ['ClientAccess'] });

  it('flags a mailbox database whose endpoint is a CAS server and names the site array to use', async () => {
    const run = await runRule('RCA001', base().database('DB01', { owner: 'EX01', endpoint: 'EX01' }).build());
    assert.deepEqual(run.hits, ['RCA001 DB01']);
    const finding = run.findings[0]!;
    assert.equal(finding.level, 'error');
    assert.match(finding.message, /ex01\.contoso\.local/);
    assert.match(finding.message, /casarray-a\.contoso\.local/);
    assert.match(finding.remediation, /Set-MailboxDatabase -Identity 'DB01' -RpcClientAccessServer 'casarray-a\.contoso\.local'/);
    assert.deepEqual(finding.related.map((r) => r.name).sort(), ['EX01', 'casarray-a']);
    assert.equal(finding.site?.name, 'SiteA');
  });

  it('says there is no array to use when the database site has none', async () => {
    const run = await runRule('RCA001', base().database('DB02', { owner: 'EX02', endpoint: 'EX03' }).build());
    assert.deepEqual(run.hits, ['RCA001 DB02']);
    assert.match(run.findings[0]!.message, /site SiteB has no CAS array/);
    assert.match(run.findings[0]!.remediation, /New-ClientAccessArray .*-Site 'SiteB'/);
  });

  it('passes a database that points at an array, and leaves non-CAS and missing endpoints to other rules', async () => {
    const run = await runRule(
      'RCA001',
      base()
        .database('DB01', { owner: 'EX01', endpoint: 'casarray-a' })
        .database('DB02', { owner: 'EX02', endpoint: 'EX02' }) // mailbox-only server: RCA003's case
        .database('DB03', { owner: 'EX02', endpoint: '/o=Contoso/ou=Gone/cn=Configuration/cn=Servers/cn=OLD' }) // RCA002's case
        .build(),
    );
    assert.deepEqual(run.hits, []);
    assert.equal(run.outcome.status, 'evaluated');
  });

  it('reports a database with no recorded endpoint as not evaluated', async () => {
    const run = await runRule('RCA001', base().database('DB04', { owner: 'EX02', endpoint: null }).build());
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated.map((n) => n.target.name), ['DB04']);
    assert.match(run.outcome.notEvaluated[0]!.reason, /endpoint is unknown/);
  });

  it('ignores public folder databases and Exchange 2007 / 2013 databases', async () => {
    const run = await runRule(
      'RCA001',
      base()
        .server('EX07', { site: 'SiteA', version: '8.3.83' })
        .server('EX15', { site: 'SiteA', version: '15.0.1497' })
        .database('PF01', { owner: 'EX01', endpoint: 'EX01', kind: 'publicFolder' })
        .database('DB07', { owner: 'EX07', endpoint: 'EX07' })
        .database('DB15', { owner: 'EX15', endpoint: 'EX15' })
        .build(),
    );
    assert.deepEqual(run.hits, []);
  });

  it('finds the endpoint server by DN case-insensitively', async () => {
    const snapshot = base().database('DB01', { owner: 'EX01', endpoint: 'EX01' }).build();
    const resolved = snapshot.databases[0]!.rpcClientAccess.resolved!;
    resolved.target = resolved.target.toLowerCase().replace(/,\s*/g, ', ');
    snapshot.databases[0]!.owningServer = snapshot.databases[0]!.owningServer!.toUpperCase();
    const run = await runRule('RCA001', snapshot);
    assert.deepEqual(run.hits, ['RCA001 DB01']);
    assert.match(run.findings[0]!.message, /casarray-a/);
  });

  it('reports a database whose endpoint server has no collected roles as not evaluated', async () => {
    const snapshot = base().database('DB01', { owner: 'EX01', endpoint: 'EX01' }).build();
    Object.assign(snapshot.servers[0]!, { roles: [], roleBits: null });
    const run = await runRule('RCA001', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`), ['DB01: the roles of its endpoint server are unknown (msExchCurrentServerRoles missing or unreadable)']);
  });

  it('treats a server whose version was not collected as Exchange 2010', async () => {
    const snapshot = base().database('DB01', { owner: 'EX01', endpoint: 'EX01' }).build();
    snapshot.servers[0]!.version = null;
    assert.deepEqual((await runRule('RCA001', snapshot)).hits, ['RCA001 DB01']);
  });

  it('is not evaluated when Active Directory data was not collected', async () => {
    const snapshot = base().database('DB01', { owner: 'EX01', endpoint: 'EX01' }).section('activeDirectory', 'failed').build();
    const run = await runRule('RCA001', snapshot);
    assert.equal(run.outcome.status, 'not-evaluated');
    assert.match(run.outcome.reason ?? '', /Active Directory data failed to collect/);
    assert.deepEqual(run.hits, []);
  });
});
