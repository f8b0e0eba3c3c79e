/**
 * What "never write over an input" protects: the real files behind the inputs
 * the user named, not their spellings. A symlink to an input, a path through a
 * symlinked folder and a hard link all reach the same file, so inputs are
 * compared by real path and by device and inode.
 */
import type { Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export interface ProtectedInputs {
  /** Real paths of the inputs, and of whatever symlinks inside input folders lead to. */
  readonly roots: string[];
  /** `device:inode` of every file and folder among them. */
  readonly ids: Set<string>;
}

/** Everything the inputs are made of; a folder input protects all it holds, symlinks followed. */
export async function protectedInputs(inputs: readonly string[]): Promise<ProtectedInputs> {
  const found: ProtectedInputs = { roots: [], ids: new Set() };
  for (const input of inputs) await protect(resolve(input), found);
  return found;
}

async function protect(path: string, found: ProtectedInputs): Promise<void> {
  const real = await realpath(path).catch(() => undefined);
  const stats = real === undefined ? undefined : await stat(real).catch(() => undefined);
  if (real === undefined || stats === undefined) {
    // An input that is not there (yet) is still never written over by name.
    found.roots.push(path);
    return;
  }
  if (found.ids.has(idOf(stats))) return; // seen already: a symlink loop or a second name
  found.ids.add(idOf(stats));
  found.roots.push(real);
  if (!stats.isDirectory()) return;
  const entries = await readdir(real, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const inside = join(real, entry.name);
    if (entry.isDirectory() || entry.isSymbolicLink()) await protect(inside, found);
    else {
      // Plain files are inside the root already; their ids catch hard links elsewhere.
      const fileStats = await stat(inside).catch(() => undefined);
      if (fileStats) found.ids.add(idOf(fileStats));
    }
  }
}

/** Whether writing `destination` (a real path, see realDestination) would touch an input. */
export async function touchesInput(destination: string, inputs: ProtectedInputs): Promise<boolean> {
  if (inputs.roots.some((root) => isSameOrInside(destination, root))) return true;
  const stats = await stat(destination).catch(() => undefined);
  return stats !== undefined && inputs.ids.has(idOf(stats));
}

/**
 * The real path a write to `file` lands on: symlinks in it resolved, the last
 * one too when it leads somewhere that exists, so the file behind a symlinked
 * report is updated and the symlink kept.
 */
export async function realDestination(file: string): Promise<string> {
  const target = resolve(file);
  const real = await realpath(target).catch(() => undefined);
  if (real !== undefined) return real;
  const folder = await realpath(dirname(target)).catch(() => undefined);
  return folder === undefined ? target : join(folder, basename(target));
}

function idOf(stats: Stats): string {
  return `${stats.dev}:${stats.ino}`;
}

function isSameOrInside(target: string, root: string): boolean {
  const path = relative(root, target);
  return path === '' || !(path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path));
}
