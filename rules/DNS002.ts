import { addressOwners, pointAtVip, resolvedArrays, SERVER_DNS_INCOMPLETE } from './support/array-dns.js';
import { defineRule } from '../src/engine/rule.js';
import type { CasArray } from '../src/snapshot/model.js';

export default defineRule({
  meta: {
    id: 'DNS002',
    name: 'array-resolves-to-one-server',
    shortDescription: 'The CAS array FQDN points at one Client Access server instead of a load-balanced virtual IP.',
    fullDescription:
      "Every address of the CAS array's FQDN is an address of the same Exchange server, although the array's site has two or more Client Access servers. " +
      'All Outlook clients of the site then connect to that one server: the others carry no RPC load, and when that server is down or rebooted Outlook is cut off. ' +
      'The array name should resolve to the virtual IP of a load balancer in front of all the Client Access servers.',
    level: 'warning',
    tags: ['dns', 'cas-array', 'load-balancing', 'availability'],
    target: 'casArray',
    needs: ['activeDirectory', 'dns'],
  },
  check({ index, report, notEvaluated }) {
    // Only a site with at least two Client Access servers has something to balance across.
    // A server whose roles are unknown may be a second Client Access server: such a site is not judged, and says so.
    const balanced = (array: CasArray) => {
      if (!array.site) return false;
      const cas = index.casServersInSite(array.site).length;
      if (cas >= 2) return true;
      const unknown = index.serversInSite(array.site).filter((s) => index.isExchange2010(s) && !index.rolesKnown(s));
      if (unknown.length > 0 && cas + unknown.length >= 2) {
        notEvaluated(index.ref(array), `the roles of ${unknown.map((s) => s.name).join(', ')} in its site are unknown, so whether the site has two Client Access servers cannot be told`);
      }
      return false;
    };
    for (const { array, fqdn, resolution } of resolvedArrays(index, notEvaluated, balanced)) {
      const target = index.ref(array);
      const casServers = index.casServersInSite(array.site!);
      const { owners, serverDnsIncomplete } = addressOwners(index, resolution.records);
      const unmatched = owners.some((o) => o.servers.length === 0);
      const ambiguous = owners.some((o) => o.servers.length > 1);
      const distinct = new Set(owners.flatMap((o) => o.servers));
      if (ambiguous || distinct.size > 1) continue; // spread over several servers (or shared addresses): not one server
      if (unmatched) {
        // An address of no known server is most likely a load balancer's VIP, unless some server's own DNS is unknown.
        if (serverDnsIncomplete) notEvaluated(target, SERVER_DNS_INCOMPLETE);
        continue;
      }
      const server = [...distinct][0]!;
      const addresses = owners.map((o) => o.address).join(', ');
      const site = index.site(array.site);
      const others = casServers.filter((s) => s !== server).map((s) => s.name);
      report({
        target,
        related: [index.ref(server)],
        message:
          `CAS array name ${fqdn} points at server ${server.name} only (${addresses}), while site ${site?.name ?? '(unknown)'} has ${casServers.length} Client Access servers` +
          `${others.length ? ` (also ${others.join(', ')})` : ''}; losing ${server.name} cuts Outlook off. Point the name at the load balancer's virtual IP.`,
        remediation:
          `Put a load balancer (hardware, virtual or Windows NLB on servers outside any DAG) in front of the site's Client Access servers, then replace the record: ` +
          pointAtVip(fqdn, resolution),
      });
    }
  },
});
