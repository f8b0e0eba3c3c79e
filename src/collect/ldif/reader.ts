/**
 * Reads an ldifde export (RFC 2849 content records) into directory entries:
 * encoding detection in decode.ts, records in parse.ts.
 */
import { readFile } from 'node:fs/promises';
import { UserError, oneLine } from '../../errors.js';
import type { AdEntry } from '../ad/entry.js';
import { decodeLdifBytes } from './decode.js';
import { parseLdif } from './parse.js';

export { decodeLdifBytes } from './decode.js';
export { parseLdif } from './parse.js';

export async function readLdifFile(file: string): Promise<AdEntry[]> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new UserError(`${file}: cannot read LDIF: ${readFailure(err)}`);
  }
  return Array.from(parseLdif(decodeLdifBytes(bytes, file), file));
}

function readFailure(err: unknown): string {
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
