import assert from 'node:assert/strict';
import { EstateBuilder } from '../support/estate.js';
import { runRule } from '../support/run-rule.js';

describe('ARR006 array-site-missing', () => {
  it('flags an array whose site was deleted, and suggests the site its databases are in', async () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .site('Gone')
      .server('EX01', { site: 'SiteA' })
      .array('casarray-g', { site: 'Gone' })
      .database('DB01', { owner: 'EX01', endpoint: 'casarray-g' })
      .build();
    snapshot.sites = snapshot.sites.filter((s) => s.name !== 'Gone');
    const run = await runRule('ARR006', snapshot);
    assert.deepEqual(run.hits, ['ARR006 casarray-g']);
    const finding = run.findings[0]!;
    assert.equal(finding.level, 'error');
    assert.equal(finding.target.kind, 'casArray');
    assert.match(finding.message, /CAS array casarray-g \(casarray-g\.contoso\.local\) is tied to site Gone, which no longer exists in Active Directory/);
    assert.match(finding.message, /databases that use it are in site SiteA/);
    assert.deepEqual(finding.related.map((r) => `${r.kind} ${r.name}`), ['database DB01', 'site SiteA']);
    assert.match(finding.remediation, /^Set-ClientAccessArray -Identity 'casarray-g' -Site 'SiteA'; or, .*Remove-ClientAccessArray -Identity 'casarray-g'$/);
    assert.equal(finding.site, null);
  });

  it('flags an array with no site and gives a placeholder site when no database tells where it belongs', async () => {
    const snapshot = new EstateBuilder().site('SiteA').server('EX01', { site: 'SiteA' }).array('casarray-n', { site: null }).build();
    const run = await runRule('ARR006', snapshot);
    assert.deepEqual(run.hits, ['ARR006 casarray-n']);
    assert.match(run.findings[0]!.message, /is tied to no AD site/);
    assert.match(run.findings[0]!.remediation, /-Site "<AD site of its Client Access servers>"/);
    assert.deepEqual(run.findings[0]!.related, []);
  });

  it('suggests no site when the databases that use the array are in different sites', async () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .site('SiteB')
      .server('EX01', { site: 'SiteA' })
      .server('EX02', { site: 'SiteB' })
      .array('casarray-n', { site: null })
      .database('DB01', { owner: 'EX01', endpoint: 'casarray-n' })
      .database('DB02', { owner: 'EX02', endpoint: 'casarray-n' })
      .build();
    const run = await runRule('ARR006', snapshot);
    assert.deepEqual(run.hits, ['ARR006 casarray-n']);
    assert.doesNotMatch(run.findings[0]!.message, /databases that use it are in site/);
    assert.match(run.findings[0]!.remediation, /-Site "<AD site of its Client Access servers>"/);
    assert.deepEqual(run.findings[0]!.related.map((r) => r.name), ['DB01', 'DB02']);
  });

  it('passes an array whose site exists, even when its DN differs in case and spacing', async () => {
    const snapshot = new EstateBuilder().site('SiteA').server('EX01', { site: 'SiteA' }).array('casarray-a', { site: 'SiteA' }).build();
    snapshot.casArrays[0]!.site = snapshot.casArrays[0]!.site!.toUpperCase().replace(/,/g, ', ');
    const run = await runRule('ARR006', snapshot);
    assert.deepEqual(run.hits, []);
    assert.equal(run.outcome.status, 'evaluated');
  });

  it('ignores an array of a deleted site whose remaining servers are all 2007', async () => {
    const snapshot = new EstateBuilder().site('Old').server('EX07', { site: 'Old', version: '8.3.83' }).array('old-array', { site: 'Old' }).build();
    snapshot.sites = [];
    assert.deepEqual((await runRule('ARR006', snapshot)).hits, []);
  });

  it('is not evaluated when Active Directory data was not collected', async () => {
    const snapshot = new EstateBuilder().array('casarray-n', { site: null }).section('activeDirectory', 'not-collected').build();
    const run = await runRule('ARR006', snapshot);
    assert.equal(run.outcome.status, 'not-evaluated');
    assert.deepEqual(run.hits, []);
  });
});
