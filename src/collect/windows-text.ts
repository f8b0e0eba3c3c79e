/**
 * Bytes of a file exported on Windows to text. Windows tools write "ANSI"
 * (the Windows code page, Windows-1252 on Western systems: ldifde by default,
 * Export-Csv in PowerShell 2.0), UTF-16LE with a byte order mark (ldifde -u,
 * reg export, Out-File, dnscmd in some versions) or UTF-8, with or without a BOM.
 */
import { UserError } from '../util/errors.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Windows-1252 characters for bytes 0x80-0x9F (WHATWG Encoding Standard).
 * Windows-1252 is Latin-1 but for these bytes, so text is decoded as Latin-1
 * and these code points mapped (Node 20.18.3 and later decode 'windows-1252'
 * as Latin-1 anyway, nodejs/node#60888). The five bytes Windows-1252 leaves
 * undefined map to themselves, as in the standard.
 */
const C1_TO_WINDOWS_1252 = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

/**
 * The text of the file; `what` names the expected format in the error for
 * binary data ("an LDIF file", "a registry export").
 */
export function decodeWindowsText(bytes: Uint8Array, file: string, what: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    if (bytes.length % 2 !== 0) throw truncatedUtf16Error(file);
    // Buffer's UTF-16 decoding keeps lone surrogates, so a surrogate pair split
    // by a line fold is whole again once the parser joins the fold.
    return Buffer.from(bytes.buffer, bytes.byteOffset + 2, bytes.length - 2).toString('utf16le');
  }
  if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).indexOf(0) !== -1) throw binaryDataError(file, what);

  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const utf8 = tryUtf8(bytes) ?? tryUtf8(rejoinFoldedUtf8(bytes));
  if (utf8 !== undefined) return utf8;
  if (hasBom) throw invalidUtf8AfterBomError(file);
  return windows1252FromLatin1(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1'));
}

/**
 * Line-based readers (LDIF, zone files) split at LF, so a file whose lines end
 * in CR alone (old Mac style, or mangled by a tool) is one long line to them and
 * fails with a baffling error: they check with this first and say so instead.
 * Not decodeWindowsText's job: to XML and JSON a lone CR is whitespace like any other.
 */
export const CR_ONLY_LINE_ENDINGS = 'uses CR-only line endings; save it with CRLF or LF';

/**
 * Whether the first line break of `text` is a CR that no LF follows (CR CR LF,
 * a known mangling, still ends in LF). `complete`: `text` is the whole file;
 * else its beginning, and CRs at its very end decide nothing.
 */
export function hasCrOnlyLineEndings(text: string, complete: boolean): boolean {
  const cr = text.indexOf('\r');
  if (cr === -1) return false;
  const lf = text.indexOf('\n');
  if (lf !== -1 && lf < cr) return false;
  let after = cr + 1;
  while (text[after] === '\r') after++;
  return after < text.length ? text[after] !== '\n' : complete;
}

export function crOnlyLineEndingsError(file: string): UserError {
  return new UserError(`${file}: ${CR_ONLY_LINE_ENDINGS}`);
}

/** The decoding errors, shared with the LDIF reader, which decodes a file as it streams it. */
export function truncatedUtf16Error(file: string): UserError {
  return new UserError(`${file}: truncated UTF-16 file (odd number of bytes)`);
}

export function binaryDataError(file: string, what: string): UserError {
  return new UserError(`${file}: not ${what} (binary data)`);
}

export function invalidUtf8AfterBomError(file: string): UserError {
  return new UserError(`${file}: not valid UTF-8 although it starts with a UTF-8 byte order mark`);
}

/** The text, BOM removed, or undefined when the bytes are not valid UTF-8. */
function tryUtf8(bytes: Uint8Array | undefined): string | undefined {
  if (bytes === undefined) return undefined;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Windows-1252 text from the same bytes decoded as Latin-1. */
export function windows1252FromLatin1(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => String.fromCharCode(C1_TO_WINDOWS_1252[c.charCodeAt(0) - 0x80] ?? c.charCodeAt(0)));
}

/**
 * (LDIF) A writer that folds lines by byte count may split a multi-byte UTF-8
 * character across a fold ("...\xC3" LF SP "\xBC..."), which makes the file
 * invalid UTF-8 until the fold is joined. This returns a copy in which the
 * trailing bytes of each split character are moved in front of the line break,
 * which keeps every line number and gives the same text once folds are joined;
 * undefined when no fold splits a character.
 */
export function rejoinFoldedUtf8(bytes: Uint8Array): Uint8Array | undefined {
  let out: Uint8Array | undefined;
  for (let lf = bytes.indexOf(0x0a); lf !== -1; lf = bytes.indexOf(0x0a, lf + 1)) {
    if (bytes[lf + 1] !== 0x20) continue; // not a fold
    const lineEnd = lf > 0 && bytes[lf - 1] === 0x0d ? lf - 1 : lf;
    let lead = lineEnd - 1;
    while (lead >= 0 && lineEnd - lead < 4 && isContinuation(bytes[lead])) lead--;
    const missing = sequenceLength(bytes[lead]) - (lineEnd - lead);
    if (lead < 0 || missing <= 0) continue;
    const next = lf + 2;
    if (next + missing > bytes.length) continue;
    let ok = true;
    for (let i = next; i < next + missing; i++) ok &&= isContinuation(bytes[i]);
    if (!ok) continue;
    out ??= new Uint8Array(bytes); // a copy (Buffer#slice would share memory)
    out.set(bytes.subarray(next, next + missing), lineEnd);
    out.set(bytes.subarray(lineEnd, next), lineEnd + missing);
  }
  return out;
}

function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}

/** Length of the UTF-8 sequence a lead byte starts (0 when it is not a lead byte of a multi-byte sequence). */
function sequenceLength(byte: number | undefined): number {
  if (byte === undefined) return 0;
  if (byte >= 0xc2 && byte <= 0xdf) return 2;
  if (byte >= 0xe0 && byte <= 0xef) return 3;
  if (byte >= 0xf0 && byte <= 0xf4) return 4;
  return 0;
}
