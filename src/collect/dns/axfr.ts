/**
 * Zone transfer (AXFR) over TCP with dns-packet: one query, a stream of
 * length-prefixed messages, ended by the zone's SOA appearing a second time.
 */
import dnsPacket from 'dns-packet';
import { fqdnKey } from '../../snapshot/names.js';
import type { ParsedZone, ZoneRecord } from '../zone/parse.js';
import { wireRecord } from './resolver.js';
import type { DnsServer } from './server.js';
import { tcpExchange } from './tcp-exchange.js';

class AxfrRefused extends Error {}

export function transferZone(server: DnsServer, zone: string, timeoutMs: number): Promise<ParsedZone> {
  const origin = fqdnKey(zone);
  const records: ZoneRecord[] = [];
  let soaSeen = 0;
  const query: dnsPacket.Packet = { type: 'query', id: Math.floor(Math.random() * 65536), questions: [{ type: 'AXFR', name: origin }] };
  return tcpExchange(
    server,
    query,
    timeoutMs,
    (message) => {
      const rcode = (message as { rcode?: string }).rcode ?? 'NOERROR';
      if (rcode !== 'NOERROR') return new AxfrRefused(`the server answered ${rcode}`);
      for (const answer of message.answers ?? []) {
        if (answer.type === 'SOA') soaSeen++;
        // Line 0: the records come from the network, not from a file.
        records.push({ ...wireRecord(answer), line: 0 });
        if (soaSeen === 2) return { origin, records: records.slice(0, -1) };
      }
      return undefined;
    },
    (why) => new AxfrRefused(why),
  );
}
