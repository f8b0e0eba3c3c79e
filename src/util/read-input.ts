/** Reading a file the user named, with the one-line error every input reader gives. */
import type { Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { withoutBom } from './bom.js';
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

/** The UserError every input reader gives: "<file>: cannot read <what>: <reason>". */
function cannotRead(file: string, what: string, err: unknown): UserError {
  return new UserError(`${file}: cannot read ${what}: ${fileErrorReason(err)}`);
}

/**
 * The most casaudit reads whole: more than any zone file, config or baseline
 * needs, and about the longest string V8 makes. It stops an endless stream
 * (`yes |`, a pipe that never closes) from taking all memory.
 */
export const MAX_WHOLE_INPUT_BYTES = 512 * 1024 * 1024;

/** Why an input that is not a regular file, or is too large, cannot be read; null when it can. */
function unreadableKind(stats: Stats, pipeAllowed: boolean, limit: number): string | null {
  if (stats.isFile()) return stats.size > limit ? tooLarge(limit) : null;
  if (stats.isFIFO() || stats.isSocket()) return pipeAllowed ? null : 'not a regular file: it is read in pieces, so it cannot come from a pipe';
  // /dev/zero and the like never end, and no export is one.
  return stats.isDirectory() ? 'is a directory' : 'not a regular file (a device)';
}

function tooLarge(limit: number): string {
  return `larger than ${limit / 1024 / 1024} MiB`;
}

/** An open handle of the file, checked to be something it can read; else the UserError of readInputFile. */
async function openChecked(file: string, what: string, pipeAllowed: boolean, limit = Infinity): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    throw cannotRead(file, what, err);
  }
  let why: string | null;
  try {
    why = unreadableKind(await handle.stat(), pipeAllowed, limit);
  } catch (err) {
    why = fileErrorReason(err);
  }
  if (why !== null) {
    await handle.close();
    throw new UserError(`${file}: cannot read ${what}: ${why}`);
  }
  return handle;
}

/**
 * The file's bytes, or a UserError "<file>: cannot read <what>: <reason>".
 * A pipe is read too (process substitution, /dev/stdin); no more than `limit` bytes of anything.
 */
export async function readInputFile(file: string, what: string, limit = MAX_WHOLE_INPUT_BYTES): Promise<Buffer> {
  const handle = await openChecked(file, what, true, limit);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(1 << 20);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) return Buffer.concat(chunks, total);
      total += bytesRead;
      if (total > limit) throw new UserError(`${file}: cannot read ${what}: ${tooLarge(limit)}`);
      chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
    }
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw cannotRead(file, what, err);
  } finally {
    await handle.close();
  }
}

/** A file the user named, open for reading in pieces; its errors are those of readInputFile. */
export interface InputFile {
  /** Reads up to `length` bytes at `position` into buffer[offset...]; the number read (0 at the end of the file). */
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number>;
  close(): Promise<void>;
}

/** The file name that means standard input, for the readers that offer it. */
export const STDIN = '-';

/**
 * A regular file only: the readers that read in pieces read ahead or again (a pipe cannot), and a device never ends.
 * With `stdin`, "-" is standard input, read whole first (no more than MAX_WHOLE_INPUT_BYTES) so that it can be read so.
 */
export async function openInputFile(file: string, what: string, options: { stdin?: boolean } = {}): Promise<InputFile> {
  if (options.stdin && file === STDIN) return bufferInput(await readStdin(what));
  const handle = await openChecked(file, what, false);
  return {
    async read(buffer, offset, length, position) {
      try {
        return (await handle.read(buffer, offset, length, position)).bytesRead;
      } catch (err) {
        throw cannotRead(file, what, err);
      }
    },
    close: () => handle.close(),
  };
}

/** Standard input whole; a terminal is refused rather than waited on. */
let stdinTaken = false;

async function readStdin(what: string, limit = MAX_WHOLE_INPUT_BYTES): Promise<Buffer> {
  // A second "-" would read nothing: an empty input, not the same one again.
  if (stdinTaken) throw new UserError(`${STDIN}: cannot read ${what}: standard input is read only once, so "-" may be given once`);
  stdinTaken = true;
  if (process.stdin.isTTY) throw new UserError(`${STDIN}: cannot read ${what}: standard input is a terminal; pipe or redirect the file into it`);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limit) throw new UserError(`${STDIN}: cannot read ${what}: ${tooLarge(limit)}`);
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw cannotRead(STDIN, what, err);
  } finally {
    process.stdin.destroy();
  }
  return Buffer.concat(chunks, total);
}

function bufferInput(bytes: Buffer): InputFile {
  return {
    async read(buffer, offset, length, position) {
      return bytes.copy(buffer, offset, Math.min(position, bytes.length), Math.min(position + length, bytes.length));
    },
    close: async () => undefined,
  };
}

/** The file as UTF-8 text without a byte-order mark (Windows editors and PowerShell like to write one). */
export async function readInputText(file: string, what: string): Promise<string> {
  return withoutBom((await readInputFile(file, what)).toString('utf8'));
}
