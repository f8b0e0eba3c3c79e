/**
 * Naming the estates of a batch: each by its snapshot file's name, unique
 * within the batch.
 */
import { basename, dirname, extname, relative, resolve, sep } from 'node:path';
import type { SnapshotFile } from './snapshot-files.js';

export interface Estate {
  file: string;
  /** Short, unique name of the estate in this batch: the file name without .json. */
  id: string;
  /** Bytes of snapshot JSON, to judge whether workers pay. */
  size: number;
}

/** An estate's name from its snapshot file: the file name without .json. */
export function estateIdOf(file: string): string {
  return basename(file, extname(file));
}

/**
 * Each file once, named by estateIdOf; when two share a name, by the path
 * below the folder all the files share, so the names (and the SARIF
 * categories baselines match by) do not depend on where casaudit runs.
 */
export function expandEstates(files: readonly SnapshotFile[]): Estate[] {
  const seen = new Set<string>();
  const unique = files.filter(({ file }) => {
    const key = resolve(file);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const counts = new Map<string, number>();
  const keyOf = (file: string) => estateIdOf(file).toLowerCase();
  for (const { file } of unique) counts.set(keyOf(file), (counts.get(keyOf(file)) ?? 0) + 1);
  const root = commonFolder(unique.map(({ file }) => dirname(resolve(file))));
  return unique.map(({ file, size }) => {
    const clash = (counts.get(keyOf(file)) ?? 0) > 1;
    const id = clash ? relative(root, resolve(file)).replace(/\.json$/i, '').split(sep).join('/') : estateIdOf(file);
    return { file, id, size };
  });
}

function commonFolder(folders: readonly string[]): string {
  const split = folders.map((f) => f.split(sep));
  const first = split[0] ?? [];
  let length = first.length;
  for (const parts of split) {
    let i = 0;
    while (i < length && parts[i] === first[i]) i++;
    length = i;
  }
  return first.slice(0, length).join(sep) || sep;
}
