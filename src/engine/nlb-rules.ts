/** Windows NLB port-rule semantics the NLB rules share. */
import type { NlbCluster, NlbHost, NlbPortRule, Server } from '../snapshot/model.js';
import { dnLeaf } from '../snapshot/names.js';

/** The VIP NLB writes for a rule that applies to every cluster IP. */
export const ALL_VIPS = '255.255.255.255';

/**
 * Whether an enabled rule for this cluster passes TCP traffic to every port in
 * [start, end]. A rule in Disabled filtering mode blocks its ports, so it does not count.
 */
export function coversTcp(rule: NlbPortRule, cluster: NlbCluster, start: number, end: number = start): boolean {
  return (
    rule.enabled &&
    rule.filteringMode !== 'Disabled' &&
    rule.protocol !== 'Udp' &&
    (rule.vip === ALL_VIPS || rule.vip === cluster.ip) &&
    rule.startPort <= start &&
    rule.endPort >= end
  );
}

/** Whether NLB reports the host as converged ("Converged" or "Converged(default)"). */
export function isConverged(host: NlbHost): boolean {
  return /^converged\b/i.test(host.state.trim());
}

/** The cluster's entry for this server, matched by NetBIOS name or FQDN, case-insensitively. */
export function hostEntryFor(cluster: NlbCluster, server: Server): NlbHost | undefined {
  const names = new Set([server.name.toLowerCase(), dnLeaf(server.dn).toLowerCase()]);
  if (server.fqdn) names.add(server.fqdn.toLowerCase().replace(/\.$/, ''));
  return cluster.hosts.find((h) => {
    const name = h.name.trim().toLowerCase().replace(/\.$/, '');
    return names.has(name) || names.has(name.split('.')[0]!);
  });
}
