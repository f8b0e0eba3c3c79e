import assert from 'node:assert/strict';
import type { NlbPortRule } from '../../src/snapshot/model.js';
import { EstateBuilder, nlbCluster } from '../support/estate.js';
import { casPairEstate } from '../support/estates.js';
import { runRule } from '../support/run-rule.js';

const VIP = '10.1.0.50';

function rule(startPort: number, endPort: number, overrides: Partial<NlbPortRule> = {}): NlbPortRule {
  return { vip: VIP, startPort, endPort, protocol: 'Tcp', filteringMode: 'Multiple', affinity: 'Single', enabled: true, ...overrides };
}

describe('NLB004 nlb-missing-port-rule', () => {
  /** SiteA: CAS1, CAS2 and the array outlook (outlook.contoso.local, on the VIP), each with an A record. */
  const estate = () =>
    casPairEstate('outlook')
      .dns('outlook.contoso.local', { a: [VIP] })
      .dns('cas1.contoso.local', { a: ['10.1.0.11'] })
      .dns('cas2.contoso.local', { a: ['10.1.0.12'] });

  it('flags an array VIP cluster without a rule for the dynamic RPC range while a port is dynamic', async () => {
    const cluster = nlbCluster(VIP, ['CAS1', 'CAS2'], { name: 'cas-nlb', portRules: [rule(135, 135), rule(59532, 59533)] });
    const snapshot = estate()
      .host('CAS1', { nlb: [cluster], rpcPort: 59532, abPort: 59533 })
      .host('CAS2', { nlb: [cluster], rpcPort: null, abPort: 59533 })
      .build();
    const run = await runRule('NLB004', snapshot);
    assert.deepEqual(run.hits, ['NLB004 CAS2']);
    const finding = run.findings[0]!;
    assert.equal(finding.level, 'error');
    assert.equal(finding.target.kind, 'server');
    assert.match(
      finding.message,
      /cluster cas-nlb \(10\.1\.0\.50\) carries the virtual IP of CAS array outlook\.contoso\.local, but no enabled TCP port rule covers the dynamic RPC range 6005-59530 \(the RPC Client Access port is dynamic\)/,
    );
    assert.deepEqual(finding.related.map((r) => `${r.kind} ${r.name}`), ['casArray outlook']);
    assert.match(
      finding.remediation,
      /^Get-NlbCluster -HostName 'CAS2' \| Add-NlbClusterPortRule -IP '10\.1\.0\.50' -StartPort 6005 -EndPort 59530 -Protocol Tcp -Mode Multiple -Affinity Single\. Better: give the server a static RPC Client Access port \(PORT001\)/,
    );
  });

  it('treats a static port that is not a number as dynamic, and matches rule VIPs without case', async () => {
    const v6 = 'FD00::50';
    const cluster = nlbCluster(v6, ['CAS1'], { portRules: [rule(135, 135, { vip: 'fd00::50' }), rule(59533, 59533, { vip: 'fd00::50' })] });
    const snapshot = estate().host('CAS1', { nlb: [cluster], rpcPort: 'abc', abPort: 59533 }).build();
    snapshot.dns.internal.find((a) => a.name === 'outlook.contoso.local')!.records = [
      { name: 'outlook.contoso.local', type: 'AAAA', value: 'fd00::50', ttl: 300 },
    ];
    const run = await runRule('NLB004', snapshot);
    assert.deepEqual(run.hits, ['NLB004 CAS1']);
    assert.match(run.findings[0]!.message, /dynamic RPC range 6005-59530 \(the RPC Client Access port is dynamic\)/);
    assert.doesNotMatch(run.findings[0]!.message, /TCP 135/, 'the fd00::50 rule covers 135 for the FD00::50 cluster');
  });

  it('lists TCP 135 and each static port that no enabled TCP rule covers', async () => {
    const cluster = nlbCluster(VIP, ['CAS1'], {
      portRules: [
        rule(135, 135, { enabled: false }),
        rule(59532, 59532),
        rule(59533, 59533, { protocol: 'Udp' }),
        rule(59533, 59533, { vip: '10.1.0.99' }),
      ],
    });
    const run = await runRule('NLB004', estate().host('CAS1', { nlb: [cluster], rpcPort: 59532, abPort: 59533 }).host('CAS2', { nlb: [] }).build());
    assert.deepEqual(run.hits, ['NLB004 CAS1']);
    assert.match(run.findings[0]!.message, /covers TCP 135 \(the endpoint mapper\) or TCP 59533 \(the static Address Book port\)\./);
    assert.doesNotMatch(run.findings[0]!.message, /59532|6005/);
    assert.equal((run.findings[0]!.remediation.match(/Add-NlbClusterPortRule/g) ?? []).length, 2);
  });

  it('passes complete port rules (an All-VIP rule counts), and clusters whose IP is no array address', async () => {
    const arrayCluster = nlbCluster(VIP, ['CAS1'], { portRules: [rule(135, 135, { vip: '255.255.255.255', protocol: 'Both' }), rule(59532, 59533)] });
    const otherCluster = nlbCluster('10.1.0.60', ['CAS2'], { portRules: [] });
    const dynamicCluster = nlbCluster(VIP, ['CAS1'], { portRules: [rule(135, 135), rule(1024, 65535)] });
    const snapshot = estate()
      .host('CAS1', { nlb: [arrayCluster], rpcPort: 59532, abPort: 59533 })
      .host('CAS2', { nlb: [otherCluster] })
      .build();
    assert.deepEqual((await runRule('NLB004', snapshot)).hits, []);
    const dynamic = estate().host('CAS1', { nlb: [dynamicCluster] }).host('CAS2', { nlb: [] }).build();
    const run = await runRule('NLB004', dynamic);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated, []);
  });

  it('is not evaluated when an array name has no DNS answer and the cluster matches no other array', async () => {
    const cluster = nlbCluster('10.2.0.50', ['CAS1'], { portRules: [] });
    const snapshot = casPairEstate('outlook')
      .dns('outlook.contoso.local', 'TIMEOUT')
      .host('CAS1', { nlb: [cluster] })
      .build();
    const run = await runRule('NLB004', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(
      run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`),
      ['CAS1: DNS for an array name was not collected', 'CAS2: no host export for the server'],
    );

    const notAsked = estate()
      .array('outlook-b', { site: 'SiteA', fqdn: 'outlook-b.contoso.local' })
      .host('CAS1', { nlb: [cluster] })
      .host('CAS2', { nlb: [nlbCluster(VIP, ['CAS2'], { portRules: [] })] })
      .build();
    const second = await runRule('NLB004', notAsked);
    // CAS2's cluster is outlook's VIP, so it is judged even though outlook-b was never asked.
    assert.deepEqual(second.hits, ['NLB004 CAS2']);
    assert.deepEqual(
      second.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`),
      ['CAS1: an array name was not asked in DNS'],
    );
  });

  it('is not evaluated when the registry export is missing and TCP 135 is covered, but flags a missing 135 anyway', async () => {
    const covered = nlbCluster(VIP, ['CAS1'], { portRules: [rule(135, 135)] });
    const uncovered = nlbCluster(VIP, ['CAS2'], { portRules: [rule(59532, 59533)] });
    const snapshot = estate()
      .host('CAS1', { nlb: [covered], ports: 'not-collected' })
      .host('CAS2', { nlb: [uncovered], ports: 'not-collected' })
      .build();
    const run = await runRule('NLB004', snapshot);
    assert.deepEqual(run.hits, ['NLB004 CAS2']);
    assert.match(run.findings[0]!.message, /covers TCP 135 \(the endpoint mapper\)\. .*static ports were not checked/);
    assert.deepEqual(
      run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`),
      ['CAS1: its host export holds no registry data'],
    );
  });

  it('matches the VIP through a CNAME, a trailing dot and IPv6 case, and ignores arrays of Exchange 2013-only sites', async () => {
    const v6 = nlbCluster('FD00::50', ['CAS1'], { portRules: [rule(135, 135, { vip: 'FD00::50' })] });
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .site('SiteB')
      .server('CAS1', { roles: ['ClientAccess'] })
      .server('EX15', { site: 'SiteB', version: '15.0.1497' })
      .array('outlook', { site: 'SiteA', fqdn: 'Outlook.Contoso.Local.' })
      .array('legacy', { site: 'SiteB', fqdn: 'legacy.contoso.local' })
      .dns('outlook.contoso.local', { cname: 'vip.contoso.local', aaaa: ['fd00::50'] })
      .dns('legacy.contoso.local', { a: [VIP] })
      .host('CAS1', { nlb: [v6, nlbCluster(VIP, ['CAS1'], { portRules: [] })] })
      .build();
    const run = await runRule('NLB004', snapshot);
    assert.deepEqual(run.hits, ['NLB004 CAS1']);
    assert.match(run.findings[0]!.message, /\(FD00::50\) carries the virtual IP of CAS array Outlook\.Contoso\.Local\./);
    assert.doesNotMatch(run.findings[0]!.message, /legacy|10\.1\.0\.50/);
    assert.deepEqual(run.findings[0]!.related.map((r) => r.name), ['outlook']);
  });

  it('is not evaluated at all when DNS data was not collected', async () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .server('CAS1', { roles: ['ClientAccess'] })
      .array('outlook', { site: 'SiteA' })
      .host('CAS1', { nlb: [nlbCluster(VIP, ['CAS1'], { portRules: [] })] })
      .build();
    const run = await runRule('NLB004', snapshot);
    assert.equal(run.outcome.status, 'not-evaluated');
    assert.match(run.outcome.reason ?? '', /DNS data was not collected/);
    assert.deepEqual(run.hits, []);
  });

  it('reports a server whose array VIP cluster has unknown port rules as not evaluated, not as missing every rule', async () => {
    const unknown = nlbCluster(VIP, ['CAS1', 'CAS2'], { name: 'cas-nlb', portRules: null });
    const run = await runRule('NLB004', estate().host('CAS1', { nlb: [unknown], rpcPort: 59532, abPort: 59533 }).host('CAS2', { nlb: [nlbCluster(VIP, ['CAS2'], { portRules: [] })], rpcPort: 59532, abPort: 59533 }).build());
    // Known and empty (CAS2) is still an error; unknown (CAS1) is not evaluated.
    assert.deepEqual(run.hits, ['NLB004 CAS2']);
    assert.deepEqual(
      run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`),
      ['CAS1: the port rules of its NLB cluster cas-nlb (10.1.0.50) are unknown (the nlb-portrules export is missing or empty)'],
    );
  });

  it('reports a server whose cluster IP or rule VIP is not an address as not evaluated, instead of dropping the cluster', async () => {
    for (const bad of ['999.1.1.1', '010.1.0.50', '10.1.0.50/24', '::ffff:10.1.0.50']) {
      const byIp = nlbCluster(bad, ['CAS1'], { name: 'cas-nlb', portRules: [] });
      const run = await runRule('NLB004', estate().host('CAS1', { nlb: [byIp], rpcPort: 59532, abPort: 59533 }).build());
      assert.deepEqual(run.hits, [], bad);
      assert.deepEqual(run.outcome.notEvaluated.map((n) => n.target.name), ['CAS1', 'CAS2'], bad); // CAS2: no host export
      assert.match(run.outcome.notEvaluated[0]!.reason, new RegExp(`names "${bad.replace(/[./]/g, '\\$&')}", which is`), bad);
      // A rule VIP that is not an address: whether that rule covers the array's traffic cannot be told.
      const byVip = nlbCluster(VIP, ['CAS1'], { name: 'cas-nlb', portRules: [rule(135, 135), rule(59532, 59533, { vip: bad })] });
      const second = await runRule('NLB004', estate().host('CAS1', { nlb: [byVip], rpcPort: 59532, abPort: 59533 }).build());
      assert.deepEqual(second.hits, [], bad);
      assert.deepEqual(second.outcome.notEvaluated.map((n) => n.target.name), ['CAS1', 'CAS2'], bad);
      assert.match(second.outcome.notEvaluated[0]!.reason, /which is/, bad);
    }
  });
});
