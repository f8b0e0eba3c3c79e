/**
 * objectGUID is 16 bytes; its text form reverses the byte order of the first
 * three groups (they are little-endian integers), as Windows displays it.
 */
export function guidText(bytes: Uint8Array): string | null {
  if (bytes.length !== 16) return null;
  const hex = (indices: number[]) => indices.map((i) => bytes[i]!.toString(16).padStart(2, '0')).join('');
  return [hex([3, 2, 1, 0]), hex([5, 4]), hex([7, 6]), hex([8, 9]), hex([10, 11, 12, 13, 14, 15])].join('-');
}
