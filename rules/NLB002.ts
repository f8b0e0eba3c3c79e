import { clusterLabel, clusterServers, forEachNlbMember } from './support/nlb-members.js';
import { defineRule } from '../src/engine/rule.js';
import { psQuote } from '../src/util/shell-quote.js';

/** Beyond this many hosts Windows NLB is not recommended for Client Access load balancing. */
const MAX_HOSTS = 8;

export default defineRule({
  meta: {
    id: 'NLB002',
    name: 'nlb-too-many-hosts',
    shortDescription: 'A Windows NLB cluster that load-balances Exchange 2010 servers has more than 8 hosts.',
    fullDescription:
      'The Exchange team does not recommend Windows Network Load Balancing for Client Access arrays of more than 8 servers. ' +
      'Every host sees every packet sent to the cluster, convergence and switch flooding grow with each host, and adding or removing a host makes clients reconnect. ' +
      'A larger array belongs behind a hardware or virtual load balancer.',
    level: 'warning',
    tags: ['nlb', 'load-balancing', 'scalability'],
    target: 'server',
    needs: ['activeDirectory', 'hosts'],
  },
  check(context) {
    const { index, report } = context;
    forEachNlbMember(context, ({ server, target, clusters }) => {
      const large = clusters.filter((c) => c.hosts.length > MAX_HOSTS);
      if (large.length === 0) return;
      const others = clusterServers(index, large).filter((s) => s !== server);
      const described = large.map((c) => `${clusterLabel(c)} with ${c.hosts.length} hosts`).join(' and ');
      report({
        target,
        related: others.map((s) => index.ref(s)),
        ...(large[0]!.source ? { evidence: large[0]!.source } : {}),
        message:
          `Server ${server.name} is a host of the Windows NLB cluster ${described}; ` +
          `Windows NLB is not recommended for load-balancing Client Access servers beyond ${MAX_HOSTS} hosts.`,
        remediation:
          'Move the CAS array behind a hardware or virtual load balancer (point the array FQDN\'s A record at its virtual IP), ' +
          `or bring the cluster down to at most ${MAX_HOSTS} hosts: list them with Get-NlbClusterNode -HostName ${psQuote(server.name)} ` +
          'and take hosts out with Stop-NlbClusterNode -HostName <host> -Drain, then Remove-NlbClusterNode -HostName <host> -Force.',
      });
    });
  },
});
