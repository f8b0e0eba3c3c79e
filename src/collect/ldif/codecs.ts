/**
 * LDIF text as the parser sees it: code units (bytes for ANSI and UTF-8
 * files, UTF-16 code units for ldifde -u exports) and how to turn a range of
 * them into a string. The parser finds line breaks, colons and spaces in the
 * code units, which are the same in all these encodings, and makes strings
 * only of what it keeps.
 */
import { windows1252FromLatin1 } from '../windows-text.js';

/** Bytes (a Buffer, for its native search and decoding) or UTF-16 code units. */
export type Units = Buffer | Uint16Array;

export interface TextCodec {
  /** The text of units[start, end). */
  text(units: Units, start: number, end: number): string;
  /** How many code units a byte order mark (U+FEFF) takes at units[at], or 0 when there is none. */
  byteOrderMark(units: Units, at: number): number;
}

/** A piece of a file's text: whole logical lines, never a folded line cut in two. The parser may overwrite it. */
export interface LdifChunk {
  units: Units;
  codec: TextCodec;
}

const noByteOrderMark = (): number => 0;

/**
 * Buffer's own decoders, which toString(encoding, start, end) calls once it
 * has checked its arguments: a third quicker, and the parser makes a string
 * of every value it keeps. They are not documented, so toString stands in if
 * a Node.js release drops them. The byte codecs are only handed Buffers (./chunks.ts).
 */
interface BufferSlices {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}
const native = Buffer.prototype as unknown as Partial<BufferSlices>;
const hasSlices = typeof native.latin1Slice === 'function' && typeof native.utf8Slice === 'function';
const latin1 = hasSlices
  ? (units: Units, start: number, end: number) => (units as unknown as BufferSlices).latin1Slice(start, end)
  : (units: Units, start: number, end: number) => (units as Buffer).toString('latin1', start, end);
const utf8 = hasSlices
  ? (units: Units, start: number, end: number) => (units as unknown as BufferSlices).utf8Slice(start, end)
  : (units: Units, start: number, end: number) => (units as Buffer).toString('utf8', start, end);

/** Bytes below 0x80: the same text in ASCII, UTF-8 and Windows-1252, and Latin-1 is the quickest decoder. */
export const ASCII: TextCodec = {
  text: latin1,
  byteOrderMark: noByteOrderMark,
};

export const UTF8: TextCodec = {
  text: utf8,
  byteOrderMark: (units, at) => (units[at] === 0xef && units[at + 1] === 0xbb && units[at + 2] === 0xbf ? 3 : 0),
};

export const WINDOWS_1252: TextCodec = {
  text: (units, start, end) => windows1252FromLatin1(latin1(units, start, end)),
  byteOrderMark: noByteOrderMark,
};

/** UTF-16 code units as they are: a lone surrogate stays one, as in a JavaScript string. */
export const UTF16: TextCodec = {
  text: (units, start, end) => Buffer.from(units.buffer, units.byteOffset + 2 * start, 2 * (end - start)).toString('utf16le'),
  byteOrderMark: (units, at) => (units[at] === 0xfeff ? 1 : 0),
};

/** A string's own UTF-16 code units, for parsing text already in memory. */
export function stringChunk(text: string): LdifChunk {
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  return { units, codec: UTF16 };
}
