/**
 * What the source flags mean: the collect options they describe; and, from
 * their declarations, whether they name any source and the files they read.
 */
// The collectors (ldapts, dns-packet, csv-parse, sax) load only when a command collects:
// an audit of a snapshot starts about 0.15 s sooner without them.
import type { CollectOptions } from '../collect/collect.js';
import type { ResolverOptions } from '../collect/dns/resolver.js';
import type { DnsServer } from '../collect/dns/server.js';
import { refuseUserInfo } from '../collect/ldap/ldap-url.js';
import { readPassword } from '../collect/ldap/password.js';
import { valueName, type GeneralArgs } from './flags.js';
import { SOURCE_FLAGS, type SourceArgs, type SourceFlagDeclaration } from './source-flags.js';
import { stderrLine } from './stderr.js';
import { UsageError } from './usage-error.js';

/** `contoso.local=file.dns` names the zone; a bare path leaves it to the file. */
export function parseZoneArgument(value: string): { file: string; origin?: string } {
  const eq = value.indexOf('=');
  const zone = eq > 0 ? value.slice(0, eq) : '';
  if (zone && /^[A-Za-z0-9.-]+$/.test(zone) && value.length > eq + 1) return { origin: zone.replace(/\.$/, '').toLowerCase(), file: value.slice(eq + 1) };
  return { file: value };
}

/** The collect options the source flags describe; reads the password, warns about insecure flags. */
export async function collectOptionsFrom(args: SourceArgs & GeneralArgs): Promise<CollectOptions> {
  const { parseDnsServer, systemDnsServers } = await import('../collect/dns/server.js');
  const options: CollectOptions = { ldif: args.ldif, warn: (message) => stderrLine(`warning: ${message}`) };
  const directory = args.ldif.length > 0 || Boolean(args.ldapUrl);
  if (args.hosts.length > 0) {
    if (!directory) throw new UsageError('--hosts needs a directory source (--ldif or --ldap-url): the directory says which folder is which server');
    options.hosts = args.hosts;
  }
  if (args.zone.length > 0) {
    if (!directory) throw new UsageError('--zone needs a directory source (--ldif or --ldap-url): the directory says which names to look up');
    options.zones = args.zone.map(parseZoneArgument);
  }
  if (args.externalZone.length > 0) {
    if (!directory) throw new UsageError('--external-zone needs a directory source (--ldif or --ldap-url): the directory says which names to look up');
    if (args.externalDnsServer.length > 0) throw new UsageError('give --external-zone or --external-dns-server for the public DNS, not both');
    options.externalZones = args.externalZone.map(parseZoneArgument);
  }
  if (!args.dns && (args.zone.length > 0 || args.dnsServer.length > 0)) throw new UsageError('--no-dns contradicts --zone and --dns-server');
  // A live audit asks live DNS, as Outlook would; an offline (LDIF) one never asks the runner's resolvers.
  const dnsServers = args.ldapUrl && args.dns && args.zone.length === 0 && args.dnsServer.length === 0 ? ['system'] : args.dnsServer;
  if (dnsServers.length > 0 || args.externalDnsServer.length > 0) {
    if (!directory) throw new UsageError('--dns-server needs a directory source (--ldif or --ldap-url): the directory says which names to look up');
    if (args.zone.length > 0 && dnsServers.length > 0) throw new UsageError('give --zone or --dns-server for the internal DNS, not both');
    checkTimeout('--dns-timeout', args.dnsTimeout);
    if (!Number.isInteger(args.dnsRetries) || args.dnsRetries < 0 || !Number.isInteger(args.dnsConcurrency) || args.dnsConcurrency < 1) {
      throw new UsageError('--dns-retries must be a whole number from 0, --dns-concurrency a whole number from 1');
    }
    const resolver = (servers: DnsServer[]): ResolverOptions => ({
      servers,
      timeoutMs: args.dnsTimeout * 1000,
      retries: args.dnsRetries,
      concurrency: args.dnsConcurrency,
    });
    const internal = dnsServers.flatMap((s) => (s.trim().toLowerCase() === 'system' ? systemDnsServers() : [parseDnsServer(s)]));
    options.dns = {
      internal: internal.length > 0 ? resolver(internal) : null,
      external: args.externalDnsServer.length > 0 ? resolver(args.externalDnsServer.map(parseDnsServer)) : null,
      axfr: args.dnsAxfr,
    };
  }
  if (args.dnsAxfr.length > 0 && dnsServers.length === 0) throw new UsageError('--dns-axfr needs a --dns-server to transfer the zone from');
  if (!args.ldapUrl) {
    if (args.bindDn || args.passwordEnv || args.passwordFile || args.caFile || args.starttls || args.baseDn) {
      throw new UsageError('the LDAP flags (--bind-dn, --password-*, --ca-file, --starttls, --base-dn) need --ldap-url');
    }
    return options;
  }
  // Before the password is read: a password typed into the URL is refused, not prompted for again.
  refuseUserInfo(args.ldapUrl);
  if (!Number.isInteger(args.pageSize) || args.pageSize < 1 || args.pageSize > 1000) throw new UsageError('--page-size must be a whole number from 1 to 1000');
  checkTimeout('--timeout', args.timeout);
  if (args.insecurePlaintextLdap) process.stderr.write('casaudit: WARNING: --insecure-plaintext-ldap: the password and directory data cross the network unencrypted\n');
  if (args.insecureSkipTlsVerify) process.stderr.write('casaudit: WARNING: --insecure-skip-tls-verify: the server certificate is not checked; anyone in the path can impersonate it\n');
  const showProgress = !args.quiet && Boolean(process.stderr.isTTY);
  options.ldap = {
    url: args.ldapUrl,
    ...(args.bindDn ? { bindDn: args.bindDn, password: await readPassword({ env: args.passwordEnv, file: args.passwordFile }) } : {}),
    ...(args.caFile ? { caFile: args.caFile } : {}),
    ...(args.baseDn ? { baseDn: args.baseDn } : {}),
    startTls: args.starttls,
    insecurePlaintext: args.insecurePlaintextLdap,
    insecureSkipVerify: args.insecureSkipTlsVerify,
    timeoutMs: args.timeout * 1000,
    pageSize: args.pageSize,
    ...(showProgress ? { progress: (message: string) => stderrLine(message) } : {}),
  };
  return options;
}

/** The longest time-out Node's timers honour, in whole seconds: they fire after 1 ms for anything above 2^31-1 ms. */
const MAX_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** A time-out flag's seconds must be above 0 and within what a timer can wait (about 24.8 days). */
function checkTimeout(flag: string, seconds: number): void {
  if (!(seconds > 0) || seconds > MAX_TIMEOUT_SECONDS) {
    throw new UsageError(`${flag} must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS} (about 24.8 days, the longest a timer can wait)`);
  }
}

/** A source flag's values as given: none when absent or empty. */
function valuesOf(args: SourceArgs, flag: string): string[] {
  const value = (args as Record<string, unknown>)[valueName(flag)];
  return Array.isArray(value) ? value : typeof value === 'string' && value !== '' ? [value] : [];
}

/** The file a value of each kind of input flag names. */
const INPUT_FILE = {
  path: (value: string) => value,
  'zone-path': (value: string) => parseZoneArgument(value).file,
} as const;

const DECLARATIONS: [string, SourceFlagDeclaration][] = Object.entries(SOURCE_FLAGS);

/** Every file and folder the source flags read: the output must never replace one of them. */
export function sourceInputs(args: SourceArgs): string[] {
  return DECLARATIONS.flatMap(([flag, { input }]) => (input ? valuesOf(args, flag).map(INPUT_FILE[input]) : []));
}

/** Whether any flag that names a source is given. */
export function hasSources(args: SourceArgs): boolean {
  return DECLARATIONS.some(([flag, { source }]) => source && valuesOf(args, flag).length > 0);
}
