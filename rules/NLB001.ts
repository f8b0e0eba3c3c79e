import { nlbDataOf } from './support/nlb-members.js';
import { hostEntryFor } from '../src/model/nlb-port-rules.js';
import { defineRule } from '../src/engine/rule.js';
import { psQuote } from '../src/util/shell-quote.js';

export default defineRule({
  meta: {
    id: 'NLB001',
    name: 'nlb-on-dag-member',
    shortDescription: 'A DAG member server takes part in a Windows NLB cluster.',
    fullDescription:
      'Windows Network Load Balancing and Windows Failover Clustering, which a database availability group runs on, are not supported on the same server. ' +
      'A DAG member in an NLB cluster risks both the database copies and the load-balanced Client Access service.',
    level: 'error',
    tags: ['nlb', 'dag', 'supportability'],
    target: 'server',
    needs: ['activeDirectory', 'hosts'],
  },
  check({ index, report, notEvaluated }) {
    for (const server of index.snapshot.servers) {
      const membership = index.dagOf(server);
      if (!membership || !index.isExchange2010(server)) continue;
      const target = index.ref(server);
      const data = nlbDataOf(index, server);
      if (!data.ok) {
        notEvaluated(target, data.reason);
        continue;
      }
      const { host } = data;
      if (host.nlb.clusters.length === 0) continue;
      const dag = membership.dag;
      const first = host.nlb.clusters[0]!;
      const evidence = hostEntryFor(first, server)?.source ?? first.source;
      const clusters = host.nlb.clusters.map((c) => `${c.name || '(unnamed)'} (${c.ip})`).join(', ');
      report({
        target,
        related: dag ? [index.ref(dag)] : [],
        ...(evidence ? { evidence } : {}),
        message: `Server ${server.name} is a member of DAG ${dag?.name ?? membership.dn} and also a host of the Windows NLB cluster ${clusters}.`,
        remediation:
          `Take ${server.name} out of Windows NLB (Remove-NlbClusterNode -HostName ${psQuote(server.name)}, then Import-Module ServerManager; Remove-WindowsFeature NLB on Windows Server 2008 R2) ` +
          'and load-balance the CAS array with a hardware or virtual load balancer, or move the Client Access role to servers outside the DAG.',
      });
    }
  },
});
