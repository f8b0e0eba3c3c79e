import assert from 'node:assert/strict';
import { EstateBuilder, nlbCluster } from '../support/estate.js';
import { runRule } from '../support/run-rule.js';

describe('NLB001 nlb-on-dag-member', () => {
  const dagEstate = () =>
    new EstateBuilder()
      .site('SiteA')
      .server('EX01', { dag: 'DAG01' })
      .server('EX02', { dag: 'DAG01' })
      .server('CAS1', { roles: ['ClientAccess'] })
      .dag('DAG01', ['EX01', 'EX02']);

  it('flags a DAG member that is an NLB host, naming the DAG and cluster', async () => {
    const snapshot = dagEstate()
      .host('EX01', { nlb: [nlbCluster('10.1.0.50', ['EX01', 'EX02'])] })
      .host('EX02', { nlb: [] })
      .build();
    const run = await runRule('NLB001', snapshot);
    assert.deepEqual(run.hits, ['NLB001 EX01']);
    assert.equal(run.findings[0]!.level, 'error');
    assert.match(run.findings[0]!.message, /DAG DAG01 .*NLB cluster nlb \(10\.1\.0\.50\)/);
    assert.deepEqual(run.findings[0]!.related.map((r) => r.name), ['DAG01']);
  });

  it('passes an NLB host that is not in a DAG, and a DAG member without NLB', async () => {
    const snapshot = dagEstate()
      .host('CAS1', { nlb: [nlbCluster('10.1.0.50', ['CAS1'])] })
      .host('EX01', { nlb: [] })
      .host('EX02', { nlb: [] })
      .build();
    const run = await runRule('NLB001', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated, []);
  });

  it('reports DAG members without host data as not evaluated, never as passing', async () => {
    const snapshot = dagEstate().host('EX01', { nlb: 'not-collected' }).build();
    const run = await runRule('NLB001', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(
      run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`),
      ['EX01: its host export holds no NLB data', 'EX02: no host export for the server'],
    );
  });

  it('is not evaluated at all when no host data was collected', async () => {
    const snapshot = dagEstate().section('hosts', 'not-collected').build();
    const run = await runRule('NLB001', snapshot);
    assert.equal(run.outcome.status, 'not-evaluated');
    assert.match(run.outcome.reason ?? '', /host data .* was not collected/);
  });

  it("finds DAG membership from the DAG's member list when the server's own link is missing", async () => {
    const snapshot = dagEstate().host('EX01', { nlb: [nlbCluster('10.1.0.50', ['EX01'])] }).host('EX02').build();
    snapshot.servers[0]!.dag = null;
    const run = await runRule('NLB001', snapshot);
    assert.deepEqual(run.hits, ['NLB001 EX01']);
    assert.match(run.findings[0]!.message, /member of DAG DAG01/);
  });

  it('ignores Exchange 2013 DAG members', async () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .server('EX15', { dag: 'DAG15', version: '15.0.1497' })
      .dag('DAG15', ['EX15'])
      .host('EX15', { nlb: [nlbCluster('10.1.0.51', ['EX15'])] })
      .build();
    assert.deepEqual((await runRule('NLB001', snapshot)).hits, []);
  });
});
