/**
 * Shared by the DNS rules (DNS001–DNS004): which arrays they judge, how a
 * name's resolution becomes a not-evaluated reason or a message, and how an
 * array's addresses map onto Exchange servers.
 */
import type { CasArray, DnsRecord, Server } from '../../src/snapshot/model.js';
import { fqdnKey, normalizeAddress } from '../../src/snapshot/names.js';
import type { Resolution } from '../../src/model/dns-view.js';
import type { EstateIndex } from '../../src/model/estate-index.js';
import type { RuleContext } from '../../src/engine/rule.js';
import { cmdArgument } from '../../src/util/shell-quote.js';

/** A CAS array the DNS rules judge, with its FQDN. */
export interface ArrayInScope {
  array: CasArray;
  fqdn: string;
}

/** Why a rule that needs an array's FQDN cannot judge an array without one (the mapping reads it from networkAddress). */
export const NO_ARRAY_FQDN = 'its networkAddress holds no ncacn_ip_tcp: name, so it has no FQDN to judge';

/**
 * The Exchange 2010 arrays `include` keeps that have an FQDN. One without is
 * reported as not evaluated (NO_ARRAY_FQDN), never skipped without a word.
 */
export function arraysInScope(
  index: EstateIndex,
  notEvaluated: RuleContext['notEvaluated'],
  include: (array: CasArray) => boolean = () => true,
): ArrayInScope[] {
  return index.exchange2010Arrays().flatMap((array) => {
    if (!include(array)) return [];
    if (array.fqdn) return [{ array, fqdn: array.fqdn }];
    notEvaluated(index.ref(array), NO_ARRAY_FQDN);
    return [];
  });
}

/**
 * In-scope arrays whose FQDN resolves to addresses, with that resolution.
 * An unresolved name (not collected, not asked) is reported as not evaluated
 * here; a name with no address is left to DNS001. `include` filters first,
 * so arrays it drops are neither judged nor reported.
 */
export function* resolvedArrays(
  index: EstateIndex,
  notEvaluated: RuleContext['notEvaluated'],
  include: (array: CasArray) => boolean = () => true,
): Generator<ArrayInScope & { resolution: Extract<Resolution, { state: 'addresses' }> }> {
  for (const { array, fqdn } of arraysInScope(index, notEvaluated, include)) {
    const resolution = index.resolve(fqdn);
    const reason = unresolvedReason(resolution);
    if (reason) notEvaluated(index.ref(array), reason);
    else if (resolution.state === 'addresses') yield { array, fqdn, resolution };
  }
}

/** A resolution that gives no verdict: the reason to report (generic, without the name). */
export function unresolvedReason(resolution: Resolution): string | undefined {
  if (resolution.state === 'not-asked') return 'the name was not asked in DNS';
  return resolution.state === 'not-collected' ? resolution.reason : undefined;
}

/** Why a name with state 'no-address' has no address, as a message fragment ("does not exist in DNS (NXDOMAIN)"). */
export function noAddressCause(fqdn: string, resolution: Extract<Resolution, { state: 'no-address' }>): string {
  const viaCname = resolution.answer.records.some((r) => r.type === 'CNAME' && fqdnKey(r.name) === fqdnKey(fqdn));
  if (resolution.rcode === 'NXDOMAIN') {
    return viaCname ? 'is a CNAME whose target does not exist in DNS (NXDOMAIN)' : 'does not exist in DNS (NXDOMAIN)';
  }
  const rcode = resolution.rcode ?? 'no response code';
  return viaCname
    ? `is a CNAME whose chain ends without an A or AAAA record (${rcode})`
    : `has no A or AAAA record (${rcode}, no data)`;
}

/** The distinct addresses of a resolution, normalised, in record order. */
function distinctAddresses(records: readonly DnsRecord[]): string[] {
  const seen = new Set<string>();
  for (const record of records) seen.add(normalizeAddress(record.value));
  return [...seen];
}

export interface AddressOwners {
  /** Each distinct address with the Exchange servers whose own FQDN resolves to it (possibly none). */
  owners: { address: string; servers: Server[] }[];
  /**
   * True when some Exchange server's own name has no known resolution (not
   * collected or not asked): an address that matches no server might still be
   * that server's.
   */
  serverDnsIncomplete: boolean;
}

/** Maps an array's addresses onto the Exchange servers that own them. */
export function addressOwners(index: EstateIndex, records: readonly DnsRecord[]): AddressOwners {
  const owners = distinctAddresses(records).map((address) => ({ address, servers: index.serversWithAddress(address) }));
  return { owners, serverDnsIncomplete: index.serverDnsIncomplete() };
}

/** Reason used when an array address cannot be matched because servers' DNS is missing. */
export const SERVER_DNS_INCOMPLETE =
  "DNS for some Exchange servers' names was not collected, so the name's addresses cannot all be matched to servers";

/** Zone and node of a record owner, split at the first label: `outlook-lon.northwind.local` → (`northwind.local`, `outlook-lon`). */
export function zoneAndNode(fqdn: string): { zone: string; node: string } {
  const name = fqdn.trim().replace(/\.$/, '');
  const dot = name.indexOf('.');
  return dot < 0 ? { zone: '<zone>', node: name } : { zone: name.slice(dot + 1), node: name.slice(0, dot) };
}

/** Seconds as a PowerShell TimeSpan literal, e.g. 300 → 00:05:00 (days prefixed when needed). */
export function timeSpan(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86400);
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = `${pad(Math.floor((s % 86400) / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  return days > 0 ? `${days}.${clock}` : clock;
}

/**
 * dnscmd steps that remove what a name points at now: its CNAME when it is
 * one, otherwise each of its A/AAAA records.
 */
function recordDeletes(fqdn: string, resolution: Extract<Resolution, { state: 'addresses' }>): string[] {
  const key = fqdnKey(fqdn);
  const { zone, node } = zoneAndNode(fqdn);
  const cname = resolution.answer.records.find((r) => r.type === 'CNAME' && fqdnKey(r.name) === key);
  if (cname) return [`dnscmd <dns server> /RecordDelete ${cmdArgument(zone, 'zone')} ${cmdArgument(node, 'host name')} CNAME ${cmdArgument(cname.value, 'alias target')} /f`];
  return resolution.records.map((r) => {
    const owner = zoneAndNode(r.name);
    return `dnscmd <dns server> /RecordDelete ${cmdArgument(owner.zone, 'zone')} ${cmdArgument(owner.node, 'host name')} ${r.type} ${cmdArgument(r.value, 'address')} /f`;
  });
}

/** The dnscmd steps that replace what a name points at now with a 300-second A record for a load balancer's virtual IP. */
export function pointAtVip(fqdn: string, resolution: Extract<Resolution, { state: 'addresses' }>): string {
  const { zone, node } = zoneAndNode(fqdn);
  return `${recordDeletes(fqdn, resolution).join('; ')}; dnscmd <dns server> /RecordAdd ${cmdArgument(zone, 'zone')} ${cmdArgument(node, 'host name')} 300 A <load balancer virtual IP>`;
}
