/**
 * The estate's DNS as zone files: the internal zone as `dnscmd /ZoneExport`
 * writes it (aging tokens on the servers' dynamic records) and the public
 * zone as a hosting provider exports it. Each record's line is kept for the
 * snapshot writer.
 */
import { FOREST, serverAddress, siteServers, type SynthEstate, type SynthServer, type ZoneRecord } from './estate.js';
import { pushTo } from '../../src/util/group.js';

/** What a line in a zone file holds: an estate record, or a server's own registration. */
export type RecordOwner = ZoneRecord | SynthServer;

export interface ZoneText {
  text: string;
  /** Lines (1-based) of each owner's A records, in address order. */
  lines: Map<RecordOwner, number[]>;
  /** Every record in the file, SOA and NS included (what the collector counts). */
  records: number;
}

/** Servers registered themselves in 2026; the token counts hours since 1601. */
const AGE = 3_652_302;

class ZoneBuilder {
  readonly out: string[] = [];
  readonly lines = new Map<RecordOwner, number[]>();
  records = 0;

  comment(...lines: string[]) {
    this.out.push(...lines);
  }

  record(line: string, owner?: RecordOwner) {
    this.out.push(line);
    this.records++;
    if (owner) {
      pushTo(this.lines, owner, this.out.length);
    }
  }

  done(newline: string): ZoneText {
    return { text: this.out.join(newline) + newline, lines: this.lines, records: this.records };
  }
}

const pad = (label: string) => label.padEnd(24);

export function internalZone(estate: SynthEstate, fileName: string): ZoneText {
  const zone = new ZoneBuilder();
  zone.comment(';', `;  Database file ${fileName} for ${FOREST} zone.`, ';      Zone version:  1', ';', '');
  zone.record(`${pad('@')}IN  SOA dc01.${FOREST}.  hostmaster.${FOREST}. (`);
  zone.comment('                        \t1            ; serial number', '                        \t900          ; refresh',
    '                        \t600          ; retry', '                        \t86400        ; expire', '                        \t3600       ) ; default TTL', '');
  zone.comment(';', ';  Zone NS records', ';', '');
  zone.record(`${pad('@')}NS\tdc01.${FOREST}.`);
  zone.comment('', ';', ';  Zone records', ';', '');
  zone.record(`${pad('dc01')}A\t10.0.0.10`);
  for (const build of estate.builds) {
    for (const record of build.internal) {
      for (const address of record.addresses) zone.record(`${pad(record.label)}${record.ttl}\tA\t${address}`, record);
    }
    for (const server of siteServers(build)) {
      zone.record(`${pad(server.name.toLowerCase())}[AGE:${AGE}] 1200\tA\t${serverAddress(build, server)}`, server);
    }
  }
  return zone.done('\r\n');
}

export function publicZone(estate: SynthEstate): ZoneText {
  const zone = new ZoneBuilder();
  zone.comment(`; The public copy of ${FOREST}, as the hosting provider exports it.`, `$ORIGIN ${FOREST}.`, '$TTL 3600');
  zone.record(`@       IN SOA  ns1.example-dns.net. hostmaster.${FOREST}. (`);
  zone.comment('                1          ; serial', '                7200       ; refresh', '                900        ; retry',
    '                1209600    ; expire', '                3600 )     ; minimum');
  zone.record('        IN NS   ns1.example-dns.net.');
  zone.record('        IN NS   ns2.example-dns.net.');
  zone.record('www     IN A    198.51.100.10');
  zone.record('mail    IN A    198.51.100.20');
  for (const build of estate.builds) {
    for (const record of build.external) {
      for (const address of record.addresses) zone.record(`${record.label} ${record.ttl} IN A ${address}`, record);
    }
  }
  return zone.done('\n');
}
