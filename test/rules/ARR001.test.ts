import assert from 'node:assert/strict';
import { EstateBuilder } from '../support/estate.js';
import { runRule } from '../support/run-rule.js';

describe('ARR001 site-without-array', () => {
  it('flags a site with a 2010 CAS server and no array', async () => {
    const snapshot = new EstateBuilder().site('SiteA').server('EX01', { site: 'SiteA', roles: ['ClientAccess'] }).build();
    const run = await runRule('ARR001', snapshot);
    assert.deepEqual(run.hits, ['ARR001 SiteA']);
    assert.equal(run.findings[0]!.level, 'warning');
    assert.equal(run.findings[0]!.target.kind, 'site');
    assert.match(run.findings[0]!.message, /Site SiteA holds 1 Client Access server\(s\) \(EX01\)/);
    assert.match(run.findings[0]!.remediation, /New-ClientAccessArray .*-Site 'SiteA'/);
  });

  it('flags a site with only a 2010 mailbox database (its owner is mailbox-only)', async () => {
    const snapshot = new EstateBuilder()
      .site('SiteB')
      .server('EX04', { site: 'SiteB', roles: ['Mailbox'] })
      .database('DB04', { owner: 'EX04', endpoint: 'EX04' })
      .build();
    const run = await runRule('ARR001', snapshot);
    assert.deepEqual(run.hits, ['ARR001 SiteB']);
    assert.match(run.findings[0]!.message, /1 mailbox database\(s\) \(DB04\)/);
  });

  it('passes a site with an array, and a site with no Exchange 2010 servers or databases', async () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .site('Empty')
      .server('EX01', { site: 'SiteA' })
      .array('casarray-a', { site: 'SiteA' })
      .build();
    assert.deepEqual((await runRule('ARR001', snapshot)).hits, []);
  });

  it('does not flag a site whose only Exchange servers are 2007 or 2013', async () => {
    const snapshot = new EstateBuilder()
      .site('Legacy')
      .server('EX07', { site: 'Legacy', version: '8.3.83' })
      .server('EX15', { site: 'Legacy', version: '15.0.1497' })
      .database('DB07', { owner: 'EX07', endpoint: 'EX07' })
      .build();
    assert.deepEqual((await runRule('ARR001', snapshot)).hits, []);
  });

  it('counts a Client Access server whose version was not collected as Exchange 2010', async () => {
    const snapshot = new EstateBuilder().site('SiteA').server('EX01', { site: 'SiteA', roles: ['ClientAccess'], version: null }).build();
    assert.deepEqual((await runRule('ARR001', snapshot)).hits, ['ARR001 SiteA']);
    const withArray = new EstateBuilder().site('SiteA').server('EX01', { site: 'SiteA', roles: ['ClientAccess'], version: null }).array('a').build();
    assert.deepEqual((await runRule('ARR005', withArray)).hits, [], 'no ARR005: the site holds a Client Access server');
  });

  it('matches server and array sites case-insensitively', async () => {
    const snapshot = new EstateBuilder().site('SiteA').server('EX01', { site: 'SiteA' }).array('a', { site: 'SiteA' }).build();
    snapshot.casArrays[0]!.site = snapshot.casArrays[0]!.site!.toLowerCase();
    assert.deepEqual((await runRule('ARR001', snapshot)).hits, []);
  });

  it('is not evaluated when Active Directory data was not collected', async () => {
    const snapshot = new EstateBuilder().site('SiteA').server('EX01').section('activeDirectory', 'not-collected').build();
    const run = await runRule('ARR001', snapshot);
    assert.equal(run.outcome.status, 'not-evaluated');
    assert.deepEqual(run.hits, []);
  });
});
