/**
 * Base64 "::" values (objectGUID on every entry of an export) decoded from
 * their code units, with the same verdict as checking the decoded text:
 * trailing white space trimmed, then whole groups of four from the base64
 * alphabet with at most two "=" at the end.
 */
import type { Units } from './codecs.js';

/** The value of each base64 digit, -1 for other ASCII code units. */
const DIGIT_VALUES = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => (DIGIT_VALUES[c.charCodeAt(0)] = i));

const EQUALS = 0x3d;

/** ASCII white space as String.prototype.trimEnd sees it: tab, LF, VT, FF, CR, space. */
function isAsciiSpace(unit: number): boolean {
  return unit === 0x20 || (unit >= 0x09 && unit <= 0x0d);
}

/**
 * The bytes of the base64 text in units[start, end); 'invalid' when it is not
 * base64; 'not-ascii' when it holds other characters, which only the decoded
 * text can be judged on (trimEnd also trims non-ASCII white space).
 */
export function decodeBase64(units: Units, start: number, end: number): Uint8Array | 'invalid' | 'not-ascii' {
  for (let i = start; i < end; i++) if (units[i]! >= 0x80) return 'not-ascii';
  while (end > start && isAsciiSpace(units[end - 1]!)) end--;
  const length = end - start;
  if (length % 4 !== 0) return 'invalid';
  let padding = 0;
  if (length > 0 && units[end - 1] === EQUALS) padding = units[end - 2] === EQUALS ? 2 : 1;
  const bytes = new Uint8Array((length / 4) * 3 - padding);
  let out = 0;
  for (let i = start; i < end; i += 4) {
    const last = i + 4 === end;
    const a = DIGIT_VALUES[units[i]!]!;
    const b = DIGIT_VALUES[units[i + 1]!]!;
    const c = last && padding === 2 ? 0 : DIGIT_VALUES[units[i + 2]!]!;
    const d = last && padding >= 1 ? 0 : DIGIT_VALUES[units[i + 3]!]!;
    if ((a | b | c | d) < 0) return 'invalid';
    const group = (a << 18) | (b << 12) | (c << 6) | d;
    bytes[out++] = group >> 16;
    if (out < bytes.length) bytes[out++] = (group >> 8) & 0xff;
    if (out < bytes.length) bytes[out++] = group & 0xff;
  }
  return bytes;
}
