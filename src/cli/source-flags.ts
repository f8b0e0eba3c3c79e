/**
 * The source flags `audit` and `collect` share: where an estate is read from.
 * A flag is added here and nowhere else: its declaration also says whether it
 * names a source and whether its values are files casaudit reads (sources.ts
 * derives hasSources and sourceInputs from that); what it means for
 * collection is collectOptionsFrom's, in sources.ts.
 */
// Only the page-size constant: the collectors themselves load when a command collects.
import { DEFAULT_PAGE_SIZE } from '../collect/ldap/page-size.js';
import { GROUP, type FlagDeclaration, type FlagValues } from './flags.js';

/**
 * What casaudit knows of a source flag beside what yargs reads. yargs ignores
 * keys it does not know, so the declaration is handed to it whole.
 */
export interface SourceFlagDeclaration extends FlagDeclaration {
  /** Given, it names a source of the estate: a command with none has nothing to collect. */
  source?: true;
  /** Its values are files or folders casaudit reads, which no output may replace: as given, or as ZONE=FILE. */
  input?: 'path' | 'zone-path';
}

export const SOURCE_FLAGS = {
  ldif: {
    group: GROUP.activeDirectory,
    type: 'string',
    array: true,
    default: [] as string[],
    source: true,
    input: 'path',
    describe: 'ldifde export of the configuration naming context (repeatable)',
  },
  'ldap-url': {
    group: GROUP.activeDirectory,
    type: 'string',
    source: true,
    describe: 'Domain controller to read: ldaps://dc01.contoso.local (or ldap:// with --starttls)',
  },
  'bind-dn': { group: GROUP.activeDirectory, type: 'string', describe: 'Bind as this DN or UPN (auditor@contoso.local); anonymous when absent' },
  'password-env': { group: GROUP.activeDirectory, type: 'string', describe: 'Read the bind password from this environment variable' },
  'password-file': {
    group: GROUP.activeDirectory,
    type: 'string',
    input: 'path',
    describe: 'Read the bind password from this file (else a prompt without echo)',
  },
  'ca-file': { group: GROUP.activeDirectory, type: 'string', input: 'path', describe: 'PEM file of the CA that issued the domain controller certificate' },
  starttls: { group: GROUP.activeDirectory, type: 'boolean', default: false, describe: 'Upgrade an ldap:// connection with StartTLS' },
  'base-dn': { group: GROUP.activeDirectory, type: 'string', describe: 'Configuration naming context to read (default: from the RootDSE)' },
  timeout: { group: GROUP.activeDirectory, type: 'number', default: 30, describe: 'Seconds to wait for the server' },
  'page-size': { group: GROUP.activeDirectory, type: 'number', default: DEFAULT_PAGE_SIZE, describe: 'Entries per LDAP page (1-1000; AD caps pages at 1000)' },
  'insecure-plaintext-ldap': {
    group: GROUP.activeDirectory,
    type: 'boolean',
    default: false,
    describe: 'INSECURE: allow ldap:// without StartTLS (password sent in clear)',
  },
  'insecure-skip-tls-verify': { group: GROUP.activeDirectory, type: 'boolean', default: false, describe: 'INSECURE: accept any TLS certificate' },

  zone: {
    group: GROUP.dns,
    type: 'string',
    array: true,
    default: [] as string[],
    source: true,
    input: 'zone-path',
    describe: 'DNS zone file from dnscmd /ZoneExport or Export-DnsServerZone, as FILE or ZONE=FILE (repeatable)',
  },
  'dns-server': {
    group: GROUP.dns,
    type: 'string',
    array: true,
    default: [] as string[],
    source: true,
    describe: "DNS server to ask, HOST[:PORT] (repeatable); 'system' for the operating system's resolvers",
  },
  /** false with --no-dns: no default DNS for live collection. */
  dns: {
    group: GROUP.dns,
    type: 'boolean',
    default: true,
    describe: "With --ldap-url and no --zone or --dns-server, ask the operating system's resolvers; --no-dns skips DNS",
  },
  'external-zone': {
    group: GROUP.dns,
    type: 'string',
    array: true,
    default: [] as string[],
    source: true,
    input: 'zone-path',
    describe: 'Zone file of the public DNS, as FILE or ZONE=FILE (repeatable), for ARR007 instead of --external-dns-server',
  },
  'external-dns-server': { group: GROUP.dns, type: 'string', array: true, default: [] as string[], describe: 'Resolver outside the network, HOST[:PORT], for ARR007' },
  'dns-axfr': {
    group: GROUP.dns,
    type: 'string',
    array: true,
    default: [] as string[],
    describe: 'Transfer this zone (AXFR) from the first --dns-server and answer from it (repeatable)',
  },
  'dns-timeout': { group: GROUP.dns, type: 'number', default: 2, describe: 'Seconds to wait for each DNS answer' },
  'dns-retries': { group: GROUP.dns, type: 'number', default: 1, describe: 'Further tries of a DNS query after a time-out' },
  'dns-concurrency': { group: GROUP.dns, type: 'number', default: 16, describe: 'DNS names resolved at the same time' },

  hosts: {
    group: GROUP.hosts,
    type: 'string',
    array: true,
    default: [] as string[],
    source: true,
    input: 'path',
    describe: 'Folder of host exports, one sub-folder per server (scripts/Export-CasAuditHostData.ps1) (repeatable)',
  },
} as const satisfies Readonly<Record<string, SourceFlagDeclaration>>;

/** The source flags' values: ldapUrl, dnsServer, pageSize... */
export type SourceArgs = FlagValues<typeof SOURCE_FLAGS>;
