/**
 * The dns section from the sources the user named: zone files and live
 * resolvers, inside the organisation (every array and server name) and
 * outside it (the array names, for ARR007). Each source read is listed with
 * the number of objects it gave.
 */
import { NO_ZONE_COVERS_NAME } from '../../snapshot/dns-errors.js';
import type { CollectionSource, DnsAnswer, Snapshot } from '../../snapshot/model.js';
import type { DirectoryData } from '../ad/map.js';
import { ZoneAnswerer, type LoadedZone } from '../zone/answer.js';
import { readZoneFile } from '../zone/parse.js';
import { transferZone } from './axfr.js';
import { dnsQuestions } from './questions.js';
import { resolveAll, type ResolverOptions } from './resolver.js';
import { displayServer } from './server.js';

/** A zone file, and its zone name when the file does not say it. */
export interface ZoneFileOption {
  file: string;
  origin?: string;
}

export interface DnsOptions {
  /** Zone files (dnscmd /ZoneExport, Export-DnsServerZone); origin when the file does not name its zone. */
  zones?: readonly ZoneFileOption[];
  /** Zone files of the public DNS (e.g. a hosting provider's zone export), for ARR007 instead of an external resolver. */
  externalZones?: readonly ZoneFileOption[];
  /** Live DNS: the internal resolvers to ask, and an external one for ARR007. */
  dns?: { internal: ResolverOptions | null; external: ResolverOptions | null; axfr?: readonly string[] };
}

export interface DnsCollection {
  dns: Snapshot['dns'];
  sources: CollectionSource[];
  /** Whether any internal source was given: without one the section is "not-collected". */
  collected: boolean;
}

type Directory = Pick<DirectoryData, 'casArrays' | 'servers'>;

export async function collectDns(options: DnsOptions, directory: Directory, warn?: (message: string) => void): Promise<DnsCollection> {
  const sources: CollectionSource[] = [];
  let dns: Snapshot['dns'] = { internal: [], external: null };
  if (options.zones && options.zones.length > 0) {
    const answerer = await zoneAnswerer(options.zones, sources, '', warn);
    dns = { internal: dnsQuestions(directory).map((name) => answerer.answer(name)), external: null };
  }
  if (options.externalZones && options.externalZones.length > 0) {
    const answerer = await zoneAnswerer(options.externalZones, sources, ' (external)', warn);
    dns = { ...dns, external: arrayQuestions(directory).map((name) => answerer.answer(name)) };
  }
  if (options.dns?.internal) {
    const resolver = options.dns.internal;
    const internal = await askInternal(dnsQuestions(directory), resolver, options.dns.axfr ?? [], warn);
    dns = { ...dns, internal };
    sources.push({ kind: 'dns', location: resolver.servers.map(displayServer).join(', '), status: 'collected', objects: internal.length });
  }
  if (options.dns?.external) {
    // Only the array names matter outside: ARR007 asks whether they resolve there.
    const external = await resolveAll(arrayQuestions(directory), options.dns.external);
    dns = { ...dns, external };
    sources.push({ kind: 'dns', location: `${options.dns.external.servers.map(displayServer).join(', ')} (external)`, status: 'collected', objects: external.length });
  }
  return { dns, sources, collected: Boolean(options.zones?.length || options.dns?.internal) };
}

/** The names ARR007 asks outside: only the array names matter there. */
function arrayQuestions(directory: Directory): string[] {
  return dnsQuestions({ casArrays: directory.casArrays, servers: [] });
}

async function zoneAnswerer(
  zones: readonly ZoneFileOption[],
  sources: CollectionSource[],
  label: string,
  warn?: (message: string) => void,
): Promise<ZoneAnswerer> {
  const loaded: LoadedZone[] = [];
  for (const { file, origin } of zones) {
    const zone = await readZoneFile(file, origin ? { origin } : {});
    loaded.push({ file, zone });
    sources.push({ kind: 'zone', location: file + label, status: 'collected', objects: zone.records.length });
  }
  const answerer = new ZoneAnswerer(loaded);
  // Windows writes glue for out-of-zone name servers into zone files: said, never used as an answer.
  for (const { file, origin, record } of answerer.outOfZone) {
    warn?.(`${file}:${record.line}: ${record.name} ${record.type} lies outside the zone ${origin}; not used to answer for it`);
  }
  return answerer;
}

/** Zones the server lets us transfer answer their names at once; the rest are asked name by name. */
async function askInternal(
  questions: readonly string[],
  resolver: ResolverOptions,
  axfrZones: readonly string[],
  warn?: (message: string) => void,
): Promise<DnsAnswer[]> {
  const transferred: LoadedZone[] = [];
  for (const zone of axfrZones) {
    const server = resolver.servers[0]!;
    try {
      transferred.push({ file: `${displayServer(server)} (AXFR ${zone})`, zone: await transferZone(server, zone, resolver.timeoutMs) });
    } catch (err) {
      warn?.(`zone transfer of ${zone} from ${displayServer(server)} failed (${(err as Error).message}); asking name by name`);
    }
  }
  const fromTransfer = new ZoneAnswerer(transferred);
  const answered = questions.map((name) => fromTransfer.answer(name));
  const remaining = questions.filter((_, i) => answered[i]!.error === NO_ZONE_COVERS_NAME);
  const live = await resolveAll(remaining, resolver);
  return answered.map((answer) => (answer.error === NO_ZONE_COVERS_NAME ? live.shift()! : answer));
}
