/** Reading a file the user named, with the one-line error every input reader gives. */
import { open, readFile, type FileHandle } from 'node:fs/promises';
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

/** The file's bytes, or a UserError "<file>: cannot read <what>: <reason>". */
export async function readInputFile(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    throw cannotRead(file, what, err);
  }
}

/** A file the user named, open for reading in pieces; its errors are those of readInputFile. */
export interface InputFile {
  /** Reads up to `length` bytes at `position` into buffer[offset...]; the number read (0 at the end of the file). */
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number>;
  close(): Promise<void>;
}

export async function openInputFile(file: string, what: string): Promise<InputFile> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    throw cannotRead(file, what, err);
  }
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

/** The file as UTF-8 text without a byte-order mark (Windows editors and PowerShell like to write one). */
export async function readInputText(file: string, what: string): Promise<string> {
  return withoutBom((await readInputFile(file, what)).toString('utf8'));
}
