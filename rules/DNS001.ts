import { arraysInScope, noAddressCause, unresolvedReason, zoneAndNode } from './support/array-dns.js';
import { arrayToUse, rcaEndpoints } from './support/rca-endpoints.js';
import { defineRule } from '../src/engine/rule.js';
import { cmdArgument, psQuote } from '../src/util/shell-quote.js';

export default defineRule({
  meta: {
    id: 'DNS001',
    name: 'endpoint-fqdn-unresolvable',
    shortDescription: 'The FQDN Outlook is sent to (a CAS array, or a server used as a database endpoint) has no address in DNS.',
    fullDescription:
      'Outlook connects to the RPC Client Access endpoint by name. When a CAS array FQDN, or the FQDN of a server that a mailbox database uses as its endpoint, ' +
      'does not exist in DNS or has no A or AAAA record, new profiles cannot be created and existing ones cannot connect. ' +
      'A DNS time-out or SERVFAIL is reported as not evaluated, not as a failure.',
    level: 'error',
    tags: ['dns', 'rpc-client-access', 'outlook'],
    target: ['casArray', 'database'],
    needs: ['activeDirectory', 'dns'],
  },
  check({ index, report, notEvaluated }) {
    for (const { array, fqdn } of arraysInScope(index, notEvaluated)) {
      const target = index.ref(array);
      const resolution = index.resolve(fqdn);
      const reason = unresolvedReason(resolution);
      if (reason) {
        notEvaluated(target, reason);
        continue;
      }
      if (resolution.state !== 'no-address') continue;
      const { zone, node } = zoneAndNode(fqdn);
      const site = index.site(array.site);
      report({
        target,
        related: index.databasesUsingArray(array).map((d) => index.ref(d)),
        message:
          `CAS array name ${fqdn}${site ? ` (site ${site.name})` : ''} ${noAddressCause(fqdn, resolution)}; ` +
          'Outlook clients whose databases use the array cannot connect. Create an A record for it pointing at the load-balanced virtual IP.',
        remediation:
          `dnscmd <dns server> /RecordAdd ${cmdArgument(zone, 'zone')} ${cmdArgument(node, 'host name')} A <load balancer virtual IP> ` +
          `(Windows Server 2012 and later: Add-DnsServerResourceRecordA -ZoneName ${psQuote(zone)} -Name ${psQuote(node)} -IPv4Address <load balancer virtual IP> -TimeToLive 00:05:00)`,
      });
    }

    for (const { database, endpoint } of rcaEndpoints(index, notEvaluated)) {
      // Arrays are judged above, once per array; an endpoint that matches nothing is RCA002's.
      if (endpoint?.kind !== 'server') continue;
      const target = index.ref(database);
      const server = endpoint.object;
      if (!server.fqdn) {
        notEvaluated(target, 'its endpoint server has no FQDN in Active Directory');
        continue;
      }
      const resolution = index.resolve(server.fqdn);
      const reason = unresolvedReason(resolution);
      if (reason) {
        notEvaluated(target, reason);
        continue;
      }
      if (resolution.state !== 'no-address') continue;
      // The first array with an FQDN of the database's site, when that site is among the AD sites.
      const { site, array: siteArray } = arrayToUse(index, database);
      const array = site ? siteArray : undefined;
      const { zone, node } = zoneAndNode(server.fqdn);
      report({
        target,
        related: [index.ref(server)],
        message:
          `Mailbox database ${database.name} uses server ${server.fqdn} as its RPC Client Access endpoint, and that name ${noAddressCause(server.fqdn, resolution)}; ` +
          `Outlook clients on the database cannot connect. ${array ? `Point the database at the CAS array ${array.fqdn}` : 'Point the database at a CAS array'}, or restore the server's A record.`,
        remediation: array
          ? `Set-MailboxDatabase -Identity ${psQuote(database.name)} -RpcClientAccessServer ${psQuote(array.fqdn)}`
          : `dnscmd <dns server> /RecordAdd ${cmdArgument(zone, 'zone')} ${cmdArgument(node, 'host name')} A <server IP>; better, create a CAS array (New-ClientAccessArray -Fqdn "<array fqdn>" -Site ${site ? psQuote(site.name) : '"<site>"'}) ` +
            `and run Set-MailboxDatabase -Identity ${psQuote(database.name)} -RpcClientAccessServer "<array fqdn>"`,
      });
    }
  },
});
