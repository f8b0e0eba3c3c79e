/**
 * The one mapping from Active Directory entries to the snapshot's directory
 * sections, whatever transport delivered them (an ldifde export, a live LDAP
 * search). Relationships come from forward links only (a test directory does
 * not maintain back links), and every DN comparison goes through dnKey.
 *
 * Entries are mapped one at a time as they arrive (DirectoryMapper), so that
 * a reader can stream a large export without holding its entries; the links
 * between objects are resolved once all have been seen.
 */
import { UserError } from '../../util/errors.js';
import { pushTo } from '../../util/group.js';
import { decodeServerRoles } from '../../exchange/roles.js';
import { parseExchangeVersion } from '../../exchange/version.js';
import type { CasArray, Dag, Database, DatabaseCopy, Server, Site, Snapshot } from '../../snapshot/model.js';
import { dnKey, dnLeaf, dnParent, legacyDnKey } from '../../snapshot/names.js';
import { valueText, type AdEntry } from './entry.js';
import { guidText } from './guid.js';
import { AD_ATTRIBUTES } from './query.js';

export type DirectoryData = Pick<Snapshot, 'organization' | 'sites' | 'servers' | 'casArrays' | 'databases' | 'dags'>;

/** Every attribute the mapping may read, as an AdEntry key: what the search asks for, and a fallback for the name. */
type MappedAttribute = Lowercase<(typeof AD_ATTRIBUTES)[number]> | 'name';

/**
 * Every attribute the mapping reads, as AdEntry keys: a reader may leave the
 * others out. The accessors below take only these names, so the list cannot
 * fall behind the code.
 */
export const MAPPED_ATTRIBUTES: readonly MappedAttribute[] = [...AD_ATTRIBUTES.map((name) => name.toLowerCase() as MappedAttribute), 'name'];

/** All values of an attribute as text (empty when absent). */
function texts(entry: AdEntry, attribute: MappedAttribute): string[] {
  return (entry.attributes.get(attribute) ?? []).map(valueText);
}

/** The first value of an attribute as text, or null. */
function text(entry: AdEntry, attribute: MappedAttribute): string | null {
  const first = entry.attributes.get(attribute)?.[0];
  return first === undefined ? null : valueText(first);
}

type Kind = 'organization' | 'site' | 'subnet' | 'array' | 'server' | 'database' | 'copy' | 'dag';

/** The object classes casaudit reads, most derived first: an array is also an msExchExchangeServer. */
const CLASSES: readonly [string, Kind][] = [
  ['msexchclientaccessarray', 'array'],
  ['msexchclientaccessarraylegacy', 'array'],
  ['msexchexchangeserver', 'server'],
  ['msexchprivatemdb', 'database'],
  ['msexchpublicmdb', 'database'],
  ['msexchmdbcopy', 'copy'],
  ['msexchmdbavailabilitygroup', 'dag'],
  ['msexchorganizationcontainer', 'organization'],
  ['site', 'site'],
  ['subnet', 'subnet'],
];
const CLASS_RANK = new Map(CLASSES.map(([cls], rank) => [cls, rank]));
/** Rank in CLASSES (CLASSES.length: not one of them) of each objectClass value as written: an export spells each the same way every time. */
const rankBySpelling = new Map<string, number>();

function classRank(value: string): number {
  let rank = rankBySpelling.get(value);
  if (rank === undefined) {
    rank = CLASS_RANK.get(value.toLowerCase()) ?? CLASSES.length;
    if (rankBySpelling.size < 1000) rankBySpelling.set(value, rank);
  }
  return rank;
}

/** The kind of the entry's most derived class casaudit reads, if any. */
function kindOf(entry: AdEntry): Kind | undefined {
  let best = CLASSES.length;
  for (const value of entry.attributes.get('objectclass') ?? []) best = Math.min(best, classRank(valueText(value)));
  return CLASSES[best]?.[1];
}

function hasClass(entry: AdEntry, cls: string): boolean {
  return (entry.attributes.get('objectclass') ?? []).some((value) => valueText(value).toLowerCase() === cls);
}

/** AD's own distinguishedName keeps the directory's letter case; some servers return entry DNs lower-cased. */
function dnOf(entry: AdEntry): string {
  return text(entry, 'distinguishedname') ?? entry.dn;
}

function nameOf(entry: AdEntry): string {
  return text(entry, 'cn') ?? text(entry, 'name') ?? dnLeaf(dnOf(entry));
}

/** The FQDN in networkAddress: the value whose protocol sequence is ncacn_ip_tcp. */
function fqdnOf(entry: AdEntry): string | null {
  for (const value of texts(entry, 'networkaddress')) {
    const colon = value.indexOf(':');
    if (colon > 0 && value.slice(0, colon).trim().toLowerCase() === 'ncacn_ip_tcp') {
      const fqdn = value.slice(colon + 1).trim();
      if (fqdn) return fqdn;
    }
  }
  return null;
}

function integer(value: string | null): number | null {
  return value !== null && /^\s*\d+\s*$/.test(value) ? Number(value) : null;
}

/** The largest msExchCurrentServerRoles: AD stores it as a 32-bit integer. */
const MAX_ROLE_BITS = 0xffffffff;

/** Where an entry was read, for a warning: file:line from an export, the DN from a live directory. */
function whereOf(entry: AdEntry): string {
  return entry.source ? `${entry.source.file}:${entry.source.line}` : dnOf(entry);
}

/** Common fields: the object's own GUID and where it was read, when known. */
function provenance(entry: AdEntry): { objectGuid?: string; source?: Site['source'] } {
  const out: { objectGuid?: string; source?: Site['source'] } = {};
  const raw = entry.attributes.get('objectguid')?.[0];
  const guid = raw instanceof Uint8Array ? guidText(raw) : null;
  if (guid) out.objectGuid = guid;
  if (entry.source) out.source = entry.source;
  return out;
}

/** A database's RpcClientAccessServer: its legacyExchangeDN without the last /cn= part. */
export function endpointLegacyDn(databaseLegacyDn: string | null): string | null {
  if (databaseLegacyDn === null) return null;
  const cut = databaseLegacyDn.toLowerCase().lastIndexOf('/cn=');
  return cut > 0 ? databaseLegacyDn.slice(0, cut) : null;
}

/**
 * One string per distinct value: tens of thousands of copies and databases
 * name the same few servers, and the snapshot keeps every link. The last few
 * values are compared first, which mostly saves hashing a long DN.
 */
class StringPool {
  private readonly known = new Map<string, string>();
  private readonly recent: string[] = [];
  private next = 0;

  get(value: string): string {
    for (const candidate of this.recent) if (candidate === value) return candidate;
    let known = this.known.get(value);
    if (known === undefined) {
      known = value;
      this.known.set(value, value);
    }
    this.recent[this.next] = known;
    this.next = (this.next + 1) % 8;
    return known;
  }
}

/**
 * Maps entries as they come (add), then links them (result): subnets to
 * sites, copies to databases, endpoints and DAG members, which may come in
 * any order. Each list keeps the order its entries were added in.
 */
export class DirectoryMapper {
  /** warn: told about each value that cannot be read (the object is kept, that value treated as unknown). */
  constructor(private readonly warn: (message: string) => void = () => {}) {}

  private organization: DirectoryData['organization'] = null;
  private readonly sites: Site[] = [];
  private readonly siteKeys: string[] = [];
  private readonly subnetsBySite = new Map<string, string[]>();
  private readonly servers: Server[] = [];
  private readonly membersByDag = new Map<string, string[]>();
  private readonly casArrays: CasArray[] = [];
  private readonly databases: Database[] = [];
  private readonly databaseKeys: string[] = [];
  private readonly copiesByDatabase = new Map<string, DatabaseCopy[]>();
  private readonly dags: Dag[] = [];
  private readonly dagKeys: string[] = [];
  private readonly links = new StringPool();
  /** The last DN keyed, and its key: an export lists a database's copies right after it, each naming it as parent. */
  private lastDn = '';
  private lastKey = dnKey('');
  /** Where each object casaudit reads was seen (null: a live search, no line): the same DN twice is refused. */
  private readonly seen = new Map<string, AdEntry['source'] | null>();

  add(entry: AdEntry): void {
    const kind = kindOf(entry);
    if (kind !== undefined) this.once(entry);
    switch (kind) {
      case 'organization':
        this.organization ??= { name: nameOf(entry), dn: dnOf(entry) };
        break;
      case 'site':
        this.addSite(entry);
        break;
      case 'subnet':
        this.addSubnet(entry);
        break;
      case 'server':
        this.addServer(entry);
        break;
      case 'array':
        this.casArrays.push({
          name: nameOf(entry),
          dn: dnOf(entry),
          fqdn: fqdnOf(entry),
          legacyExchangeDN: text(entry, 'legacyexchangedn'),
          site: this.link(entry, 'msexchserversite'),
          ...provenance(entry),
        });
        break;
      case 'database':
        this.addDatabase(entry);
        break;
      case 'copy':
        this.addCopy(entry);
        break;
      case 'dag':
        this.dagKeys.push(this.dnKey(dnOf(entry)));
        this.dags.push({
          name: text(entry, 'msexchmdbavailabilitygroupname') ?? nameOf(entry),
          dn: dnOf(entry),
          members: [], // linked in result()
          ...provenance(entry),
        });
        break;
      case undefined:
        break;
    }
  }

  /** The directory sections of every entry added, linked. */
  result(): DirectoryData {
    this.sites.forEach((site, i) => (site.subnets = this.subnetsBySite.get(this.siteKeys[i]!) ?? []));

    // What an endpoint names, as Exchange looks it up: servers first, then arrays.
    const endpoints = new Map<string, { kind: 'server' | 'array'; target: string }>();
    for (const a of this.casArrays) if (a.legacyExchangeDN) endpoints.set(legacyDnKey(a.legacyExchangeDN), { kind: 'array', target: a.dn });
    for (const s of this.servers) if (s.legacyExchangeDN) endpoints.set(legacyDnKey(s.legacyExchangeDN), { kind: 'server', target: s.dn });
    this.databases.forEach((database, i) => {
      const endpoint = database.rpcClientAccess.legacyExchangeDN;
      database.rpcClientAccess.resolved = endpoint === null ? null : endpoints.get(legacyDnKey(endpoint)) ?? null;
      database.copies = this.copiesByDatabase.get(this.databaseKeys[i]!) ?? [];
    });

    this.dags.forEach((dag, i) => (dag.members = this.membersByDag.get(this.dagKeys[i]!) ?? []));
    return {
      organization: this.organization,
      sites: this.sites,
      servers: this.servers,
      casArrays: this.casArrays,
      databases: this.databases,
      dags: this.dags,
    };
  }

  /**
   * Refuses an object seen before: two exports concatenated or a conflicting
   * duplicate, where keeping either would silently pick one.
   */
  private once(entry: AdEntry): void {
    const dn = dnOf(entry);
    const key = this.dnKey(dn);
    const first = this.seen.get(key);
    if (first === undefined) {
      this.seen.set(key, entry.source ?? null);
      return;
    }
    const where = (source: AdEntry['source'] | null) => (source ? `${source.file}:${source.line}` : 'the directory');
    const places = first || entry.source ? `${where(first)} and ${where(entry.source)}` : 'the directory returned it twice';
    throw new UserError(`${places}: the same DN twice (${JSON.stringify(dn)}): each object must appear once; do not concatenate exports`);
  }

  /** A DN-valued link to another object, the same string for every object that names it. */
  private link(entry: AdEntry, attribute: MappedAttribute): string | null {
    const dn = text(entry, attribute);
    return dn === null ? null : this.links.get(dn);
  }

  private dnKey(dn: string): string {
    if (dn !== this.lastDn) {
      this.lastKey = dnKey(dn);
      this.lastDn = dn;
    }
    return this.lastKey;
  }

  private addSite(entry: AdEntry): void {
    const dn = dnOf(entry);
    this.siteKeys.push(this.dnKey(dn));
    this.sites.push({ name: nameOf(entry), dn, subnets: [], ...provenance(entry) }); // subnets linked in result()
  }

  private addSubnet(entry: AdEntry): void {
    const site = text(entry, 'siteobject');
    if (!site) return;
    pushTo(this.subnetsBySite, this.dnKey(site), nameOf(entry));
  }

  private addServer(entry: AdEntry): void {
    const roleBits = this.roleBits(entry);
    const server: Server = {
      name: nameOf(entry),
      dn: dnOf(entry),
      fqdn: fqdnOf(entry),
      legacyExchangeDN: text(entry, 'legacyexchangedn'),
      site: this.link(entry, 'msexchserversite'),
      roles: roleBits === null ? [] : decodeServerRoles(roleBits),
      roleBits,
      version: parseExchangeVersion(texts(entry, 'serialnumber'), text(entry, 'versionnumber') ?? undefined),
      dag: this.link(entry, 'msexchmdbavailabilitygrouplink'),
      ...provenance(entry),
    };
    this.servers.push(server);
    if (server.dag) pushTo(this.membersByDag, this.dnKey(server.dag), server.dn);
  }

  /**
   * msExchCurrentServerRoles as a number, or null when absent or unreadable.
   * An unreadable value (text, hex, negative, fractional, empty) is warned
   * about and left unknown, as if not collected: the rules that need the roles
   * then say the server was not evaluated instead of dropping it as "no Client
   * Access role".
   */
  private roleBits(entry: AdEntry): number | null {
    const raw = text(entry, 'msexchcurrentserverroles');
    if (raw === null) return null;
    const bits = integer(raw);
    if (bits !== null && bits <= MAX_ROLE_BITS) return bits;
    this.warn(`${whereOf(entry)}: server ${nameOf(entry)}: msExchCurrentServerRoles ${JSON.stringify(raw)} is not a decimal integer from 0 to ${MAX_ROLE_BITS}; its roles are treated as unknown`);
    return null;
  }

  private addDatabase(entry: AdEntry): void {
    const legacyExchangeDN = text(entry, 'legacyexchangedn');
    const dn = dnOf(entry);
    this.databaseKeys.push(this.dnKey(dn));
    this.databases.push({
      name: nameOf(entry),
      dn,
      kind: hasClass(entry, 'msexchpublicmdb') ? 'publicFolder' : 'mailbox',
      legacyExchangeDN,
      owningServer: this.link(entry, 'msexchowningserver'),
      master: this.link(entry, 'msexchmasterserveroravailabilitygroup'),
      // resolved and copies are linked in result()
      rpcClientAccess: { legacyExchangeDN: endpointLegacyDn(legacyExchangeDN), resolved: null },
      copies: [],
      ...provenance(entry),
    });
  }

  private addCopy(entry: AdEntry): void {
    const server = this.link(entry, 'msexchhostserverlink');
    if (!server) {
      // Every copy has a host server in AD: without one it could neither count as a copy nor be left out honestly.
      const where = entry.source ? `${entry.source.file}:${entry.source.line}` : 'the directory';
      throw new UserError(
        `${where}: database copy ${JSON.stringify(dnOf(entry))} has no msExchHostServerLink (its host server): export it with the attributes docs/collecting.md lists`,
      );
    }
    const key = this.dnKey(dnParent(dnOf(entry)));
    const activationPreference = integer(text(entry, 'msexchactivationpreference'));
    const copy: DatabaseCopy = entry.source ? { server, activationPreference, source: entry.source } : { server, activationPreference };
    pushTo(this.copiesByDatabase, key, copy);
  }
}

export function mapDirectory(entries: Iterable<AdEntry>): DirectoryData {
  const mapper = new DirectoryMapper();
  for (const entry of entries) mapper.add(entry);
  return mapper.result();
}
