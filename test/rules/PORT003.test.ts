import assert from 'node:assert/strict';
import { EstateBuilder } from '../support/estate.js';
import { runRule } from '../support/run-rule.js';

describe('PORT003 array-ports-inconsistent', () => {
  const estate = () =>
    new EstateBuilder()
      .site('SiteA')
      .server('CAS1', { site: 'SiteA', roles: ['ClientAccess'] })
      .server('CAS2', { site: 'SiteA', roles: ['ClientAccess'] })
      .server('CAS3', { site: 'SiteA', roles: ['ClientAccess'] })
      .server('MBX1', { site: 'SiteA', roles: ['Mailbox'] })
      .array('casarray-a', { site: 'SiteA' });

  it('flags the array when its servers use different RPC Client Access ports, fixing towards the common one', async () => {
    const snapshot = estate()
      .host('CAS1', { rpcPort: 59532, abPort: 59533 })
      .host('CAS2', { rpcPort: 59600, abPort: 59533 })
      .host('CAS3', { rpcPort: 59532, abPort: 59533 })
      .host('MBX1', { rpcPort: 6001 })
      .build();
    const run = await runRule('PORT003', snapshot);
    assert.deepEqual(run.hits, ['PORT003 casarray-a']);
    const finding = run.findings[0]!;
    assert.equal(finding.level, 'error');
    assert.equal(finding.target.kind, 'casArray');
    assert.match(finding.message, /CAS array casarray-a\.contoso\.local in site SiteA use different static ports \(RPC Client Access: CAS1 → 59532, CAS2 → 59600, CAS3 → 59532\)/);
    assert.doesNotMatch(finding.message, /Address Book|MBX1/);
    assert.deepEqual(finding.related.map((r) => r.name), ['CAS1', 'CAS2', 'CAS3']);
    assert.match(finding.remediation, /^On CAS2: reg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeRPC\\ParametersSystem" \/v "TCP\/IP Port" \/t REG_DWORD \/d 59532 \/f; then Restart-Service MSExchangeRPC\./);
    assert.doesNotMatch(finding.remediation, /On CAS1|On CAS3/);
  });

  it('compares Address Book ports from the source that applies to each server', async () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .server('RTM1', { roles: ['ClientAccess'], version: '14.0.639' })
      .server('SP3', { roles: ['ClientAccess'] })
      .array('casarray-a')
      // RTM1's registry value equals SP3's but is ignored: RTM reads the .config file.
      .host('RTM1', { rpcPort: 59532, abPort: 59534, abConfigPort: 59533 })
      .host('SP3', { rpcPort: 59532, abPort: 59534, abConfigPort: 59533 })
      .build();
    const run = await runRule('PORT003', snapshot);
    assert.deepEqual(run.hits, ['PORT003 casarray-a']);
    assert.match(run.findings[0]!.message, /\(Address Book: RTM1 → 59533, SP3 → 59534\)/);
    assert.match(run.findings[0]!.remediation, /^On SP3: reg add .*MSExchangeAB\\Parameters" \/v RpcTcpPort \/t REG_SZ \/d 59533 \/f/);
  });

  it('lists both kinds when both differ', async () => {
    const snapshot = estate()
      .host('CAS1', { rpcPort: 59532, abPort: 59533 })
      .host('CAS2', { rpcPort: 59540, abPort: 59541 })
      .build();
    const run = await runRule('PORT003', snapshot);
    assert.deepEqual(run.hits, ['PORT003 casarray-a']);
    assert.match(run.findings[0]!.message, /RPC Client Access: CAS1 → 59532, CAS2 → 59540; Address Book: CAS1 → 59533, CAS2 → 59541/);
    assert.deepEqual(run.findings[0]!.related.map((r) => r.name), ['CAS1', 'CAS2']);
    // CAS3 has no host data: it is PORT001/PORT002's, and does not stop the others from being compared.
    assert.deepEqual(run.outcome.notEvaluated, []);
  });

  it('passes consistent ports, leaving servers without a static port and Exchange 2013 servers out', async () => {
    const snapshot = estate()
      .server('EX15', { site: 'SiteA', roles: ['ClientAccess', 'Mailbox'], version: '15.0.1497' })
      .host('CAS1', { rpcPort: 59532, abPort: 59533 })
      .host('CAS2', { rpcPort: 59532 })
      .host('CAS3', { abPort: 59533 })
      .host('EX15', { rpcPort: 6001, abPort: 6002 })
      .build();
    const run = await runRule('PORT003', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated, []);
  });

  it('reports the array as not evaluated when fewer than two of its servers have registry data', async () => {
    const snapshot = estate().host('CAS1', { rpcPort: 59532 }).host('CAS2', { ports: 'not-collected', rpcPort: 59600 }).build();
    const run = await runRule('PORT003', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(
      run.outcome.notEvaluated.map((n) => `${n.target.kind} ${n.target.name}: ${n.reason}`),
      ['casArray casarray-a: fewer than two of its Client Access servers have host exports with registry data'],
    );
  });

  it('has nothing to compare in a site with a single Client Access server', async () => {
    const snapshot = new EstateBuilder().site('SiteA').server('CAS1', { roles: ['ClientAccess'] }).array('casarray-a').host('CAS1', { rpcPort: 59532 }).build();
    const run = await runRule('PORT003', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated, []);
  });

  it('skips arrays with no site, a deleted site, or only Exchange 2007/2013 servers', async () => {
    const snapshot = estate()
      .site('SiteB')
      .site('Gone')
      .server('EX07', { site: 'SiteB', roles: ['ClientAccess'], version: '8.3.83' })
      .server('EX15', { site: 'SiteB', roles: ['ClientAccess'], version: '15.0.1497' })
      .server('GONE1', { site: 'Gone', roles: ['ClientAccess'] })
      .server('GONE2', { site: 'Gone', roles: ['ClientAccess'] })
      .array('casarray-b', { site: 'SiteB' })
      .array('casarray-gone', { site: 'Gone' })
      .array('casarray-none', { site: null })
      .host('EX07', { rpcPort: 6001 })
      .host('EX15', { rpcPort: 6002 })
      .host('GONE1', { rpcPort: 6001 })
      .host('GONE2', { rpcPort: 6002 })
      .host('CAS1', { rpcPort: 59532 })
      .host('CAS2', { rpcPort: 59532 })
      .host('CAS3', { rpcPort: 59532 })
      .build();
    snapshot.sites = snapshot.sites.filter((s) => s.name !== 'Gone');
    const run = await runRule('PORT003', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated, []);
  });

  it('is not evaluated when the servers with data agree but another Client Access server has none', async () => {
    const run = await runRule('PORT003', estate().host('CAS1', { rpcPort: 59532 }).host('CAS2', { rpcPort: 59532 }).build());
    assert.deepEqual(run.hits, []);
    assert.deepEqual(
      run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`),
      ['casarray-a: some of its Client Access servers have no host export with registry data'],
    );
  });

  it("matches the array's site whatever the case of its DN", async () => {
    const snapshot = estate().host('CAS1', { rpcPort: 59532 }).host('CAS2', { rpcPort: 59600 }).build();
    snapshot.casArrays[0]!.site = snapshot.casArrays[0]!.site!.toUpperCase();
    assert.deepEqual((await runRule('PORT003', snapshot)).hits, ['PORT003 casarray-a']);
  });

  it('is not evaluated at all when no host data was collected', async () => {
    const run = await runRule('PORT003', estate().section('hosts', 'not-collected').build());
    assert.equal(run.outcome.status, 'not-evaluated');
    assert.deepEqual(run.hits, []);
  });
});
