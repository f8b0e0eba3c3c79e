/**
 * What NLB002–NLB005 share: which servers they judge, how they say that a
 * server's NLB data is missing, and how they name clusters and port rules.
 */
import type { CasArray, HostData, NlbCluster, NlbPortRule, Server } from '../../src/snapshot/model.js';
import type { EstateIndex } from '../../src/model/estate-index.js';
import { normalizeAddress } from '../../src/snapshot/names.js';
import { addressProblem } from '../../src/snapshot/ip-address.js';
import { ALL_VIPS } from '../../src/exchange/host-settings.js';
import { NO_HOST_EXPORT } from '../../src/model/host-ports.js';
import { hostNameKeys, serverNameKeys } from '../../src/model/nlb-port-rules.js';
import type { RuleContext } from '../../src/engine/rule.js';
import type { ObjectRef } from '../../src/model/object-ref.js';
import { pushTo } from '../../src/util/group.js';

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
 * when it is a Client Access server (or its roles are unknown): only those
 * plausibly load-balance an array. A server whose NLB export lists no cluster passes.
 */
export function forEachNlbMember(
  { index, notEvaluated }: Pick<RuleContext, 'index' | 'notEvaluated'>,
  judge: (member: NlbMember) => void,
): void {
  for (const server of index.snapshot.servers) {
    if (!index.isExchange2010(server)) continue;
    const data = nlbDataOf(index, server);
    if (!data.ok) {
      // A server whose roles are unknown may be a Client Access server: said, not dropped.
      if (index.isCasServer(server) || !index.rolesKnown(server)) notEvaluated(index.ref(server), data.reason);
      continue;
    }
    if (data.host.nlb.clusters.length === 0) continue;
    judge({ server, host: data.host, target: index.ref(server), clusters: data.host.nlb.clusters });
  }
}

/** The server's host data when it holds NLB data, or the generic reason it does not (for RuleContext.notEvaluated). */
export function nlbDataOf(index: EstateIndex, server: Server): { ok: true; host: HostData } | { ok: false; reason: string } {
  const host = index.hostData(server);
  if (!host) return { ok: false, reason: NO_HOST_EXPORT };
  if (!host.nlb.collected) return { ok: false, reason: noNlbDataReason(host) };
  return { ok: true, host };
}

/** Why a host export gives no NLB data: none in the folder, or an export that could not be read. */
function noNlbDataReason(host: HostData): string {
  return host.nlb.error ? `its NLB export could not be read (${host.nlb.error})` : 'its host export holds no NLB data';
}

/** The snapshot's servers by each name an NLB host entry may match them by, and their places in the snapshot. */
interface ServerNames {
  byName: Map<string, Server[]>;
  position: Map<Server, number>;
}

/** Per audit (per index): the server name lookup that clusterServers uses. */
const serverNamesCache = new WeakMap<EstateIndex, ServerNames>();

function serverNames(index: EstateIndex): ServerNames {
  let names = serverNamesCache.get(index);
  if (!names) {
    names = { byName: new Map(), position: new Map() };
    for (const [position, server] of index.snapshot.servers.entries()) {
      names.position.set(server, position);
      for (const key of serverNameKeys(server)) {
        pushTo(names.byName, key, server);
      }
    }
    serverNamesCache.set(index, names);
  }
  return names;
}

/**
 * The snapshot's servers that are hosts of any of the clusters (those for
 * which hostEntryFor finds an entry), in snapshot order: found by name
 * through a lookup built once per audit, not by matching every server.
 */
export function clusterServers(index: EstateIndex, clusters: readonly NlbCluster[]): Server[] {
  const { byName, position } = serverNames(index);
  const found = new Set<Server>();
  for (const cluster of clusters) {
    for (const host of cluster.hosts) {
      // The same matching as hostEntryFor, through the lookup.
      for (const key of hostNameKeys(host)) for (const server of byName.get(key) ?? []) found.add(server);
    }
  }
  return [...found].sort((a, b) => position.get(a)! - position.get(b)!);
}

/** "lon-nlb (10.10.1.50)", or "(unnamed) (10.10.1.50)". */
export function clusterLabel(cluster: NlbCluster): string {
  return `${cluster.name.trim() || '(unnamed)'} (${cluster.ip})`;
}

/**
 * Why NLB003 and NLB004 cannot judge a cluster's port rules, or null when
 * they can: the rules are unknown (the export beside the cluster export was
 * missing or empty), or the cluster IP or a rule's VIP is not an address, so
 * which rules apply to the cluster's traffic cannot be told.
 */
export function clusterUnjudged(cluster: NlbCluster): string | null {
  return unreadableAddress(cluster) ?? portRulesUnknown(cluster);
}

/** Why the cluster IP or a port rule's VIP cannot be compared with an address, or null. */
export function unreadableAddress(cluster: NlbCluster): string | null {
  const bad = [cluster.ip, ...(cluster.portRules ?? []).map((r) => r.vip)].find((address) => address !== ALL_VIPS && addressProblem(address) !== null);
  return bad === undefined ? null : `its NLB cluster ${clusterLabel(cluster)} names "${bad}", which is ${addressProblem(bad)}`;
}

/** Why the cluster's port rules are unknown, or null when they are known. */
export function portRulesUnknown(cluster: NlbCluster): string | null {
  if (cluster.portRules !== null) return null;
  const beside = cluster.source ? ` beside ${cluster.source.file}` : '';
  return `the port rules of its NLB cluster ${clusterLabel(cluster)} are unknown (the nlb-portrules export${beside} is missing or empty)`;
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
  for (const array of index.exchange2010Arrays()) {
    if (!array.fqdn) continue;
    const resolution = index.resolve(array.fqdn);
    if (resolution.state === 'not-collected') unknown.push({ array, reason: 'DNS for an array name was not collected' });
    else if (resolution.state === 'not-asked') unknown.push({ array, reason: 'an array name was not asked in DNS' });
    else if (resolution.state === 'addresses') {
      for (const record of resolution.records) {
        const key = normalizeAddress(record.value);
        // An array's records come together: when it is already listed, it is the last one.
        if (byAddress.get(key)?.at(-1) !== array) pushTo(byAddress, key, array);
      }
    }
  }
  return { byAddress, unknown };
}

/** The in-scope arrays whose FQDN resolves to this cluster's IP. */
export function arraysWithVip(book: ArrayAddressBook, cluster: NlbCluster): CasArray[] {
  return book.byAddress.get(normalizeAddress(cluster.ip)) ?? [];
}
