import assert from 'node:assert/strict';
import { EstateBuilder } from '../support/estate.js';
import { twoSitePortEstate } from '../support/estates.js';
import { runRule } from '../support/run-rule.js';

describe('PORT002 address-book-port-dynamic', () => {
  /** SiteA: CAS1, CAS2, MBX1 and casarray-a; SiteB: CAS3 and no array. */
  const estate = twoSitePortEstate;

  it('flags an SP1+ CAS server with no RpcTcpPort registry value, suggesting the port its peers use', async () => {
    const snapshot = estate().host('CAS1', { rpcPort: 59532, abPort: 59600 }).host('CAS2', { rpcPort: 59532 }).host('MBX1').host('CAS3').build();
    const run = await runRule('PORT002', snapshot);
    assert.deepEqual(run.hits, ['PORT002 CAS2']);
    const finding = run.findings[0]!;
    assert.equal(finding.level, 'warning');
    assert.equal(finding.target.kind, 'server');
    assert.deepEqual(finding.related.map((r) => r.name), ['casarray-a']);
    assert.match(finding.message, /no static Address Book port; Exchange 2010 SP3 reads it from .*MSExchangeAB\\Parameters "RpcTcpPort" \(REG_SZ\): set it to 59600\./);
    assert.doesNotMatch(finding.message, /ignored/);
    assert.match(
      finding.remediation,
      /^On CAS2: reg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeAB\\Parameters" \/v RpcTcpPort \/t REG_SZ \/d 59600 \/f; then Restart-Service MSExchangeAB/,
    );
  });

  it('suggests 59533 when no peer has a usable Address Book port', async () => {
    const run = await runRule('PORT002', estate().host('CAS1', { abPort: 'sixty' }).host('CAS2').build());
    assert.deepEqual(run.hits, ['PORT002 CAS2']);
    assert.match(run.findings[0]!.message, /set it to 59533\./);
  });

  it("never suggests the server's own RPC Client Access port", async () => {
    const run = await runRule('PORT002', estate().host('CAS1', { abPort: 59532 }).host('CAS2', { rpcPort: 59532 }).build());
    assert.deepEqual(run.hits, ['PORT002 CAS2']);
    assert.match(run.findings[0]!.message, /set it to 59533\./);
  });

  it('on RTM counts only the .config appSetting and says the registry value is ignored', async () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .server('RTM1', { roles: ['ClientAccess'], version: '14.0.639' })
      .server('SP1', { roles: ['ClientAccess'], version: '14.1.218' })
      .array('casarray-a')
      .host('RTM1', { abPort: 59533 })
      .host('SP1', { abConfigPort: 59533 })
      .build();
    const run = await runRule('PORT002', snapshot);
    assert.deepEqual(run.hits, ['PORT002 RTM1', 'PORT002 SP1']);
    const [rtm, sp1] = run.findings;
    assert.match(rtm!.message, /Exchange 2010 RTM reads it from the RpcTcpPort appSetting in Microsoft\.Exchange\.AddressBook\.Service\.exe\.config/);
    assert.match(rtm!.message, /registry value 59533 \(hosts\/RTM1\/ab\.reg:4\) is ignored on Exchange 2010 RTM/);
    assert.match(rtm!.remediation, /set <add key="RpcTcpPort" value="59533" \/> under <appSettings>; then Restart-Service MSExchangeAB/);
    assert.match(sp1!.message, /Exchange 2010 SP1 reads it from HKLM/);
    assert.match(sp1!.message, /appSetting 59533 .* is ignored from Exchange 2010 SP1 on/);
    assert.match(sp1!.remediation, /reg add .*MSExchangeAB\\Parameters" \/v RpcTcpPort \/t REG_SZ/);
  });

  it('passes servers whose applicable source is set, mailbox-only servers, sites without an array and Exchange 2013', async () => {
    const snapshot = estate()
      .server('RTM1', { site: 'SiteA', roles: ['ClientAccess'], version: '14.0.639' })
      .server('EX15', { site: 'SiteA', roles: ['ClientAccess', 'Mailbox'], version: '15.0.1497' })
      .host('CAS1', { abPort: 59533 })
      .host('CAS2', { abPort: 'not-a-number' }) // present, so PORT004's, not this rule's
      .host('RTM1', { abConfigPort: 59533 })
      .host('MBX1')
      .host('CAS3')
      .host('EX15')
      .build();
    const run = await runRule('PORT002', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated, []);
  });

  it('reports CAS servers without host data or registry export as not evaluated', async () => {
    const run = await runRule('PORT002', estate().host('CAS1', { ports: 'not-collected' }).build());
    assert.deepEqual(run.hits, []);
    assert.deepEqual(
      run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`),
      ['CAS1: its host export holds no registry data', 'CAS2: no host export for the server'],
    );
  });

  it('matches host data and sites whatever the case of their DNs', async () => {
    const snapshot = estate().host('CAS1', { abPort: 59533 }).host('CAS2').build();
    for (const host of snapshot.hosts.servers) host.server = host.server.toUpperCase();
    snapshot.servers.find((s) => s.name === 'CAS2')!.site = snapshot.sites[0]!.dn.toLowerCase();
    const run = await runRule('PORT002', snapshot);
    assert.deepEqual(run.hits, ['PORT002 CAS2']);
    assert.match(run.findings[0]!.message, /set it to 59533/);
    assert.deepEqual(run.outcome.notEvaluated, []);
  });

  it('is not evaluated at all when no host data was collected', async () => {
    const run = await runRule('PORT002', estate().section('hosts', 'not-collected').build());
    assert.equal(run.outcome.status, 'not-evaluated');
    assert.deepEqual(run.hits, []);
  });
});
