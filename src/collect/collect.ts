/**
 * Builds a snapshot from the sources the user named. Each collector fills
 * its sections; a section no source was given for is "not-collected", so the
 * rules that need it say so instead of passing.
 */
import { UserError } from '../util/errors.js';
import { toolName, toolVersion } from '../util/paths.js';
import type { CollectionSource, Snapshot } from '../snapshot/model.js';
import { SNAPSHOT_SCHEMA_ID, SNAPSHOT_SCHEMA_VERSION } from '../snapshot/version.js';
import { DirectoryMapper, MAPPED_ATTRIBUTES, type DirectoryData } from './ad/map.js';
import { collectDns, type DnsOptions } from './dns/collect-dns.js';
import { collectHosts } from './hosts/collect-hosts.js';
import { collectFromLdap, type LdapOptions } from './ldap/collect-ldap.js';
import { displayUrl } from './ldap/ldap-url.js';
import { streamLdifFile } from './ldif/reader.js';
import { portableSnapshotPaths } from './portable-paths.js';

export interface CollectOptions extends DnsOptions {
  /** ldifde exports of the configuration naming context. */
  ldif: readonly string[];
  /** A domain controller to read live. */
  ldap?: LdapOptions;
  /** Folders of host exports: one sub-folder per server (scripts/Export-CasAuditHostData.ps1). */
  hosts?: readonly string[];
  warn?: (message: string) => void;
}

/** What the reader keeps of each LDIF entry: what the mapping reads. */
const LDIF_ATTRIBUTES: ReadonlySet<string> = new Set(MAPPED_ATTRIBUTES);

export async function collectSnapshot(options: CollectOptions, now: Date = new Date()): Promise<Snapshot> {
  const sources: CollectionSource[] = [];
  const directory = await collectDirectory(options, sources);
  const dns = await collectDns(options, directory, options.warn);
  sources.push(...dns.sources);
  let hosts: Snapshot['hosts'] = { servers: [], unmatchedFolders: [] };
  if (options.hosts && options.hosts.length > 0) {
    const collected = await collectHosts(options.hosts, directory.servers, options.warn ?? (() => {}));
    hosts = collected.hosts;
    sources.push(...collected.sources);
  }
  return portableSnapshotPaths({
    $schema: SNAPSHOT_SCHEMA_ID,
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    collection: {
      tool: { name: toolName, version: toolVersion },
      collectedAt: now.toISOString(),
      sources,
      sections: { activeDirectory: 'collected', dns: dns.collected ? 'collected' : 'not-collected', hosts: options.hosts?.length ? 'collected' : 'not-collected' },
    },
    ...directory,
    dns: dns.dns,
    hosts,
  });
}

/** The directory from the LDIF exports and the domain controller; refused when it holds no Exchange organization. */
async function collectDirectory(options: CollectOptions, sources: CollectionSource[]): Promise<DirectoryData> {
  // Entries are mapped as they are read: an export of a large estate is never held whole.
  const mapper = new DirectoryMapper(options.warn);
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
      : 'export the configuration naming context (see docs/collecting.md, "Exporting from Active Directory")';
    throw new UserError(`${where}: no Exchange organization found (no msExchOrganizationContainer or Exchange server objects); ${hint}`);
  }
  const missing = missingParts(directory);
  if (missing.length > 0) {
    // Part of the configuration (ldifde or a base DN pointed at the Servers container) would audit the rest as absent.
    const hint = options.ldap
      ? 'use the configuration naming context as the base DN (leave out --base-dn), see docs/collecting.md'
      : 'export the whole configuration naming context (docs/collecting.md)';
    throw new UserError(`${where} holds only part of the configuration (${missing.join(', ')}): ${hint}`);
  }
  return directory;
}

/**
 * The parts every whole configuration naming context holds that this
 * directory lacks: the organization, the sites container, the servers the
 * databases belong to. One dangling link is left to the rules (not evaluated).
 */
function missingParts(directory: DirectoryData): string[] {
  const missing: string[] = [];
  if (directory.organization === null) missing.push('no msExchOrganizationContainer');
  if (directory.sites.length === 0) missing.push('no AD site (CN=Sites)');
  if (directory.databases.length > 0 && directory.servers.length === 0) missing.push('databases but no Exchange server');
  return missing;
}
