/**
 * The synthetic estate as plain data: Northwind grown to any number of sites.
 * Every site starts clean (one CAS array behind Windows NLB on two Client
 * Access servers, a three-member DAG, 25 databases with three copies each,
 * static RPC ports); build.ts then plants defects from defects.ts in about
 * half the sites. The writers (LDIF, zone files, host exports, snapshot) all read
 * this one model, so every input form describes the same estate.
 */
import type { Random } from './random.js';
import type { Defect, ExpectedFinding } from './defects.js';

export const FOREST = 'northwind.local';
export const ORGANIZATION = 'Northwind';
const BASE_DN = 'DC=northwind,DC=local';
const CONFIGURATION_DN = `CN=Configuration,${BASE_DN}`;
const SITES_DN = `CN=Sites,${CONFIGURATION_DN}`;
export const ORGANIZATION_DN = `CN=${ORGANIZATION},CN=Microsoft Exchange,CN=Services,${CONFIGURATION_DN}`;
const ADMIN_GROUP = 'Exchange Administrative Group (FYDIBOHF23SPDLT)';
const ADMIN_GROUP_DN = `CN=${ADMIN_GROUP},CN=Administrative Groups,${ORGANIZATION_DN}`;
const LEGACY_SERVERS = `/o=${ORGANIZATION}/ou=${ADMIN_GROUP}/cn=Configuration/cn=Servers`;

/** Objects per clean site, as the issue sizes the 1000x estate: 5 servers, 25 databases. */
const DATABASES_PER_SITE = 25;
/** The TCP ports clean servers use: inside Microsoft's recommended 59531-60554. */
export const RPC_PORT = 59532;
export const ADDRESS_BOOK_PORT = 59533;

export const ROLE_BITS = { Mailbox: 2, ClientAccess: 4, HubTransport: 32 } as const;
const CAS_HUB = ROLE_BITS.ClientAccess | ROLE_BITS.HubTransport;
export const MAILBOX = ROLE_BITS.Mailbox;

export interface SynthSite {
  name: string;
  dn: string;
  subnet: string;
  guid: Uint8Array;
}

export interface SynthServer {
  name: string;
  dn: string;
  fqdn: string;
  legacyExchangeDN: string;
  site: string;
  roleBits: number;
  dag: string | null;
  guid: Uint8Array;
}

export interface SynthArray {
  name: string;
  dn: string;
  fqdn: string;
  legacyExchangeDN: string;
  site: string;
  guid: Uint8Array;
}

export interface SynthCopy {
  server: SynthServer;
  activationPreference: number;
  guid: Uint8Array;
}

export interface SynthDatabase {
  name: string;
  dn: string;
  /** The endpoint part of legacyExchangeDN: what RpcClientAccessServer names. */
  endpoint: string;
  owningServer: SynthServer;
  master: SynthDag;
  copies: SynthCopy[];
  guid: Uint8Array;
}

export interface SynthDag {
  name: string;
  dn: string;
  guid: Uint8Array;
}

export interface ZoneRecord {
  /** Host label within the forest's zone. */
  label: string;
  addresses: string[];
  ttl: number;
  /** Dynamically registered (a dnscmd aging token), as server records are. */
  dynamic: boolean;
}

export interface NlbExport {
  name: string;
  ip: string;
  hosts: { name: string; state: string; hostId: number }[];
  portRules: { startPort: number; endPort: number; affinity: 'None' | 'Single' }[];
}

/** One server's host export folder. A port of null: the value is not in the export (dynamic). */
export interface HostExport {
  server: SynthServer;
  rpcPort: number | null;
  /** Exported only from Client Access servers; Mailbox-only servers have no MSExchangeAB key. */
  addressBookPort: number | null;
  nlb: NlbExport | null;
}

/** A site while it is built: defects rewrite any part of it. */
export interface SiteBuild {
  index: number;
  /** S0001: the prefix of its object names. */
  code: string;
  /** The site's address block, 10.x.y (a /24). */
  net: string;
  site: SynthSite;
  /** false when the site object was deleted but objects still name it. */
  siteExists: boolean;
  cas: SynthServer[];
  mailbox: SynthServer[];
  array: SynthArray | null;
  extraArrays: SynthArray[];
  dags: SynthDag[];
  databases: SynthDatabase[];
  internal: ZoneRecord[];
  external: ZoneRecord[];
  hosts: HostExport[];
  defect: Defect | null;
  expected: ExpectedFinding[];
}

export interface SynthEstate {
  sites: number;
  seed: number;
  builds: SiteBuild[];
  expected: ExpectedFinding[];
}

export interface EstateFactory {
  random: Random;
  server(build: SiteBuild, name: string, roleBits: number): SynthServer;
  array(build: SiteBuild, label: string, site?: string): SynthArray;
  dag(build: SiteBuild, name: string): SynthDag;
  database(build: SiteBuild, name: string, copies: SynthServer[], endpoint: string): SynthDatabase;
  legacyServer(name: string): string;
  nlb(build: SiteBuild, hostNames: string[]): NlbExport;
}

export function serverDn(name: string): string {
  return `CN=${name},CN=Servers,${ADMIN_GROUP_DN}`;
}

export function siteDn(name: string): string {
  return `CN=${name},${SITES_DN}`;
}

export function factory(random: Random): EstateFactory {
  const legacyServer = (name: string) => `${LEGACY_SERVERS}/cn=${name}`;
  return {
    random,
    legacyServer,
    server(build, name, roleBits) {
      return {
        name,
        dn: serverDn(name),
        fqdn: `${name.toLowerCase()}.${FOREST}`,
        legacyExchangeDN: legacyServer(name),
        site: build.site.dn,
        roleBits,
        dag: null,
        guid: random.bytes(16),
      };
    },
    array(build, label, site = build.site.dn) {
      return {
        name: label,
        dn: `CN=${label},CN=Arrays,${ADMIN_GROUP_DN}`,
        fqdn: `${label}.${FOREST}`,
        legacyExchangeDN: legacyServer(label),
        site,
        guid: random.bytes(16),
      };
    },
    dag(_build, name) {
      return { name, dn: `CN=${name},CN=Database Availability Groups,${ADMIN_GROUP_DN}`, guid: random.bytes(16) };
    },
    database(build, name, copies, endpoint) {
      const dag = build.dags[0]!;
      return {
        name,
        dn: `CN=${name},CN=Databases,${ADMIN_GROUP_DN}`,
        endpoint,
        owningServer: copies[0]!,
        master: dag,
        copies: copies.map((server, i) => ({ server, activationPreference: i + 1, guid: random.bytes(16) })),
        guid: random.bytes(16),
      };
    },
    nlb(build, hostNames) {
      return {
        name: `${build.code.toLowerCase()}-nlb`,
        ip: `${build.net}.50`,
        hosts: hostNames.map((name, i) => ({ name, state: 'Converged', hostId: i + 1 })),
        portRules: [
          { startPort: 135, endPort: 135, affinity: 'Single' },
          { startPort: RPC_PORT, endPort: ADDRESS_BOOK_PORT, affinity: 'Single' },
        ],
      };
    },
  };
}

/** The address of a server: .21 and up for Client Access, .11 and up for Mailbox. */
export function serverAddress(build: SiteBuild, server: SynthServer): string {
  const casAt = build.cas.indexOf(server);
  if (casAt !== -1) return `${build.net}.${21 + casAt}`;
  return `${build.net}.${11 + build.mailbox.indexOf(server)}`;
}

/** A clean site: the best practice the rules check for, with nothing to report. */
export function cleanSite(make: EstateFactory, index: number): SiteBuild {
  const number = String(index + 1).padStart(4, '0');
  const code = `S${number}`;
  const net = `10.${100 + (index >> 8)}.${index & 255}`;
  const name = `Site-${number}`;
  const build: SiteBuild = {
    index,
    code,
    net,
    site: { name, dn: siteDn(name), subnet: `${net}.0/24`, guid: make.random.bytes(16) },
    siteExists: true,
    cas: [],
    mailbox: [],
    array: null,
    extraArrays: [],
    dags: [],
    databases: [],
    internal: [],
    external: [],
    hosts: [],
    defect: null,
    expected: [],
  };
  build.cas = [1, 2].map((n) => make.server(build, `${code}-CAS${n}`, CAS_HUB));
  build.mailbox = [1, 2, 3].map((n) => make.server(build, `${code}-MBX${n}`, MAILBOX));
  build.array = make.array(build, `outlook-${code.toLowerCase()}`);
  build.dags = [make.dag(build, `${code}-DAG01`)];
  for (const server of build.mailbox) server.dag = build.dags[0]!.dn;
  for (let n = 1; n <= DATABASES_PER_SITE; n++) {
    // Copies rotate over the three members so that each server holds active copies.
    const first = (n - 1) % 3;
    const copies = [0, 1, 2].map((k) => build.mailbox[(first + k) % 3]!);
    build.databases.push(make.database(build, `${code}-DB${String(n).padStart(2, '0')}`, copies, build.array.legacyExchangeDN));
  }
  build.internal.push({ label: build.array.name, addresses: [`${net}.50`], ttl: 300, dynamic: false });
  const nlb = make.nlb(build, build.cas.map((s) => s.name));
  for (const server of build.cas) build.hosts.push({ server, rpcPort: RPC_PORT, addressBookPort: ADDRESS_BOOK_PORT, nlb });
  for (const server of build.mailbox) build.hosts.push({ server, rpcPort: null, addressBookPort: null, nlb: null });
  return build;
}

/** Every server of a site, in directory order. */
export function siteServers(build: SiteBuild): SynthServer[] {
  return [...build.cas, ...build.mailbox];
}

export function siteArrays(build: SiteBuild): SynthArray[] {
  return build.array ? [build.array, ...build.extraArrays] : build.extraArrays;
}

