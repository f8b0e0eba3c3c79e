/**
 * DNS server addresses: how the user names one (`--dns-server`), the
 * operating system's own, and how messages print one. Both ways
 * of asking (UDP in the resolver, TCP for truncated answers and zone
 * transfers) take a server in this form.
 */
import { getServers } from 'node:dns';
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

/**
 * The operating system's resolvers, as Node's own resolver reads them
 * (/etc/resolv.conf on Linux, the network adapters' settings on Windows).
 * Node lists them as `HOST`, `HOST:PORT` or `[IPv6]:PORT`; a link-local
 * zone (`%eth0`) is dropped, as the socket is not bound to an interface.
 */
export function systemDnsServers(listed: readonly string[] = getServers()): DnsServer[] {
  if (listed.length === 0) throw new UserError('the operating system names no DNS resolver; give --dns-server HOST[:PORT]');
  return listed.map((text) => {
    const server = parseDnsServer(text);
    return { host: server.host.replace(/%.*$/, ''), port: server.port };
  });
}

export function displayServer(server: DnsServer): string {
  return isIP(server.host) === 6 ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}
