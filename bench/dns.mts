/**
 * DNS collection benchmark: casaudit's resolveAll against Node's own
 * dns.promises.Resolver (c-ares), both asking a real BIND named on
 * 127.0.0.1 the same questions (A and AAAA per name, at once, as
 * resolveAll does) with the same number of names in flight.
 *
 * Standalone: `npx tsx bench/dns.mts` generates a 10,000-name zone and prints
 * the result as JSON. `npm run bench` imports benchDns.
 */
import { Resolver } from 'node:dns/promises';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveAll, type ResolverOptions } from '../src/collect/dns/resolver.js';
import { decodeWindowsText } from '../src/collect/windows-text.js';
import type { DnsAnswer } from '../src/snapshot/model.js';
import { fqdnKey } from '../src/snapshot/names.js';
import { startNamed } from '../test/support/named.js';
import { median, round1, timed } from './support/measure.js';

export interface DnsBenchOptions {
  /** A master file for `origin`: BIND syntax or a dnscmd /ZoneExport file (aging tokens are stripped for named). */
  zoneFile: string;
  origin: string;
  names: string[];
  concurrency: number;
  /** Timed rounds per side after one warm-up round each; default 5. */
  rounds?: number;
}

export interface DnsBenchResult {
  names: number;
  concurrency: number;
  /** Median wall time of a round, in milliseconds. */
  casauditMs: number;
  caresMs: number;
  /** casauditMs / caresMs. */
  ratio: number;
  rounds: number;
  casauditRoundsMs: number[];
  caresRoundsMs: number[];
  /** Median CPU time of this process in a round (wall time also counts named and the machine's other load). */
  casauditCpuMs: number;
  caresCpuMs: number;
  /** Outcomes per name, the same on both sides (checked): addresses found, NXDOMAIN, no data, failed. */
  outcomes: { addresses: number; nxdomain: number; nodata: number; failed: number };
  /** Questions each side asks per round: A and AAAA per name (a CNAME out of the zone would add a hop; one zone has none). */
  queriesPerRound: number;
}

/** The CLI's defaults (src/cli/source-flags.ts): --dns-timeout 2, --dns-retries 1, --dns-concurrency 16. */
export const DEFAULT_DNS_CONCURRENCY = 16;
const TIMEOUT_MS = 2000;
const RETRIES = 1;

/** What a name came to, in a form both clients can be compared on. */
type Outcome = { kind: 'addresses'; addresses: string[] } | { kind: 'nxdomain' } | { kind: 'nodata' } | { kind: 'failed'; why: string };

/** IPv6 in one spelling whoever printed it (the URL parser compresses and lower-cases). */
function canonicalAddress(address: string): string {
  return address.includes(':') ? new URL(`http://[${address}]/`).hostname.slice(1, -1) : address;
}

function addressesOutcome(addresses: string[]): Outcome {
  return addresses.length === 0 ? { kind: 'nodata' } : { kind: 'addresses', addresses: addresses.map(canonicalAddress).sort() };
}

function casauditOutcome(answer: DnsAnswer): Outcome {
  if (answer.status !== 'answered') return { kind: 'failed', why: answer.error ?? 'not collected' };
  if (answer.rcode === 'NXDOMAIN') return { kind: 'nxdomain' };
  return addressesOutcome(answer.records.filter((r) => r.type === 'A' || r.type === 'AAAA').map((r) => r.value));
}

async function runCasaudit(names: readonly string[], options: ResolverOptions): Promise<Outcome[]> {
  return (await resolveAll(names, options)).map(casauditOutcome);
}

/** c-ares codes for an answer without records: NXDOMAIN and NOERROR/no data. */
function caresCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

/**
 * The same work resolveAll does, through c-ares: `concurrency` workers take
 * the next name, ask A and AAAA at once and wait for both. c-ares follows
 * CNAMEs in the answer itself, as resolveAll does.
 */
async function runCares(names: readonly string[], port: number, concurrency: number): Promise<Outcome[]> {
  const resolver = new Resolver({ timeout: TIMEOUT_MS, tries: RETRIES + 1 });
  resolver.setServers([`127.0.0.1:${port}`]);
  const outcomes: Outcome[] = new Array(names.length);
  const settle = (p: Promise<string[]>) => p.then((addresses) => ({ addresses }), (error: unknown) => ({ code: caresCode(error) }));
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const i = next++;
      const [a, aaaa] = await Promise.all([settle(resolver.resolve4(names[i]!)), settle(resolver.resolve6(names[i]!))]);
      const codes = [a, aaaa].flatMap((r) => ('code' in r ? [r.code] : []));
      if (codes.includes('ENOTFOUND')) outcomes[i] = { kind: 'nxdomain' };
      else if (codes.some((c) => c !== 'ENODATA')) outcomes[i] = { kind: 'failed', why: codes.join(', ') };
      else outcomes[i] = addressesOutcome([a, aaaa].flatMap((r) => ('addresses' in r ? r.addresses : [])));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, names.length)) }, worker));
  return outcomes;
}

function sameOutcome(x: Outcome, y: Outcome): boolean {
  if (x.kind !== y.kind) return false;
  if (x.kind === 'addresses' && y.kind === 'addresses') return x.addresses.join(' ') === y.addresses.join(' ');
  return true; // failures may differ in wording; both failed is the same outcome
}

/** Throws, naming a few names, unless both clients came to the same outcome for every name. */
function checkSame(names: readonly string[], casaudit: Outcome[], cares: Outcome[], when: string): void {
  const differing = names.flatMap((name, i) => (sameOutcome(casaudit[i]!, cares[i]!) ? [] : [name]));
  if (differing.length === 0) return;
  const show = differing
    .slice(0, 5)
    .map((name) => `  ${name}: casaudit ${JSON.stringify(casaudit[names.indexOf(name)])}, c-ares ${JSON.stringify(cares[names.indexOf(name)])}`);
  throw new Error(`DNS bench (${when}): casaudit and c-ares disagree on ${differing.length} of ${names.length} names:\n${show.join('\n')}`);
}


/**
 * named refuses Windows DNS's aging tokens (`[AGE:3652302]` is "unknown RR
 * type"), so a dnscmd export is served from a copy without them; the records
 * are otherwise the same. Windows exports may also be UTF-16.
 */
function bindCleanZone(zoneFile: string, dir: string): string {
  const text = decodeWindowsText(readFileSync(resolve(zoneFile)), zoneFile, 'a zone file');
  const clean = text.replace(/\[(?:AGE|Aging):\d+\]/gi, '');
  const file = join(dir, 'zone.db');
  writeFileSync(file, clean);
  return file;
}

export async function benchDns(options: DnsBenchOptions): Promise<DnsBenchResult> {
  const rounds = options.rounds ?? 5;
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`benchDns: rounds must be a whole number from 1, not ${rounds}`);
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new Error(`benchDns: concurrency must be a whole number from 1`);
  const names = options.names.map(fqdnKey);
  const work = mkdtempSync(join(tmpdir(), 'casaudit-bench-dns-'));
  try {
    const named = await startNamed({ zones: [{ name: options.origin, file: bindCleanZone(options.zoneFile, work) }] });
    try {
      const resolverOptions: ResolverOptions = { servers: [{ host: named.host, port: named.port }], timeoutMs: TIMEOUT_MS, retries: RETRIES, concurrency: options.concurrency };
      const casaudit = () => runCasaudit(names, resolverOptions);
      const cares = () => runCares(names, named.port, options.concurrency);

      // Warm-up: JIT, named's caches, and the reference answers.
      const reference = await cares();
      checkSame(names, await casaudit(), reference, 'warm-up');
      const failed = reference.filter((o) => o.kind === 'failed').length;
      if (failed > 0) throw new Error(`DNS bench: ${failed} of ${names.length} names got no answer (time-out, SERVFAIL or REFUSED); the measurement would time failures`);

      const casauditRoundsMs: number[] = [];
      const caresRoundsMs: number[] = [];
      const casauditCpuMs: number[] = [];
      const caresCpuMs: number[] = [];
      for (let round = 0; round < rounds; round++) {
        // Alternate who goes first so that neither always runs on a server the other just warmed.
        const order = round % 2 === 0 ? (['casaudit', 'cares'] as const) : (['cares', 'casaudit'] as const);
        for (const side of order) {
          const { ms, cpuMs, value } = await timed(side === 'casaudit' ? casaudit : cares);
          (side === 'casaudit' ? casauditRoundsMs : caresRoundsMs).push(ms);
          (side === 'casaudit' ? casauditCpuMs : caresCpuMs).push(cpuMs);
          if (side === 'casaudit') checkSame(names, value, reference, `round ${round + 1}`);
          else checkSame(names, reference, value, `round ${round + 1}`);
        }
      }

      const casauditMs = median(casauditRoundsMs);
      const caresMs = median(caresRoundsMs);
      const count = (kind: Outcome['kind']) => reference.filter((o) => o.kind === kind).length;
      return {
        names: names.length,
        concurrency: options.concurrency,
        casauditMs: round1(casauditMs),
        caresMs: round1(caresMs),
        ratio: Math.round((casauditMs / caresMs) * 100) / 100,
        rounds,
        casauditRoundsMs: casauditRoundsMs.map(round1),
        caresRoundsMs: caresRoundsMs.map(round1),
        casauditCpuMs: round1(median(casauditCpuMs)),
        caresCpuMs: round1(median(caresCpuMs)),
        outcomes: { addresses: count('addresses'), nxdomain: count('nxdomain'), nodata: count('nodata'), failed },
        queriesPerRound: names.length * 2,
      };
    } finally {
      await named.stop();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}


/**
 * A dnscmd-style northwind.local zone: host-00001 … host-NNNNN with A records
 * (aging tokens on some), AAAA on every 10th, every 97th a CNAME to another
 * host, every 500th left out (NXDOMAIN). Returns the names to ask, all of them.
 */
export function syntheticZone(count: number): { origin: string; text: string; names: string[] } {
  const origin = 'northwind.local';
  const lines = [
    `;  Database file ${origin}.dns for ${origin} zone.`,
    `@ IN SOA dc01.${origin}. hostmaster.${origin}. ( 1 900 600 86400 3600 )`,
    `@ NS dc01.${origin}.`,
    `dc01 A 10.0.0.10`,
  ];
  const names: string[] = [];
  const label = (i: number) => `host-${String(i).padStart(5, '0')}`;
  for (let i = 1; i <= count; i++) {
    names.push(`${label(i)}.${origin}`);
    if (i % 500 === 0) continue;
    if (i % 97 === 0) {
      lines.push(`${label(i)} CNAME ${label(i - 1)}`);
      continue;
    }
    const age = i % 3 === 0 ? `[AGE:${3652000 + i}] ` : '';
    lines.push(`${label(i)} ${age}1200 A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    if (i % 10 === 0) lines.push(`${label(i)} AAAA fd00::${i.toString(16)}`);
  }
  return { origin, text: `${lines.join('\n')}\n`, names };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { origin, text, names } = syntheticZone(10_000);
  const dir = mkdtempSync(join(tmpdir(), 'casaudit-bench-zone-'));
  try {
    const zoneFile = join(dir, `${origin}.dns`);
    writeFileSync(zoneFile, text);
    const result = await benchDns({ zoneFile, origin, names, concurrency: DEFAULT_DNS_CONCURRENCY });
    console.log(JSON.stringify(result, null, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
