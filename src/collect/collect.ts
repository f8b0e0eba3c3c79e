/**
 * Builds a snapshot from the sources the user named. Each collector fills
 * its sections; a section no source was given for is "not-collected", so the
 * rules that need it say so instead of passing.
 */
import { UserError } from '../util/errors.js';
import { toolName, toolVersion } from '../util/paths.js';
import { NO_ZONE_COVERS_NAME } from '../snapshot/dns-errors.js';
import type { CollectionSource, Snapshot } from '../snapshot/model.js';
import { SNAPSHOT_SCHEMA_ID, SNAPSHOT_SCHEMA_VERSION } from '../snapshot/version.js';
import { DirectoryMapper, MAPPED_ATTRIBUTES } from './ad/map.js';
import { collectFromLdap, displayUrl, type LdapOptions } from './ldap/collect-ldap.js';
import { streamLdifFile } from './ldif/reader.js';
import { dnsQuestions } from './dns/questions.js';
import { displayServer, resolveAll, type ResolverOptions } from './dns/resolver.js';
import { transferZone } from './dns/axfr.js';
import { ZoneAnswerer, type LoadedZone } from './zone/answer.js';
import { readZoneFile } from './zone/parse.js';
import { collectHosts } from './hosts/collect-hosts.js';

export interface CollectOptions {
  /** ldifde exports of the configuration naming context. */
  ldif: readonly string[];
  /** A domain controller to read live. */
  ldap?: LdapOptions;
  /** Zone files (dnscmd /ZoneExport, Export-DnsServerZone); origin when the file does not name its zone. */
  zones?: readonly { file: string; origin?: string }[];
  /** Zone files of the public DNS (e.g. a hosting provider's zone export), for ARR007 instead of an external resolver. */
  externalZones?: readonly { file: string; origin?: string }[];
  /** Live DNS: the internal resolvers to ask, and an external one for ARR007. */
  dns?: { internal: ResolverOptions | null; external: ResolverOptions | null; axfr?: readonly string[] };
  /** Folders of host exports: one sub-folder per server (scripts/Export-CasAuditHostData.ps1). */
  hosts?: readonly string[];
  warn?: (message: string) => void;
}

/** What the reader keeps of each LDIF entry: what the mapping reads. */
const LDIF_ATTRIBUTES: ReadonlySet<string> = new Set(MAPPED_ATTRIBUTES);

/** The names ARR007 asks outside: only the array names matter there. */
function arrayQuestions(directory: Pick<Snapshot, 'casArrays'>): string[] {
  return dnsQuestions({ casArrays: directory.casArrays, servers: [] });
}

async function zoneAnswerer(zones: NonNullable<CollectOptions['zones']>, sources: CollectionSource[], label: string): Promise<ZoneAnswerer> {
  const loaded: LoadedZone[] = [];
  for (const { file, origin } of zones) {
    const zone = await readZoneFile(file, origin ? { origin } : {});
    loaded.push({ file, zone });
    sources.push({ kind: 'zone', location: file + label, status: 'collected', objects: zone.records.length });
  }
  return new ZoneAnswerer(loaded);
}

export async function collectSnapshot(options: CollectOptions, now: Date = new Date()): Promise<Snapshot> {
  const sources: CollectionSource[] = [];
  // Entries are mapped as they are read: an export of a large estate is never held whole.
  const mapper = new DirectoryMapper();
  for (const file of options.ldif) {
    const objects = await streamLdifFile(file, (entry) => mapper.add(entry), { attributes: LDIF_ATTRIBUTES });
    sources.push({ kind: 'ldif', location: file, status: 'collected', objects });
  }
  let where = options.ldif.join(', ');
  if (options.ldap) {
    const live = await collectFromLdap(options.ldap, (entry) => mapper.add(entry));
    sources.push({ kind: 'ldap', location: displayUrl(options.ldap.url), status: 'collected', objects: live.objects });
    where = `${displayUrl(options.ldap.url)} (${live.configurationNamingContext})`;
  }
  const directory = mapper.result();
  if (directory.organization === null && directory.servers.length === 0) {
    // An empty directory would audit as "clean": refuse it instead.
    // Over LDAP, an account without read rights sees an empty tree rather than an error.
    const hint = options.ldap
      ? 'check the base DN and that the bind account can read the configuration naming context'
      : 'export the configuration naming context (see README, "Exporting from Active Directory")';
    throw new UserError(`${where}: no Exchange organization found (no msExchOrganizationContainer or Exchange server objects); ${hint}`);
  }
  let dns: Snapshot['dns'] = { internal: [], external: null };
  if (options.zones && options.zones.length > 0) {
    const answerer = await zoneAnswerer(options.zones, sources, '');
    dns = { internal: dnsQuestions(directory).map((name) => answerer.answer(name)), external: null };
  }
  if (options.externalZones && options.externalZones.length > 0) {
    const answerer = await zoneAnswerer(options.externalZones, sources, ' (external)');
    dns = { ...dns, external: arrayQuestions(directory).map((name) => answerer.answer(name)) };
  }
  if (options.dns?.internal) {
    const resolver = options.dns.internal;
    const questions = dnsQuestions(directory);
    // Zones the server lets us transfer answer their names at once; the rest are asked name by name.
    const transferred: LoadedZone[] = [];
    for (const zone of options.dns.axfr ?? []) {
      const server = resolver.servers[0]!;
      try {
        transferred.push({ file: `${displayServer(server)} (AXFR ${zone})`, zone: await transferZone(server, zone, resolver.timeoutMs) });
      } catch (err) {
        options.warn?.(`zone transfer of ${zone} from ${displayServer(server)} failed (${(err as Error).message}); asking name by name`);
      }
    }
    const fromTransfer = new ZoneAnswerer(transferred);
    const answered = questions.map((name) => fromTransfer.answer(name));
    const remaining = questions.filter((_, i) => answered[i]!.error === NO_ZONE_COVERS_NAME);
    const live = await resolveAll(remaining, resolver);
    const internal = answered.map((answer) => (answer.error === NO_ZONE_COVERS_NAME ? live.shift()! : answer));
    dns = { ...dns, internal };
    sources.push({ kind: 'dns', location: options.dns.internal.servers.map(displayServer).join(', '), status: 'collected', objects: internal.length });
  }
  if (options.dns?.external) {
    // Only the array names matter outside: ARR007 asks whether they resolve there.
    const external = await resolveAll(arrayQuestions(directory), options.dns.external);
    dns = { ...dns, external };
    sources.push({ kind: 'dns', location: `${options.dns.external.servers.map(displayServer).join(', ')} (external)`, status: 'collected', objects: external.length });
  }
  const dnsCollected = Boolean(options.zones?.length || options.dns?.internal);
  let hosts: Snapshot['hosts'] = { servers: [], unmatchedFolders: [] };
  if (options.hosts && options.hosts.length > 0) {
    const collected = await collectHosts(options.hosts, directory.servers, options.warn ?? (() => {}));
    hosts = collected.hosts;
    sources.push(...collected.sources);
  }
  return {
    $schema: SNAPSHOT_SCHEMA_ID,
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    collection: {
      tool: { name: toolName, version: toolVersion },
      collectedAt: now.toISOString(),
      sources,
      sections: { activeDirectory: 'collected', dns: dnsCollected ? 'collected' : 'not-collected', hosts: options.hosts?.length ? 'collected' : 'not-collected' },
    },
    ...directory,
    dns,
    hosts,
  };
}
