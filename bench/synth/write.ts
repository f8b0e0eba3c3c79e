/**
 * Writes a synthetic estate to a folder in every form casaudit reads, plus
 * what the audit must find:
 *   northwind.ldif               ldifde export of the configuration NC
 *   northwind.local.dns          internal zone (dnscmd /ZoneExport)
 *   public-northwind.local.zone  public zone (hosting provider export)
 *   hosts/<server>/              host exports (Export-CasAuditHostData.ps1)
 *   snapshot.json                the snapshot `casaudit collect` makes of the above
 *   expected-findings.json       the planted defects and the findings they must give
 * Paths inside snapshot.json are relative to the folder: collect from inside it.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEstate } from './build.js';
import { FOREST, type SynthEstate } from './estate.js';
import { writeHostFolder } from './hosts.js';
import { writeLdif } from './ldif.js';
import { estateSnapshot } from './snapshot.js';
import { internalZone, publicZone } from './zone.js';
import type { ExpectedFinding } from './defects.js';

export const FILES = {
  ldif: 'northwind.ldif',
  internalZone: `${FOREST}.dns`,
  publicZone: `public-${FOREST}.zone`,
  hosts: 'hosts',
  snapshot: 'snapshot.json',
  expected: 'expected-findings.json',
} as const;

/** The collect arguments that read the raw exports, relative to the estate folder. */
export const COLLECT_ARGS = ['--ldif', FILES.ldif, '--zone', FILES.internalZone, '--external-zone', FILES.publicZone, '--hosts', FILES.hosts];

export interface ExpectedFile {
  sites: number;
  seed: number;
  counts: { sites: number; servers: number; casArrays: number; databases: number; copies: number; dags: number; ldifEntries: number; dnsNames: number; hostFolders: number };
  defects: { site: string; defect: string; story: string; findings: ExpectedFinding[] }[];
  findings: ExpectedFinding[];
}

export function findingKey(f: ExpectedFinding): string {
  return `${f.ruleId} ${f.kind} ${f.name}`;
}

export interface SynthResult {
  dir: string;
  estate: SynthEstate;
  expected: ExpectedFile;
}

/** Refuses a folder that holds anything but an earlier synthetic estate; replaces that one. */
function prepareFolder(dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new Error(`${dir}: exists and is not a folder; choose another --out`);
    const entries = readdirSync(dir);
    if (entries.length > 0 && !entries.includes(FILES.expected)) {
      throw new Error(`${dir}: the folder is not empty and holds no synthetic estate; choose another --out`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(join(dir, FILES.hosts), { recursive: true });
}

export function writeSyntheticEstate(options: { sites: number; seed: number; dir: string; toolVersion: string }): SynthResult {
  const estate = buildEstate(options.sites, options.seed);
  const { dir } = options;
  prepareFolder(dir);

  const ldif = writeLdif(estate, join(dir, FILES.ldif));
  const internal = internalZone(estate, FILES.internalZone);
  writeFileSync(join(dir, FILES.internalZone), internal.text);
  const external = publicZone(estate);
  writeFileSync(join(dir, FILES.publicZone), external.text);
  let hostFolders = 0;
  for (const build of estate.builds) {
    for (const host of build.hosts) {
      writeHostFolder(join(dir, FILES.hosts), host);
      hostFolders++;
    }
  }
  const snapshot = estateSnapshot(estate, {
    ldif: { file: FILES.ldif, entries: ldif.entries, lines: ldif.lines },
    internalZone: { file: FILES.internalZone, zone: internal },
    publicZone: { file: FILES.publicZone, zone: external },
    hostsDir: FILES.hosts,
    toolVersion: options.toolVersion,
    // Fixed, so that the same size and seed give the same bytes.
    collectedAt: '2026-01-01T00:00:00.000Z',
  });
  writeFileSync(join(dir, FILES.snapshot), JSON.stringify(snapshot, null, 2) + '\n');

  const builds = estate.builds;
  const expected: ExpectedFile = {
    sites: estate.sites,
    seed: estate.seed,
    counts: {
      sites: snapshot.sites.length,
      servers: snapshot.servers.length,
      casArrays: snapshot.casArrays.length,
      databases: snapshot.databases.length,
      copies: builds.reduce((n, b) => n + b.databases.reduce((m, d) => m + d.copies.length, 0), 0),
      dags: snapshot.dags.length,
      ldifEntries: ldif.entries,
      dnsNames: snapshot.dns.internal.length,
      hostFolders,
    },
    defects: builds
      .filter((b) => b.defect)
      .map((b) => ({ site: b.site.name, defect: b.defect!.id, story: b.defect!.story, findings: b.expected })),
    findings: [...estate.expected].sort((a, b) => findingKey(a).localeCompare(findingKey(b))),
  };
  writeFileSync(join(dir, FILES.expected), JSON.stringify(expected, null, 2) + '\n');
  return { dir, estate, expected };
}
