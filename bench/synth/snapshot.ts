/**
 * The estate as the snapshot `casaudit collect` makes of the written files,
 * built straight from the model: a test collects the files and compares, so
 * the snapshot and the raw exports are known to describe the same estate.
 */
import type { CasArray, Dag, Database, DnsAnswer, DnsRecord, HostData, Server, ServerRole, Site, Snapshot } from '../../src/snapshot/model.js';
import { SNAPSHOT_SCHEMA_ID, SNAPSHOT_SCHEMA_VERSION } from '../../src/snapshot/version.js';
import {
  FOREST,
  ORGANIZATION,
  ORGANIZATION_DN,
  ROLE_BITS,
  siteArrays,
  serverAddress,
  siteServers,
  type SynthEstate,
} from './estate.js';
import { AB_REG, dword, hostFiles, RPC_REG } from './hosts.js';
import { SERIAL_NUMBER, type EntryOwner } from './ldif.js';
import type { RecordOwner, ZoneText } from './zone.js';
import { pushTo } from '../../src/util/group.js';

export interface WrittenFiles {
  ldif: { file: string; entries: number; lines: Map<EntryOwner, number> };
  internalZone: { file: string; zone: ZoneText };
  publicZone: { file: string; zone: ZoneText };
  /** The hosts folder as given to the collector; server folders are below it. */
  hostsDir: string;
  toolVersion: string;
  collectedAt: string;
}

/** Windows writes a GUID's first three fields little-endian. */
export function guidText(bytes: Uint8Array): string {
  const hex = (indexes: number[]) => indexes.map((i) => bytes[i]!.toString(16).padStart(2, '0')).join('');
  return [hex([3, 2, 1, 0]), hex([5, 4]), hex([7, 6]), hex([8, 9]), hex([10, 11, 12, 13, 14, 15])].join('-');
}

/** Role names in the order casaudit lists them (its bit order). */
function roles(bits: number): ServerRole[] {
  const out: ServerRole[] = [];
  if (bits & ROLE_BITS.Mailbox) out.push('Mailbox');
  if (bits & ROLE_BITS.ClientAccess) out.push('ClientAccess');
  if (bits & ROLE_BITS.HubTransport) out.push('HubTransport');
  return out;
}

export function estateSnapshot(estate: SynthEstate, files: WrittenFiles): Snapshot {
  const ldifFile = files.ldif.file;
  const source = (owner: EntryOwner) => {
    const line = files.ldif.lines.get(owner);
    if (line === undefined) throw new Error('an object was not written to the LDIF file');
    return { file: ldifFile, line };
  };
  const builds = estate.builds;
  const allServers = builds.flatMap(siteServers);
  const allArrays = builds.flatMap(siteArrays);

  const sites: Site[] = builds
    .filter((b) => b.siteExists)
    .map(({ site }) => ({ name: site.name, dn: site.dn, subnets: [site.subnet], objectGuid: guidText(site.guid), source: source(site) }));

  const servers: Server[] = allServers.map((s) => ({
    name: s.name,
    dn: s.dn,
    fqdn: s.fqdn,
    legacyExchangeDN: s.legacyExchangeDN,
    site: s.site,
    roles: roles(s.roleBits),
    roleBits: s.roleBits,
    version: { major: 14, minor: 3, build: 123, revision: 4, text: SERIAL_NUMBER },
    dag: s.dag,
    objectGuid: guidText(s.guid),
    source: source(s),
  }));

  const casArrays: CasArray[] = allArrays.map((a) => ({
    name: a.name,
    dn: a.dn,
    fqdn: a.fqdn,
    legacyExchangeDN: a.legacyExchangeDN,
    site: a.site,
    objectGuid: guidText(a.guid),
    source: source(a),
  }));

  // Exchange looks an endpoint up among servers first, then arrays.
  const endpoints = new Map<string, { kind: 'array' | 'server'; target: string }>();
  for (const a of allArrays) endpoints.set(a.legacyExchangeDN.toLowerCase(), { kind: 'array', target: a.dn });
  for (const s of allServers) endpoints.set(s.legacyExchangeDN.toLowerCase(), { kind: 'server', target: s.dn });

  const databases: Database[] = builds.flatMap((b) =>
    b.databases.map((d) => ({
      name: d.name,
      dn: d.dn,
      kind: 'mailbox' as const,
      legacyExchangeDN: `${d.endpoint}/cn=Microsoft Private MDB`,
      owningServer: d.owningServer.dn,
      master: d.master.dn,
      rpcClientAccess: { legacyExchangeDN: d.endpoint, resolved: endpoints.get(d.endpoint.toLowerCase()) ?? null },
      copies: d.copies.map((c) => ({ server: c.server.dn, activationPreference: c.activationPreference, source: source(c) })),
      objectGuid: guidText(d.guid),
      source: source(d),
    })),
  );

  const membersByDag = new Map<string, string[]>();
  for (const s of allServers) if (s.dag) membersByDag.set(s.dag, [...(membersByDag.get(s.dag) ?? []), s.dn]);
  const dags: Dag[] = builds.flatMap((b) =>
    b.dags.map((g) => ({
      name: g.name,
      dn: g.dn,
      members: membersByDag.get(g.dn) ?? [],
      objectGuid: guidText(g.guid),
      source: source(g),
    })),
  );

  return {
    $schema: SNAPSHOT_SCHEMA_ID,
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    collection: {
      tool: { name: 'casaudit', version: files.toolVersion },
      collectedAt: files.collectedAt,
      sources: [
        { kind: 'ldif', location: ldifFile, status: 'collected', objects: files.ldif.entries },
        { kind: 'zone', location: files.internalZone.file, status: 'collected', objects: files.internalZone.zone.records },
        { kind: 'zone', location: `${files.publicZone.file} (external)`, status: 'collected', objects: files.publicZone.zone.records },
        { kind: 'hosts', location: files.hostsDir, status: 'collected', objects: builds.reduce((n, b) => n + b.hosts.length, 0) },
      ],
      sections: { activeDirectory: 'collected', dns: 'collected', hosts: 'collected' },
    },
    organization: { name: ORGANIZATION, dn: ORGANIZATION_DN },
    sites,
    servers,
    casArrays,
    databases,
    dags,
    dns: dnsSection(estate, files),
    hosts: { servers: hostsSection(estate, files.hostsDir), unmatchedFolders: [] },
  };
}

interface Held {
  name: string;
  value: string;
  ttl: number;
  line: number;
}

/** Each name's A records in a zone file, in file order. */
function recordsByName(estate: SynthEstate, zone: ZoneText, internal: boolean): Map<string, Held[]> {
  const byName = new Map<string, Held[]>();
  const add = (owner: RecordOwner, label: string, addresses: string[], ttl: number) => {
    const lines = zone.lines.get(owner) ?? [];
    const name = `${label.toLowerCase()}.${FOREST}`;
    addresses.forEach((value, i) => pushTo(byName, name, { name, value, ttl, line: lines[i]! }));
  };
  for (const build of estate.builds) {
    for (const record of internal ? build.internal : build.external) add(record, record.label, record.addresses, record.ttl);
    if (internal) for (const server of siteServers(build)) add(server, server.name, [serverAddress(build, server)], 1200);
  }
  return byName;
}

function answers(names: string[], byName: Map<string, Held[]>, file: string): DnsAnswer[] {
  return names.map((name) => {
    const held = byName.get(name);
    if (!held) return { name, status: 'answered', rcode: 'NXDOMAIN', server: file, records: [] };
    const records: DnsRecord[] = held.map((h) => ({ name: h.name, type: 'A', value: h.value, ttl: h.ttl, source: { file, line: h.line } }));
    return { name, status: 'answered', rcode: 'NOERROR', server: file, records, source: records[0]!.source! };
  });
}

function dnsSection(estate: SynthEstate, files: WrittenFiles): Snapshot['dns'] {
  const arrays = [...new Set(estate.builds.flatMap(siteArrays).map((a) => a.fqdn.toLowerCase()))];
  const everything = [...new Set([...arrays, ...estate.builds.flatMap(siteServers).map((s) => s.fqdn.toLowerCase())])];
  return {
    internal: answers(everything, recordsByName(estate, files.internalZone.zone, true), files.internalZone.file),
    external: answers(arrays, recordsByName(estate, files.publicZone.zone, false), files.publicZone.file),
  };
}

function hostsSection(estate: SynthEstate, hostsDir: string): HostData[] {
  const out: HostData[] = [];
  for (const build of estate.builds) {
    for (const server of siteServers(build)) {
      const host = build.hosts.find((h) => h.server === server);
      if (!host) continue;
      const folder = `${hostsDir}/${server.name}`;
      const written = hostFiles(host);
      const nlb = host.nlb;
      out.push({
        server: server.dn,
        folder,
        nlb: {
          collected: true,
          clusters: nlb
            ? [
                {
                  name: nlb.name,
                  ip: nlb.ip,
                  mode: 'Unicast',
                  hosts: nlb.hosts.map((h, i) => ({ ...h, source: { file: `${folder}/nlb-nodes.csv`, line: written.nlbHostLines[i]! } })),
                  portRules: nlb.portRules.map((r, i) => ({
                    vip: nlb.ip,
                    startPort: r.startPort,
                    endPort: r.endPort,
                    protocol: 'Tcp',
                    filteringMode: 'Multiple',
                    affinity: r.affinity,
                    enabled: true,
                    source: { file: `${folder}/nlb-portrules.csv`, line: written.nlbRuleLines[i]! },
                  })),
                  source: { file: `${folder}/nlb-cluster.csv`, line: 2 },
                },
              ]
            : [],
        },
        ports: {
          collected: true,
          rpcClientAccess:
            host.rpcPort === null ? null : { raw: dword(host.rpcPort), port: host.rpcPort, file: `${folder}/${RPC_REG}`, line: written.rpcPortLine! },
          addressBookRegistry:
            host.addressBookPort === null
              ? null
              : { raw: String(host.addressBookPort), port: host.addressBookPort, file: `${folder}/${AB_REG}`, line: written.addressBookPortLine! },
          addressBookConfig: null,
        },
      });
    }
  }
  return out;
}
