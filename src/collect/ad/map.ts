/**
 * The one mapping from Active Directory entries to the snapshot's directory
 * sections, whatever transport delivered them (an ldifde export, a live LDAP
 * search). Relationships come from forward links only (a test directory does
 * not maintain back links), and every DN comparison goes through dnKey.
 */
import { decodeServerRoles } from '../../exchange/roles.js';
import { parseExchangeVersion } from '../../exchange/version.js';
import type { CasArray, Dag, Database, DatabaseCopy, Server, Site, Snapshot } from '../../snapshot/model.js';
import { dnKey, dnLeaf, dnParent, legacyDnKey } from '../../snapshot/names.js';
import { text, texts, type AdEntry } from './entry.js';
import { guidText } from './guid.js';

export type DirectoryData = Pick<Snapshot, 'organization' | 'sites' | 'servers' | 'casArrays' | 'databases' | 'dags'>;

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

function classesOf(entry: AdEntry): Set<string> {
  return new Set(texts(entry, 'objectClass').map((c) => c.toLowerCase()));
}

function kindOf(entry: AdEntry): Kind | undefined {
  const classes = classesOf(entry);
  return CLASSES.find(([cls]) => classes.has(cls))?.[1];
}

/** AD's own distinguishedName keeps the directory's letter case; some servers return entry DNs lower-cased. */
function dnOf(entry: AdEntry): string {
  return text(entry, 'distinguishedName') ?? entry.dn;
}

function nameOf(entry: AdEntry): string {
  return text(entry, 'cn') ?? text(entry, 'name') ?? dnLeaf(dnOf(entry));
}

/** The FQDN in networkAddress: the value whose protocol sequence is ncacn_ip_tcp. */
function fqdnOf(entry: AdEntry): string | null {
  for (const value of texts(entry, 'networkAddress')) {
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

export function mapDirectory(entries: Iterable<AdEntry>): DirectoryData {
  const byKind = new Map<Kind, AdEntry[]>();
  for (const entry of entries) {
    const kind = kindOf(entry);
    if (!kind) continue;
    const list = byKind.get(kind);
    if (list) list.push(entry);
    else byKind.set(kind, [entry]);
  }
  const of = (kind: Kind) => byKind.get(kind) ?? [];

  const subnetsBySite = new Map<string, string[]>();
  for (const subnet of of('subnet')) {
    const site = text(subnet, 'siteObject');
    if (!site) continue;
    const list = subnetsBySite.get(dnKey(site)) ?? [];
    list.push(nameOf(subnet));
    subnetsBySite.set(dnKey(site), list);
  }
  const sites: Site[] = of('site').map((e) => ({
    name: nameOf(e),
    dn: dnOf(e),
    subnets: subnetsBySite.get(dnKey(dnOf(e))) ?? [],
    ...provenance(e),
  }));

  const servers: Server[] = of('server').map((e) => {
    const roleBits = integer(text(e, 'msExchCurrentServerRoles'));
    return {
      name: nameOf(e),
      dn: dnOf(e),
      fqdn: fqdnOf(e),
      legacyExchangeDN: text(e, 'legacyExchangeDN'),
      site: text(e, 'msExchServerSite'),
      roles: roleBits === null ? [] : decodeServerRoles(roleBits),
      roleBits,
      version: parseExchangeVersion(texts(e, 'serialNumber'), text(e, 'versionNumber') ?? undefined),
      dag: text(e, 'msExchMDBAvailabilityGroupLink'),
      ...provenance(e),
    };
  });

  const casArrays: CasArray[] = of('array').map((e) => ({
    name: nameOf(e),
    dn: dnOf(e),
    fqdn: fqdnOf(e),
    legacyExchangeDN: text(e, 'legacyExchangeDN'),
    site: text(e, 'msExchServerSite'),
    ...provenance(e),
  }));

  // What an endpoint names, as Exchange looks it up: servers first, then arrays.
  const endpoints = new Map<string, { kind: 'server' | 'array'; target: string }>();
  for (const a of casArrays) if (a.legacyExchangeDN) endpoints.set(legacyDnKey(a.legacyExchangeDN), { kind: 'array', target: a.dn });
  for (const s of servers) if (s.legacyExchangeDN) endpoints.set(legacyDnKey(s.legacyExchangeDN), { kind: 'server', target: s.dn });

  const copiesByDatabase = new Map<string, DatabaseCopy[]>();
  for (const e of of('copy')) {
    const server = text(e, 'msExchHostServerLink');
    if (!server) continue;
    const key = dnKey(dnParent(dnOf(e)));
    const copy: DatabaseCopy = { server, activationPreference: integer(text(e, 'msExchActivationPreference')) };
    if (e.source) copy.source = e.source;
    const list = copiesByDatabase.get(key) ?? [];
    list.push(copy);
    copiesByDatabase.set(key, list);
  }

  const databases: Database[] = of('database').map((e) => {
      const legacyExchangeDN = text(e, 'legacyExchangeDN');
      const endpoint = endpointLegacyDn(legacyExchangeDN);
      return {
        name: nameOf(e),
        dn: dnOf(e),
        kind: classesOf(e).has('msexchpublicmdb') ? 'publicFolder' : 'mailbox',
        legacyExchangeDN,
        owningServer: text(e, 'msExchOwningServer'),
        master: text(e, 'msExchMasterServerOrAvailabilityGroup'),
        rpcClientAccess: { legacyExchangeDN: endpoint, resolved: endpoint === null ? null : endpoints.get(legacyDnKey(endpoint)) ?? null },
        copies: copiesByDatabase.get(dnKey(dnOf(e))) ?? [],
        ...provenance(e),
      };
    });

  const membersByDag = new Map<string, string[]>();
  for (const s of servers) {
    if (!s.dag) continue;
    const list = membersByDag.get(dnKey(s.dag)) ?? [];
    list.push(s.dn);
    membersByDag.set(dnKey(s.dag), list);
  }
  const dags: Dag[] = of('dag').map((e) => ({
    name: text(e, 'msExchMDBAvailabilityGroupName') ?? nameOf(e),
    dn: dnOf(e),
    members: membersByDag.get(dnKey(dnOf(e))) ?? [],
    ...provenance(e),
  }));

  const org = of('organization')[0];
  return {
    organization: org ? { name: nameOf(org), dn: dnOf(org) } : null,
    sites,
    servers,
    casArrays,
    databases,
    dags,
  };
}
