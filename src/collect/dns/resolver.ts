/**
 * A small stub resolver on dns-packet: UDP first, TCP when the answer is
 * truncated, a time-out and retries per query, CNAME chains followed with
 * loop detection. NXDOMAIN and "no data" are answers; a time-out, SERVFAIL
 * or REFUSED is "not collected" for that name, never "does not resolve".
 *
 * Only a reply that answers counts: NOERROR or NXDOMAIN, with the question
 * repeated, from a server authoritative for the name (AA) or recursive (RA).
 * A referral (no answer, NS records in authority: a Windows DNS server with
 * recursion off does this for names outside its zones), a query sent back
 * (QR not set), a reply without the question, any other response code, or a
 * server neither authoritative nor recursive is "not collected" for the name.
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import dnsPacket from 'dns-packet';
import type { DnsAnswer, DnsRecord } from '../../snapshot/model.js';
import { fqdnKey } from '../../snapshot/names.js';
import { displayServer, type DnsServer } from './server.js';
import { tcpExchange } from './tcp-exchange.js';

export interface ResolverOptions {
  servers: readonly DnsServer[];
  timeoutMs: number;
  /** Further tries per server after the first, on time-out. */
  retries: number;
  concurrency: number;
}

type RecordType = 'A' | 'AAAA';

/** A resource record as casaudit keeps it: names as fqdnKey, addresses lower-case, other data as text. */
export interface WireRecord {
  name: string;
  type: string;
  ttl: number;
  value: string;
}

interface Reply {
  rcode: string;
  truncated: boolean;
  /** AA: the server is authoritative for the name. */
  authoritative: boolean;
  /** RA: the server recurses, so its answer is the whole resolution. */
  recursive: boolean;
  /** No answer records and NS records in authority: the server points elsewhere. */
  referral: boolean;
  answers: WireRecord[];
}

/** No reply, or the socket failed: worth another try. */
class QueryFailed extends Error {}

/** The run is over: no further tries. */
class ResolverClosed extends Error {}

/**
 * A reply that does not answer the question, with the response code it
 * carried: another try would bring the same, so none is made.
 */
class NotAnAnswer extends Error {
  constructor(
    readonly rcode: string,
    why: string,
  ) {
    super(why);
  }
}

/** RFC 2181 section 8: a TTL with the top bit set is read as zero. */
const MAX_TTL = 0x7fffffff;

/** An answer section record off the wire, normalised once for every later comparison. */
export function wireRecord(answer: dnsPacket.Answer): WireRecord {
  return {
    name: fqdnKey(answer.name),
    type: answer.type,
    ttl: 'ttl' in answer && answer.ttl !== undefined && answer.ttl <= MAX_TTL ? answer.ttl : 0,
    value: recordValue(answer.type, 'data' in answer ? answer.data : ''),
  };
}

function recordValue(type: string, data: unknown): string {
  if (type === 'CNAME' || type === 'NS' || type === 'PTR') return fqdnKey(String(data));
  if (type === 'A' || type === 'AAAA') return String(data).toLowerCase();
  return typeof data === 'string' ? data : JSON.stringify(data);
}

/** The reply as the resolver reads it, or why it is not a reply to the question asked (name, type). */
function toReply(packet: dnsPacket.DecodedPacket, name: string, type: RecordType): Reply | NotAnAnswer {
  const rcode = (packet as { rcode?: string }).rcode ?? 'NOERROR';
  if (packet.type !== 'response') return new NotAnAnswer(rcode, 'the server sent the query back instead of a reply (QR bit not set)');
  const question = packet.questions?.[0];
  if (!question) return new NotAnAnswer(rcode, 'the reply has no question section');
  if (fqdnKey(question.name) !== fqdnKey(name) || question.type !== type) return new NotAnAnswer(rcode, `the reply is to another question (${question.name} ${question.type})`);
  const flags = packet.flags ?? 0;
  const answers = (packet.answers ?? []).map(wireRecord);
  return {
    rcode,
    truncated: (flags & dnsPacket.TRUNCATED_RESPONSE) !== 0,
    authoritative: (flags & dnsPacket.AUTHORITATIVE_ANSWER) !== 0,
    recursive: (flags & dnsPacket.RECURSION_AVAILABLE) !== 0,
    referral: answers.length === 0 && (packet.authorities ?? []).some((r) => r.type === 'NS'),
    answers,
  };
}

interface PendingQuery {
  /** fqdnKey of the name asked, to match the question a reply repeats. */
  name: string;
  type: RecordType;
  /** The IPv4 server asked (a reply from another address is not its answer); null for a name or IPv6, whose spellings vary. */
  address: string | null;
  port: number;
  settle(result: Reply | Error): void;
}

interface SharedSocket {
  socket: Socket;
  /** Queries in flight on this socket, by message id. */
  pending: Map<number, PendingQuery>;
}

/**
 * The UDP sockets one run's queries share: one per address family (more only
 * when 65,536 ids are in flight), replies matched by id, port and question.
 * A socket per query spent more time binding and closing sockets than asking.
 */
class UdpChannel {
  private readonly open: Record<'udp4' | 'udp6', SharedSocket[]> = { udp4: [], udp6: [] };
  private closed = false;

  query(server: DnsServer, name: string, type: RecordType, timeoutMs: number): Promise<Reply> {
    // A query still retrying when the run ends (its A or AAAA sibling failed) must not open a socket nobody closes.
    if (this.closed) return Promise.reject(new ResolverClosed('resolver closed'));
    const family = isIP(server.host) === 6 ? 'udp6' : 'udp4';
    const shared = this.open[family].find((s) => s.pending.size < 65536) ?? this.openSocket(family);
    let id = Math.floor(Math.random() * 65536);
    while (shared.pending.has(id)) id = (id + 1) & 0xffff;
    return new Promise((resolve, reject) => {
      const entry: PendingQuery = {
        name: fqdnKey(name),
        type,
        address: isIP(server.host) === 4 ? server.host : null,
        port: server.port,
        settle(result) {
          // Only the first outcome counts, and the id may already serve a later query.
          if (shared.pending.get(id) !== entry) return;
          shared.pending.delete(id);
          clearTimeout(timer);
          if (result instanceof Error) reject(result);
          else resolve(result);
        },
      };
      const timer = setTimeout(() => entry.settle(new QueryFailed('no answer (time-out)')), timeoutMs);
      shared.pending.set(id, entry);
      const query = dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name }] });
      shared.socket.send(query, server.port, server.host, (err) => {
        if (err) entry.settle(new QueryFailed(err.message));
      });
    });
  }

  private openSocket(family: 'udp4' | 'udp6'): SharedSocket {
    const shared: SharedSocket = { socket: createSocket(family), pending: new Map() };
    shared.socket.on('message', (message, from) => {
      try {
        const packet = dnsPacket.decode(message);
        const entry = shared.pending.get(packet.id ?? -1);
        const question = packet.questions?.[0];
        // A late reply to a timed-out query may carry an id reused since: the question tells them apart.
        if (!entry || from.port !== entry.port || (entry.address !== null && from.address !== entry.address)) return;
        if (question && (fqdnKey(question.name) !== entry.name || question.type !== entry.type)) return;
        entry.settle(toReply(packet, entry.name, entry.type));
      } catch {
        // Not a DNS message for us: keep waiting.
      }
    });
    shared.socket.on('error', (err) => {
      // The socket is unusable: its queries fail (and may be retried on a new one).
      this.open[family] = this.open[family].filter((s) => s !== shared);
      for (const entry of [...shared.pending.values()]) entry.settle(new QueryFailed(err.message));
      shared.socket.close();
    });
    this.open[family].push(shared);
    return shared;
  }

  /** Closes the sockets; anything still in flight fails, and is not retried. */
  close(): void {
    this.closed = true;
    for (const family of ['udp4', 'udp6'] as const) {
      for (const shared of this.open[family]) {
        for (const entry of [...shared.pending.values()]) entry.settle(new ResolverClosed('resolver closed'));
        shared.socket.close();
      }
      this.open[family] = [];
    }
  }
}

function queryTcp(server: DnsServer, name: string, type: RecordType, timeoutMs: number): Promise<Reply> {
  const id = Math.floor(Math.random() * 65536);
  const query: dnsPacket.Packet = { type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name }] };
  return tcpExchange<Reply>(server, query, timeoutMs, (message) => (message.id === id ? toReply(message, name, type) : undefined), (why) => new QueryFailed(why));
}

/** One question to one server: UDP with retries on time-out, then TCP if the answer was truncated. */
async function ask(channel: UdpChannel, server: DnsServer, name: string, type: RecordType, options: ResolverOptions): Promise<Reply> {
  let lastError: Error | undefined;
  for (let attempt = 0; attempt <= options.retries; attempt++) {
    try {
      const reply = await channel.query(server, name, type, options.timeoutMs);
      return reply.truncated ? await queryTcp(server, name, type, options.timeoutMs) : reply;
    } catch (err) {
      if (!(err instanceof QueryFailed)) throw err;
      lastError = err;
    }
  }
  throw lastError ?? new QueryFailed('no answer');
}

/** The response codes that answer; any other is "not collected" for the name. */
const ANSWER_RCODES = new Set(['NOERROR', 'NXDOMAIN']);

/** The name's A and AAAA records after CNAMEs, as one snapshot answer. */
export async function resolveFqdn(fqdn: string, options: ResolverOptions): Promise<DnsAnswer> {
  return (await resolveAll([fqdn], options))[0]!;
}

async function resolveOn(channel: UdpChannel, fqdn: string, options: ResolverOptions): Promise<DnsAnswer> {
  const name = fqdnKey(fqdn);
  let failure: { server: string; rcode: string | null; error: string } | undefined;
  for (const server of options.servers) {
    const where = displayServer(server);
    try {
      return await resolveAt(channel, name, server, where, options);
    } catch (err) {
      const rcode = err instanceof RcodeFailure || err instanceof NotAnAnswer ? err.rcode : null;
      failure = { server: where, rcode, error: (err as Error).message };
      // Another configured server may answer.
    }
  }
  return { name, status: 'not-collected', rcode: failure?.rcode ?? null, server: failure?.server ?? null, records: [], error: failure?.error ?? 'no DNS server given' };
}

class RcodeFailure extends Error {
  constructor(readonly rcode: string) {
    super(`the server answered ${rcode}`);
  }
}

/** Why a reply with an answering response code does not answer for the name, if it does not. */
function notAnAnswer(reply: Reply): NotAnAnswer | undefined {
  if (reply.authoritative) return undefined;
  if (reply.referral) return new NotAnAnswer(reply.rcode, 'a referral to other name servers, not an answer (the server is not authoritative for the name and does not recurse)');
  if (!reply.recursive) return new NotAnAnswer(reply.rcode, 'the server is neither authoritative for the name nor recursive');
  return undefined;
}

const MAX_CHAIN = 16;

/** Whether the reply's CNAMEs lead from the name back to a name already on the chain. */
function cnameLoop(name: string, reply: Reply): boolean {
  const seen = new Set([name]);
  let current = name;
  for (let step = 0; step < MAX_CHAIN; step++) {
    const cname = reply.answers.find((a) => a.type === 'CNAME' && a.name === current);
    if (!cname) return false;
    current = cname.value;
    if (seen.has(current)) return true;
    seen.add(current);
  }
  return false;
}

async function resolveAt(channel: UdpChannel, name: string, server: DnsServer, where: string, options: ResolverOptions): Promise<DnsAnswer> {
  const records: DnsRecord[] = [];
  let current = name;
  const seen = new Set<string>();
  for (let hop = 0; hop < MAX_CHAIN && !seen.has(current); hop++) {
    seen.add(current);
    const replies = await Promise.all((['A', 'AAAA'] as const).map((type) => ask(channel, server, current, type, options)));
    for (const reply of replies) {
      // A server gives up on a CNAME loop with SERVFAIL but still shows the loop: that is an answer (no address).
      if (!ANSWER_RCODES.has(reply.rcode) && !(reply.rcode === 'SERVFAIL' && cnameLoop(current, reply))) throw new RcodeFailure(reply.rcode);
      const unanswered = notAnAnswer(reply);
      if (unanswered) throw unanswered;
    }
    if (replies.some((r) => r.rcode === 'NXDOMAIN')) return { name, status: 'answered', rcode: 'NXDOMAIN', server: where, records };
    // Walk the chain the server returned: CNAMEs from `current` on, then the addresses at its end.
    const all = replies.flatMap((r) => r.answers);
    let target = current;
    for (let step = 0; step < MAX_CHAIN; step++) {
      const cname = all.find((a) => a.type === 'CNAME' && a.name === target);
      if (!cname || seen.has(cname.value)) break;
      records.push({ name: target, type: 'CNAME', value: cname.value, ttl: cname.ttl });
      target = cname.value;
      seen.add(target);
    }
    const addresses = all.filter((a) => (a.type === 'A' || a.type === 'AAAA') && a.name === target);
    if (addresses.length > 0) {
      for (const a of addresses) records.push({ name: target, type: a.type as 'A' | 'AAAA', value: a.value, ttl: a.ttl });
      return { name, status: 'answered', rcode: 'NOERROR', server: where, records };
    }
    if (target === current) break; // no CNAME and no address: no data
    current = target; // the chain leaves the server's data: ask for its end
    seen.delete(current);
  }
  return { name, status: 'answered', rcode: 'NOERROR', server: where, records };
}

/** Resolves every name, at most `concurrency` at a time, answers in the order of the names. */
export async function resolveAll(names: readonly string[], options: ResolverOptions): Promise<DnsAnswer[]> {
  const answers: DnsAnswer[] = new Array(names.length);
  const channel = new UdpChannel();
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const i = next++;
      answers[i] = await resolveOn(channel, names[i]!, options);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, names.length)) }, worker));
  } finally {
    channel.close();
  }
  return answers;
}
