/**
 * How a file path appears in a report: `/` between segments on every
 * platform, so a report made on Windows reads, diffs and matches a code
 * scanning checkout like one made on Linux. The path module is a parameter
 * so the Windows forms are tested on any platform (`path.win32`).
 */
import * as nodePath from 'node:path';

export type PathModule = Pick<typeof nodePath, 'sep' | 'relative' | 'resolve' | 'isAbsolute'>;

/** The path as the user gave it (relative stays relative), with `/` separators. */
export function reportPath(file: string, path: PathModule = nodePath): string {
  return file.split(path.sep).join('/');
}

/**
 * The path relative to `cwd`, `/`-separated; null when it has no relative
 * form (a file on another Windows drive).
 */
export function relativeReportPath(file: string, path: PathModule = nodePath, cwd: string = process.cwd()): string | null {
  const relative = path.relative(cwd, path.resolve(cwd, file));
  return path.isAbsolute(relative) ? null : reportPath(relative, path);
}
