/**
 * DNS server addresses: how the user names one (`--dns-server`), the
 * system's own from /etc/resolv.conf, and how messages print one. Both ways
 * of asking (UDP in the resolver, TCP for truncated answers and zone
 * transfers) take a server in this form.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { UserError } from '../../util/errors.js';

export interface DnsServer {
  host: string;
  port: number;
}

/** `10.0.0.53`, `10.0.0.53:5353`, `[fd00::53]:53`, `fd00::53` → host and port. */
export function parseDnsServer(text: string): DnsServer {
  const value = text.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  if (bracketed) return checked(bracketed[1]!, bracketed[2], text);
  if (isIP(value) === 6) return { host: value, port: 53 };
  const colon = value.lastIndexOf(':');
  return colon > 0 ? checked(value.slice(0, colon), value.slice(colon + 1), text) : checked(value, undefined, text);
}

function checked(host: string, port: string | undefined, text: string): DnsServer {
  const number = port === undefined ? 53 : Number(port);
  if (!host || !Number.isInteger(number) || number < 1 || number > 65535) throw new UserError(`--dns-server ${text}: expected HOST or HOST:PORT`);
  return { host, port: number };
}

/** The system's resolvers, from /etc/resolv.conf. */
export function systemDnsServers(path = '/etc/resolv.conf'): DnsServer[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UserError(`${path}: cannot read the system's DNS resolvers; give --dns-server HOST[:PORT]`);
  }
  const servers = [...text.matchAll(/^\s*nameserver\s+(\S+)/gm)].map((m) => ({ host: m[1]!.replace(/%.*$/, ''), port: 53 }));
  if (servers.length === 0) throw new UserError(`${path}: names no nameserver; give --dns-server HOST[:PORT]`);
  return servers;
}

export function displayServer(server: DnsServer): string {
  return isIP(server.host) === 6 ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}
