import assert from 'node:assert/strict';
import { casPairWithMailboxEstate } from '../support/estates.js';
import { runRule } from '../support/run-rule.js';

describe('PORT004 rpc-port-invalid', () => {
  /** SiteA: CAS1, CAS2, MBX1 and casarray-a. */
  const estate = casPairWithMailboxEstate;

  it('flags a port that is not a whole number and one below 1024, with raw values and where they were read', async () => {
    const snapshot = estate().host('CAS1', { rpcPort: '59532x', abPort: 80 }).host('CAS2', { rpcPort: 59532, abPort: 59533 }).build();
    const run = await runRule('PORT004', snapshot);
    assert.deepEqual(run.hits, ['PORT004 CAS1']);
    const finding = run.findings[0]!;
    assert.equal(finding.level, 'error');
    assert.equal(finding.target.kind, 'server');
    assert.match(finding.message, /the RPC Client Access port "59532x" \(hosts\/CAS1\/rpc\.reg:4\) is not a whole number/);
    assert.match(finding.message, /the Address Book port 80 \(hosts\/CAS1\/ab\.reg:4\) is outside 1024–65535/);
    // The site's peers' ports are the ones to take.
    assert.match(finding.remediation, /^On CAS1: reg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeRPC\\ParametersSystem" \/v "TCP\/IP Port" \/t REG_DWORD \/d 59532 \/f; then Restart-Service MSExchangeRPC; /);
    assert.match(finding.remediation, /reg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeAB\\Parameters" \/v RpcTcpPort \/t REG_SZ \/d 59533 \/f; then Restart-Service MSExchangeAB\./);
    assert.match(finding.remediation, /same ports on every Client Access server/);
  });

  it('flags equal RPC Client Access and Address Book ports, moving the Address Book port', async () => {
    const run = await runRule('PORT004', estate().host('CAS1', { rpcPort: 59533, abPort: 59533 }).build());
    assert.deepEqual(run.hits, ['PORT004 CAS1']);
    const finding = run.findings[0]!;
    assert.match(finding.message, /the RPC Client Access port 59533 \(hosts\/CAS1\/rpc\.reg:4\) and the Address Book port 59533 \(hosts\/CAS1\/ab\.reg:4\) are the same port/);
    assert.doesNotMatch(finding.remediation, /MSExchangeRPC/);
    assert.match(finding.remediation, /RpcTcpPort \/t REG_SZ \/d 59531 \/f/);
  });

  it('never proposes, for a bad port, the port the other service keeps', async () => {
    const run = await runRule('PORT004', estate().host('CAS1', { rpcPort: 'x', abPort: 59532 }).build());
    assert.deepEqual(run.hits, ['PORT004 CAS1']);
    assert.match(run.findings[0]!.remediation, /"TCP\/IP Port" \/t REG_DWORD \/d 59531 \/f/);
    assert.doesNotMatch(run.findings[0]!.remediation, /MSExchangeAB/);
  });

  it('checks every Exchange 2010 server with registry data, whatever its roles, and only the Address Book source its version reads', async () => {
    const snapshot = estate()
      .server('RTM1', { roles: ['ClientAccess'], version: '14.0.639' })
      .host('MBX1', { rpcPort: 65536 })
      .host('RTM1', { rpcPort: 59532, abPort: 'junk', abConfigPort: 135 })
      .build();
    const run = await runRule('PORT004', snapshot);
    assert.deepEqual(run.hits, ['PORT004 MBX1', 'PORT004 RTM1']);
    const [mbx, rtm] = run.findings;
    assert.match(mbx!.message, /65536 .* is outside 1024–65535/);
    assert.doesNotMatch(mbx!.remediation, /Client Access server of the array/);
    assert.match(rtm!.message, /Address Book port 135 \(hosts\/RTM1\/Microsoft\.Exchange\.AddressBook\.Service\.exe\.config:4\) is outside/);
    assert.doesNotMatch(rtm!.message, /junk/);
    assert.match(rtm!.remediation, /set <add key="RpcTcpPort" value="59533" \/> under <appSettings>/);
  });

  it('passes valid distinct ports, the 1024 and 65535 boundaries, unset ports and Exchange 2007/2013 servers', async () => {
    const snapshot = estate()
      .server('EX07', { roles: ['ClientAccess'], version: '8.3.83' })
      .server('EX15', { roles: ['ClientAccess'], version: '15.0.1497' })
      .host('CAS1', { rpcPort: 1024, abPort: 65535 })
      .host('CAS2')
      .host('MBX1', { rpcPort: 59532 })
      .host('EX07', { rpcPort: 80, abPort: 80 })
      .host('EX15', { rpcPort: 'x' })
      .build();
    const run = await runRule('PORT004', snapshot);
    assert.deepEqual(run.hits, []);
  });

  it('lists Client Access servers without host or registry data as not evaluated, but not mailbox-only servers', async () => {
    const run = await runRule('PORT004', estate().host('CAS1', { ports: 'not-collected' }).build());
    assert.deepEqual(run.hits, []);
    assert.deepEqual(
      run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`),
      ['CAS1: its host export holds no registry data', 'CAS2: no host export for the server'],
    );
  });

  it('matches host data whatever the case of its server DN', async () => {
    const snapshot = estate().host('CAS1', { rpcPort: 99999 }).build();
    snapshot.hosts.servers[0]!.server = snapshot.hosts.servers[0]!.server.toLowerCase();
    assert.deepEqual((await runRule('PORT004', snapshot)).hits, ['PORT004 CAS1']);
  });

  it('is not evaluated at all when no host data was collected', async () => {
    const run = await runRule('PORT004', estate().host('CAS1', { rpcPort: 80 }).section('hosts', 'not-collected').build());
    assert.equal(run.outcome.status, 'not-evaluated');
    assert.deepEqual(run.hits, []);
  });
});
