/** Reading a file the user named, with the one-line error every input reader gives. */
import { readFile } from 'node:fs/promises';
import { UserError, oneLine } from './errors.js';

/** Why a file could not be read, in a few words. */
export function fileErrorReason(err: unknown): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return oneLine(String((err as Error).message));
  }
}

/** The file's bytes, or a UserError "<file>: cannot read <what>: <reason>". */
export async function readInputFile(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    throw new UserError(`${file}: cannot read ${what}: ${fileErrorReason(err)}`);
  }
}

/** The file as UTF-8 text without a byte-order mark (Windows editors and PowerShell like to write one). */
export async function readInputText(file: string, what: string): Promise<string> {
  return (await readInputFile(file, what)).toString('utf8').replace(/^\uFEFF/, '');
}
