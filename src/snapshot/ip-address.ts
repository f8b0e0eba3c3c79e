/**
 * Whether a text is an IP address as Windows NLB and DNS write one: a dotted
 * IPv4 address without leading zeros, or an IPv6 address. An IPv4-mapped IPv6
 * address (::ffff:10.1.1.1) or a prefix length (10.1.1.1/24) is not one:
 * comparing either with an array's DNS answers would silently never match.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** Why the text is not a usable address, or null when it is one. */
export function addressProblem(text: string): string | null {
  if (isIPv4(text)) return null; // Node refuses leading zeros and out-of-range parts
  if (isIPv6(text)) return isIpv4Mapped(text) ? 'an IPv4-mapped IPv6 address' : null;
  if (text.includes('/')) return 'an address with a prefix length';
  if (/^\d+(\.\d+){3}$/.test(text)) return 'not an IPv4 address (a part over 255, or a leading zero)';
  return 'not an IPv4 or IPv6 address';
}

/** ::ffff:a.b.c.d in any spelling: the URL parser writes IPv6 in its one compressed form. */
function isIpv4Mapped(text: string): boolean {
  let canonical: string;
  try {
    canonical = new URL(`http://[${text}]/`).hostname;
  } catch {
    return false; // a zone index (fe80::1%2) is no mapped address
  }
  return /^\[::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}\]$/.test(canonical);
}
