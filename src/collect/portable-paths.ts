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
  portableSourceRefs(snapshot, path);
  return snapshot;
}

/** Every `source: { file, line }` in the tree (the schema's SourceRef), wherever an object carries one. */
function portableSourceRefs(value: unknown, path: PathModule): void {
  if (Array.isArray(value)) {
    for (const item of value) portableSourceRefs(item, path);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const source = record['source'];
    if (source !== null && typeof source === 'object' && typeof (source as { file?: unknown }).file === 'string') {
      const ref = source as { file: string };
      ref.file = reportPath(ref.file, path);
    }
    for (const child of Object.values(record)) portableSourceRefs(child, path);
  }
}
