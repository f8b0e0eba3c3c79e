/**
 * Drift between two snapshots: which objects were added, removed or changed,
 * and for a changed object which attributes, old and new.
 *
 * Objects are matched by identity, not by position: directory objects by the
 * key of their DN (case-insensitive, see `dnKey`), DNS answers by the key of
 * their name (`fqdnKey`), host data by the key of its server's DN. Only what
 * rules read is compared, in a normalised form, so that re-collecting an
 * unchanged estate gives no changes:
 *
 * - `source` (file and line) and `collection` are never compared;
 * - sets (subnets, roles, DAG members, database copies, DNS records, NLB
 *   hosts and port rules) are compared regardless of order;
 * - DNs, FQDNs, legacyExchangeDNs and names compare case-insensitively;
 * - `objectGuid` is compared only when both snapshots have it: a different
 *   GUID under the same DN means the object was deleted and recreated;
 * - a database's legacyExchangeDN is its RPC Client Access endpoint plus a
 *   fixed leaf, so it is reported once, as `rpcClientAccessServer`.
 *
 * Matching uses Maps, so the work is linear in the size of the snapshots
 * (plus sorting the output and the small per-object sets).
 */
import type {
  CasArray,
  Dag,
  Database,
  DatabaseCopy,
  DnsAnswer,
  DnsRecord,
  HostData,
  NlbCluster,
  NlbHost,
  NlbPortRule,
  PortSetting,
  Server,
  Site,
  Snapshot,
} from '../snapshot/model.js';
import { dnKey as computeDnKey, dnLeaf, fqdnKey, legacyDnKey, memoisedDnKey } from '../snapshot/names.js';

/**
 * dnKey, memoised for one diff run: the same DNs (sites, DAGs, servers) are
 * referenced over and over, and parsing them dominates the run time.
 */
let memoisedKey: ((dn: string) => string) | null = null;
function dnKey(dn: string): string {
  return memoisedKey === null ? computeDnKey(dn) : memoisedKey(dn);
}

/** A JSON value as reported in a change. */
export type DiffValue = null | boolean | number | string | DiffValue[] | { [key: string]: DiffValue };

/** One attribute that differs. `old` or `new` is null when a nested item (a DNS record, an NLB port rule) was added or removed. */
export interface AttributeChange {
  path: string;
  old: DiffValue;
  new: DiffValue;
}

/** An object as the diff names it: `id` is its DN (hosts: the server's DN) or, for DNS answers, the queried FQDN. */
export interface DiffObject {
  name: string;
  id: string;
}

export interface ChangedObject extends DiffObject {
  changes: AttributeChange[];
}

export interface KindDiff {
  added: DiffObject[];
  removed: DiffObject[];
  changed: ChangedObject[];
}

/** The kinds of object compared, in report order. */
export const DIFF_KINDS = ['sites', 'servers', 'casArrays', 'databases', 'dags', 'dnsInternal', 'dnsExternal', 'hosts'] as const;
export type DiffKind = (typeof DIFF_KINDS)[number];

export interface DiffSummary {
  added: number;
  removed: number;
  changed: number;
}

export interface SnapshotDiff {
  oldCollectedAt: string;
  newCollectedAt: string;
  kinds: Record<DiffKind, KindDiff>;
  summary: DiffSummary;
}

// ------------------------------------------------------------------ plumbing

/** What a comparison may need to know about the snapshot an object came from. */
interface Side {
  /** FQDN of a CAS array or server by its DN; null when it has none, undefined when there is no such object. */
  fqdnOf(dn: string): string | null | undefined;
}

function sideOf(snapshot: Snapshot): Side {
  let fqdnByDn: Map<string, string | null> | undefined;
  return {
    fqdnOf(dn) {
      // Built on first use: only a changed RPC endpoint needs it.
      if (fqdnByDn === undefined) {
        fqdnByDn = new Map();
        for (const server of snapshot.servers) fqdnByDn.set(dnKey(server.dn), server.fqdn);
        // An array and a server never share a DN; arrays win if a broken snapshot says otherwise.
        for (const array of snapshot.casArrays) fqdnByDn.set(dnKey(array.dn), array.fqdn);
      }
      return fqdnByDn.get(dnKey(dn));
    },
  };
}

/** Compares one aspect of two matched items and appends what differs. */
type Field<T> = (oldItem: T, newItem: T, oldSide: Side, newSide: Side, prefix: string, out: AttributeChange[]) => void;

const canonical = (value: DiffValue): string => JSON.stringify(value);

/** A single attribute: reported as `value`, equal when `key` is equal (default: the value itself). */
function attr<T>(path: string, value: (item: T, side: Side) => DiffValue, key?: (item: T, side: Side) => string): Field<T> {
  const keyOf = key ?? ((item: T, side: Side) => canonical(value(item, side)));
  return (o, n, os, ns, prefix, out) => {
    if (keyOf(o, os) !== keyOf(n, ns)) out.push({ path: prefix + path, old: value(o, os), new: value(n, ns) });
  };
}

const ci = (text: string | null | undefined): string => (text == null ? '\u0000' : text.toLowerCase());
const dnOrNull = (dn: string | null | undefined): string => (dn == null ? '\u0000' : dnKey(dn));
const fqdnOrNull = (fqdn: string | null | undefined): string => (fqdn == null ? '\u0000' : fqdnKey(fqdn));
const legacyOrNull = (legacyDn: string | null | undefined): string => (legacyDn == null ? '\u0000' : legacyDnKey(legacyDn));

/** A case-insensitive string attribute (names, FQDNs, DNs: pass the matching key function). */
function text<T>(path: string, get: (item: T) => string | null | undefined, key: (value: string | null | undefined) => string = ci): Field<T> {
  return (o, n, _os, _ns, prefix, out) => {
    const before = get(o);
    const after = get(n);
    if (before === after || key(before) === key(after)) return;
    out.push({ path: prefix + path, old: before ?? null, new: after ?? null });
  };
}

/** objectGuid: compared only when both snapshots carry it (not every collector reads it). */
function guid<T extends { objectGuid?: string }>(): Field<T> {
  return (o, n, _os, _ns, prefix, out) => {
    if (o.objectGuid !== undefined && n.objectGuid !== undefined && o.objectGuid.toLowerCase() !== n.objectGuid.toLowerCase()) {
      out.push({ path: `${prefix}objectGuid`, old: o.objectGuid, new: n.objectGuid });
    }
  };
}

/** An unordered set of values: reported sorted by key, equal when the sorted keys are. */
function set<T, V>(path: string, items: (item: T) => readonly V[], value: (v: V) => DiffValue, key: (v: V) => string): Field<T> {
  const sorted = (item: T) => items(item).map((v) => ({ key: key(v), value: value(v) })).sort((a, b) => compareStrings(a.key, b.key));
  return (o, n, _os, _ns, prefix, out) => {
    const a = items(o);
    const b = items(n);
    if (a.length === b.length && a.every((v, i) => v === b[i])) return; // same values in the same order
    const before = sorted(o);
    const after = sorted(n);
    if (canonical(before.map((e) => e.key)) !== canonical(after.map((e) => e.key))) {
      out.push({ path: prefix + path, old: before.map((e) => e.value), new: after.map((e) => e.value) });
    }
  };
}

/** How the items of a keyed collection are identified, reported and compared. */
interface ItemSpec<U> {
  key(item: U): string;
  label(item: U): string;
  /** The whole item, reported when it is added or removed. */
  value(item: U): DiffValue;
  fields: Field<U>[];
}

/** Index items by key; a repeated key gets `#2`, `#3`… so duplicates pair up in order instead of vanishing. */
function indexBy<U>(items: readonly U[], key: (item: U) => string): Map<string, U> {
  const map = new Map<string, U>();
  for (const item of items) {
    const base = key(item);
    let k = base;
    for (let n = 2; map.has(k); n++) k = `${base}#${n}`;
    map.set(k, item);
  }
  return map;
}

/** A nested collection compared item by item: `path[label].attr`, or `path[label]` with null on one side. */
function nested<T, U>(path: string, items: (item: T) => readonly U[], spec: ItemSpec<U>): Field<T> {
  return (o, n, os, ns, prefix, out) => {
    const before = indexBy(items(o), spec.key);
    const after = indexBy(items(n), spec.key);
    const keys = [...new Set([...before.keys(), ...after.keys()])].sort(compareStrings);
    for (const key of keys) {
      const a = before.get(key);
      const b = after.get(key);
      if (a !== undefined && b !== undefined) {
        const itemPrefix = `${prefix}${path}[${spec.label(b)}].`;
        for (const field of spec.fields) field(a, b, os, ns, itemPrefix, out);
      } else if (a !== undefined) {
        out.push({ path: `${prefix}${path}[${spec.label(a)}]`, old: spec.value(a), new: null });
      } else if (b !== undefined) {
        out.push({ path: `${prefix}${path}[${spec.label(b)}]`, old: null, new: spec.value(b) });
      }
    }
  };
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface KindSpec<T> {
  key(item: T): string;
  object(item: T): DiffObject;
  fields: Field<T>[];
}

function diffKind<T>(oldItems: readonly T[], newItems: readonly T[], spec: KindSpec<T>, oldSide: Side, newSide: Side): KindDiff {
  const before = indexBy(oldItems, spec.key);
  const after = indexBy(newItems, spec.key);
  const result: KindDiff = { added: [], removed: [], changed: [] };
  for (const [key, item] of after) {
    const previous = before.get(key);
    if (previous === undefined) {
      result.added.push(spec.object(item));
      continue;
    }
    const changes: AttributeChange[] = [];
    for (const field of spec.fields) field(previous, item, oldSide, newSide, '', changes);
    if (changes.length > 0) result.changed.push({ ...spec.object(item), changes });
  }
  for (const [key, item] of before) if (!after.has(key)) result.removed.push(spec.object(item));
  const byName = (a: DiffObject, b: DiffObject) => compareStrings(a.name.toLowerCase(), b.name.toLowerCase()) || compareStrings(a.id, b.id);
  result.added.sort(byName);
  result.removed.sort(byName);
  result.changed.sort(byName);
  return result;
}

// -------------------------------------------------------------- directory data

const directoryObject = (item: { name: string; dn: string }): DiffObject => ({ name: item.name, id: item.dn });

const SITE: KindSpec<Site> = {
  key: (site) => dnKey(site.dn),
  object: directoryObject,
  fields: [
    text('name', (s) => s.name),
    set('subnets', (s) => s.subnets, (subnet) => subnet, (subnet) => subnet.trim().toLowerCase()),
    guid(),
  ],
};

const versionKey = (server: Server): string =>
  server.version ? `${server.version.major}.${server.version.minor}.${server.version.build}.${server.version.revision ?? ''}` : '\u0000';

const SERVER: KindSpec<Server> = {
  key: (server) => dnKey(server.dn),
  object: directoryObject,
  fields: [
    text('name', (s) => s.name),
    text('fqdn', (s) => s.fqdn, fqdnOrNull),
    text('legacyExchangeDN', (s) => s.legacyExchangeDN, legacyOrNull),
    text('site', (s) => s.site, dnOrNull),
    set('roles', (s) => s.roles, (role) => role, (role) => role),
    attr('roleBits', (s) => s.roleBits),
    attr('version', (s) => s.version?.text ?? null, versionKey),
    text('dag', (s) => s.dag, dnOrNull),
    guid(),
  ],
};

const CAS_ARRAY: KindSpec<CasArray> = {
  key: (array) => dnKey(array.dn),
  object: directoryObject,
  fields: [
    text('name', (a) => a.name),
    text('fqdn', (a) => a.fqdn, fqdnOrNull),
    text('legacyExchangeDN', (a) => a.legacyExchangeDN, legacyOrNull),
    text('site', (a) => a.site, dnOrNull),
    guid(),
  ],
};

/** What the database's RPC Client Access endpoint is, as AD stores it (via legacyExchangeDN). */
function endpointKey(db: Database): string {
  if (db.rpcClientAccess.legacyExchangeDN != null) return legacyDnKey(db.rpcClientAccess.legacyExchangeDN);
  return db.legacyExchangeDN != null ? `database:${legacyDnKey(db.legacyExchangeDN)}` : '\u0000';
}

/** The endpoint as an administrator names it: the FQDN of the array or server it resolves to, else its legacyExchangeDN. */
function endpointName(db: Database, side: Side): string | null {
  const resolved = db.rpcClientAccess.resolved;
  const fqdn = resolved ? side.fqdnOf(resolved.target) : undefined;
  return fqdn ?? db.rpcClientAccess.legacyExchangeDN ?? db.legacyExchangeDN;
}

/** RpcClientAccessServer, reported by FQDN; by legacyExchangeDN when two endpoints share an FQDN. */
const rpcClientAccessServer: Field<Database> = (o, n, os, ns, prefix, out) => {
  if (endpointKey(o) === endpointKey(n)) return;
  let before = endpointName(o, os);
  let after = endpointName(n, ns);
  if (ci(before) === ci(after)) {
    before = o.rpcClientAccess.legacyExchangeDN ?? o.legacyExchangeDN;
    after = n.rpcClientAccess.legacyExchangeDN ?? n.legacyExchangeDN;
  }
  out.push({ path: `${prefix}rpcClientAccessServer`, old: before, new: after });
};

const copyKey = (copy: DatabaseCopy): string => `${dnKey(copy.server)}\u0000${copy.activationPreference ?? ''}`;

const DATABASE: KindSpec<Database> = {
  key: (db) => dnKey(db.dn),
  object: directoryObject,
  fields: [
    text('name', (d) => d.name),
    attr('kind', (d) => d.kind),
    text('owningServer', (d) => d.owningServer, dnOrNull),
    text('master', (d) => d.master, dnOrNull),
    rpcClientAccessServer,
    attr('rpcClientAccess.resolvedKind', (d) => d.rpcClientAccess.resolved?.kind ?? null),
    set('copies', (d) => d.copies, (c) => ({ server: c.server, activationPreference: c.activationPreference }), copyKey),
    guid(),
  ],
};

const DAG: KindSpec<Dag> = {
  key: (dag) => dnKey(dag.dn),
  object: directoryObject,
  fields: [text('name', (d) => d.name), set('members', (d) => d.members, (m) => m, dnKey), guid()],
};

// ------------------------------------------------------------------------ DNS

function recordValueKey(record: DnsRecord): string {
  return record.type === 'CNAME' ? fqdnKey(record.value) : record.value.trim().toLowerCase();
}

function dnsAnswerSpec(): KindSpec<DnsAnswer> {
  // A record's owner name is part of its identity: a CNAME chain puts several names in one answer.
  const recordSpec = (answer: DnsAnswer): ItemSpec<DnsRecord> => ({
    key: (r) => `${fqdnKey(r.name)} ${r.type} ${recordValueKey(r)}`,
    label: (r) => (fqdnKey(r.name) === fqdnKey(answer.name) ? `${r.type} ${r.value}` : `${r.name} ${r.type} ${r.value}`),
    value: (r) => ({ name: r.name, type: r.type, value: r.value, ttl: r.ttl }),
    fields: [attr('ttl', (r) => r.ttl)],
  });
  const records: Field<DnsAnswer> = (o, n, os, ns, prefix, out) =>
    nested('records', (a: DnsAnswer) => a.records, recordSpec(n))(o, n, os, ns, prefix, out);
  return {
    key: (answer) => fqdnKey(answer.name),
    object: (answer) => ({ name: answer.name, id: answer.name }),
    fields: [
      attr('status', (a) => a.status),
      text('rcode', (a) => a.rcode),
      attr('error', (a) => a.error ?? null),
      records,
    ],
  };
}

const DNS_ANSWER = dnsAnswerSpec();

// ---------------------------------------------------------------------- hosts

const NLB_HOST: ItemSpec<NlbHost> = {
  key: (h) => h.name.toLowerCase(),
  label: (h) => h.name,
  value: (h) => ({ name: h.name, state: h.state, hostId: h.hostId }),
  fields: [text('state', (h) => h.state), attr('hostId', (h) => h.hostId)],
};

const PORT_RULE: ItemSpec<NlbPortRule> = {
  key: (r) => `${r.vip} ${r.startPort}-${r.endPort}`,
  label: (r) => `${r.vip}:${r.startPort}-${r.endPort}`,
  value: (r) => ({
    vip: r.vip,
    startPort: r.startPort,
    endPort: r.endPort,
    protocol: r.protocol,
    filteringMode: r.filteringMode,
    affinity: r.affinity,
    enabled: r.enabled,
  }),
  fields: [
    attr('protocol', (r) => r.protocol),
    attr('filteringMode', (r) => r.filteringMode),
    attr('affinity', (r) => r.affinity),
    attr('enabled', (r) => r.enabled),
  ],
};

const NLB_CLUSTER: ItemSpec<NlbCluster> = {
  key: (c) => c.ip.trim().toLowerCase(),
  label: (c) => c.ip,
  value: (c) => ({
    name: c.name,
    ip: c.ip,
    mode: c.mode,
    hosts: c.hosts.map((h) => NLB_HOST.value(h)),
    portRules: c.portRules === null ? null : c.portRules.map((r) => PORT_RULE.value(r)),
  }),
  fields: [
    text('name', (c) => c.name),
    text('mode', (c) => c.mode),
    nested('hosts', (c) => c.hosts, NLB_HOST),
    // Port rules becoming known or unknown is a change of its own; the rules themselves are compared when both sides know them.
    attr('portRulesKnown', (c) => c.portRules !== null),
    nested('portRules', (c) => c.portRules ?? [], PORT_RULE),
  ],
};

/** A registry or config port value: what it says and what it means; where it was read (file, line) is not compared. */
const portSetting = (setting: PortSetting | null): DiffValue => (setting ? { port: setting.port, raw: setting.raw } : null);
const portSettingKey = (setting: PortSetting | null): string => (setting ? `${setting.port ?? ''}\u0000${setting.raw.trim().toLowerCase()}` : '\u0000');

const HOST: KindSpec<HostData> = {
  key: (host) => dnKey(host.server),
  object: (host) => ({ name: dnLeaf(host.server), id: host.server }),
  fields: [
    attr('nlb.collected', (h) => h.nlb.collected),
    attr('nlb.error', (h) => h.nlb.error ?? null),
    nested('nlb.clusters', (h) => h.nlb.clusters, NLB_CLUSTER),
    attr('ports.collected', (h) => h.ports.collected),
    attr('ports.error', (h) => h.ports.error ?? null),
    attr('ports.rpcClientAccess', (h) => portSetting(h.ports.rpcClientAccess), (h) => portSettingKey(h.ports.rpcClientAccess)),
    attr('ports.addressBookRegistry', (h) => portSetting(h.ports.addressBookRegistry), (h) => portSettingKey(h.ports.addressBookRegistry)),
    attr('ports.addressBookConfig', (h) => portSetting(h.ports.addressBookConfig), (h) => portSettingKey(h.ports.addressBookConfig)),
  ],
};

// ------------------------------------------------------------------ the diff

export function diffSnapshots(oldSnapshot: Snapshot, newSnapshot: Snapshot): SnapshotDiff {
  memoisedKey = memoisedDnKey();
  try {
    return diffWithCache(oldSnapshot, newSnapshot);
  } finally {
    memoisedKey = null;
  }
}

function diffWithCache(oldSnapshot: Snapshot, newSnapshot: Snapshot): SnapshotDiff {
  const os = sideOf(oldSnapshot);
  const ns = sideOf(newSnapshot);
  const kinds: Record<DiffKind, KindDiff> = {
    sites: diffKind(oldSnapshot.sites, newSnapshot.sites, SITE, os, ns),
    servers: diffKind(oldSnapshot.servers, newSnapshot.servers, SERVER, os, ns),
    casArrays: diffKind(oldSnapshot.casArrays, newSnapshot.casArrays, CAS_ARRAY, os, ns),
    databases: diffKind(oldSnapshot.databases, newSnapshot.databases, DATABASE, os, ns),
    dags: diffKind(oldSnapshot.dags, newSnapshot.dags, DAG, os, ns),
    dnsInternal: diffKind(oldSnapshot.dns.internal, newSnapshot.dns.internal, DNS_ANSWER, os, ns),
    dnsExternal: diffKind(oldSnapshot.dns.external ?? [], newSnapshot.dns.external ?? [], DNS_ANSWER, os, ns),
    hosts: diffKind(oldSnapshot.hosts.servers, newSnapshot.hosts.servers, HOST, os, ns),
  };
  const summary: DiffSummary = { added: 0, removed: 0, changed: 0 };
  for (const kind of DIFF_KINDS) {
    summary.added += kinds[kind].added.length;
    summary.removed += kinds[kind].removed.length;
    summary.changed += kinds[kind].changed.length;
  }
  return { oldCollectedAt: oldSnapshot.collection.collectedAt, newCollectedAt: newSnapshot.collection.collectedAt, kinds, summary };
}

/** Whether the diff found anything at all. */
export function hasChanges(diff: SnapshotDiff): boolean {
  return diff.summary.added + diff.summary.removed + diff.summary.changed > 0;
}
