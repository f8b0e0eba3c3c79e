/** Windows NLB port-rule semantics the NLB rules share. */
import type { NlbCluster, NlbHost, NlbPortRule, Server } from '../snapshot/model.js';
import { dnLeaf, normalizeAddress } from '../snapshot/names.js';
import { ALL_VIPS } from '../exchange/host-settings.js';

/**
 * Whether an enabled rule for this cluster passes TCP traffic on its ports.
 * A rule in Disabled filtering mode blocks its ports, so it does not count.
 */
export function passesTcp(rule: NlbPortRule, cluster: NlbCluster): boolean {
  return rule.enabled && rule.filteringMode !== 'Disabled' && rule.protocol !== 'Udp' && appliesToCluster(rule, cluster);
}

/** Whether an enabled rule for this cluster passes TCP traffic to every port in [start, end]. */
export function coversTcp(rule: NlbPortRule, cluster: NlbCluster, start: number, end: number = start): boolean {
  return passesTcp(rule, cluster) && rule.startPort <= start && rule.endPort >= end;
}

/** Whether a rule is for every VIP or for this cluster's IP (IPv6 compared without case). */
function appliesToCluster(rule: NlbPortRule, cluster: NlbCluster): boolean {
  const vip = normalizeAddress(rule.vip);
  return vip === ALL_VIPS || vip === normalizeAddress(cluster.ip);
}

/** Whether NLB reports the host as converged ("Converged" or "Converged(default)"). */
export function isConverged(host: NlbHost): boolean {
  return /^converged\b/i.test(host.state.trim());
}

/** The cluster's entry for this server, matched by NetBIOS name or FQDN, case-insensitively. */
export function hostEntryFor(cluster: NlbCluster, server: Server): NlbHost | undefined {
  const names = new Set(serverNameKeys(server));
  return cluster.hosts.find((h) => hostNameKeys(h).some((key) => names.has(key)));
}

/** The names an NLB host entry may use for a server: NetBIOS name, CN and FQDN, lower case. */
export function serverNameKeys(server: Server): string[] {
  const keys = new Set([server.name.toLowerCase(), dnLeaf(server.dn).toLowerCase()]);
  if (server.fqdn) keys.add(server.fqdn.toLowerCase().replace(/\.$/, ''));
  return [...keys];
}

/** The names a host entry can match: its name as written and, for an FQDN, its first label. */
export function hostNameKeys(host: NlbHost): string[] {
  const name = host.name.trim().toLowerCase().replace(/\.$/, '');
  const label = name.split('.')[0]!;
  return label === name ? [name] : [name, label];
}
