import assert from 'node:assert/strict';
import type { NlbCluster } from '../../src/snapshot/model.js';
import { EstateBuilder, nlbCluster } from '../support/estate.js';
import { casPairEstate } from '../support/estates.js';
import { runRule } from '../support/run-rule.js';

const VIP = '10.1.0.50';

/** A two-host cluster with the given states for CAS1 and CAS2. */
function cluster(cas1: string, cas2: string, names: [string, string] = ['CAS1', 'CAS2']): NlbCluster {
  const base = nlbCluster(VIP, names, { name: 'cas-nlb' });
  return { ...base, hosts: [{ ...base.hosts[0]!, state: cas1 }, { ...base.hosts[1]!, state: cas2 }] };
}

describe('NLB005 nlb-host-not-converged', () => {
  /** SiteA: CAS1, CAS2 and the array outlook. */
  const estate = () => casPairEstate('outlook');

  it("flags the server whose own host entry is not Converged, with the step for its state", async () => {
    const c = cluster('Converged', 'Stopped');
    const run = await runRule('NLB005', estate().host('CAS1', { nlb: [c] }).host('CAS2', { nlb: [c] }).build());
    assert.deepEqual(run.hits, ['NLB005 CAS2']);
    const finding = run.findings[0]!;
    assert.equal(finding.level, 'warning');
    assert.equal(finding.target.kind, 'server');
    assert.match(finding.message, /Server CAS2 is Stopped in the Windows NLB cluster cas-nlb \(10\.1\.0\.50\), not Converged/);
    assert.match(finding.remediation, /^Start-NlbClusterNode -HostName 'CAS2'; .*if CAS2 does not converge read the NLB events in its System event log/);

    const suspended = cluster('Suspended', 'Misconfigured');
    const second = await runRule('NLB005', estate().host('CAS1', { nlb: [suspended] }).host('CAS2', { nlb: [suspended] }).build());
    assert.deepEqual(second.hits, ['NLB005 CAS1', 'NLB005 CAS2']);
    assert.match(second.findings[0]!.remediation, /^Resume-NlbClusterNode -HostName 'CAS1', then Start-NlbClusterNode -HostName 'CAS1'/);
    assert.match(second.findings[1]!.message, /is Misconfigured in/);
    assert.match(second.findings[1]!.remediation, /Get-NlbClusterPortRule -HostName 'CAS2'/);
  });

  it('passes Converged and Converged(default) hosts, whatever the case', async () => {
    const c = cluster('Converged(default)', 'converged');
    const run = await runRule('NLB005', estate().host('CAS1', { nlb: [c] }).host('CAS2', { nlb: [c] }).build());
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated, []);
  });

  it('is not evaluated when the NLB export does not list the server, or there is no export', async () => {
    const c = cluster('Stopped', 'Converged', ['OTHER1', 'OTHER2']);
    const run = await runRule('NLB005', estate().host('CAS1', { nlb: [c] }).build());
    assert.deepEqual(run.hits, []);
    assert.deepEqual(
      run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`),
      ['CAS1: its NLB export does not list this host', 'CAS2: no host export for the server'],
    );

    const blank = cluster(' ', 'Converged');
    const second = await runRule('NLB005', estate().host('CAS1', { nlb: [blank] }).host('CAS2', { nlb: [blank] }).build());
    assert.deepEqual(second.hits, []);
    assert.deepEqual(
      second.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`),
      ['CAS1: its NLB export gives no state for this host'],
    );
  });

  it('matches the host entry by FQDN with a trailing dot, case-insensitively', async () => {
    const c = cluster('Converged', 'Draining', ['cas1.contoso.local', 'CAS2.Contoso.Local.']);
    const run = await runRule('NLB005', estate().host('CAS1', { nlb: [c] }).host('CAS2', { nlb: [c] }).build());
    assert.deepEqual(run.hits, ['NLB005 CAS2']);
    assert.match(run.findings[0]!.message, /is Draining in/);
    assert.deepEqual(run.outcome.notEvaluated, []);
  });

  it('ignores Exchange 2013 servers and mailbox-only servers without host data', async () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .server('EX15', { version: '15.0.1497' })
      .server('MBX1', { roles: ['Mailbox'] })
      .host('EX15', { nlb: [cluster('Stopped', 'Stopped', ['EX15', 'EX15B'])] })
      .build();
    const run = await runRule('NLB005', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated, []);
  });

  it('is not evaluated at all when no host data was collected', async () => {
    const run = await runRule('NLB005', estate().section('hosts', 'not-collected').build());
    assert.equal(run.outcome.status, 'not-evaluated');
    assert.deepEqual(run.hits, []);
  });
});
