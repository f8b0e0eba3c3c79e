/**
 * File paths in a snapshot in their report form (`/` between segments), so a
 * snapshot collected on Windows names its files as one collected on Linux
 * does, and the rules' messages and evidence built from it match. Collectors
 * keep native paths for their own messages; this runs once on the result.
 */
import * as nodePath from 'node:path';
import type { Snapshot } from '../snapshot/model.js';
import { reportPath, type PathModule } from '../util/report-path.js';

/** Sources whose location is a file or folder (the others are URLs and servers). */
const FILE_SOURCES = new Set(['ldif', 'zone', 'hosts']);

export function portableSnapshotPaths(snapshot: Snapshot, path: PathModule = nodePath): Snapshot {
  for (const source of snapshot.collection.sources) {
    if (FILE_SOURCES.has(source.kind)) source.location = reportPath(source.location, path);
  }
  // A zone answer's server is the zone file; a DNS server's address never holds a path separator.
  for (const answer of [...snapshot.dns.internal, ...(snapshot.dns.external ?? [])]) {
    if (answer.server !== null) answer.server = reportPath(answer.server, path);
  }
  portablePlaces(snapshot, path);
  return snapshot;
}

/** Every `{ file, line }` in the tree: the schema's source refs and port settings, wherever they sit. */
function portablePlaces(value: unknown, path: PathModule): void {
  if (Array.isArray(value)) {
    for (const item of value) portablePlaces(item, path);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record['file'] === 'string' && typeof record['line'] === 'number') record['file'] = reportPath(record['file'], path);
    for (const child of Object.values(record)) portablePlaces(child, path);
  }
}
