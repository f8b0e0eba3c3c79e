/**
 * What NLB002–NLB005 share: which servers they judge, how they say that a
 * server's NLB data is missing, and how they name clusters and port rules.
 */
import type { CasArray, HostData, NlbCluster, NlbPortRule, Server } from '../snapshot/model.js';
import { normalizeAddress, type EstateIndex } from './estate-index.js';
import { ALL_VIPS } from './nlb-rules.js';
import type { ObjectRef, RuleContext } from './rule.js';

/** An Exchange 2010 server whose host export lists one or more NLB clusters. */
export interface NlbMember {
  server: Server;
  host: HostData;
  target: ObjectRef;
  clusters: NlbCluster[];
}

/**
 * Calls `judge` for each Exchange 2010 server the NLB rules can judge, in
 * snapshot order. A server without NLB data (no host export, or an export
 * without an NLB part) is reported as not evaluated, in the same order, only
 * when it is a Client Access server: only those plausibly load-balance an
 * array. A server whose NLB export lists no cluster passes.
 */
export function forEachNlbMember(
  { index, notEvaluated }: Pick<RuleContext, 'index' | 'notEvaluated'>,
  judge: (member: NlbMember) => void,
): void {
  for (const server of index.snapshot.servers) {
    if (!index.isExchange2010(server)) continue;
    const host = index.hostData(server);
    if (!host || !host.nlb.collected) {
      if (index.isCasServer(server)) {
        notEvaluated(index.ref(server), host ? 'its host export holds no NLB data' : 'no host export for the server');
      }
      continue;
    }
    if (host.nlb.clusters.length === 0) continue;
    judge({ server, host, target: index.ref(server), clusters: host.nlb.clusters });
  }
}

/** "lon-nlb (10.10.1.50)", or "(unnamed) (10.10.1.50)". */
export function clusterLabel(cluster: NlbCluster): string {
  return `${cluster.name.trim() || '(unnamed)'} (${cluster.ip})`;
}

/** "10.10.1.50 Tcp 135" or "All Both 0-65535": VIP, protocol and ports, the way Get-NlbClusterPortRule lists a rule. */
export function portRuleLabel(rule: NlbPortRule): string {
  const vip = rule.vip === ALL_VIPS ? 'All' : rule.vip;
  const ports = rule.startPort === rule.endPort ? `${rule.startPort}` : `${rule.startPort}-${rule.endPort}`;
  return `${vip} ${rule.protocol} ${ports}`;
}

/** The in-scope arrays by the addresses their FQDNs resolve to, and those whose DNS answer is missing. */
export interface ArrayAddressBook {
  byAddress: Map<string, CasArray[]>;
  /** Arrays whose FQDN was not asked, or whose answer was not collected (time-out, SERVFAIL). */
  unknown: { array: CasArray; reason: string }[];
}

export function arrayAddresses(index: EstateIndex): ArrayAddressBook {
  const byAddress = new Map<string, CasArray[]>();
  const unknown: ArrayAddressBook['unknown'] = [];
  for (const array of index.snapshot.casArrays) {
    if (!array.fqdn || !index.isExchange2010Array(array)) continue;
    const resolution = index.resolve(array.fqdn);
    if (resolution.state === 'not-collected') unknown.push({ array, reason: 'DNS for an array name was not collected' });
    else if (resolution.state === 'not-asked') unknown.push({ array, reason: 'an array name was not asked in DNS' });
    else if (resolution.state === 'addresses') {
      for (const record of resolution.records) {
        const key = normalizeAddress(record.value);
        const list = byAddress.get(key);
        if (!list) byAddress.set(key, [array]);
        else if (!list.includes(array)) list.push(array);
      }
    }
  }
  return { byAddress, unknown };
}

/** The in-scope arrays whose FQDN resolves to this cluster's IP. */
export function arraysWithVip(book: ArrayAddressBook, cluster: NlbCluster): CasArray[] {
  return book.byAddress.get(normalizeAddress(cluster.ip)) ?? [];
}
