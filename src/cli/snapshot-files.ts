/**
 * Finding the snapshots an audit names: files as given, folders as the
 * *.json files in them.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../util/errors.js';
import { fileErrorReason } from '../util/read-input.js';

export interface SnapshotFile {
  file: string;
  size: number;
}

/**
 * The snapshot files the audit arguments name, each path looked at once:
 * files as given, folders as their *.json files (sorted). A batch is more
 * than one path, or any folder. A path that cannot be read is a one-line error.
 */
export function snapshotFiles(paths: readonly string[]): { files: SnapshotFile[]; batch: boolean } {
  let batch = paths.length > 1;
  const files: SnapshotFile[] = [];
  for (const path of paths) {
    const stats = statOrFail(path);
    if (!stats.isDirectory()) {
      files.push({ file: path, size: stats.size });
      continue;
    }
    batch = true;
    files.push(...snapshotFilesIn(path));
  }
  return { files, batch };
}

function statOrFail(path: string) {
  try {
    return statSync(path);
  } catch (err) {
    throw new UserError(`${path}: cannot read snapshot: ${fileErrorReason(err)}`);
  }
}

function snapshotFilesIn(folder: string): SnapshotFile[] {
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => name.toLowerCase().endsWith('.json'));
  } catch (err) {
    throw new UserError(`${folder}: cannot read folder: ${fileErrorReason(err)}`);
  }
  const files = names
    .sort()
    .map((name) => join(folder, name))
    .map((file) => ({ file, stats: statOrFail(file) }))
    .filter(({ stats }) => !stats.isDirectory())
    .map(({ file, stats }) => ({ file, size: stats.size }));
  if (files.length === 0) throw new UserError(`${folder}: holds no snapshot (*.json) files`);
  return files;
}
