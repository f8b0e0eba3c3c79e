import { addressOwners, pointAtVip, resolvedArrays, SERVER_DNS_INCOMPLETE } from './support/array-dns.js';
import { defineRule } from '../src/engine/rule.js';
import type { Server } from '../src/snapshot/model.js';

export default defineRule({
  meta: {
    id: 'DNS003',
    name: 'array-dns-round-robin',
    shortDescription: 'The CAS array FQDN is balanced by DNS round robin over Exchange server addresses.',
    fullDescription:
      "The CAS array's FQDN has two or more addresses that are Exchange servers' own addresses, so DNS round robin spreads Outlook clients over the servers. " +
      'DNS has no health checks: it keeps handing out the address of a server that is down, and clients that got it stay disconnected until their cached answer expires. ' +
      'Round robin also gives no client affinity. The array name should resolve to one virtual IP on a load balancer that checks the servers.',
    level: 'warning',
    tags: ['dns', 'cas-array', 'load-balancing', 'availability'],
    target: 'casArray',
    needs: ['activeDirectory', 'dns'],
  },
  check({ index, report, notEvaluated }) {
    for (const { array, fqdn, resolution } of resolvedArrays(index, notEvaluated)) {
      const target = index.ref(array);
      const { owners, serverDnsIncomplete } = addressOwners(index, resolution.records);
      const serverAddresses = owners.filter((o) => o.servers.length > 0);
      if (serverAddresses.length < 2) {
        // An unmatched address might still be a server whose own name was not resolved.
        const unmatched = owners.length - serverAddresses.length;
        if (serverDnsIncomplete && unmatched > 0 && owners.length >= 2) notEvaluated(target, SERVER_DNS_INCOMPLETE);
        continue;
      }
      const servers: Server[] = [];
      for (const owner of serverAddresses) for (const s of owner.servers) if (!servers.includes(s)) servers.push(s);
      const listed = serverAddresses.map((o) => `${o.address} (${o.servers.map((s) => s.name).join(', ')})`).join(', ');
      report({
        target,
        related: servers.map((s) => index.ref(s)),
        message:
          `CAS array name ${fqdn} uses round-robin DNS over ${serverAddresses.length} Exchange server addresses: ${listed}. ` +
          'DNS has no health checks, so clients keep getting the address of a server that is down. Point the name at a load balancer\'s virtual IP instead.',
        remediation:
          `Put a load balancer in front of the Client Access servers, then replace the records: ${pointAtVip(fqdn, resolution)}`,
      });
    }
  },
});
