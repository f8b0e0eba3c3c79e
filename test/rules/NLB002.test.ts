import assert from 'node:assert/strict';
import { EstateBuilder, nlbCluster } from '../support/estate.js';
import { runRule } from '../support/run-rule.js';

describe('NLB002 nlb-too-many-hosts', () => {
  const names = (n: number) => Array.from({ length: n }, (_, i) => `CAS${i + 1}`);
  const estate = (count: number) => {
    const builder = new EstateBuilder().site('SiteA').array('outlook', { site: 'SiteA' });
    for (const name of names(count)) builder.server(name, { roles: ['ClientAccess', 'HubTransport'] });
    return builder;
  };

  it('flags each host with its own export when the cluster has 9 hosts', async () => {
    const cluster = nlbCluster('10.1.0.50', names(9), { name: 'cas-nlb' });
    const builder = estate(9).host('CAS1', { nlb: [cluster] }).host('CAS2', { nlb: [cluster] });
    for (const name of names(9).slice(2)) builder.host(name, { nlb: [cluster] });
    const run = await runRule('NLB002', builder.build());
    assert.equal(run.findings.length, 9);
    const first = run.findings.find((f) => f.target.name === 'CAS1')!;
    assert.equal(first.level, 'warning');
    assert.equal(first.target.kind, 'server');
    assert.match(first.message, /Server CAS1 is a host of the Windows NLB cluster cas-nlb \(10\.1\.0\.50\) with 9 hosts/);
    assert.match(first.message, /beyond 8 hosts/);
    assert.match(first.remediation, /hardware or virtual load balancer/);
    assert.match(first.remediation, /Remove-NlbClusterNode -HostName <host> -Force/);
    assert.deepEqual(
      first.related.map((r) => r.name),
      names(9).slice(1),
    );
  });

  it('passes a cluster of exactly 8 hosts, and a server whose NLB export lists no cluster', async () => {
    const cluster = nlbCluster('10.1.0.50', names(8));
    const builder = estate(9);
    for (const name of names(8)) builder.host(name, { nlb: [cluster] });
    builder.host('CAS9', { nlb: [] });
    const run = await runRule('NLB002', builder.build());
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated, []);
  });

  it('reports Client Access servers without NLB data as not evaluated, but not mailbox-only servers', async () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .server('CAS1', { roles: ['ClientAccess'] })
      .server('CAS2', { roles: ['ClientAccess'] })
      .server('MBX1', { roles: ['Mailbox'] })
      .server('MBX2', { roles: ['Mailbox'] })
      .host('CAS1', { nlb: 'not-collected' })
      .host('MBX2', { nlb: 'not-collected' })
      .build();
    const run = await runRule('NLB002', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(
      run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`),
      ['CAS1: its host export holds no NLB data', 'CAS2: no host export for the server'],
    );
  });

  it('ignores Exchange 2007 and 2013 servers in a large cluster, and flags a mailbox-only 2010 host', async () => {
    const cluster = nlbCluster('10.1.0.50', ['EX07', 'EX15', ...names(7), 'MBX1']);
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .server('EX07', { version: '8.3.83' })
      .server('EX15', { version: '15.0.1497' })
      .server('MBX1', { roles: ['Mailbox'] })
      .host('EX07', { nlb: [cluster] })
      .host('EX15', { nlb: [cluster] })
      .host('MBX1', { nlb: [cluster] })
      .build();
    const run = await runRule('NLB002', snapshot);
    assert.deepEqual(run.hits, ['NLB002 MBX1']);
    assert.match(run.findings[0]!.message, /with 10 hosts/);
    assert.deepEqual(run.outcome.notEvaluated, []);
  });

  it('is not evaluated at all when no host data was collected', async () => {
    const run = await runRule('NLB002', estate(2).section('hosts', 'not-collected').build());
    assert.equal(run.outcome.status, 'not-evaluated');
    assert.deepEqual(run.hits, []);
  });
});
