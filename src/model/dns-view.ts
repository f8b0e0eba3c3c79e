/**
 * What a name resolves to, as the rules need it: its A/AAAA records after
 * following CNAMEs, or why there are none. A time-out, SERVFAIL or a reply
 * that is not an answer (a referral) is "not collected", never "does not
 * resolve".
 */
import { fqdnKey } from '../snapshot/names.js';
import { NO_ZONE_COVERS_NAME } from '../snapshot/dns-errors.js';
import type { DnsAnswer, DnsRecord } from '../snapshot/model.js';

export type Resolution =
  | { state: 'addresses'; records: DnsRecord[]; answer: DnsAnswer }
  | { state: 'no-address'; rcode: string | null; answer: DnsAnswer }
  | { state: 'not-collected'; reason: string }
  | { state: 'not-asked' };


const MAX_CHAIN = 16;

/**
 * Resolves a name through the answers recorded for it (and, when a CNAME leads
 * to another recorded name, through that name's answer).
 */
export function resolveName(fqdn: string, answerFor: (fqdn: string) => DnsAnswer | undefined): Resolution {
  const first = answerFor(fqdn);
  if (!first) return { state: 'not-asked' };
  let answer = first;
  let name = fqdnKey(fqdn);
  const seen = new Set<string>();
  for (let hop = 0; hop < MAX_CHAIN; hop++) {
    if (answer.status === 'not-collected') return { state: 'not-collected', reason: notCollectedReason(answer) };
    if (seen.has(name)) break; // CNAME loop: no address
    seen.add(name);
    const own = answer.records.filter((r) => fqdnKey(r.name) === name);
    const addresses = own.filter((r) => r.type === 'A' || r.type === 'AAAA');
    if (addresses.length > 0) return { state: 'addresses', records: addresses, answer: first };
    const cname = own.find((r) => r.type === 'CNAME');
    if (!cname) break;
    name = fqdnKey(cname.value);
    // The target's records may sit in this answer (a resolver returns the chain) or in its own answer.
    if (!answer.records.some((r) => fqdnKey(r.name) === name)) {
      const next = answerFor(name);
      if (!next) break;
      answer = next;
    }
  }
  return { state: 'no-address', rcode: first.rcode, answer: first };
}

/**
 * One of a few fixed reasons, so that reports group objects by it (the object
 * carries the name; collector error text stays in the snapshot).
 */
function notCollectedReason(answer: DnsAnswer): string {
  const rcode = answer.rcode?.trim().toUpperCase();
  const cause =
    answer.error === NO_ZONE_COVERS_NAME
      ? NO_ZONE_COVERS_NAME
      : !rcode
        ? 'no answer (time-out)'
        : rcode === 'NOERROR' || rcode === 'NXDOMAIN'
          ? 'the reply was not an answer (a referral, not authoritative, or malformed)'
          : /^[A-Z]+$/.test(rcode)
            ? `the server answered ${rcode}`
            : 'an unusable answer';
  return `DNS for the name was not collected: ${cause}`;
}
