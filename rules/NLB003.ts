import { ENDPOINT_MAPPER_PORT, staticPorts } from '../src/model/host-ports.js';
import { clusterLabel, forEachNlbMember, portRuleLabel, clusterUnjudged } from './support/nlb-members.js';
import { noPortDataReason } from './support/static-ports.js';
import { ALL_VIPS } from '../src/exchange/host-settings.js';
import { coversTcp, passesTcp } from '../src/model/nlb-port-rules.js';
import { defineRule } from '../src/engine/rule.js';
import type { NlbCluster, NlbPortRule, SourceRef } from '../src/snapshot/model.js';
import { pushTo } from '../src/util/group.js';
import { psQuote } from '../src/util/shell-quote.js';

interface CheckedPort {
  port: number;
  what: string;
}

/** Affinity only matters for rules that spread traffic over several hosts. */
function spreadsWithoutAffinity(rule: NlbPortRule): boolean {
  return rule.filteringMode === 'Multiple' && rule.affinity === 'None';
}

function affinityNone(rule: NlbPortRule, cluster: NlbCluster, port: number): boolean {
  return coversTcp(rule, cluster, port) && spreadsWithoutAffinity(rule);
}

/** Whether some rule of the cluster could send an unknown TCP port to any host without affinity. */
function hasAnyAffinityNone(cluster: NlbCluster): boolean {
  return (cluster.portRules ?? []).some((r) => passesTcp(r, cluster) && spreadsWithoutAffinity(r));
}

export default defineRule({
  meta: {
    id: 'NLB003',
    name: 'nlb-affinity-none',
    shortDescription: 'A Windows NLB port rule for TCP 135 or a static RPC port has affinity None.',
    fullDescription:
      'Outlook first asks the endpoint mapper on TCP 135 which port the RPC Client Access or Address Book service listens on, then opens further connections to that port. ' +
      'With affinity None, NLB may send each of those connections to a different host, so sessions break and clients reconnect. ' +
      'Rules that balance TCP 135 and the static RPC Client Access and Address Book ports over several hosts need Single (client IP) affinity.',
    level: 'warning',
    tags: ['nlb', 'load-balancing', 'affinity'],
    target: 'server',
    needs: ['activeDirectory', 'hosts'],
  },
  check(context) {
    const { notEvaluated, report } = context;
    forEachNlbMember(context, ({ server, host, target, clusters }) => {
      const ports: CheckedPort[] = [{ port: ENDPOINT_MAPPER_PORT, what: 'the endpoint mapper' }];
      if (host.ports.collected) {
        const fixed = staticPorts(server, host);
        const rca = fixed.rpcClientAccess?.port;
        const ab = fixed.addressBook?.port;
        if (typeof rca === 'number') ports.push({ port: rca, what: 'the static RPC Client Access port' });
        if (typeof ab === 'number') ports.push({ port: ab, what: 'the static Address Book port' });
      }

      const parts: string[] = [];
      const fixes: string[] = [];
      let evidence: SourceRef | undefined;
      let unjudged: string | null = null;
      for (const cluster of clusters) {
        const why = clusterUnjudged(cluster);
        if (why !== null || cluster.portRules === null) {
          unjudged ??= why;
          continue;
        }
        // Each offending rule once, with the ports it balances without affinity.
        const offending = new Map<NlbPortRule, CheckedPort[]>();
        for (const checked of ports) {
          for (const rule of cluster.portRules) {
            if (!affinityNone(rule, cluster, checked.port)) continue;
            if (!offending.get(rule)?.some((c) => c.port === checked.port && c.what === checked.what)) pushTo(offending, rule, checked);
          }
        }
        if (offending.size === 0) continue;
        const rules = [...offending].map(
          ([rule, covered]) => `port rule ${portRuleLabel(rule)} (${covered.map((c) => `TCP ${c.port}, ${c.what}`).join('; ')})`,
        );
        parts.push(`cluster ${clusterLabel(cluster)} has affinity None on ${rules.join(' and ')}`);
        for (const rule of offending.keys()) {
          evidence ??= rule.source;
          const ip = rule.vip === ALL_VIPS ? '' : ` -IP ${psQuote(rule.vip)}`;
          fixes.push(`Get-NlbClusterPortRule -HostName ${psQuote(server.name)}${ip} -Port ${rule.startPort} | Set-NlbClusterPortRule -NewAffinity Single`);
        }
      }

      if (parts.length === 0) {
        if (unjudged !== null) {
          notEvaluated(target, unjudged);
          return;
        }
        // Without the registry export the static ports are unknown; only a rule with affinity None could matter.
        if (!host.ports.collected && clusters.some(hasAnyAffinityNone)) {
          notEvaluated(target, noPortDataReason(host));
        }
        return;
      }
      report({
        target,
        message:
          `Server ${server.name}'s Windows NLB ${parts.join('; ')}. ` +
          "Outlook's endpoint-mapper lookup and its RPC connections must reach the same host: " +
          `set ${fixes.length > 1 ? 'these rules' : 'this rule'} to Single (client IP) affinity.`,
        ...(evidence ? { evidence } : {}),
        remediation: `${fixes.join('; ')} (the cluster reconverges after the change; do it in a quiet period)`,
      });
    });
  },
});
