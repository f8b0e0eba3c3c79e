/**
 * Maps positions in a JSON text to lines, for error messages and SARIF
 * locations. The fast path (JSON.parse) keeps no positions, so these run only
 * when something has to be reported.
 */
import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { UserError, oneLine } from '../errors.js';

/** Line and column (both 1-based) of a character offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The first syntax error in a JSON text, or null when it is well-formed strict JSON. */
export function firstSyntaxError(text: string): { message: string; line: number; column: number } | null {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return null;
  return { message: describeParseError(printParseErrorCode(first.error)), ...lineColumnAt(text, first.offset) };
}

/**
 * JSON.parse, and on failure a UserError "<file>:<line>:<column>: <what>: <cause>"
 * (e.g. what = "invalid JSON"); only then is the text scanned for the position.
 */
export function parseJsonText(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const where = firstSyntaxError(text);
    if (where) throw new UserError(`${file}:${where.line}:${where.column}: ${what}: ${where.message}`);
    throw new UserError(`${file}: ${what}: ${oneLine((err as Error).message)}`);
  }
}

function describeParseError(code: string): string {
  // jsonc-parser's codes are CamelCase identifiers; make them read as words.
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Decode a JSON pointer ("/databases/3/name") into path segments. */
export function pointerSegments(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Line of the value a JSON pointer names; the nearest existing ancestor when it does not exist. */
export function lineOfPointer(text: string, pointer: string): number {
  const root = parseTree(text);
  if (!root) return 1;
  const segments = pointerSegments(pointer);
  for (let n = segments.length; n >= 0; n--) {
    const node = findNodeAtLocation(root, segments.slice(0, n));
    if (node) return lineColumnAt(text, node.offset).line;
  }
  return 1;
}

/**
 * Index of the line on which each object with a `"dn"` member starts, keyed by
 * that DN exactly as written. One linear pass over the text.
 */
export class DnLineIndex {
  private readonly lineStarts: number[] = [0];
  private readonly offsets = new Map<string, number>();

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    const dnMember = /"dn"\s*:\s*("(?:[^"\\]|\\.)*")/g;
    for (let m = dnMember.exec(text); m; m = dnMember.exec(text)) {
      const dn = JSON.parse(m[1]!) as string;
      if (!this.offsets.has(dn)) this.offsets.set(dn, m.index);
    }
  }

  /** The line of the object whose own `dn` is this DN, or undefined. */
  lineOf(dn: string): number | undefined {
    const offset = this.offsets.get(dn);
    if (offset === undefined) return undefined;
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}
