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
 *   comment ("; Database file <file> for <zone> zone." from /ZoneExport,
 *   ";  Zone:   <zone>" from /ZonePrint), else the owner of the SOA when it
 *   is absolute. Relative names need one of these (or `$ORIGIN`).
 * - Only class IN is accepted. `$INCLUDE` is refused.
 */
import { isIP } from 'node:net';
import { withoutBom } from '../../util/bom.js';
import { UserError, oneLine } from '../../util/errors.js';
import { readInputFile } from '../../util/read-input.js';
import { decodeWindowsText } from '../windows-text.js';
import { forEachEntry } from './tokens.js';

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
  text = withoutBom(text);
  const given = options?.origin !== undefined && options.origin !== '' ? stripDot(options.origin.toLowerCase()) : undefined;
  const reader = new ZoneReader(file, given ?? headerZone(text));
  forEachEntry(text, (tokens, line, blankOwner) => reader.entry(tokens, line, blankOwner), reader.fail);
  return reader.result();
}

/** What a record entry says before its RDATA: owner (absent when the line starts blank), TTL, aging, type. */
interface RecordHead {
  owner: string | undefined;
  ttl: number | undefined;
  agingHours: number | undefined;
  type: string;
  /** Index of the first RDATA token. */
  rdataStart: number;
}

/** The state one file's entries read and change: the zone, `$ORIGIN`, `$TTL`, the SOA's MINIMUM, the previous owner. */
class ZoneReader {
  /** The current `$ORIGIN`. */
  private origin: string | undefined;
  private ttlDirective: number | undefined;
  private soaMinimum: number | undefined;
  private previousOwner: string | undefined;
  private readonly records: ZoneRecord[] = [];

  constructor(
    private readonly file: string,
    private zone: string | undefined,
  ) {
    this.origin = zone;
  }

  readonly fail = (line: number, what: string): UserError => new UserError(`${this.file}:${line}: ${oneLine(what)}`);

  private unknownZone(): UserError {
    return new UserError(`${this.file}: the zone name is unknown: give it as --zone ZONE=FILE`);
  }

  entry(tokens: string[], line: number, blankOwner: boolean): void {
    if (!blankOwner && tokens[0]!.startsWith('$')) this.directive(tokens, line);
    else this.record(tokens, line, blankOwner);
  }

  result(): ParsedZone {
    if (this.zone === undefined) throw this.unknownZone();
    return { origin: this.zone, records: this.records };
  }

  private directive(tokens: string[], line: number): void {
    const name = tokens[0]!.toUpperCase();
    const arg = tokens[1];
    if (name === '$INCLUDE') throw this.fail(line, '$INCLUDE is not supported');
    if (name === '$ORIGIN') {
      if (arg === undefined || tokens.length > 2) throw this.fail(line, '$ORIGIN needs one domain name');
      this.origin = this.absolute(arg, line);
    } else if (name === '$TTL') {
      const ttl = arg === undefined || tokens.length > 2 ? undefined : this.ttlOf(arg, line);
      if (ttl === undefined) throw this.fail(line, `$TTL needs one TTL value`);
      this.ttlDirective = ttl;
    } else {
      throw this.fail(line, `unknown directive '${tokens[0]}'`);
    }
  }

  private record(tokens: string[], line: number, blankOwner: boolean): void {
    const head = this.recordHead(tokens, line, blankOwner);
    const { type } = head;
    const name = this.ownerName(head.owner, line);
    const rdata = tokens.slice(head.rdataStart);
    if (rdata.length === 0) throw this.fail(line, `${type} record has no data`);
    const value = this.recordValue(type, rdata, line);
    let ttl = head.ttl;
    if (type === 'SOA') {
      const minimum = this.startOfAuthority(name, rdata, value, line);
      ttl ??= this.ttlDirective ?? minimum;
    }
    ttl ??= this.ttlDirective ?? this.soaMinimum ?? FALLBACK_TTL;
    const record: ZoneRecord = { name, type, ttl, value, line };
    if (head.agingHours !== undefined) record.agingHours = head.agingHours;
    this.records.push(record);
  }

  /** Owner, then TTL, class and aging token in any order, then the type. */
  private recordHead(tokens: string[], line: number, blankOwner: boolean): RecordHead {
    let i = 0;
    const owner = blankOwner ? undefined : tokens[i++];
    let ttl: number | undefined;
    let sawClass = false;
    let agingHours: number | undefined;
    for (; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.startsWith('[') && token.endsWith(']')) {
        const age = /^\[[A-Za-z]*:?\s*(\d+)\]$/.exec(token);
        if (age) agingHours = Number(age[1]);
        continue;
      }
      if (ttl === undefined) {
        ttl = this.ttlOf(token, line);
        if (ttl !== undefined) continue;
      }
      if (!sawClass && token.toUpperCase() === 'IN') {
        sawClass = true;
        continue;
      }
      const type = token.toUpperCase();
      if (!KNOWN_TYPES.has(type) && !/^TYPE\d+$/.test(type)) throw this.fail(line, `expected a record type, found '${token}'`);
      return { owner, ttl, agingHours, type, rdataStart: i + 1 };
    }
    throw this.fail(line, 'missing record type');
  }

  /** The owner as written, or the previous record's when the line starts blank. */
  private ownerName(owner: string | undefined, line: number): string {
    const name = owner === undefined ? this.previousOwner : this.absolute(owner, line);
    if (name === undefined) throw this.fail(line, 'no owner name, and no previous record to take it from');
    this.previousOwner = name;
    return name;
  }

  /** The address for A and AAAA, the absolute target for CNAME, else the fields as written. */
  private recordValue(type: string, rdata: string[], line: number): string {
    if (type === 'A' || type === 'AAAA') {
      const address = rdata[0]!;
      const ok = rdata.length === 1 && isIP(address) === (type === 'A' ? 4 : 6) && !address.includes('%');
      if (!ok) throw this.fail(line, `invalid ${type} address '${rdata.join(' ')}'`);
      return address.toLowerCase();
    }
    if (type === 'CNAME') {
      if (rdata.length !== 1) throw this.fail(line, `CNAME needs one target name, found '${rdata.join(' ')}'`);
      return this.absolute(rdata[0]!, line);
    }
    return rdata.join(' ');
  }

  /**
   * An SOA record: its MINIMUM becomes the default TTL of the records without
   * one (when no `$TTL` is in effect), and its owner the zone name when
   * nothing else gave it. Returns the MINIMUM, the SOA's own default TTL.
   */
  private startOfAuthority(owner: string, rdata: string[], value: string, line: number): number {
    const minimum = rdata.length === 7 && /^\d+$/.test(rdata[2]!) ? this.ttlOf(rdata[6]!, line) : undefined;
    if (minimum === undefined) throw this.fail(line, `invalid SOA record '${value}'`);
    this.soaMinimum ??= minimum;
    this.zone ??= owner;
    this.origin ??= owner;
    return minimum;
  }

  private absolute(name: string, line: number): string {
    if (name === '@') {
      if (this.origin === undefined) throw this.unknownZone();
      return this.origin;
    }
    if (name.includes('"')) throw this.fail(line, `invalid name '${name}'`);
    if (isAbsolute(name)) return stripDot(name.toLowerCase());
    if (this.origin === undefined) throw this.unknownZone();
    return this.origin === '' ? name.toLowerCase() : `${name.toLowerCase()}.${this.origin}`;
  }

  private ttlOf(token: string, line: number): number | undefined {
    const ttl = parseTtl(token);
    if (ttl !== undefined && ttl > MAX_TTL) throw this.fail(line, `TTL out of range '${token}'`);
    return ttl;
  }
}

/** The zone named in the leading comments' Windows header: /ZoneExport's "; Database file <file> for <zone> zone.", /ZonePrint's "; Zone: <zone>". */
function headerZone(text: string): string | undefined {
  for (let start = 0; start < text.length; ) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    const lineText = text.slice(start, end).trim();
    if (lineText !== '' && !lineText.startsWith(';')) return undefined;
    const match = /^;\s*Database file\s.*?\sfor\s+([^\s;()"]+)\s+zone\.?$/i.exec(lineText) ?? /^;\s*Zone:\s*([^\s;()"]+)$/i.exec(lineText);
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
