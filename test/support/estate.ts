/**
 * Builds small, schema-valid snapshots in memory for rule and report tests.
 * Names stand for objects: `server('EX01', { site: 'SiteA' })` links EX01 to
 * the site named SiteA. `build()` validates the result against the schema.
 */
import type {
  CasArray,
  DnsAnswer,
  DnsRecord,
  Dag,
  Database,
  HostData,
  NlbCluster,
  SectionStatus,
  Server,
  ServerRole,
  Site,
  Snapshot,
} from '../../src/snapshot/model.js';
import { compileSnapshotValidator } from '../../src/snapshot/compile-validator.js';

const validate = compileSnapshotValidator();

const CONFIG = 'CN=Configuration,DC=contoso,DC=local';
const ORG = `CN=Contoso,CN=Microsoft Exchange,CN=Services,${CONFIG}`;
const AG = `CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,${ORG}`;
const LEGACY_SERVERS = '/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers';

export const dn = {
  site: (name: string) => `CN=${name},CN=Sites,${CONFIG}`,
  server: (name: string) => `CN=${name},CN=Servers,${AG}`,
  array: (name: string) => `CN=${name},CN=Arrays,${AG}`,
  database: (name: string) => `CN=${name},CN=Databases,${AG}`,
  dag: (name: string) => `CN=${name},CN=Database Availability Groups,${AG}`,
};
export const legacyDn = (name: string) => `${LEGACY_SERVERS}/cn=${name}`;

export interface ServerSpec {
  site?: string | null;
  roles?: ServerRole[];
  /** "14.3.123" style; null for no version. */
  version?: string | null;
  dag?: string | null;
  fqdn?: string | null;
}

export interface DatabaseSpec {
  owner: string | null;
  /** Server or array name the endpoint names, a raw legacyExchangeDN (starting with /o=), or null for none. */
  endpoint: string | null;
  kind?: 'mailbox' | 'publicFolder';
  master?: string | null;
  copies?: string[];
}

export interface HostSpec {
  nlb?: NlbCluster[] | 'not-collected';
  /** 'not-collected': the export folder had no registry or config files. */
  ports?: 'not-collected';
  /** A number, or the raw text of a value that may not be a number. */
  rpcPort?: number | string | null;
  /** Address Book port from the registry (SP1+). */
  abPort?: number | string | null;
  /** Address Book port from the .config file (RTM). */
  abConfigPort?: number | string | null;
}

/** A DNS answer: addresses (optionally behind a CNAME) or a negative / failed answer. */
export type DnsSpec =
  | { a?: string[]; aaaa?: string[]; cname?: string; ttl?: number }
  | 'NXDOMAIN'
  | 'NODATA'
  | 'SERVFAIL'
  | 'TIMEOUT';

const ROLE_BITS: Record<ServerRole, number> = {
  Mailbox: 2,
  ClientAccess: 4,
  UnifiedMessaging: 16,
  HubTransport: 32,
  Edge: 64,
  Cafe: 1,
  FrontendTransport: 16384,
};

export function nlbCluster(ip: string, hosts: string[], overrides: Partial<NlbCluster> = {}): NlbCluster {
  return {
    name: 'nlb',
    ip,
    mode: 'Unicast',
    hosts: hosts.map((name, i) => ({ name, state: 'Converged', hostId: i + 1 })),
    portRules: [
      { vip: ip, startPort: 135, endPort: 135, protocol: 'Tcp', filteringMode: 'Multiple', affinity: 'Single', enabled: true },
    ],
    ...overrides,
  };
}

function dnsAnswer(name: string, spec: DnsSpec): DnsAnswer {
  const base = { name, server: '127.0.0.1:53' };
  if (spec === 'NXDOMAIN') return { ...base, status: 'answered', rcode: 'NXDOMAIN', records: [] };
  if (spec === 'NODATA') return { ...base, status: 'answered', rcode: 'NOERROR', records: [] };
  if (spec === 'SERVFAIL') return { ...base, status: 'not-collected', rcode: 'SERVFAIL', records: [] };
  if (spec === 'TIMEOUT') return { ...base, status: 'not-collected', rcode: null, records: [], error: 'timed out after 2 tries' };
  const ttl = spec.ttl ?? 300;
  const records: DnsRecord[] = [];
  let owner = name;
  if (spec.cname) {
    records.push({ name, type: 'CNAME', value: spec.cname, ttl });
    owner = spec.cname;
  }
  for (const value of spec.a ?? []) records.push({ name: owner, type: 'A', value, ttl });
  for (const value of spec.aaaa ?? []) records.push({ name: owner, type: 'AAAA', value, ttl });
  return { ...base, status: 'answered', rcode: 'NOERROR', records };
}

export class EstateBuilder {
  private readonly sites: Site[] = [];
  private readonly servers: Server[] = [];
  private readonly arrays: CasArray[] = [];
  private readonly databases: Database[] = [];
  private readonly dags: Dag[] = [];
  private readonly hosts: HostData[] = [];
  private readonly internalDns: DnsAnswer[] = [];
  private externalAnswers: DnsAnswer[] | null = null;
  private readonly sections: Snapshot['collection']['sections'] = { activeDirectory: 'collected', dns: 'not-collected', hosts: 'collected' };

  site(name: string, subnets: string[] = []): this {
    this.sites.push({ name, dn: dn.site(name), subnets });
    return this;
  }

  server(name: string, spec: ServerSpec = {}): this {
    const roles = spec.roles ?? ['Mailbox', 'ClientAccess', 'HubTransport'];
    const [major, minor, build] = (spec.version === undefined ? '14.3.123' : spec.version ?? '0.0.0').split('.').map(Number);
    this.servers.push({
      name,
      dn: dn.server(name),
      fqdn: spec.fqdn === undefined ? `${name.toLowerCase()}.contoso.local` : spec.fqdn,
      legacyExchangeDN: legacyDn(name),
      site: spec.site === null ? null : dn.site(spec.site ?? 'SiteA'),
      roles,
      roleBits: roles.reduce((bits, r) => bits | ROLE_BITS[r], 0),
      version:
        spec.version === null
          ? null
          : { major: major!, minor: minor!, build: build!, revision: 0, text: `Version ${major}.${minor} (Build ${30000 + build!}.0)` },
      dag: spec.dag ? dn.dag(spec.dag) : null,
    });
    return this;
  }

  array(name: string, spec: { site?: string | null; fqdn?: string | null } = {}): this {
    this.arrays.push({
      name,
      dn: dn.array(name),
      fqdn: spec.fqdn === undefined ? `${name.toLowerCase()}.contoso.local` : spec.fqdn,
      legacyExchangeDN: legacyDn(name),
      site: spec.site === null ? null : dn.site(spec.site ?? 'SiteA'),
    });
    return this;
  }

  dag(name: string, members: string[]): this {
    this.dags.push({ name, dn: dn.dag(name), members: members.map(dn.server) });
    return this;
  }

  database(name: string, spec: DatabaseSpec): this {
    const kind = spec.kind ?? 'mailbox';
    const endpointLegacy = spec.endpoint === null ? null : spec.endpoint.toLowerCase().startsWith('/o=') ? spec.endpoint : legacyDn(spec.endpoint);
    const suffix = kind === 'mailbox' ? 'Microsoft Private MDB' : 'Microsoft Public MDB';
    this.databases.push({
      name,
      dn: dn.database(name),
      kind,
      legacyExchangeDN: endpointLegacy === null ? null : `${endpointLegacy}/cn=${suffix}`,
      owningServer: spec.owner === null ? null : dn.server(spec.owner),
      master: spec.master === undefined ? (spec.owner === null ? null : dn.server(spec.owner)) : spec.master === null ? null : spec.master,
      rpcClientAccess: { legacyExchangeDN: endpointLegacy, resolved: null },
      copies: (spec.copies ?? (spec.owner ? [spec.owner] : [])).map((s, i) => ({ server: dn.server(s), activationPreference: i + 1 })),
    });
    return this;
  }

  host(server: string, spec: HostSpec = {}): this {
    const port = (value: number | string | null | undefined, file: string) => {
      if (value === null || value === undefined) return null;
      const raw = String(value);
      return { raw, port: /^\d+$/.test(raw.trim()) ? Number(raw) : null, file: `hosts/${server}/${file}`, line: 4 };
    };
    this.hosts.push({
      server: dn.server(server),
      folder: `hosts/${server}`,
      nlb: spec.nlb === 'not-collected' ? { collected: false, clusters: [] } : { collected: true, clusters: spec.nlb ?? [] },
      ports:
        spec.ports === 'not-collected'
          ? { collected: false, rpcClientAccess: null, addressBookRegistry: null, addressBookConfig: null }
          : {
              collected: true,
              rpcClientAccess: port(spec.rpcPort, 'rpc.reg'),
              addressBookRegistry: port(spec.abPort, 'ab.reg'),
              addressBookConfig: port(spec.abConfigPort, 'Microsoft.Exchange.AddressBook.Service.exe.config'),
            },
    });
    return this;
  }

  /** Records what the internal DNS answered for a name; marks DNS as collected. */
  dns(name: string, spec: DnsSpec): this {
    this.sections.dns = 'collected';
    this.internalDns.push(dnsAnswer(name, spec));
    return this;
  }

  /** Records what the external resolver answered for a name. */
  externalDns(name: string, spec: DnsSpec): this {
    (this.externalAnswers ??= []).push(dnsAnswer(name, spec));
    return this;
  }

  section(name: keyof Snapshot['collection']['sections'], status: SectionStatus): this {
    this.sections[name] = status;
    return this;
  }

  build(): Snapshot {
    // Resolve endpoints the way the collectors do: by legacyExchangeDN, servers before arrays.
    const byLegacy = new Map<string, { kind: 'server' | 'array'; target: string }>();
    for (const a of this.arrays) byLegacy.set(a.legacyExchangeDN!.toLowerCase(), { kind: 'array', target: a.dn });
    for (const s of this.servers) byLegacy.set(s.legacyExchangeDN!.toLowerCase(), { kind: 'server', target: s.dn });
    for (const d of this.databases) {
      const legacy = d.rpcClientAccess.legacyExchangeDN;
      d.rpcClientAccess.resolved = legacy ? byLegacy.get(legacy.toLowerCase()) ?? null : null;
    }
    const snapshot: Snapshot = {
      schemaVersion: 1,
      collection: {
        tool: { name: 'casaudit', version: '0.0.0-test' },
        collectedAt: '2026-11-01T00:00:00Z',
        sources: [],
        sections: { ...this.sections },
      },
      organization: { name: 'Contoso', dn: ORG },
      sites: this.sites,
      servers: this.servers,
      casArrays: this.arrays,
      databases: this.databases,
      dags: this.dags,
      dns: { internal: this.internalDns, external: this.externalAnswers },
      hosts: { servers: this.hosts, unmatchedFolders: [] },
    };
    if (!validate(snapshot)) throw new Error(`test estate is not a valid snapshot: ${JSON.stringify(validate.errors?.[0])}`);
    return structuredClone(snapshot);
  }
}
