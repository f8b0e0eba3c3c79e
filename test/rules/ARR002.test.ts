import assert from 'node:assert/strict';
import { EstateBuilder } from '../support/estate.js';
import { runRule } from '../support/run-rule.js';

describe('ARR002 site-multiple-arrays', () => {
  const twoArrays = () =>
    new EstateBuilder()
      .site('SiteA')
      .site('SiteB')
      .server('EX01', { site: 'SiteA' })
      .server('EX02', { site: 'SiteB' })
      .array('casarray-a', { site: 'SiteA' })
      .array('casarray-a2', { site: 'SiteA' })
      .array('casarray-b', { site: 'SiteB' });

  it('flags a site with two arrays, names both, and keeps the one the databases use', async () => {
    const snapshot = twoArrays()
      .database('DB01', { owner: 'EX01', endpoint: 'casarray-a2' })
      .database('DB02', { owner: 'EX01', endpoint: 'casarray-a2' })
      .database('DB03', { owner: 'EX01', endpoint: 'casarray-a' })
      .build();
    const run = await runRule('ARR002', snapshot);
    assert.deepEqual(run.hits, ['ARR002 SiteA']);
    const finding = run.findings[0]!;
    assert.equal(finding.level, 'error');
    assert.equal(finding.target.kind, 'site');
    assert.deepEqual(finding.related.map((r) => `${r.kind} ${r.name}`), ['casArray casarray-a', 'casArray casarray-a2']);
    assert.match(finding.message, /Site SiteA holds 2 CAS arrays \(casarray-a\.contoso\.local, casarray-a2\.contoso\.local\)/);
    assert.match(finding.message, /Keep casarray-a2\.contoso\.local \(used by 2 mailbox databases\)/);
    assert.equal(
      finding.remediation,
      `Get-MailboxDatabase | Where-Object { $_.RpcClientAccessServer -eq 'casarray-a.contoso.local' } | ` +
        `Set-MailboxDatabase -RpcClientAccessServer 'casarray-a2.contoso.local'; Remove-ClientAccessArray -Identity 'casarray-a'`,
    );
  });

  it('keeps the first array when no database uses either', async () => {
    const run = await runRule('ARR002', twoArrays().build());
    assert.match(run.findings[0]!.message, /Keep casarray-a\.contoso\.local \(used by 0 mailbox databases\)/);
    assert.match(run.findings[0]!.remediation, /Remove-ClientAccessArray -Identity 'casarray-a2'$/);
  });

  it('prefers an array with an FQDN over a nameless one that more databases use, and names the databases to move', async () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .server('EX01', { site: 'SiteA' })
      .array('nameless', { site: 'SiteA', fqdn: null })
      .array('casarray-a', { site: 'SiteA' })
      .database('DB01', { owner: 'EX01', endpoint: 'nameless' })
      .build();
    const run = await runRule('ARR002', snapshot);
    assert.match(run.findings[0]!.message, /\(nameless, casarray-a\.contoso\.local\).*Keep casarray-a\.contoso\.local \(used by 0 mailbox databases\).*remove nameless\./);
    assert.equal(
      run.findings[0]!.remediation,
      `Set-MailboxDatabase -Identity 'DB01' -RpcClientAccessServer 'casarray-a.contoso.local'; Remove-ClientAccessArray -Identity 'nameless'`,
    );
  });

  it('passes sites with one array or none', async () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .site('SiteB')
      .server('EX01', { site: 'SiteA' })
      .server('EX02', { site: 'SiteB' })
      .array('casarray-a', { site: 'SiteA' })
      .build();
    const run = await runRule('ARR002', snapshot);
    assert.deepEqual(run.hits, []);
    assert.equal(run.outcome.status, 'evaluated');
  });

  it('groups arrays by site DN case-insensitively', async () => {
    const snapshot = twoArrays().build();
    snapshot.casArrays[1]!.site = snapshot.casArrays[1]!.site!.toUpperCase().replace(/,/g, ', ');
    assert.deepEqual((await runRule('ARR002', snapshot)).hits, ['ARR002 SiteA']);
  });

  it('ignores a site whose Exchange servers are all 2007 or 2013', async () => {
    const snapshot = new EstateBuilder()
      .site('Modern')
      .server('EX15', { site: 'Modern', version: '15.0.1497' })
      .array('legacy-1', { site: 'Modern' })
      .array('legacy-2', { site: 'Modern' })
      .build();
    assert.deepEqual((await runRule('ARR002', snapshot)).hits, []);
  });

  it('is not evaluated when Active Directory data was not collected', async () => {
    const run = await runRule('ARR002', twoArrays().section('activeDirectory', 'not-collected').build());
    assert.equal(run.outcome.status, 'not-evaluated');
    assert.match(run.outcome.reason ?? '', /Active Directory data was not collected/);
    assert.deepEqual(run.hits, []);
  });
});
