/**
 * An ldifde export's text, a block at a time, decoded as decodeWindowsText
 * (../windows-text.ts) decodes a whole file: UTF-16LE after a byte order mark,
 * else UTF-8 (with or without one) when the whole file is UTF-8, else ANSI
 * (Windows-1252); binary data is refused.
 *
 * Whether a file is UTF-8 is a property of the whole file, but a block of
 * ASCII reads the same in every one of these encodings. So the question
 * only comes up at the first block with other bytes, and then the rest of the
 * file is checked ahead (reading is cheap next to parsing) before any of that
 * text is decoded: the text is exactly what decoding the whole file gives.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { openInputFile, type InputFile } from '../../util/read-input.js';
import {
  binaryDataError,
  crOnlyLineEndingsError,
  hasCrOnlyLineEndings,
  invalidUtf8AfterBomError,
  rejoinFoldedUtf8,
  truncatedUtf16Error,
} from '../windows-text.js';
import { BLOCK_BYTES, LineBlockReader } from './blocks.js';
import { ASCII, UTF16, UTF8, WINDOWS_1252, type LdifChunk } from './codecs.js';

const WHAT = 'an LDIF file';

/** The file's text in chunks of whole logical lines, in order; `blockBytes` is the read size. */
export async function* ldifChunks(file: string, blockBytes = BLOCK_BYTES): AsyncGenerator<LdifChunk, void, undefined> {
  // "-": an export piped in (ldifde writes to a file, but a copy may come through ssh or a decompressor).
  const input = await openInputFile(file, 'LDIF', { stdin: true });
  try {
    const head = Buffer.alloc(3);
    const headLength = await input.read(head, 0, head.length, 0);
    const utf16 = headLength >= 2 && head[0] === 0xff && head[1] === 0xfe;
    await refuseCrOnlyLineEndings(input, file, utf16);
    if (utf16) {
      yield* utf16Chunks(input, file, blockBytes);
    } else {
      const hasBom = headLength === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
      yield* byteChunks(input, file, blockBytes, hasBom);
    }
  } finally {
    await input.close();
  }
}

/** Enough for the first line of any export (a comment, "version: 1" or a dn); a head without a CR decides nothing. */
const HEAD_BYTES = 1 << 16;

/**
 * The line-end check of ../windows-text.ts on the file's beginning. Without it a
 * file with CR-only line ends is one line: read whole, then refused with a baffling error.
 */
async function refuseCrOnlyLineEndings(input: InputFile, file: string, utf16: boolean): Promise<void> {
  const head = Buffer.alloc(HEAD_BYTES);
  const length = await input.read(head, 0, HEAD_BYTES, 0);
  // Binary data is refused as such, later.
  if (!utf16 && head.subarray(0, length).includes(0)) return;
  const text = head.subarray(0, utf16 ? length & ~1 : length).toString(utf16 ? 'utf16le' : 'latin1');
  if (hasCrOnlyLineEndings(text, length < HEAD_BYTES)) throw crOnlyLineEndingsError(file);
}

async function* utf16Chunks(input: InputFile, file: string, blockBytes: number): AsyncGenerator<LdifChunk, void, undefined> {
  const reader = new LineBlockReader(input, 2, 2, blockBytes);
  for (let block = await reader.next(); block !== undefined; block = await reader.next()) {
    yield { units: new Uint16Array(block.buffer, block.byteOffset, block.length >> 1), codec: UTF16 };
  }
  // Also when a parse error came first: the reader reads on to here before reporting it (./reader.ts).
  if (reader.leftoverBytes > 0) throw truncatedUtf16Error(file);
}

type ByteEncoding = 'undecided' | 'utf8' | 'windows-1252';

async function* byteChunks(input: InputFile, file: string, blockBytes: number, hasBom: boolean): AsyncGenerator<LdifChunk, void, undefined> {
  const reader = new LineBlockReader(input, 0, 1, blockBytes);
  let encoding: ByteEncoding = 'undecided';
  for (let block = await reader.next(); block !== undefined; block = await reader.next()) {
    if (block.includes(0)) throw binaryDataError(file, WHAT);
    let units = block;
    let codec = ASCII;
    if (!isAscii(block)) {
      if (encoding === 'undecided') encoding = await encodingFrom(input, reader.blockPosition, blockBytes, hasBom, file);
      if (encoding === 'utf8') {
        const rejoined = isUtf8(block) ? undefined : rejoinFoldedUtf8(block);
        if (rejoined) units = Buffer.from(rejoined.buffer, rejoined.byteOffset, rejoined.length);
        codec = UTF8;
      } else {
        codec = WINDOWS_1252;
      }
    }
    // As TextDecoder does, the UTF-8 byte order mark is not text (with one, the file is UTF-8 or refused).
    if (hasBom && reader.blockPosition === 0) units = units.subarray(3);
    yield { units, codec };
  }
}

/** Whether a block is UTF-8, or would be once characters split across folds are rejoined. */
function isUtf8Block(block: Buffer): boolean {
  if (isUtf8(block)) return true;
  const rejoined = rejoinFoldedUtf8(block);
  return rejoined !== undefined && isUtf8(rejoined);
}

/**
 * The encoding of the whole file, read from `position` (the blocks before it
 * are ASCII) to its end, or at least until a block shows it is not UTF-8.
 * Binary data anywhere is refused first, as decodeWindowsText does.
 */
async function encodingFrom(input: InputFile, position: number, blockBytes: number, hasBom: boolean, file: string): Promise<ByteEncoding> {
  const reader = new LineBlockReader(input, position, 1, blockBytes);
  let utf8 = true;
  for (let block = await reader.next(); block !== undefined; block = await reader.next()) {
    if (block.includes(0)) throw binaryDataError(file, WHAT);
    if (utf8 && !isAscii(block) && !isUtf8Block(block)) {
      utf8 = false;
      // Without a byte order mark that settles it; with one it is an error, unless binary data comes later.
      if (!hasBom) return 'windows-1252';
    }
  }
  if (!utf8) throw invalidUtf8AfterBomError(file);
  return 'utf8';
}
