import assert from 'node:assert/strict';
import type { NlbPortRule } from '../../src/snapshot/model.js';
import { EstateBuilder, nlbCluster } from '../support/estate.js';
import { casPairEstate } from '../support/estates.js';
import { runRule } from '../support/run-rule.js';

const VIP = '10.1.0.50';

function rule(startPort: number, endPort: number, overrides: Partial<NlbPortRule> = {}): NlbPortRule {
  return { vip: VIP, startPort, endPort, protocol: 'Tcp', filteringMode: 'Multiple', affinity: 'Single', enabled: true, ...overrides };
}

describe('NLB003 nlb-affinity-none', () => {
  /** SiteA: CAS1, CAS2 and the array outlook. */
  const estate = () => casPairEstate('outlook');

  it('flags affinity None on the rules for TCP 135 and the static ports, one finding per server', async () => {
    const cluster = nlbCluster(VIP, ['CAS1', 'CAS2'], {
      name: 'cas-nlb',
      portRules: [rule(135, 135, { affinity: 'None' }), rule(59532, 59533, { vip: '255.255.255.255', protocol: 'Both', affinity: 'None' })],
    });
    const snapshot = estate()
      .host('CAS1', { nlb: [cluster], rpcPort: 59532, abPort: 59533 })
      .host('CAS2', { nlb: [cluster], rpcPort: 59532, abPort: 59533 })
      .build();
    const run = await runRule('NLB003', snapshot);
    assert.deepEqual(run.hits, ['NLB003 CAS1', 'NLB003 CAS2']);
    const finding = run.findings[0]!;
    assert.equal(finding.level, 'warning');
    assert.equal(finding.target.kind, 'server');
    assert.match(finding.message, /cluster cas-nlb \(10\.1\.0\.50\) has affinity None on port rule 10\.1\.0\.50 Tcp 135 \(TCP 135, the endpoint mapper\)/);
    assert.match(
      finding.message,
      /port rule All Both 59532-59533 \(TCP 59532, the static RPC Client Access port; TCP 59533, the static Address Book port\)/,
    );
    assert.match(finding.message, /Single \(client IP\) affinity/);
    assert.equal(
      finding.remediation.split(' (the cluster')[0],
      `Get-NlbClusterPortRule -HostName 'CAS1' -IP '10.1.0.50' -Port 135 | Set-NlbClusterPortRule -NewAffinity Single; ` +
        `Get-NlbClusterPortRule -HostName 'CAS1' -Port 59532 | Set-NlbClusterPortRule -NewAffinity Single`,
    );
  });

  it('ignores rules that do not balance RPC over several hosts, and other ports', async () => {
    const cluster = nlbCluster(VIP, ['CAS1', 'CAS2'], {
      portRules: [
        rule(135, 135, { filteringMode: 'Single', affinity: 'None' }), // one host takes it all: affinity is moot
        rule(59532, 59532, { enabled: false, affinity: 'None' }),
        rule(59533, 59533, { protocol: 'Udp', affinity: 'None' }),
        rule(59533, 59533, { vip: '10.1.0.99', affinity: 'None' }), // another VIP
        rule(443, 443, { affinity: 'None' }), // not an RPC port
        rule(59533, 59533, { affinity: 'Network' }),
      ],
    });
    const snapshot = estate()
      .host('CAS1', { nlb: [cluster], rpcPort: 59532, abPort: 59533 })
      .host('CAS2', { nlb: [] })
      .build();
    const run = await runRule('NLB003', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated, []);
  });

  it('is not evaluated when the static ports are unknown and a rule with affinity None might cover them', async () => {
    const cluster = nlbCluster(VIP, ['CAS1', 'CAS2'], { portRules: [rule(135, 135), rule(59000, 60000, { affinity: 'None' })] });
    const snapshot = estate()
      .host('CAS1', { nlb: [cluster], ports: 'not-collected' })
      .build();
    const run = await runRule('NLB003', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(
      run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`),
      ['CAS1: its host export holds no registry data', 'CAS2: no host export for the server'],
    );
  });

  it('still flags TCP 135 when the registry export is missing', async () => {
    const cluster = nlbCluster(VIP, ['CAS1'], { portRules: [rule(0, 65535, { affinity: 'None' })] });
    const run = await runRule('NLB003', estate().host('CAS1', { nlb: [cluster], ports: 'not-collected' }).host('CAS2', { nlb: [] }).build());
    assert.deepEqual(run.hits, ['NLB003 CAS1']);
    assert.match(run.findings[0]!.message, /port rule 10\.1\.0\.50 Tcp 0-65535 \(TCP 135, the endpoint mapper\)/);
    assert.deepEqual(run.outcome.notEvaluated, []);
  });

  it('reads the Address Book port from the .config file on Exchange 2010 RTM, and skips non-numeric values', async () => {
    const cluster = nlbCluster(VIP, ['RTM1', 'SP3'], {
      portRules: [rule(135, 135), rule(59533, 59533, { affinity: 'None' }), rule(59534, 59534, { affinity: 'None' })],
    });
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .server('RTM1', { version: '14.0.639', roles: ['ClientAccess'] })
      .server('SP3', { roles: ['ClientAccess'] })
      .host('RTM1', { nlb: [cluster], abPort: 59534, abConfigPort: 59533 })
      .host('SP3', { nlb: [cluster], rpcPort: '59534x', abPort: 'abc', abConfigPort: 59533 })
      .build();
    const run = await runRule('NLB003', snapshot);
    assert.deepEqual(run.hits, ['NLB003 RTM1']);
    assert.match(run.findings[0]!.message, /Tcp 59533 \(TCP 59533, the static Address Book port\)/);
    assert.doesNotMatch(run.findings[0]!.message, /59534/);
  });

  it('ignores Exchange 2013 servers and mailbox-only servers without host data', async () => {
    const cluster = nlbCluster(VIP, ['EX15'], { portRules: [rule(135, 135, { affinity: 'None' })] });
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .server('EX15', { version: '15.0.1497' })
      .server('MBX1', { roles: ['Mailbox'] })
      .host('EX15', { nlb: [cluster] })
      .build();
    const run = await runRule('NLB003', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated, []);
  });

  it('reports a server whose cluster port rules are unknown (no or an empty export) as not evaluated, not as passing', async () => {
    const unknown = nlbCluster(VIP, ['CAS1'], { name: 'cas-nlb', portRules: null, source: { file: 'CAS1/nlb-cluster.csv', line: 2 } });
    const bad = nlbCluster(VIP, ['CAS2'], { name: 'cas-nlb', portRules: [rule(135, 135, { affinity: 'None' })] });
    const run = await runRule('NLB003', estate().host('CAS1', { nlb: [unknown], rpcPort: 59532, abPort: 59533 }).host('CAS2', { nlb: [bad], rpcPort: 59532, abPort: 59533 }).build());
    assert.deepEqual(run.hits, ['NLB003 CAS2']);
    assert.deepEqual(
      run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`),
      ['CAS1: the port rules of its NLB cluster cas-nlb (10.1.0.50) are unknown (the nlb-portrules export beside CAS1/nlb-cluster.csv is missing or empty)'],
    );
  });

  it('reports a server whose cluster IP is not an address as not evaluated (which rules apply cannot be told)', async () => {
    const cluster = nlbCluster('010.1.0.50', ['CAS1'], { name: 'cas-nlb', portRules: [rule(135, 135, { vip: '10.1.0.50', affinity: 'None' })] });
    const run = await runRule('NLB003', estate().host('CAS1', { nlb: [cluster], rpcPort: 59532, abPort: 59533 }).build());
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`), [
      'CAS1: its NLB cluster cas-nlb (010.1.0.50) names "010.1.0.50", which is not an IPv4 address (a part over 255, or a leading zero)',
      'CAS2: no host export for the server',
    ]);
  });

  it('reports a server without NLB data as not evaluated when its roles are unknown (it may be a Client Access server)', async () => {
    const snapshot = estate().host('CAS1', { nlb: [nlbCluster(VIP, ['CAS1'], { portRules: [rule(135, 135)] })], rpcPort: 59532, abPort: 59533 }).build();
    const cas2 = snapshot.servers.find((s) => s.name === 'CAS2')!;
    cas2.roles = [];
    cas2.roleBits = null; // what an unreadable msExchCurrentServerRoles maps to
    const run = await runRule('NLB003', snapshot);
    assert.deepEqual(run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`), ['CAS2: no host export for the server']);
    // With the role known to be Mailbox only, it is not the NLB rules' business.
    cas2.roles = ['Mailbox'];
    cas2.roleBits = 2;
    assert.deepEqual((await runRule('NLB003', snapshot)).outcome.notEvaluated, []);
  });
});
