/**
 * Names an attacker (or an accident) can put into AD or DNS must stay names
 * in the remediation commands an admin pastes: PowerShell arguments are
 * single-quoted with quotes doubled, and native-program arguments (dnscmd)
 * that are not plain DNS characters become placeholders.
 */
import assert from 'node:assert/strict';
import { cmdArgument, psQuote } from '../../src/util/shell-quote.js';
import { dn, EstateBuilder, nlbCluster } from '../support/estate.js';
import { runRule } from '../support/run-rule.js';

const DB = "DB$(Stop-Computer)'x";

describe('remediation commands with hostile names', () => {
  it('psQuote single-quotes and doubles every kind of single quote, expanding nothing', () => {
    assert.equal(psQuote(DB), "'DB$(Stop-Computer)''x'");
    assert.equal(psQuote('a\u2019b`c"d'), "'a\u2019\u2019b`c\"d'");
    assert.equal(psQuote(''), "''");
  });

  it('cmdArgument writes plain DNS names and addresses bare, anything else as its placeholder', () => {
    assert.equal(cmdArgument('casarray-a', 'host name'), 'casarray-a');
    assert.equal(cmdArgument('fe80::1', 'address'), 'fe80::1');
    for (const hostile of ['a&calc', 'a|b', 'a"b', '%PATH%', 'a b', '$(x)', 'a^b', '']) {
      assert.equal(cmdArgument(hostile, 'host name'), '<host name>', hostile);
    }
  });

  it('quotes a database and a DAG member with $(...) and quotes in their names (DAG002)', async () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .server('EX01', { dag: 'DAG01' })
      .server("EX'02", { dag: 'DAG01' })
      .dag('DAG01', ['EX01', "EX'02"])
      .database(DB, { owner: 'EX01', endpoint: 'EX01', master: dn.dag('DAG01'), copies: ['EX01'] })
      .build();
    const run = await runRule('DAG002', snapshot);
    assert.equal(run.findings[0]!.remediation, `Add-MailboxDatabaseCopy -Identity 'DB$(Stop-Computer)''x' -MailboxServer 'EX''02' -ActivationPreference 2`);
  });

  it('quotes the site and database and keeps placeholders as they are (RCA002)', async () => {
    const snapshot = new EstateBuilder()
      .site("Site$(iex 'x')")
      .server('EX01', { site: "Site$(iex 'x')" })
      .database(DB, { owner: 'EX01', endpoint: '/o=Contoso/ou=Gone/cn=Configuration/cn=Servers/cn=GONE' })
      .build();
    const run = await runRule('RCA002', snapshot);
    assert.equal(
      run.findings[0]!.remediation,
      `New-ClientAccessArray -Name "<array name>" -Fqdn "<array fqdn>" -Site 'Site$(iex ''x'')'; ` +
        `then Set-MailboxDatabase -Identity 'DB$(Stop-Computer)''x' -RpcClientAccessServer "<array fqdn>"`,
    );
  });

  it('never writes a DNS name with shell characters into dnscmd, and quotes it for the DNS cmdlet (DNS001)', async () => {
    const fqdn = 'a&calc|x.contoso.local';
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .server('CAS1', { site: 'SiteA', roles: ['ClientAccess'] })
      .array('evil', { site: 'SiteA', fqdn })
      .dns(fqdn, 'NXDOMAIN')
      .build();
    const run = await runRule('DNS001', snapshot);
    assert.equal(
      run.findings[0]!.remediation,
      'dnscmd <dns server> /RecordAdd contoso.local <host name> A <load balancer virtual IP> ' +
        `(Windows Server 2012 and later: Add-DnsServerResourceRecordA -ZoneName 'contoso.local' -Name 'a&calc|x' -IPv4Address <load balancer virtual IP> -TimeToLive 00:05:00)`,
    );
  });

  it('quotes array FQDNs inside a Where-Object filter (ARR002)', async () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .server('EX01', { site: 'SiteA' })
      .array("old$(x)'", { site: 'SiteA', fqdn: "old$(x)'.contoso.local" })
      .array('kept', { site: 'SiteA', fqdn: 'kept".contoso.local' })
      .database('DB01', { owner: 'EX01', endpoint: 'kept' })
      .build();
    const run = await runRule('ARR002', snapshot);
    assert.equal(
      run.findings[0]!.remediation,
      `Get-MailboxDatabase | Where-Object { $_.RpcClientAccessServer -eq 'old$(x)''.contoso.local' } | ` +
        `Set-MailboxDatabase -RpcClientAccessServer 'kept".contoso.local'; Remove-ClientAccessArray -Identity 'old$(x)'''`,
    );
  });

  it('quotes NLB host names (NLB005)', async () => {
    const name = 'CAS$(x)';
    const base = nlbCluster('10.1.0.50', ['CAS1', name], { name: 'cas-nlb' });
    const cluster = { ...base, hosts: [base.hosts[0]!, { ...base.hosts[1]!, state: 'Stopped' }] };
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .server('CAS1', { site: 'SiteA', roles: ['ClientAccess'] })
      .server(name, { site: 'SiteA', roles: ['ClientAccess'] })
      .array('outlook', { site: 'SiteA' })
      .host('CAS1', { nlb: [cluster] })
      .host(name, { nlb: [cluster] })
      .build();
    const run = await runRule('NLB005', snapshot);
    assert.match(run.findings[0]!.remediation, /^Start-NlbClusterNode -HostName 'CAS\$\(x\)'; /);
  });
});
