import assert from 'node:assert/strict';
import { EstateBuilder } from '../support/estate.js';
import { runRule } from '../support/run-rule.js';

describe('RCA003 database-endpoint-not-client-access', () => {
  const base = () =>
    new EstateBuilder()
      .site('SiteA')
      .site('SiteB')
      .server('CAS1', { site: 'SiteA', roles: ['ClientAccess', 'HubTransport'] })
      .server('MBX1', { site: 'SiteA', roles: ['Mailbox'] })
      .server('MBX2', { site: 'SiteB', roles: ['Mailbox', 'HubTransport'] })
      .array('casarray-a', { site: 'SiteA' });

  it('flags a database whose endpoint is a mailbox-only server and names the array to use', async () => {
    const run = await runRule('RCA003', base().database('DB01', { owner: 'MBX1', endpoint: 'MBX1' }).build());
    assert.deepEqual(run.hits, ['RCA003 DB01']);
    const finding = run.findings[0]!;
    assert.equal(finding.level, 'error');
    assert.equal(finding.target.kind, 'database');
    assert.match(finding.message, /uses mbx1\.contoso\.local as its RPC Client Access endpoint/);
    assert.match(finding.message, /server MBX1 has no Client Access role \(roles: Mailbox\)/);
    assert.match(finding.message, /CAS array casarray-a\.contoso\.local of site SiteA/);
    assert.equal(finding.remediation, `Set-MailboxDatabase -Identity 'DB01' -RpcClientAccessServer 'casarray-a.contoso.local'`);
    assert.deepEqual(finding.related.map((r) => `${r.kind} ${r.name}`), ['server MBX1', 'casArray casarray-a']);
  });

  it('suggests creating an array when the database site has none', async () => {
    const run = await runRule('RCA003', base().database('DB02', { owner: 'MBX2', endpoint: 'MBX2' }).build());
    assert.deepEqual(run.hits, ['RCA003 DB02']);
    assert.match(run.findings[0]!.message, /roles: Mailbox, HubTransport/);
    assert.match(run.findings[0]!.message, /site SiteB has no CAS array/);
    assert.match(run.findings[0]!.remediation, /New-ClientAccessArray .*-Site 'SiteB'; then Set-MailboxDatabase -Identity 'DB02'/);
  });

  it('leaves CAS-server, array and missing endpoints to RCA001 / RCA002', async () => {
    const snapshot = base()
      .database('DB01', { owner: 'MBX1', endpoint: 'casarray-a' })
      .database('DB02', { owner: 'MBX1', endpoint: 'CAS1' })
      .database('DB03', { owner: 'MBX1', endpoint: '/o=Contoso/ou=Gone/cn=Configuration/cn=Servers/cn=OLD' })
      .build();
    const run = await runRule('RCA003', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated, []);
    // RCA001 takes DB02 and only DB02: the two rules never fire for the same endpoint.
    const rca001 = await runRule('RCA001', base().database('DB01', { owner: 'MBX1', endpoint: 'MBX1' }).database('DB02', { owner: 'MBX1', endpoint: 'CAS1' }).build());
    assert.deepEqual(rca001.hits, ['RCA001 DB02']);
  });

  it('reports missing endpoint data and unknown endpoint roles as not evaluated', async () => {
    const snapshot = base()
      .database('DB04', { owner: 'MBX1', endpoint: null })
      .database('DB05', { owner: 'MBX1', endpoint: 'MBX1' })
      .build();
    const mbx1 = snapshot.servers.find((s) => s.name === 'MBX1')!;
    mbx1.roles = [];
    mbx1.roleBits = null;
    const run = await runRule('RCA003', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(
      run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`),
      ['DB04: no legacyExchangeDN was collected, so its endpoint is unknown', 'DB05: the roles of its endpoint server are unknown (msExchCurrentServerRoles missing or unreadable)'],
    );
  });

  it('ignores Exchange 2007 / 2013 and public folder databases, and matches the endpoint DN case-insensitively', async () => {
    const snapshot = base()
      .server('EX07', { site: 'SiteA', version: '8.3.83', roles: ['Mailbox'] })
      .server('EX15', { site: 'SiteA', version: '15.0.1497', roles: ['Mailbox'] })
      .database('DB07', { owner: 'EX07', endpoint: 'EX07' })
      .database('DB15', { owner: 'EX15', endpoint: 'EX15' })
      .database('PF01', { owner: 'MBX1', endpoint: 'MBX1', kind: 'publicFolder' })
      .database('DB06', { owner: 'MBX1', endpoint: 'MBX1' })
      .build();
    const db06 = snapshot.databases.find((d) => d.name === 'DB06')!;
    db06.rpcClientAccess.resolved!.target = db06.rpcClientAccess.resolved!.target.toLowerCase();
    const run = await runRule('RCA003', snapshot);
    assert.deepEqual(run.hits, ['RCA003 DB06']);
  });
});
