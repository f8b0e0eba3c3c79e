/**
 * Reads an ldifde export (RFC 2849 content records) into directory entries:
 * encoding detection in ../windows-text.ts, records in parse.ts.
 */
import { readInputFile } from '../../read-input.js';
import type { AdEntry } from '../ad/entry.js';
import { decodeWindowsText } from '../windows-text.js';
import { parseLdif } from './parse.js';

export { parseLdif } from './parse.js';

export async function readLdifFile(file: string): Promise<AdEntry[]> {
  const bytes = await readInputFile(file, 'LDIF');
  return Array.from(parseLdif(decodeWindowsText(bytes, file, 'an LDIF file'), file));
}

