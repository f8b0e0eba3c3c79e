/**
 * Zone transfer (AXFR) over TCP with dns-packet: one query, a stream of
 * length-prefixed messages, ended by the zone's SOA appearing a second time.
 */
import { connect } from 'node:net';
import dnsPacket from 'dns-packet';
import { fqdnKey } from '../../snapshot/names.js';
import type { ParsedZone, ZoneRecord } from '../zone/parse.js';
import { wireRecord, type DnsServer } from './resolver.js';

class AxfrRefused extends Error {}

export function transferZone(server: DnsServer, zone: string, timeoutMs: number): Promise<ParsedZone> {
  const origin = fqdnKey(zone);
  return new Promise((resolve, reject) => {
    const id = Math.floor(Math.random() * 65536);
    const socket = connect({ host: server.host, port: server.port });
    const records: ZoneRecord[] = [];
    let buffered = Buffer.alloc(0);
    let soaSeen = 0;
    const timer = setTimeout(() => finish(new AxfrRefused('no answer (time-out)')), timeoutMs);
    function finish(result: ParsedZone | Error) {
      clearTimeout(timer);
      socket.destroy();
      if (result instanceof Error) reject(result);
      else resolve(result);
    }
    socket.on('error', (err) => finish(new AxfrRefused(err.message)));
    socket.on('close', () => finish(new AxfrRefused('the server closed the connection before the transfer ended')));
    socket.on('connect', () => socket.write(dnsPacket.streamEncode({ type: 'query', id, questions: [{ type: 'AXFR', name: origin }] })));
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const length = buffered.readUInt16BE(0);
        const message = dnsPacket.decode(buffered.subarray(2, 2 + length));
        buffered = buffered.subarray(2 + length);
        const rcode = (message as { rcode?: string }).rcode ?? 'NOERROR';
        if (rcode !== 'NOERROR') return finish(new AxfrRefused(`the server answered ${rcode}`));
        for (const answer of message.answers ?? []) {
          if (answer.type === 'SOA') soaSeen++;
          // Line 0: the records come from the network, not from a file.
          records.push({ ...wireRecord(answer), line: 0 });
          if (soaSeen === 2) return finish({ origin, records: records.slice(0, -1) });
        }
      }
    });
  });
}
