/**
 * Answers the DNS questions from zone files as an authoritative server
 * would: A/AAAA after following CNAMEs (across the zones given), NXDOMAIN
 * for a name the zone does not hold, no data for a name with other records
 * only. A name no zone covers is "not collected", never "does not resolve".
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

const MAX_CHAIN = 16;

export class ZoneAnswerer {
  /** Each name's records over all zones, each with the file it came from. */
  private readonly byName = new Map<string, { file: string; record: ZoneRecord }[]>();
  /** Longest origins first, so a delegated child zone wins over its parent. */
  private readonly zones: LoadedZone[];

  constructor(zones: readonly LoadedZone[]) {
    this.zones = [...zones].sort((a, b) => b.zone.origin.length - a.zone.origin.length);
    for (const { file, zone } of zones) {
      for (const record of zone.records) {
        pushTo(this.byName, record.name, { file, record });
      }
    }
  }

  private zoneFor(name: string): LoadedZone | undefined {
    return this.zones.find(({ zone }) => name === zone.origin || name.endsWith(`.${zone.origin}`));
  }

  answer(fqdn: string): DnsAnswer {
    const name = fqdnKey(fqdn);
    const zone = this.zoneFor(name);
    if (!zone) return { name, status: 'not-collected', rcode: null, server: null, records: [], error: NO_ZONE_COVERS_NAME };
    const records: DnsRecord[] = [];
    let current = name;
    let rcode = 'NOERROR';
    const seen = new Set<string>();
    for (let hop = 0; hop < MAX_CHAIN && !seen.has(current); hop++) {
      seen.add(current);
      const held = this.byName.get(current);
      if (!held) {
        // A CNAME into a domain no zone covers leaves the chain unanswered, not nonexistent.
        if (!this.zoneFor(current)) return { name, status: 'not-collected', rcode: null, server: zone.file, records, error: NO_ZONE_COVERS_NAME };
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
function toDnsRecord({ file, record }: { file: string; record: ZoneRecord }): DnsRecord {
  return {
    name: record.name,
    type: record.type as DnsRecord['type'],
    value: record.value,
    ttl: record.ttl,
    ...(record.line > 0 ? { source: { file, line: record.line } } : {}),
  };
}
