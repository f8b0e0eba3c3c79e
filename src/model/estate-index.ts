/**
 * Indexes over a snapshot, built once per audit so that every rule's
 * cross-reference is a map lookup and an audit stays linear in estate size.
 */
import { groupBy, pushTo } from '../util/group.js';
import { fqdnKey, legacyDnKey, memoisedDnKey, normalizeAddress } from '../snapshot/names.js';
import type {
  CasArray,
  Dag,
  Database,
  DnsAnswer,
  HostData,
  Server,
  Site,
  Snapshot,
} from '../snapshot/model.js';
import { resolveName, type Resolution } from './dns-view.js';
import type { ObjectKind, ObjectRef } from './object-ref.js';

export type Endpoint = { kind: 'array'; object: CasArray } | { kind: 'server'; object: Server };

type EstateObject = Site | Server | CasArray | Database | Dag;

function byKey<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const key = keyOf(item);
    if (!map.has(key)) map.set(key, item);
  }
  return map;
}

const EXCHANGE_2010_MAJOR = 14;

export class EstateIndex {
  readonly sites = new Map<string, Site>();
  readonly servers: Map<string, Server>;
  readonly arrays: Map<string, CasArray>;
  readonly databases: Map<string, Database>;
  readonly dags: Map<string, Dag>;
  private readonly endpointsByLegacyDn = new Map<string, Endpoint>();
  private readonly serversBySite: Map<string, Server[]>;
  private readonly arraysBySite: Map<string, CasArray[]>;
  private readonly databasesBySite: Map<string, Database[]>;
  private readonly serversByFqdn: Map<string, Server[]>;
  private readonly arraysByFqdn: Map<string, CasArray[]>;
  private readonly dnsInternal: Map<string, DnsAnswer>;
  private readonly dnsExternal: Map<string, DnsAnswer> | null;
  private readonly hostsByServer: Map<string, HostData>;
  private readonly kindOf = new Map<object, ObjectKind>();
  private serverAddressBook: { byAddress: Map<string, Server[]>; incomplete: boolean } | undefined;
  private arrays2010: CasArray[] | undefined;
  private mailboxDatabases2010: Database[] | undefined;
  private databasesByArray: Map<CasArray, Database[]> | undefined;
  private dagByMember: Map<string, Dag> | undefined;
  private readonly keyOf = memoisedDnKey();
  /**
   * Answers per object for the lookups every rule repeats (a database's owning
   * server, a server's host data): keyed by the object itself, which is cheaper
   * than finding a DN string in a map of a hundred thousand long keys each time.
   */
  private readonly ownerOf = new Map<Database, Server | null>();
  private readonly hostOf = new Map<Server, HostData | null>();

  constructor(readonly snapshot: Snapshot) {
    for (const site of snapshot.sites) this.sites.set(this.dnKey(site.dn), site);
    this.servers = byKey(snapshot.servers, (s) => this.dnKey(s.dn));
    this.arrays = byKey(snapshot.casArrays, (a) => this.dnKey(a.dn));
    this.databases = byKey(snapshot.databases, (d) => this.dnKey(d.dn));
    this.dags = byKey(snapshot.dags, (d) => this.dnKey(d.dn));
    for (const [kind, list] of [
      ['site', snapshot.sites],
      ['server', snapshot.servers],
      ['casArray', snapshot.casArrays],
      ['database', snapshot.databases],
      ['dag', snapshot.dags],
    ] as const) {
      for (const object of list) this.kindOf.set(object, kind);
    }
    // Servers first, then arrays: an array never shadows a server of the same legacyExchangeDN.
    for (const server of snapshot.servers) {
      if (server.legacyExchangeDN) this.addEndpoint(server.legacyExchangeDN, { kind: 'server', object: server });
    }
    for (const array of snapshot.casArrays) {
      if (array.legacyExchangeDN) this.addEndpoint(array.legacyExchangeDN, { kind: 'array', object: array });
    }
    this.serversBySite = groupBy(snapshot.servers, (s) => (s.site ? this.dnKey(s.site) : null));
    this.arraysBySite = groupBy(snapshot.casArrays, (a) => (a.site ? this.dnKey(a.site) : null));
    this.databasesBySite = groupBy(snapshot.databases, (d) => {
      const site = this.owningServerOf(d)?.site;
      return site ? this.dnKey(site) : null;
    });
    this.serversByFqdn = groupBy(snapshot.servers, (s) => (s.fqdn ? fqdnKey(s.fqdn) : null));
    this.arraysByFqdn = groupBy(snapshot.casArrays, (a) => (a.fqdn ? fqdnKey(a.fqdn) : null));
    this.dnsInternal = byKey(snapshot.dns.internal, (a) => fqdnKey(a.name));
    this.dnsExternal = snapshot.dns.external ? byKey(snapshot.dns.external, (a) => fqdnKey(a.name)) : null;
    this.hostsByServer = byKey(snapshot.hosts.servers, (h) => this.dnKey(h.server));
  }

  /** The DN's comparison key (see names.ts), computed once per spelling. */
  dnKey(dn: string): string {
    return this.keyOf(dn);
  }

  /** Whether two DNs name the same object, as AD compares them. */
  sameDn(a: string, b: string): boolean {
    return a === b || this.dnKey(a) === this.dnKey(b);
  }

  private addEndpoint(legacyDn: string, endpoint: Endpoint): void {
    const key = legacyDnKey(legacyDn);
    if (!this.endpointsByLegacyDn.has(key)) this.endpointsByLegacyDn.set(key, endpoint);
  }

  // ------------------------------------------------------------ lookups

  site(dn: string | null): Site | undefined {
    return dn ? this.sites.get(this.dnKey(dn)) : undefined;
  }

  server(dn: string | null): Server | undefined {
    return dn ? this.servers.get(this.dnKey(dn)) : undefined;
  }

  /**
   * A link's value when it names no site (danglingSite) or server
   * (danglingServer) of the snapshot: a deleted object, a partial export or
   * a value that is not a DN. Null when the link is unset or found. Rules that
   * need the object mark what links to it not evaluated, naming the value.
   */
  danglingSite(dn: string | null): string | null {
    return dn !== null && !this.site(dn) ? dn : null;
  }

  danglingServer(dn: string | null): string | null {
    return dn !== null && !this.server(dn) ? dn : null;
  }

  dag(dn: string | null): Dag | undefined {
    return dn ? this.dags.get(this.dnKey(dn)) : undefined;
  }

  /**
   * The DAG a server belongs to: its own msExchMDBAvailabilityGroupLink, or a
   * DAG that lists it as a member. The DAG's DN alone when that DAG object is missing.
   */
  dagOf(server: Server): { dn: string; dag: Dag | undefined } | undefined {
    if (server.dag) return { dn: server.dag, dag: this.dag(server.dag) };
    if (!this.dagByMember) {
      this.dagByMember = new Map();
      for (const dag of this.snapshot.dags) {
        for (const member of dag.members) if (!this.dagByMember.has(this.dnKey(member))) this.dagByMember.set(this.dnKey(member), dag);
      }
    }
    const dag = this.dagByMember.get(this.dnKey(server.dn));
    return dag ? { dn: dag.dn, dag } : undefined;
  }

  endpointByLegacyDn(legacyDn: string): Endpoint | undefined {
    return this.endpointsByLegacyDn.get(legacyDnKey(legacyDn));
  }

  /**
   * The array or server a database's RPC Client Access endpoint names: the
   * one whose legacyExchangeDN matches, case-insensitively, as Exchange
   * itself resolves it (the snapshot's `resolved` is informative; `validate`
   * reports where it disagrees). Null when it names nothing, undefined when
   * the database has no endpoint recorded at all.
   */
  endpointOf(database: Database): Endpoint | null | undefined {
    const legacyDn = database.rpcClientAccess.legacyExchangeDN;
    if (legacyDn === null) return undefined;
    return this.endpointByLegacyDn(legacyDn) ?? null;
  }

  owningServerOf(database: Database): Server | undefined {
    let owner = this.ownerOf.get(database);
    if (owner === undefined) {
      owner = this.server(database.owningServer) ?? null;
      this.ownerOf.set(database, owner);
    }
    return owner ?? undefined;
  }

  serversInSite(siteDn: string): Server[] {
    return this.serversBySite.get(this.dnKey(siteDn)) ?? [];
  }

  arraysInSite(siteDn: string): CasArray[] {
    return this.arraysBySite.get(this.dnKey(siteDn)) ?? [];
  }

  /** Databases whose owning server is in the site. */
  databasesInSite(siteDn: string): Database[] {
    return this.databasesBySite.get(this.dnKey(siteDn)) ?? [];
  }

  serversWithFqdn(fqdn: string): Server[] {
    return this.serversByFqdn.get(fqdnKey(fqdn)) ?? [];
  }

  arraysWithFqdn(fqdn: string): CasArray[] {
    return this.arraysByFqdn.get(fqdnKey(fqdn)) ?? [];
  }

  dnsAnswer(fqdn: string): DnsAnswer | undefined {
    return this.dnsInternal.get(fqdnKey(fqdn));
  }

  /** Answers from the external resolver; null when none was asked. */
  externalDnsAnswer(fqdn: string): DnsAnswer | undefined | null {
    return this.dnsExternal ? this.dnsExternal.get(fqdnKey(fqdn)) : null;
  }

  /** A name's addresses after CNAMEs, from the internal resolvers or zone files. */
  resolve(fqdn: string): Resolution {
    return resolveName(fqdn, (name) => this.dnsInternal.get(fqdnKey(name)));
  }

  /** The same from the external resolver; null when none was asked. */
  resolveExternally(fqdn: string): Resolution | null {
    const external = this.dnsExternal;
    return external ? resolveName(fqdn, (name) => external.get(fqdnKey(name))) : null;
  }

  /** Exchange servers whose own FQDN resolves to this address. */
  serversWithAddress(address: string): Server[] {
    return this.serverAddresses().byAddress.get(normalizeAddress(address)) ?? [];
  }

  /**
   * Whether some Exchange server's own name has no known resolution (not
   * collected or not asked): an address that matches no server might still be that server's.
   */
  serverDnsIncomplete(): boolean {
    return this.serverAddresses().incomplete;
  }

  /** Resolves every server's own FQDN once, for serversWithAddress and serverDnsIncomplete. */
  private serverAddresses(): { byAddress: Map<string, Server[]>; incomplete: boolean } {
    if (!this.serverAddressBook) {
      const byAddress = new Map<string, Server[]>();
      let incomplete = false;
      for (const server of this.snapshot.servers) {
        if (!server.fqdn) continue;
        const resolution = this.resolve(server.fqdn);
        if (resolution.state === 'not-collected' || resolution.state === 'not-asked') incomplete = true;
        if (resolution.state !== 'addresses') continue;
        for (const record of resolution.records) {
          const key = normalizeAddress(record.value);
          if (!byAddress.get(key)?.includes(server)) pushTo(byAddress, key, server);
        }
      }
      this.serverAddressBook = { byAddress, incomplete };
    }
    return this.serverAddressBook;
  }

  hostData(server: Server): HostData | undefined {
    let host = this.hostOf.get(server);
    if (host === undefined) {
      host = this.hostsByServer.get(this.dnKey(server.dn)) ?? null;
      this.hostOf.set(server, host);
    }
    return host ?? undefined;
  }

  // ---------------------------------------------------- classification

  /**
   * Exchange 2010: version major 14. A server whose version was not collected
   * counts as 2010 too: the rules then show what they find rather than hide
   * it; only known 2007 (8.x) and 2013+ (15.x) servers are out of scope.
   */
  isExchange2010(server: Server): boolean {
    return server.version === null || server.version.major === EXCHANGE_2010_MAJOR;
  }

  /** Whether the server's roles are known: collected and readable (a bitmask, or decoded names). */
  rolesKnown(server: Server): boolean {
    return server.roleBits !== null || server.roles.length > 0;
  }

  /** An Exchange 2010 server with the ClientAccess role. */
  isCasServer(server: Server): boolean {
    return this.isExchange2010(server) && server.roles.includes('ClientAccess');
  }

  /**
   * A database counts as Exchange 2010 when its owning server is. A database
   * whose owning server is gone cannot be placed: it stays in scope, since
   * only 2007 and 2013+ objects are exempt.
   */
  isExchange2010Database(database: Database): boolean {
    const owner = this.owningServerOf(database);
    return owner ? this.isExchange2010(owner) : true;
  }

  /**
   * A CAS array counts as Exchange 2010 unless its site holds Exchange servers
   * that are all of another version (a 2007 or 2013+ site). An array
   * with no site, or in a site that is gone or empty, stays in scope.
   */
  isExchange2010Array(array: CasArray): boolean {
    if (!array.site) return true;
    const servers = this.serversInSite(array.site);
    return servers.length === 0 || servers.some((s) => this.isExchange2010(s));
  }

  /** The arrays the rules judge, in snapshot order. */
  exchange2010Arrays(): CasArray[] {
    this.arrays2010 ??= this.snapshot.casArrays.filter((a) => this.isExchange2010Array(a));
    return this.arrays2010;
  }

  /** Exchange 2010 mailbox databases, in snapshot order: what the RCA, DNS and DAG rules judge. */
  exchange2010MailboxDatabases(): Database[] {
    this.mailboxDatabases2010 ??= this.snapshot.databases.filter((d) => d.kind === 'mailbox' && this.isExchange2010Database(d));
    return this.mailboxDatabases2010;
  }

  /** Exchange 2010 mailbox databases whose RPC Client Access endpoint is this array, in snapshot order. */
  databasesUsingArray(array: CasArray): Database[] {
    if (!this.databasesByArray) {
      this.databasesByArray = new Map();
      for (const database of this.exchange2010MailboxDatabases()) {
        const endpoint = this.endpointOf(database);
        if (endpoint?.kind !== 'array') continue;
        pushTo(this.databasesByArray, endpoint.object, database);
      }
    }
    return this.databasesByArray.get(array) ?? [];
  }

  casServersInSite(siteDn: string): Server[] {
    return this.serversInSite(siteDn).filter((s) => this.isCasServer(s));
  }

  /** The AD site an object belongs to, for grouping; null when it has none we know. */
  siteOf(ref: ObjectRef): Site | undefined {
    switch (ref.kind) {
      case 'site':
        return this.site(ref.dn);
      case 'server':
        return this.site(this.server(ref.dn)?.site ?? null);
      case 'casArray':
        return this.site(this.arrays.get(this.dnKey(ref.dn))?.site ?? null);
      case 'database': {
        const database = this.databases.get(this.dnKey(ref.dn));
        return database ? this.site(this.owningServerOf(database)?.site ?? null) : undefined;
      }
      case 'dag': {
        const dag = this.dags.get(this.dnKey(ref.dn));
        const first = dag?.members.map((m) => this.server(m)).find((s) => s?.site);
        return this.site(first?.site ?? null);
      }
    }
  }

  /** A finding's reference to an estate object. */
  ref(object: EstateObject): ObjectRef {
    const kind = this.kindOf.get(object);
    if (!kind) throw new Error(`object ${object.dn} is not part of this snapshot`);
    const ref: ObjectRef = { kind, dn: object.dn, name: object.name };
    if (object.source) ref.source = object.source;
    return ref;
  }
}
