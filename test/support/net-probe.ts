/** Small network probes the server harnesses share: is a port open, does TLS answer. */
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';

/** Resolves true on the ready event, false on an error or after timeoutMs; always closes the socket. */
function probe(socket: Socket, readyEvent: string, timeoutMs: number): Promise<boolean> {
  return new Promise((done) => {
    const timer = setTimeout(() => finish(false), timeoutMs);
    function finish(ok: boolean) {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      done(ok);
    }
    socket.on(readyEvent, () => finish(true));
    socket.on('error', () => finish(false));
  });
}

/** True when something accepts TCP connections on the port of 127.0.0.1. */
export function portOpen(port: number, timeoutMs = 500): Promise<boolean> {
  return probe(connect({ host: '127.0.0.1', port }), 'connect', timeoutMs);
}

/** True once a TLS handshake (verified with the given options) succeeds on the port of 127.0.0.1. */
export function tlsAnswers(port: number, options: ConnectionOptions, timeoutMs = 500): Promise<boolean> {
  return probe(tlsConnect({ host: '127.0.0.1', port, ...options }), 'secureConnect', timeoutMs);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
