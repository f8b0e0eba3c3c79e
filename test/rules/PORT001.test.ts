import assert from 'node:assert/strict';
import { twoSitePortEstate } from '../support/estates.js';
import { runRule } from '../support/run-rule.js';

describe('PORT001 rpc-client-access-port-dynamic', () => {
  /** SiteA: CAS1, CAS2, MBX1 and casarray-a; SiteB: CAS3 and no array. */
  const estate = twoSitePortEstate;

  it('flags a CAS server in an array site with no static port, suggesting the port its peers use', async () => {
    const snapshot = estate().host('CAS1', { rpcPort: 59600 }).host('CAS2', { rpcPort: null }).host('MBX1').host('CAS3').build();
    const run = await runRule('PORT001', snapshot);
    assert.deepEqual(run.hits, ['PORT001 CAS2']);
    assert.equal(run.findings[0]!.level, 'warning');
    assert.match(run.findings[0]!.message, /set "TCP\/IP Port" to 59600/);
    assert.match(run.findings[0]!.remediation, /MSExchangeRPC\\ParametersSystem" \/v "TCP\/IP Port" \/t REG_DWORD \/d 59600/);
  });

  it('suggests 59532 when no server in the site has a static port yet', async () => {
    const run = await runRule('PORT001', estate().host('CAS1').host('CAS2').build());
    assert.deepEqual(run.hits, ['PORT001 CAS1', 'PORT001 CAS2']);
    assert.match(run.findings[0]!.message, /to 59532/);
  });

  it('passes CAS servers with static ports, mailbox-only servers and CAS servers in sites without an array', async () => {
    const snapshot = estate().host('CAS1', { rpcPort: 59532 }).host('CAS2', { rpcPort: 59532 }).host('MBX1').host('CAS3').build();
    const run = await runRule('PORT001', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated, []);
  });

  it('reports CAS servers without host data or registry export as not evaluated', async () => {
    const snapshot = estate().host('CAS1', { ports: 'not-collected' }).build();
    const run = await runRule('PORT001', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(
      run.outcome.notEvaluated.map((n) => n.target.name),
      ['CAS1', 'CAS2'],
    );
  });

  it('is not evaluated at all when no host data was collected', async () => {
    const run = await runRule('PORT001', estate().section('hosts', 'not-collected').build());
    assert.equal(run.outcome.status, 'not-evaluated');
    assert.deepEqual(run.hits, []);
  });
});
