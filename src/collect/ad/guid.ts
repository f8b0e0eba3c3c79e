/**
 * objectGUID is 16 bytes; its text form reverses the byte order of the first
 * three groups (they are little-endian integers), as Windows displays it.
 */
const DIGITS = '0123456789abcdef';
/** Which byte each pair of hex digits shows, in text order; -1 is a hyphen. */
const TEXT_ORDER = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15];
const codes: number[] = new Array<number>(36).fill(0);

export function guidText(bytes: Uint8Array): string | null {
  if (bytes.length !== 16) return null;
  // Built from character codes in one call: every object of an estate has a GUID, and
  // joining 20 small strings leaves a chain of 20 string pieces behind in the snapshot.
  let at = 0;
  for (const index of TEXT_ORDER) {
    if (index < 0) {
      codes[at++] = 0x2d;
    } else {
      const byte = bytes[index]!;
      codes[at++] = DIGITS.charCodeAt(byte >> 4);
      codes[at++] = DIGITS.charCodeAt(byte & 15);
    }
  }
  return String.fromCharCode(...codes);
}
