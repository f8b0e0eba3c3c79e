/**
 * The estate as the HTML and Markdown reports draw it: per AD site, its CAS
 * arrays with their DNS addresses, the NLB clusters of its servers, its
 * servers in their DAGs, and its databases, each with an edge to the
 * endpoint it sends Outlook to, and every object's findings as a mark.
 * Objects whose site is not in AD, or unknown, get groups of their own, so
 * nothing the rules judged drops out of the picture.
 */
import type { AuditResult, Finding } from '../engine/audit.js';
import type { EstateIndex } from '../model/estate-index.js';
import { hostEntryFor, hostNameKeys, serverNameKeys } from '../model/nlb-port-rules.js';
import { LEVELS, type Level } from '../engine/rule.js';
import { KIND_LABEL, type ObjectKind } from '../model/object-ref.js';
import type { CasArray, Database, NlbCluster, Server, Version } from '../snapshot/model.js';
import { dnLeaf, legacyDnKey, normalizeAddress } from '../snapshot/names.js';
import { plural } from './common.js';
import { pushTo } from '../util/group.js';

/** The findings on one object (suppressed ones left out): the worst level shows. */
export interface Mark {
  level: Level;
  findings: number;
  /** Rule ids, each once, in the order met. */
  rules: string[];
}

/**
 * array, nlb, server, database: objects of the site. elsewhere: an endpoint
 * drawn in another group, shown here so the database's edge has an end.
 * missing: an endpoint that names no array or server.
 */
export type NodeKind = 'array' | 'nlb' | 'server' | 'database' | 'elsewhere' | 'missing';

/** A node kind as a word in a sentence ("CAS array outlook"), as the HTML report names nodes. */
export const NODE_KIND_LABEL: Record<NodeKind, string> = {
  array: 'CAS array',
  nlb: 'NLB cluster',
  server: 'server',
  database: 'database',
  elsewhere: 'endpoint in another site',
  missing: 'missing endpoint',
};

export interface TopologyNode {
  kind: NodeKind;
  name: string;
  /** Lines under the name: FQDN and addresses, VIP, roles and version, owner. */
  details: string[];
  mark: Mark | null;
  /** elsewhere: where the object itself is drawn. */
  elsewhere?: { site: number; node: number };
  /** server: its DAG (index in SiteTopology.dags). */
  dag?: number;
  /** server: holds the Client Access role. */
  clientAccess?: boolean;
  /** nlb: the cluster's virtual IP, normalised. */
  vip?: string;
}

export interface DagGroup {
  name: string;
  /** Member servers of this group (indexes in SiteTopology.nodes); a DAG can span sites. */
  members: number[];
  mark: Mark | null;
}

/** endpoint: database → its RPC Client Access endpoint; dns: array → what its FQDN resolves to; nlb: cluster → host. */
export type EdgeKind = 'endpoint' | 'dns' | 'nlb';

export interface TopologyEdge {
  from: number;
  to: number;
  kind: EdgeKind;
}

/** site: an AD site; gone: a site objects name that is not in AD; none: objects with no known site. */
export type SiteState = 'site' | 'gone' | 'none';

export interface SiteTopology {
  name: string;
  state: SiteState;
  dn: string | null;
  /** Findings on the site object itself (ARR001, ARR002). */
  mark: Mark | null;
  nodes: TopologyNode[];
  dags: DagGroup[];
  edges: TopologyEdge[];
  /** Findings in the group, suppressed ones left out, by level. */
  counts: Record<Level, number>;
}

/** Where a finding is drawn: its group, and the node it marks (null: the site itself or a DAG). */
export interface FindingPlace {
  site: number;
  node: number | null;
}

export interface Topology {
  /** AD sites by name, then sites not in AD, then the group of objects without a site. */
  sites: SiteTopology[];
  places: Map<Finding, FindingPlace>;
}

/** The group name for objects with no known site. */
export const NO_SITE_NAME = 'No known site';

/** A group's name as a heading says it. */
export function siteTitle(site: Pick<SiteTopology, 'name' | 'state'>): string {
  return site.state === 'gone' ? `${site.name} (site not in AD)` : site.name;
}

const ROLE_ABBREVIATIONS: Record<Server['roles'][number], string> = {
  Mailbox: 'Mailbox',
  ClientAccess: 'Client Access',
  HubTransport: 'Hub',
  UnifiedMessaging: 'UM',
  Edge: 'Edge',
  Cafe: 'Cafe',
  FrontendTransport: 'Front End',
};

const MAX_ADDRESSES = 3;

export function buildTopology(result: AuditResult): Topology {
  return new TopologyBuilder(result).build();
}

class TopologyBuilder {
  private readonly index: EstateIndex;
  private readonly sites: SiteTopology[] = [];
  private readonly groupByKey = new Map<string, number>();
  /** Where each array, server and database is drawn, by `kind:dnKey`. */
  private readonly placed = new Map<string, FindingPlace>();
  private readonly dagPlaces = new Map<string, { site: number; dag: number }[]>();
  /** Each group's servers by node. */
  private readonly serversAt: Map<number, Server>[] = [];
  /** Elsewhere and missing nodes by group and what they stand for, so each is drawn once per group. */
  private readonly standIns = new Map<string, number>();

  constructor(private readonly result: AuditResult) {
    // The audit's own index: one per estate, not a second one for the drawing.
    this.index = result.index;
  }

  build(): Topology {
    this.createGroups();
    for (const server of this.result.snapshot.servers) this.placeServer(server);
    for (const array of this.result.snapshot.casArrays) this.placeArray(array);
    this.placeDags();
    for (const site of this.sites.keys()) this.placeNlbClusters(site);
    for (const array of this.result.snapshot.casArrays) this.linkArrayAddresses(array);
    for (const database of this.result.snapshot.databases) this.placeDatabase(database);
    return { sites: this.sites, places: this.markFindings() };
  }

  // ------------------------------------------------------------ groups

  /**
   * The AD sites and the sites objects name that AD lacks, up front and in
   * report order, so that a node can name another group by its final index.
   * The group of objects without a site comes last, made when first needed.
   */
  private createGroups(): void {
    const { snapshot } = this.result;
    const gone = new Map<string, string>();
    for (const object of [...snapshot.servers, ...snapshot.casArrays]) {
      if (object.site && !this.index.site(object.site)) gone.set(this.index.dnKey(object.site), object.site);
    }
    for (const site of [...snapshot.sites].sort((a, b) => a.name.localeCompare(b.name))) {
      this.addGroup(this.index.dnKey(site.dn), { name: site.name, state: 'site', dn: site.dn });
    }
    const goneSites = [...gone].map(([key, dn]) => ({ key, dn, name: dnLeaf(dn) })).sort((a, b) => a.name.localeCompare(b.name));
    for (const { key, dn, name } of goneSites) this.addGroup(key, { name, state: 'gone', dn });
  }

  private addGroup(key: string, site: Pick<SiteTopology, 'name' | 'state' | 'dn'>): number {
    this.groupByKey.set(key, this.sites.length);
    this.serversAt.push(new Map());
    this.sites.push({ ...site, mark: null, nodes: [], dags: [], edges: [], counts: { error: 0, warning: 0, note: 0 } });
    return this.sites.length - 1;
  }

  private groupOf(siteDn: string | null | undefined): number {
    const group = siteDn ? this.groupByKey.get(this.index.dnKey(siteDn)) : undefined;
    return group ?? this.groupByKey.get('') ?? this.addGroup('', { name: NO_SITE_NAME, state: 'none', dn: null });
  }

  private addNode(site: number, node: TopologyNode): number {
    const nodes = this.sites[site]!.nodes;
    nodes.push(node);
    return nodes.length - 1;
  }

  private place(kind: ObjectKind, dn: string, where: FindingPlace): void {
    const key = `${kind}:${this.index.dnKey(dn)}`;
    if (!this.placed.has(key)) this.placed.set(key, where);
  }

  private placeOf(kind: ObjectKind, dn: string): FindingPlace | undefined {
    return this.placed.get(`${kind}:${this.index.dnKey(dn)}`);
  }

  // ----------------------------------------------------------- objects

  private placeServer(server: Server): void {
    const site = this.groupOf(server.site);
    const roles = server.roles.length > 0 ? server.roles.map((r) => ROLE_ABBREVIATIONS[r]).join(' · ') : 'roles unknown';
    const node = this.addNode(site, {
      kind: 'server',
      name: server.name,
      details: [roles, versionLabel(server.version)],
      mark: null,
      clientAccess: server.roles.includes('ClientAccess'),
    });
    this.place('server', server.dn, { site, node });
    this.serversAt[site]!.set(node, server);
  }

  private placeArray(array: CasArray): void {
    const site = this.groupOf(array.site);
    const details = array.fqdn ? [array.fqdn, this.addressLine(array.fqdn)] : ['no FQDN'];
    const node = this.addNode(site, { kind: 'array', name: array.name, details, mark: null });
    this.place('casArray', array.dn, { site, node });
  }

  /** What the array's FQDN resolves to, as the internal DNS answered. */
  private addressLine(fqdn: string): string {
    const resolution = this.index.resolve(fqdn);
    switch (resolution.state) {
      case 'addresses': {
        const addresses = resolution.records.map((r) => r.value);
        const more = addresses.length > MAX_ADDRESSES ? ` +${addresses.length - MAX_ADDRESSES} more` : '';
        return `DNS: ${addresses.slice(0, MAX_ADDRESSES).join(', ')}${more}`;
      }
      case 'no-address':
        return `DNS: no address${resolution.rcode && resolution.rcode !== 'NOERROR' ? ` (${resolution.rcode})` : ''}`;
      case 'not-collected':
        return 'DNS: not collected';
      case 'not-asked':
        return 'DNS: not looked up';
    }
  }

  /** Each DAG as a group around its members in every site that holds some; a DAG without members sits in its own site's group. */
  private placeDags(): void {
    const membersByDag = new Map<string, { site: number; node: number }[]>();
    for (const server of this.result.snapshot.servers) {
      const dag = this.index.dagOf(server);
      const where = this.placeOf('server', server.dn);
      if (!dag || !where || where.node === null) continue;
      const key = this.index.dnKey(dag.dn);
      pushTo(membersByDag, key, { site: where.site, node: where.node });
    }
    for (const dag of this.result.snapshot.dags) {
      const key = this.index.dnKey(dag.dn);
      if (this.dagPlaces.has(key)) continue; // a second DAG object with the same DN
      const members = membersByDag.get(key) ?? [];
      const sites = [...new Set(members.map((m) => m.site))];
      if (sites.length === 0) sites.push(this.groupOf(this.index.siteOf(this.index.ref(dag))?.dn));
      const places = sites.map((site) => {
        const dags = this.sites[site]!.dags;
        const inSite = members.filter((m) => m.site === site).map((m) => m.node);
        dags.push({ name: dag.name, members: inSite, mark: null });
        for (const node of inSite) this.sites[site]!.nodes[node]!.dag = dags.length - 1;
        return { site, dag: dags.length - 1 };
      });
      this.dagPlaces.set(key, places);
    }
  }

  /**
   * The NLB clusters that the site's servers' host exports list, once each
   * (by name and VIP), with an edge to each of the site's servers that
   * exports it or is one of its hosts.
   */
  private placeNlbClusters(site: number): void {
    const servers = this.serversAt[site]!;
    const clusters = new Map<string, { cluster: NlbCluster; hosts: Set<number> }>();
    for (const [node, server] of servers) {
      for (const cluster of this.index.hostData(server)?.nlb.clusters ?? []) {
        const key = `${cluster.name.trim().toLowerCase()}|${normalizeAddress(cluster.ip)}`;
        const entry = clusters.get(key) ?? { cluster, hosts: new Set<number>() };
        entry.hosts.add(node);
        clusters.set(key, entry);
      }
    }
    const sorted = [...clusters.values()].sort((a, b) => a.cluster.name.localeCompare(b.cluster.name));
    for (const { cluster, hosts } of sorted) {
      for (const [node, server] of servers) if (hostEntryFor(cluster, server)) hosts.add(node);
      const strangers = cluster.hosts.filter((h) => !hostNameKeys(h).some((key) => this.exchangeServerNames().has(key))).length;
      const hostLine = `${plural(cluster.hosts.length, 'host')}${strangers > 0 ? `, ${strangers} not Exchange` : ''}`;
      const node = this.addNode(site, {
        kind: 'nlb',
        name: cluster.name.trim() || '(unnamed NLB cluster)',
        details: [`VIP ${cluster.ip} · ${cluster.mode}`, hostLine],
        mark: null,
        vip: normalizeAddress(cluster.ip),
      });
      for (const host of [...hosts].sort((a, b) => a - b)) this.sites[site]!.edges.push({ from: node, to: host, kind: 'nlb' });
    }
  }

  private serverNames: Set<string> | undefined;

  /** Every name an NLB host entry may give an Exchange server of the estate. */
  private exchangeServerNames(): Set<string> {
    this.serverNames ??= new Set(this.result.snapshot.servers.flatMap(serverNameKeys));
    return this.serverNames;
  }

  /** An edge from the array to each NLB cluster of its site whose VIP its FQDN resolves to, or else to each server of its site with that address. */
  private linkArrayAddresses(array: CasArray): void {
    const where = this.placeOf('casArray', array.dn);
    if (!array.fqdn || !where || where.node === null) return;
    const resolution = this.index.resolve(array.fqdn);
    if (resolution.state !== 'addresses') return;
    const site = this.sites[where.site]!;
    const targets = new Set<number>();
    for (const record of resolution.records) {
      const address = normalizeAddress(record.value);
      const vip = site.nodes.findIndex((n) => n.kind === 'nlb' && n.vip === address);
      if (vip >= 0) {
        targets.add(vip);
        continue;
      }
      for (const server of this.index.serversWithAddress(record.value)) {
        const at = this.placeOf('server', server.dn);
        if (at?.site === where.site && at.node !== null) targets.add(at.node);
      }
    }
    for (const to of targets) site.edges.push({ from: where.node, to, kind: 'dns' });
  }

  private placeDatabase(database: Database): void {
    const owner = this.index.owningServerOf(database);
    const siteIndex = owner ? this.groupOf(owner.site) : this.groupOf(null);
    const site = this.sites[siteIndex]!;
    const ownerName = owner?.name ?? (database.owningServer ? `${dnLeaf(database.owningServer)} (not in AD)` : 'no owning server');
    const copies = database.copies.length;
    const details = [
      database.kind === 'publicFolder' ? 'public folder database' : 'mailbox database',
      `on ${ownerName}${copies > 1 ? ` · ${copies} copies` : ''}`,
    ];
    const endpoint = this.index.endpointOf(database);
    if (endpoint === undefined) details.push('no RPC Client Access endpoint');
    const node = this.addNode(siteIndex, { kind: 'database', name: database.name, details, mark: null });
    this.place('database', database.dn, { site: siteIndex, node });
    if (endpoint === undefined) return;
    const target = endpoint === null ? this.missingEndpoint(siteIndex, database.rpcClientAccess.legacyExchangeDN!) : this.endpointNode(siteIndex, endpoint);
    site.edges.push({ from: node, to: target, kind: 'endpoint' });
  }

  /** The node of the array or server, or, when it is drawn in another group, a node here that stands for it. */
  private endpointNode(site: number, endpoint: NonNullable<ReturnType<EstateIndex['endpointOf']>>): number {
    const kind: ObjectKind = endpoint.kind === 'array' ? 'casArray' : 'server';
    const where = this.placeOf(kind, endpoint.object.dn)!;
    if (where.site === site) return where.node!;
    const home = this.sites[where.site]!;
    const details = [`${KIND_LABEL[kind]} in ${home.state === 'none' ? 'no known site' : `site ${siteTitle(home)}`}`];
    return this.standIn(site, `${kind}:${this.index.dnKey(endpoint.object.dn)}`, () => ({
      kind: 'elsewhere',
      name: endpoint.object.name,
      details,
      mark: null,
      elsewhere: { site: where.site, node: where.node! },
    }));
  }

  /** One node per endpoint that matches nothing, named by its last /cn= part. */
  private missingEndpoint(site: number, legacyDn: string): number {
    const name = /\/cn=([^/]+)$/i.exec(legacyDn.trim())?.[1] ?? legacyDn;
    return this.standIn(site, `missing:${legacyDnKey(legacyDn)}`, () => ({ kind: 'missing', name, details: ['names no array or server', legacyDn], mark: null }));
  }

  private standIn(site: number, key: string, make: () => TopologyNode): number {
    const fullKey = `${site}|${key}`;
    let node = this.standIns.get(fullKey);
    if (node === undefined) {
      node = this.addNode(site, make());
      this.standIns.set(fullKey, node);
    }
    return node;
  }

  // ----------------------------------------------------------- findings

  private markFindings(): Map<Finding, FindingPlace> {
    const places = new Map<Finding, FindingPlace>();
    for (const finding of this.result.findings) {
      const place = this.findingPlace(finding);
      places.set(finding, place);
      if (finding.suppression) continue;
      const site = this.sites[place.site]!;
      site.counts[finding.level]++;
      if (place.node !== null) {
        const node = site.nodes[place.node]!;
        node.mark = addToMark(node.mark, finding);
      } else if (finding.target.kind === 'site') {
        site.mark = addToMark(site.mark, finding);
      }
      if (finding.target.kind === 'dag') {
        for (const { site: s, dag } of this.dagPlaces.get(this.index.dnKey(finding.target.dn)) ?? []) {
          const group = this.sites[s]!.dags[dag]!;
          group.mark = addToMark(group.mark, finding);
        }
      }
    }
    return places;
  }

  private findingPlace(finding: Finding): FindingPlace {
    const { kind, dn } = finding.target;
    if (kind === 'site') return { site: this.groupOf(dn), node: null };
    if (kind === 'dag') {
      const first = this.dagPlaces.get(this.index.dnKey(dn))?.[0];
      return { site: first?.site ?? this.groupOf(finding.site?.dn), node: null };
    }
    return this.placeOf(kind, dn) ?? { site: this.groupOf(finding.site?.dn), node: null };
  }
}

function addToMark(mark: Mark | null, finding: Finding): Mark {
  if (!mark) return { level: finding.level, findings: 1, rules: [finding.ruleId] };
  if (LEVELS.indexOf(finding.level) < LEVELS.indexOf(mark.level)) mark.level = finding.level;
  mark.findings++;
  if (!mark.rules.includes(finding.ruleId)) mark.rules.push(finding.ruleId);
  return mark;
}

/** "Exchange 2010 SP3 (14.3.123)", "Exchange 2007 (8.3.83)". */
export function versionLabel(version: Version | null): string {
  if (!version) return 'version unknown';
  const number = `${version.major}.${version.minor}.${version.build}`;
  switch (version.major) {
    case 14:
      return `Exchange 2010 ${version.minor === 0 ? 'RTM' : `SP${version.minor}`} (${number})`;
    case 8:
      return `Exchange 2007 (${number})`;
    case 15:
      return `Exchange 2013 or later (${number})`;
    default:
      return `version ${number}`;
  }
}
