/**
 * Reads DNS zone files as Windows DNS Server writes them (`dnscmd /ZoneExport`,
 * `Export-DnsServerZone`): RFC 1035 master-file syntax plus the Windows layout
 * and its aging token (reference E.2). One pass over the text, linear time.
 *
 * Decisions beyond RFC 1035:
 * - A record without a TTL gets `$TTL` if one is in effect, else the MINIMUM
 *   field of the zone's SOA (Windows writes it as "default TTL"), else 3600
 *   (records before the SOA, or a file with no SOA and no `$TTL`). The SOA
 *   itself defaults to its own MINIMUM.
 * - A bracketed token (`[AGE:3652234]`, `[Aging:3652234]`) after the owner or
 *   among the TTL/class fields is skipped; its number (hours since 1601-01-01
 *   UTC) is kept as `agingHours`.
 * - The zone name is options.origin, else the name in the Windows header
 *   comment "; Database file <file> for <zone> zone.", else the owner of the
 *   SOA when it is absolute. Relative names need one of these (or `$ORIGIN`).
 * - Only class IN is accepted. `$INCLUDE` is refused.
 */
import { readInputFile } from '../../util/read-input.js';
import { isIP } from 'node:net';
import { UserError, oneLine } from '../../util/errors.js';
import { decodeWindowsText } from '../windows-text.js';

export interface ZoneRecord {
  /** Absolute owner name, lower-case, no trailing dot. */
  name: string;
  /** Record type, upper-case. */
  type: string;
  ttl: number;
  /** RDATA as text: the address for A/AAAA, the absolute lower-case target for CNAME, else the fields joined by single spaces. */
  value: string;
  /** 1-based line where the record starts. */
  line: number;
  /** The number in a Windows aging token (hours since 1601-01-01 UTC); absent when the record has none. */
  agingHours?: number;
}

export interface ParsedZone {
  /** Zone name, lower-case, no trailing dot. */
  origin: string;
  records: ZoneRecord[];
}

export interface ZoneOptions {
  /** The zone name, overriding the header comment and the SOA owner. */
  origin?: string;
}

/** TTL used when neither `$TTL` nor an SOA gives a default. */
export const FALLBACK_TTL = 3600;
const MAX_TTL = 2147483647; // RFC 2181 section 8

const KNOWN_TYPES = new Set(
  (
    'A NS MD MF CNAME SOA MB MG MR NULL WKS PTR HINFO MINFO MX TXT RP AFSDB X25 ISDN RT NSAP NSAP-PTR SIG KEY PX GPOS ' +
    'AAAA LOC NXT EID NIMLOC SRV ATMA NAPTR KX CERT A6 DNAME SINK APL DS SSHFP IPSECKEY RRSIG NSEC DNSKEY DHCID NSEC3 ' +
    'NSEC3PARAM TLSA SMIMEA HIP CDS CDNSKEY OPENPGPKEY CSYNC ZONEMD SVCB HTTPS SPF EUI48 EUI64 URI CAA DLV WINS WINSR WINS-R'
  ).split(' '),
);

export async function readZoneFile(file: string, options?: ZoneOptions): Promise<ParsedZone> {
  const bytes = await readInputFile(file, 'zone file');
  return parseZone(decodeWindowsText(bytes, file, 'a zone file'), file, options);
}

export function parseZone(text: string, file: string, options?: ZoneOptions): ParsedZone {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const unknownZone = (): UserError => new UserError(`${file}: the zone name is unknown: give it as --zone ZONE=FILE`);
  const fail = (line: number, what: string): UserError => new UserError(`${file}:${line}: ${oneLine(what)}`);

  let zone: string | undefined =
    options?.origin !== undefined && options.origin !== '' ? stripDot(options.origin.toLowerCase()) : headerZone(text);
  let origin = zone; // the current $ORIGIN
  let ttlDirective: number | undefined;
  let soaMinimum: number | undefined;
  let previousOwner: string | undefined;
  const records: ZoneRecord[] = [];

  const absolute = (name: string, line: number): string => {
    if (name === '@') {
      if (origin === undefined) throw unknownZone();
      return origin;
    }
    if (name.includes('"')) throw fail(line, `invalid name '${name}'`);
    if (isAbsolute(name)) return stripDot(name.toLowerCase());
    if (origin === undefined) throw unknownZone();
    return origin === '' ? name.toLowerCase() : `${name.toLowerCase()}.${origin}`;
  };

  const ttlOf = (token: string, line: number): number | undefined => {
    const ttl = parseTtl(token);
    if (ttl !== undefined && ttl > MAX_TTL) throw fail(line, `TTL out of range '${token}'`);
    return ttl;
  };

  const directive = (tokens: string[], line: number): void => {
    const name = tokens[0]!.toUpperCase();
    const arg = tokens[1];
    if (name === '$INCLUDE') throw fail(line, '$INCLUDE is not supported');
    if (name === '$ORIGIN') {
      if (arg === undefined || tokens.length > 2) throw fail(line, '$ORIGIN needs one domain name');
      origin = absolute(arg, line);
    } else if (name === '$TTL') {
      const ttl = arg === undefined || tokens.length > 2 ? undefined : ttlOf(arg, line);
      if (ttl === undefined) throw fail(line, `$TTL needs one TTL value`);
      ttlDirective = ttl;
    } else {
      throw fail(line, `unknown directive '${tokens[0]}'`);
    }
  };

  const entry = (tokens: string[], line: number, blankOwner: boolean): void => {
    if (!blankOwner && tokens[0]!.startsWith('$')) return directive(tokens, line);
    let i = 0;
    let ownerToken: string | undefined;
    if (!blankOwner) ownerToken = tokens[i++];
    let ttl: number | undefined;
    let sawClass = false;
    let agingHours: number | undefined;
    let type: string | undefined;
    for (; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.startsWith('[') && token.endsWith(']')) {
        const age = /^\[[A-Za-z]*:?\s*(\d+)\]$/.exec(token);
        if (age) agingHours = Number(age[1]);
        continue;
      }
      if (ttl === undefined) {
        ttl = ttlOf(token, line);
        if (ttl !== undefined) continue;
      }
      if (!sawClass && token.toUpperCase() === 'IN') {
        sawClass = true;
        continue;
      }
      const upper = token.toUpperCase();
      if (!KNOWN_TYPES.has(upper) && !/^TYPE\d+$/.test(upper)) throw fail(line, `expected a record type, found '${token}'`);
      type = upper;
      i++;
      break;
    }
    if (type === undefined) throw fail(line, 'missing record type');

    let name: string;
    if (ownerToken === undefined) {
      if (previousOwner === undefined) throw fail(line, 'no owner name, and no previous record to take it from');
      name = previousOwner;
    } else {
      name = absolute(ownerToken, line);
    }
    previousOwner = name;

    const rdata = tokens.slice(i);
    if (rdata.length === 0) throw fail(line, `${type} record has no data`);
    let value: string;
    if (type === 'A' || type === 'AAAA') {
      const address = rdata[0]!;
      const ok = rdata.length === 1 && isIP(address) === (type === 'A' ? 4 : 6) && !address.includes('%');
      if (!ok) throw fail(line, `invalid ${type} address '${rdata.join(' ')}'`);
      value = address.toLowerCase();
    } else if (type === 'CNAME') {
      if (rdata.length !== 1) throw fail(line, `CNAME needs one target name, found '${rdata.join(' ')}'`);
      value = absolute(rdata[0]!, line);
    } else {
      value = rdata.join(' ');
    }

    if (type === 'SOA') {
      const minimum = rdata.length === 7 && /^\d+$/.test(rdata[2]!) ? ttlOf(rdata[6]!, line) : undefined;
      if (minimum === undefined) throw fail(line, `invalid SOA record '${value}'`);
      soaMinimum ??= minimum;
      // The zone name from the SOA owner, when nothing else gave it; it is then the origin for relative names.
      zone ??= name;
      origin ??= name;
      ttl ??= ttlDirective ?? minimum;
    }
    ttl ??= ttlDirective ?? soaMinimum ?? FALLBACK_TTL;
    const record: ZoneRecord = { name, type, ttl, value, line };
    if (agingHours !== undefined) record.agingHours = agingHours;
    records.push(record);
  };

  // Tokenizer: one pass; an entry ends at a line end outside parentheses.
  let tokens: string[] = [];
  let entryLine = 0;
  let blankOwner = false;
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      if (depth === 0 && tokens.length > 0) {
        entry(tokens, entryLine, blankOwner);
        tokens = [];
      }
      line++;
      lineStart = ++i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === ';') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? n : end;
      continue;
    }
    if (tokens.length === 0 && depth === 0) {
      entryLine = line;
      blankOwner = i > lineStart;
    }
    if (c === '(') {
      depth++;
      i++;
      continue;
    }
    if (c === ')') {
      if (depth === 0) throw fail(line, "')' without '('");
      depth--;
      i++;
      continue;
    }
    const start = i;
    if (c === '"') {
      i++;
      while (i < n && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' && text[i + 1] !== '\n' ? 2 : 1;
      if (i >= n || text[i] !== '"') throw fail(line, 'unterminated quoted string');
      i++;
    } else {
      while (i < n && !' \t\r\n;()"'.includes(text[i]!)) i += text[i] === '\\' && i + 1 < n && text[i + 1] !== '\n' ? 2 : 1;
    }
    tokens.push(text.slice(start, i));
  }
  if (depth > 0) throw fail(entryLine, "unclosed '('");
  if (tokens.length > 0) entry(tokens, entryLine, blankOwner);

  if (zone === undefined) throw unknownZone();
  return { origin: zone, records };
}

/** The zone named in the Windows header comment "; Database file <file> for <zone> zone.", if the leading comments have one. */
function headerZone(text: string): string | undefined {
  for (let start = 0; start < text.length; ) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    const lineText = text.slice(start, end).trim();
    if (lineText !== '' && !lineText.startsWith(';')) return undefined;
    const match = /^;\s*Database file\s.*?\sfor\s+([^\s;()"]+)\s+zone\.?$/i.exec(lineText);
    if (match) return stripDot(match[1]!.toLowerCase());
    start = end + 1;
  }
  return undefined;
}

/** A TTL in seconds: digits, or BIND units (1w2d3h4m5s); undefined if the token is not one. */
function parseTtl(token: string): number | undefined {
  if (/^\d+$/.test(token)) return Number(token);
  if (!/^(?:\d+[smhdw])+$/i.test(token)) return undefined;
  const unit: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  let total = 0;
  for (const [, count, u] of token.matchAll(/(\d+)([smhdw])/gi)) total += Number(count) * unit[u!.toLowerCase()]!;
  return total;
}

/** Ends with a dot that is not escaped by a backslash. */
function isAbsolute(name: string): boolean {
  if (!name.endsWith('.')) return false;
  let backslashes = 0;
  for (let i = name.length - 2; i >= 0 && name[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

function stripDot(name: string): string {
  return isAbsolute(name) ? name.slice(0, -1) : name;
}
