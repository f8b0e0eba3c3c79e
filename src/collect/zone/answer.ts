/**
 * Answers the DNS questions from zone files as an authoritative server
 * would: A/AAAA after following CNAMEs (across the zones given), NXDOMAIN
 * for a name the zone does not hold, no data for a name with other records
 * only (or an empty non-terminal), wildcards as RFC 4592 reads them. A name
 * no zone covers is "not collected", never "does not resolve".
 *
 * Each name is answered only from the zone that covers it (the longest zone
 * origin given that is a suffix of it): Windows writes out-of-zone glue for
 * name servers into its zone files, and such a record must not answer for
 * another zone. Those records are kept aside in `outOfZone` for a warning.
 * A name at or below a delegation (NS records below the apex) belongs to a
 * child zone that was not given: not collected, as a server would refer.
 */
import { pushTo } from '../../util/group.js';
import { NO_ZONE_COVERS_NAME } from '../../snapshot/dns-errors.js';
import type { DnsAnswer, DnsRecord } from '../../snapshot/model.js';
import { fqdnKey } from '../../snapshot/names.js';
import type { ParsedZone, ZoneRecord } from './parse.js';

export interface LoadedZone {
  file: string;
  zone: ParsedZone;
}

/** A record whose owner lies outside its file's zone: not used for answers. */
export interface OutOfZoneRecord {
  file: string;
  origin: string;
  record: ZoneRecord;
}

interface HeldRecord {
  file: string;
  record: ZoneRecord;
}

/** One zone's records by owner, and every name that exists in it (empty non-terminals included). */
interface IndexedZone {
  file: string;
  origin: string;
  byName: Map<string, HeldRecord[]>;
  existing: Set<string>;
  /** Owners below the apex with NS records: delegation points. */
  cuts: Set<string>;
}

const MAX_CHAIN = 16;

export function inZone(name: string, origin: string): boolean {
  return origin === '' || name === origin || name.endsWith(`.${origin}`);
}

/** The name one label up, or undefined at the root. */
function parent(name: string): string | undefined {
  const dot = name.indexOf('.');
  return dot === -1 ? (name === '' ? undefined : '') : name.slice(dot + 1);
}

export class ZoneAnswerer {
  /** Longest origins first, so a child zone wins over its parent. */
  private readonly zones: IndexedZone[];
  readonly outOfZone: OutOfZoneRecord[] = [];

  constructor(zones: readonly LoadedZone[]) {
    this.zones = zones.map(({ file, zone }) => this.index(file, zone)).sort((a, b) => b.origin.length - a.origin.length);
  }

  private index(file: string, zone: ParsedZone): IndexedZone {
    const indexed: IndexedZone = { file, origin: zone.origin, byName: new Map(), existing: new Set(), cuts: new Set() };
    for (const record of zone.records) {
      if (!inZone(record.name, zone.origin)) {
        this.outOfZone.push({ file, origin: zone.origin, record });
        continue;
      }
      pushTo(indexed.byName, record.name, { file, record });
      if (record.type === 'NS' && record.name !== zone.origin) indexed.cuts.add(record.name);
      // The owner and every name between it and the apex exist (RFC 4592 section 2.2.2).
      for (let name: string | undefined = record.name; name !== undefined && !indexed.existing.has(name); name = name === zone.origin ? undefined : parent(name)) {
        indexed.existing.add(name);
      }
    }
    return indexed;
  }

  private zoneFor(name: string): IndexedZone | undefined {
    return this.zones.find((zone) => inZone(name, zone.origin));
  }

  /** The records that answer `name` in its zone: its own, or a covering wildcard's; 'delegated' below a zone cut; undefined if the name does not exist. */
  private lookup(zone: IndexedZone, name: string): HeldRecord[] | 'delegated' | undefined {
    for (let above: string | undefined = name; above !== undefined && above !== zone.origin; above = parent(above)) {
      if (zone.cuts.has(above)) return 'delegated';
    }
    if (zone.existing.has(name)) return zone.byName.get(name) ?? [];
    // The closest encloser is the nearest existing ancestor; its wildcard, if any, answers (RFC 4592 section 3.3.1).
    let encloser = parent(name);
    while (encloser !== undefined && !zone.existing.has(encloser)) encloser = parent(encloser);
    if (encloser === undefined) return undefined;
    const wildcard = zone.byName.get(encloser === '' ? '*' : `*.${encloser}`);
    return wildcard?.map(({ file, record }) => ({ file, record: { ...record, name } }));
  }

  answer(fqdn: string): DnsAnswer {
    const name = fqdnKey(fqdn);
    const zone = this.zoneFor(name);
    const notCollected = (server: string | null, records: DnsRecord[]): DnsAnswer => ({ name, status: 'not-collected', rcode: null, server, records, error: NO_ZONE_COVERS_NAME });
    if (!zone) return notCollected(null, []);
    const records: DnsRecord[] = [];
    let current = name;
    let rcode = 'NOERROR';
    const seen = new Set<string>();
    for (let hop = 0; hop < MAX_CHAIN && !seen.has(current); hop++) {
      seen.add(current);
      const covering = this.zoneFor(current);
      // A CNAME into a domain no zone covers (or into a delegated child) leaves the chain unanswered, not nonexistent.
      if (!covering) return notCollected(zone.file, records);
      const held = this.lookup(covering, current);
      if (held === 'delegated') return notCollected(zone.file, records);
      if (!held) {
        rcode = 'NXDOMAIN';
        break;
      }
      const addresses = held.filter(({ record }) => record.type === 'A' || record.type === 'AAAA');
      if (addresses.length > 0) {
        records.push(...addresses.map(toDnsRecord));
        break;
      }
      const cname = held.find(({ record }) => record.type === 'CNAME');
      if (!cname) break; // the name exists with other types only: no data
      records.push(toDnsRecord(cname));
      current = cname.record.value;
    }
    const answer: DnsAnswer = { name, status: 'answered', rcode, server: zone.file, records };
    if (records[0]?.source) answer.source = records[0].source;
    return answer;
  }
}

/** Records from a zone transfer (line 0) have no file to point at. */
function toDnsRecord({ file, record }: HeldRecord): DnsRecord {
  return {
    name: record.name,
    type: record.type as DnsRecord['type'],
    value: record.value,
    ttl: record.ttl,
    ...(record.line > 0 ? { source: { file, line: record.line } } : {}),
  };
}
