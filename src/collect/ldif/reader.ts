/**
 * Reads an ldifde export (RFC 2849 content records) into directory entries,
 * streaming: the file is read a block at a time (./chunks.ts decodes it as
 * ../windows-text.ts would) and each entry is handed on as soon as its record
 * ends (./parse.ts), so a large export is never held in memory whole.
 */
import type { AdEntry } from '../ad/entry.js';
import { ldifChunks } from './chunks.js';
import { LdifParser } from './parse.js';

export interface LdifReadOptions {
  /** The attribute keys (attributeKey form) to keep in the entries; all when absent. Every line is checked either way. */
  attributes?: ReadonlySet<string>;
  /** Bytes read at a time (tests use tiny reads to cut the input everywhere). */
  blockBytes?: number;
}

/** Hands each entry of the file to onEntry, in file order; the number of entries. */
export async function streamLdifFile(file: string, onEntry: (entry: AdEntry) => void, options: LdifReadOptions = {}): Promise<number> {
  const chunks = ldifChunks(file, options.blockBytes);
  const parser = new LdifParser(file, options.attributes);
  let count = 0;
  try {
    for (let chunk = await chunks.next(); !chunk.done; chunk = await chunks.next()) {
      for (const entry of parser.push(chunk.value)) {
        count++;
        onEntry(entry);
      }
    }
    for (const entry of parser.end()) {
      count++;
      onEntry(entry);
    }
  } catch (err) {
    // A file that cannot be decoded is refused for that, wherever in it the problem is,
    // as when the whole file was decoded before parsing: read on to find out.
    while (!(await chunks.next()).done);
    throw err;
  } finally {
    await chunks.return();
  }
  return count;
}

/** All entries of the file, with every attribute. */
export async function readLdifFile(file: string): Promise<AdEntry[]> {
  const entries: AdEntry[] = [];
  await streamLdifFile(file, (entry) => entries.push(entry));
  return entries;
}
