/**
 * The attribute names of an LDIF file, recognised from their code units. An
 * export repeats a few dozen spellings millions of times; finding the colon
 * and the spelling in one pass, without making a string for each line, is a
 * large part of what the parser's speed comes down to.
 */
import type { Units } from './codecs.js';

const COLON = 0x3a;

interface Spelling<T> {
  units: Uint16Array;
  value: T;
  /** Another spelling with the same hash. */
  next: Spelling<T> | undefined;
}

/** Maps each spelling of an attribute name to what the caller worked out for it (once). */
export class AttributeNames<T> {
  /** Where find() found the colon ending the name, or -1 when the line has none. */
  colon = -1;
  private hash = 0;
  private readonly byHash = new Map<number, Spelling<T>>();

  /** The value stored for the name at units[start, stop) (up to its ':'), or undefined for a new spelling. Sets `colon`. */
  find(units: Units, start: number, stop: number): T | undefined {
    let hash = 0;
    let at = start;
    for (; at < stop; at++) {
      const unit = units[at]!;
      if (unit === COLON) break;
      hash = (Math.imul(hash, 31) + unit) | 0;
    }
    if (at === stop) {
      this.colon = -1;
      return undefined;
    }
    this.colon = at;
    this.hash = hash;
    for (let spelling = this.byHash.get(hash); spelling; spelling = spelling.next) {
      if (sameUnits(spelling.units, units, start, at)) return spelling.value;
    }
    return undefined;
  }

  /** Stores `value` for the spelling that find() has just looked up and not found. */
  add(units: Units, start: number, value: T): void {
    const spelling = { units: Uint16Array.from(units.subarray(start, this.colon)), value, next: this.byHash.get(this.hash) };
    this.byHash.set(this.hash, spelling);
  }
}

function sameUnits(known: Uint16Array, units: Units, start: number, end: number): boolean {
  if (known.length !== end - start) return false;
  for (let i = 0; i < known.length; i++) if (known[i] !== units[start + i]) return false;
  return true;
}
