import assert from 'node:assert/strict';
import { EstateBuilder } from '../support/estate.js';
import { runRule } from '../support/run-rule.js';

describe('ARR007 array-fqdn-external', () => {
  const estate = () =>
    new EstateBuilder()
      .site('SiteA')
      .site('SiteB')
      .server('EX01', { site: 'SiteA' })
      .server('EX02', { site: 'SiteB' })
      .array('casarray-a', { site: 'SiteA', fqdn: 'mail.contoso.com' })
      .array('casarray-b', { site: 'SiteB', fqdn: 'outlook-b.contoso.local' });

  it('flags an array whose FQDN is one of the external namespaces', async () => {
    const run = await runRule('ARR007', estate().build(), { externalNamespaces: ['autodiscover.contoso.com', 'mail.contoso.com'] });
    assert.deepEqual(run.hits, ['ARR007 casarray-a']);
    const finding = run.findings[0]!;
    assert.equal(finding.level, 'warning');
    assert.equal(finding.target.kind, 'casArray');
    assert.match(finding.message, /mail\.contoso\.com, which is one of the external namespaces/);
    assert.match(finding.message, /try RPC\/TCP to it first and fall back to HTTPS only after a delay/);
    assert.match(finding.message, /must differ from the OWA, Autodiscover and Outlook Anywhere names/);
    assert.match(finding.remediation, /^Set-ClientAccessArray -Identity 'casarray-a' -Fqdn "<internal-only FQDN>"/);
    assert.deepEqual(run.outcome.notEvaluated, []);
  });

  it('flags an array whose FQDN resolves on the external resolver, through a CNAME too', async () => {
    const snapshot = estate()
      .externalDns('mail.contoso.com', 'NXDOMAIN')
      .externalDns('outlook-b.contoso.local', { cname: 'edge.contoso.net', a: ['203.0.113.10'] })
      .build();
    const run = await runRule('ARR007', snapshot);
    assert.deepEqual(run.hits, ['ARR007 casarray-b']);
    assert.match(run.findings[0]!.message, /resolves on the external resolver \(to 203\.0\.113\.10\)/);
    assert.match(run.findings[0]!.remediation, /^Delete the public record for outlook-b\.contoso\.local \(on a Windows external DNS server: dnscmd <external DNS server> \/RecordDelete contoso\.local outlook-b CNAME \/f\); if the name is also an OWA, Autodiscover or Outlook Anywhere name, keep the record and rename the array instead: Set-ClientAccessArray -Identity 'casarray-b'/);
  });

  it('passes arrays that are not listed and do not resolve outside', async () => {
    const snapshot = estate().externalDns('mail.contoso.com', 'NXDOMAIN').externalDns('outlook-b.contoso.local', 'NODATA').build();
    const run = await runRule('ARR007', snapshot, { externalNamespaces: ['owa.contoso.com'] });
    assert.deepEqual(run.hits, []);
    assert.equal(run.outcome.status, 'evaluated');
    assert.deepEqual(run.outcome.notEvaluated, []);
  });

  it('reports arrays whose external answer is missing or failed as not evaluated, unless the option names them', async () => {
    const snapshot = estate().externalDns('outlook-b.contoso.local', 'SERVFAIL').build();
    const run = await runRule('ARR007', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(
      run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`),
      ['casarray-a: the name was not asked of the external resolver', 'casarray-b: DNS for the name was not collected from the external resolver'],
    );
    const listed = await runRule('ARR007', snapshot, { externalNamespaces: ['mail.contoso.com'] });
    assert.deepEqual(listed.hits, ['ARR007 casarray-a']);
    assert.deepEqual(listed.outcome.notEvaluated.map((n) => n.target.name), ['casarray-b']);
  });

  it('skips the rule when neither the option nor an external resolver was given', async () => {
    const run = await runRule('ARR007', estate().build());
    assert.equal(run.outcome.status, 'not-evaluated');
    assert.equal(run.outcome.reason, 'neither externalNamespaces nor an external DNS resolver was given');
    assert.deepEqual(run.hits, []);
  });

  it('compares names case-insensitively and without the trailing dot, and names both reasons when both apply', async () => {
    const snapshot = estate().externalDns('MAIL.contoso.com.', { a: ['203.0.113.5'] }).build();
    snapshot.casArrays[0]!.fqdn = 'Mail.Contoso.Com.';
    const run = await runRule('ARR007', snapshot, { externalNamespaces: ['mail.CONTOSO.com.'] });
    assert.deepEqual(run.hits, ['ARR007 casarray-a']);
    assert.match(run.findings[0]!.message, /is one of the external namespaces \(externalNamespaces\) and resolves on the external resolver \(to 203\.0\.113\.5\)/);
    // The name is a published namespace: the fix renames the array and never deletes the public record.
    assert.match(run.findings[0]!.remediation, /^Set-ClientAccessArray -Identity 'casarray-a' -Fqdn "<internal-only FQDN>"/);
    assert.doesNotMatch(run.findings[0]!.remediation, /RecordDelete/);
  });

  it('runs without the internal DNS section and ignores arrays of 2013-only sites', async () => {
    const snapshot = new EstateBuilder()
      .site('Modern')
      .server('EX15', { site: 'Modern', version: '15.0.1497' })
      .array('legacy', { site: 'Modern', fqdn: 'mail.contoso.com' })
      .section('dns', 'failed')
      .build();
    const run = await runRule('ARR007', snapshot, { externalNamespaces: ['mail.contoso.com'] });
    assert.equal(run.outcome.status, 'evaluated');
    assert.deepEqual(run.hits, []);
  });
});
