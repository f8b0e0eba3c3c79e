/**
 * Identity helpers: AD compares DNs and legacyExchangeDNs case-insensitively,
 * DNS compares names case-insensitively and ignores the root's trailing dot.
 * Every cross-reference in casaudit goes through these keys.
 */

/** Split on separators that are not escaped with a backslash. */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      current += ch + text[i + 1];
      i++;
    } else if (ch === separator) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/** Decode RFC 4514 escapes (`\,` and `\2C`) so equal values compare equal however they were escaped. */
function unescapeValue(value: string): string {
  if (!value.includes('\\')) return value;
  return value.replace(/\\([0-9a-fA-F]{2}|.)/g, (_m, esc: string) =>
    esc.length === 2 ? String.fromCharCode(parseInt(esc, 16)) : esc,
  );
}

/**
 * Key for comparing DNs: attribute types and values lower-cased, spaces around
 * separators dropped, escapes decoded. `CN=EX01, CN=Servers` and
 * `cn=ex01,cn=servers` give the same key. Finding fingerprints hash it: its
 * form (`cn="ex01",cn="servers"`) must not change.
 */
export function dnKey(dn: string): string {
  return PLAIN_DN.test(dn) ? plainDnKey(dn) : parsedDnKey(dn);
}

/**
 * dnKey, each DN spelling keyed once: most references repeat an object's own
 * spelling, and an audit or a diff keys hundreds of thousands of them. The
 * cache lives as long as the function returned.
 */
export function memoisedDnKey(): (dn: string) => string {
  const keys = new Map<string, string>();
  return (dn) => {
    let key = keys.get(dn);
    if (key === undefined) {
      key = dnKey(dn);
      keys.set(dn, key);
    }
    return key;
  };
}

/**
 * Printable ASCII without backslash, quote or plus: no escapes to decode, no
 * multi-valued RDN to sort, nothing JSON would escape. Nearly every DN in an
 * estate is plain, and an audit keys hundreds of thousands of them.
 */
const PLAIN_DN = /^[\x20\x21\x23-\x2a\x2c-\x5b\x5d-\x7e]*$/;

/** dnKey of a plain DN, without the general parse (same result). */
function plainDnKey(dn: string): string {
  const rdns = dn.toLowerCase().split(',');
  for (let i = 0; i < rdns.length; i++) {
    const rdn = rdns[i]!;
    const eq = rdn.indexOf('=');
    rdns[i] = eq < 0 ? rdn.trim() : `${rdn.slice(0, eq).trim()}="${rdn.slice(eq + 1).trim()}"`;
  }
  return rdns.join(',');
}

function parsedDnKey(dn: string): string {
  return splitUnescaped(dn.trim(), ',')
    .map((rdn) =>
      splitUnescaped(rdn, '+')
        .map((ava) => {
          const eq = ava.indexOf('=');
          if (eq < 0) return ava.trim().toLowerCase();
          const type = ava.slice(0, eq).trim().toLowerCase();
          const value = unescapeValue(ava.slice(eq + 1).trim()).toLowerCase();
          return `${type}=${JSON.stringify(value)}`;
        })
        .sort()
        .join('+'),
    )
    .join(',');
}

/** The value of a DN's first RDN, e.g. `EX01` for `CN=EX01,CN=Servers,...`. */
export function dnLeaf(dn: string): string {
  const trimmed = dn.trim();
  const comma = firstUnescaped(trimmed, ',');
  const first = comma === -1 ? trimmed : trimmed.slice(0, comma);
  const eq = first.indexOf('=');
  return unescapeValue(eq < 0 ? first.trim() : first.slice(eq + 1).trim());
}

/** The DN of an entry's parent: the DN without its first RDN ('' for a top-level DN). */
export function dnParent(dn: string): string {
  const trimmed = dn.trim();
  const comma = firstUnescaped(trimmed, ',');
  return comma === -1 ? '' : trimmed.slice(comma + 1).trim();
}

/**
 * Index of the first `separator` not escaped with a backslash, or -1: where
 * splitUnescaped would make its first cut. Found without splitting, because
 * the mapping asks for the parent of every database copy's DN.
 */
function firstUnescaped(text: string, separator: string): number {
  const first = text.indexOf(separator);
  // With no backslash before it, the first one is not escaped (only the first RDN is looked at).
  if (first === -1 || text.lastIndexOf('\\', first) === -1) return first;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === separator) return i;
  }
  return -1;
}

/** Key for comparing FQDNs: lower case, no trailing dot. */
export function fqdnKey(fqdn: string): string {
  return fqdn.trim().replace(/\.$/, '').toLowerCase();
}

/** Key for comparing legacyExchangeDNs: Exchange matches them case-insensitively. */
export function legacyDnKey(legacyDn: string): string {
  return legacyDn.trim().toLowerCase();
}

/** IPv4 as written; IPv6 lower-cased (zone files and resolvers differ in case). */
export function normalizeAddress(address: string): string {
  return address.trim().toLowerCase();
}
