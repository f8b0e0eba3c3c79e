/**
 * Exchange server versions from AD. `serialNumber` holds text such as
 * "Version 14.3 (Build 30123.4)" (the build stored +30000, or +10000, for
 * major 8 and later; the shell shows "Build 123.4"); `versionNumber` packs
 * major, minor and build into one integer. Both forms are accepted.
 */
import type { Version } from '../snapshot/model.js';

const SERIAL = /version\s+(\d+)\.(\d+)\s*\(\s*build\s+(\d+)(?:\.(\d+))?/i;

/** Parses the serialNumber form; null when the text is not a version. */
export function parseSerialNumberVersion(text: string): Version | null {
  const match = SERIAL.exec(text);
  if (!match) return null;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  let build = Number(match[3]);
  // Exchange writes the build with an offset from major 8 on; undo it as Exchange's own reader does.
  if (major >= 8) {
    if (build >= 30000) build -= 30000;
    else if (build >= 10000) build -= 10000;
  }
  return { major, minor, build, revision: match[4] === undefined ? null : Number(match[4]), text: text.trim() };
}

/** Decodes the packed versionNumber; null when it is not a packed version (0 on arrays, say). */
export function parseVersionNumber(value: string | number): Version | null {
  const number = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(number) || number <= 0 || number > 0xffffffff) return null;
  const major = (number >>> 22) & 0x3f;
  if (major === 0) return null;
  return { major, minor: (number >>> 16) & 0x3f, build: number & 0x7fff, revision: null, text: String(value).trim() };
}

/** The server's version from whichever attribute carries one; serialNumber first, since it has the revision. */
export function parseExchangeVersion(serialNumbers: readonly string[], versionNumber: string | number | undefined): Version | null {
  for (const serial of serialNumbers) {
    const version = parseSerialNumberVersion(serial);
    if (version) return version;
  }
  return versionNumber === undefined ? null : parseVersionNumber(versionNumber);
}
