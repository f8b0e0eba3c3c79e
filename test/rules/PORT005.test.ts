import assert from 'node:assert/strict';
import { loadRules } from '../../src/engine/discover.js';
import { parseRuleOptionAssignments } from '../../src/engine/options.js';
import { EstateBuilder } from '../support/estate.js';
import { casPairWithMailboxEstate } from '../support/estates.js';
import { runRule } from '../support/run-rule.js';

describe('PORT005 rpc-port-outside-recommended-range', () => {
  /** SiteA: CAS1, CAS2, MBX1 and casarray-a. */
  const estate = casPairWithMailboxEstate;

  it('notes a valid port below 59531, explaining the range and fixing it towards the default', async () => {
    const snapshot = estate().host('CAS1', { rpcPort: 6001, abPort: 59533 }).host('CAS2', { rpcPort: 59532, abPort: 59533 }).build();
    snapshot.hosts.servers[0]!.ports.rpcClientAccess!.raw = 'dword:00001771';
    const run = await runRule('PORT005', snapshot);
    assert.deepEqual(run.hits, ['PORT005 CAS1']);
    const finding = run.findings[0]!;
    assert.equal(finding.level, 'note');
    assert.equal(finding.target.kind, 'server');
    assert.match(finding.message, /uses the static RPC Client Access port 6001 \(written "dword:00001771", hosts\/CAS1\/rpc\.reg:4\), outside the recommended range 59531–60554\./);
    assert.match(finding.message, /above the dynamic RPC range 6005–59530 that Exchange 2010 setup configures.*Best Practices Analyzer/);
    assert.doesNotMatch(finding.message, /Address Book/);
    assert.match(finding.remediation, /^On CAS1: reg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeRPC\\ParametersSystem" \/v "TCP\/IP Port" \/t REG_DWORD \/d 59532 \/f; then Restart-Service MSExchangeRPC\./);
  });

  it('lists both ports of a server in one finding, never proposing one port for both', async () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .server('RTM1', { roles: ['ClientAccess'], version: '14.0.639' })
      .array('casarray-a')
      .host('RTM1', { rpcPort: 60555, abPort: 59540, abConfigPort: 1024 })
      .build();
    const run = await runRule('PORT005', snapshot);
    assert.deepEqual(run.hits, ['PORT005 RTM1']);
    const finding = run.findings[0]!;
    assert.match(finding.message, /RPC Client Access port 60555 .* and the Address Book port 1024 \(hosts\/RTM1\/Microsoft\.Exchange\.AddressBook\.Service\.exe\.config:4\)/);
    assert.match(finding.remediation, /"TCP\/IP Port" \/t REG_DWORD \/d 59532 .*set <add key="RpcTcpPort" value="59533" \/>/);
  });

  it('passes ports inside the range (boundaries included), invalid ports (PORT004) and Exchange 2013 servers', async () => {
    const snapshot = estate()
      .server('EX15', { roles: ['ClientAccess'], version: '15.0.1497' })
      .host('CAS1', { rpcPort: 59531, abPort: 60554 })
      .host('CAS2', { rpcPort: 80, abPort: 'abc' })
      .host('MBX1')
      .host('EX15', { rpcPort: 6001 })
      .build();
    const run = await runRule('PORT005', snapshot);
    assert.deepEqual(run.hits, []);
  });

  it('uses the recommendedPortRange option, parsed from --rule-option', async () => {
    const rules = await loadRules();
    const options = parseRuleOptionAssignments(['PORT005.recommendedPortRange=6000-6100'], rules.map((r) => r.meta));
    assert.deepEqual(options, { PORT005: { recommendedPortRange: { start: 6000, end: 6100 } } });
    const snapshot = estate().host('CAS1', { rpcPort: 6001, abPort: 59533 }).host('MBX1', { rpcPort: 6050 }).build();
    const run = await runRule('PORT005', snapshot, options['PORT005']);
    assert.deepEqual(run.hits, ['PORT005 CAS1']);
    const finding = run.findings[0]!;
    assert.match(finding.message, /Address Book port 59533 .* outside the recommended range 6000–6100\.$/);
    assert.doesNotMatch(finding.message, /Best Practices Analyzer/);
    // 6001, the Address Book's usual place in a custom range, is CAS1's RPC Client Access port: the next free one.
    assert.match(finding.remediation, /RpcTcpPort \/t REG_SZ \/d 6000 \/f/);
    const alike = await runRule('PORT005', estate().host('CAS1', { abPort: 59600 }).build(), options['PORT005']);
    assert.match(alike.findings[0]!.remediation, /RpcTcpPort \/t REG_SZ \/d 6001 \/f/);
  });

  it('lists Client Access servers without host or registry data as not evaluated, but not mailbox-only servers', async () => {
    const run = await runRule('PORT005', estate().host('CAS1', { ports: 'not-collected' }).build());
    assert.deepEqual(run.hits, []);
    assert.deepEqual(
      run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`),
      ['CAS1: its host export holds no registry data', 'CAS2: no host export for the server'],
    );
  });

  it('is not evaluated at all when no host data was collected', async () => {
    const run = await runRule('PORT005', estate().host('CAS1', { rpcPort: 6001 }).section('hosts', 'failed').build());
    assert.equal(run.outcome.status, 'not-evaluated');
    assert.match(run.outcome.reason ?? '', /failed to collect/);
    assert.deepEqual(run.hits, []);
  });
});
