/**
 * One DNS exchange over TCP (RFC 1035 4.2.2): connect, send the query with
 * its two-byte length, then read length-prefixed messages until the caller
 * has its result. A single answer (a truncated UDP reply retried) and a zone
 * transfer (many messages) differ only in what they do with each message.
 */
import { connect } from 'node:net';
import dnsPacket from 'dns-packet';
import type { DnsServer } from './server.js';

/** What the caller makes of each message: a result ends the exchange, undefined reads on. */
export type MessageHandler<T> = (message: dnsPacket.DecodedPacket) => T | Error | undefined;

export function tcpExchange<T>(
  server: DnsServer,
  query: dnsPacket.Packet,
  timeoutMs: number,
  onMessage: MessageHandler<T>,
  failure: (why: string) => Error,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: server.host, port: server.port });
    let buffered = Buffer.alloc(0);
    let settled = false;
    const timer = setTimeout(() => finish(failure('no answer over TCP (time-out)')), timeoutMs);
    function finish(result: T | Error) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (result instanceof Error) reject(result);
      else resolve(result);
    }
    socket.on('error', (err) => finish(failure(err.message)));
    socket.on('close', () => finish(failure('the server closed the connection before the answer ended')));
    socket.on('connect', () => socket.write(dnsPacket.streamEncode(query)));
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (!settled && buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const length = buffered.readUInt16BE(0);
        let message: dnsPacket.DecodedPacket;
        try {
          message = dnsPacket.decode(buffered.subarray(2, 2 + length));
        } catch (err) {
          return finish(failure(`undecodable TCP answer (${(err as Error).message})`));
        }
        buffered = buffered.subarray(2 + length);
        const result = onMessage(message);
        if (result !== undefined) finish(result);
      }
    });
  });
}
