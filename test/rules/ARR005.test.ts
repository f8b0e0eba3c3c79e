import assert from 'node:assert/strict';
import { EstateBuilder } from '../support/estate.js';
import { runRule } from '../support/run-rule.js';

describe('ARR005 array-without-client-access-servers', () => {
  it('flags an array whose site has only mailbox servers, naming them and the databases that use it', async () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .server('MBX1', { site: 'SiteA', roles: ['Mailbox'] })
      .array('casarray-a', { site: 'SiteA' })
      .database('DB01', { owner: 'MBX1', endpoint: 'casarray-a' })
      .build();
    const run = await runRule('ARR005', snapshot);
    assert.deepEqual(run.hits, ['ARR005 casarray-a']);
    const finding = run.findings[0]!;
    assert.equal(finding.level, 'warning');
    assert.equal(finding.target.kind, 'casArray');
    assert.match(finding.message, /CAS array casarray-a \(casarray-a\.contoso\.local\) is in site SiteA, but its Exchange 2010 servers \(MBX1\) have no Client Access role/);
    assert.match(finding.message, /1 mailbox database \(DB01\) points Outlook at it/);
    assert.deepEqual(finding.related.map((r) => r.name), ['DB01']);
    assert.match(finding.remediation, /setup\.com \/mode:install \/roles:ClientAccess/);
    assert.match(finding.remediation, /Remove-ClientAccessArray -Identity 'casarray-a'/);
  });

  it('flags an array in a site with no Exchange servers at all', async () => {
    const snapshot = new EstateBuilder().site('SiteA').site('Empty').server('EX01', { site: 'SiteA' }).array('casarray-e', { site: 'Empty' }).build();
    const run = await runRule('ARR005', snapshot);
    assert.deepEqual(run.hits, ['ARR005 casarray-e']);
    assert.match(run.findings[0]!.message, /site Empty, but the site holds no Exchange server/);
  });

  it('passes an array whose site has a 2010 CAS server, found by site DN case-insensitively', async () => {
    const snapshot = new EstateBuilder().site('SiteA').server('EX01', { site: 'SiteA' }).array('casarray-a', { site: 'SiteA' }).build();
    snapshot.servers[0]!.site = snapshot.servers[0]!.site!.toLowerCase();
    const run = await runRule('ARR005', snapshot);
    assert.deepEqual(run.hits, []);
    assert.equal(run.outcome.status, 'evaluated');
  });

  it('leaves arrays with a missing or deleted site to ARR006, and ignores arrays of 2013-only sites', async () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .site('Gone')
      .site('Modern')
      .server('EX01', { site: 'SiteA' })
      .server('EX15', { site: 'Modern', version: '15.0.1497' })
      .array('no-site', { site: null })
      .array('deleted-site', { site: 'Gone' })
      .array('legacy', { site: 'Modern' })
      .build();
    snapshot.sites = snapshot.sites.filter((s) => s.name !== 'Gone');
    assert.deepEqual((await runRule('ARR005', snapshot)).hits, []);
  });

  it('does not count a 2010 server with the Client Access role in another site, or a 2013 CAS in the same site', async () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .site('SiteB')
      .server('EX01', { site: 'SiteA' })
      .server('MBX2', { site: 'SiteB', roles: ['Mailbox'] })
      .server('EX15', { site: 'SiteB', version: '15.0.1497', roles: ['Mailbox', 'ClientAccess'] })
      .array('casarray-b', { site: 'SiteB' })
      .build();
    const run = await runRule('ARR005', snapshot);
    assert.deepEqual(run.hits, ['ARR005 casarray-b']);
    assert.match(run.findings[0]!.message, /\(MBX2\) have no Client Access role/);
  });

  it('is not evaluated when Active Directory data was not collected', async () => {
    const snapshot = new EstateBuilder().site('Empty').array('casarray-e', { site: 'Empty' }).section('activeDirectory', 'not-collected').build();
    const run = await runRule('ARR005', snapshot);
    assert.equal(run.outcome.status, 'not-evaluated');
    assert.deepEqual(run.hits, []);
  });
});
