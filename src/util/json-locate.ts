/**
 * Maps positions in a JSON text to lines, for error messages and SARIF
 * locations. The fast path (JSON.parse) keeps no positions, so these run only
 * when something has to be reported.
 */
import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type Node, type ParseError, type ParseOptions } from 'jsonc-parser';
import { UserError, oneLine } from './errors.js';

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

/**
 * Nesting deeper than any casaudit input needs (a snapshot nests about ten
 * levels, ConvertTo-Json at most 100). jsonc-parser, the validators and the
 * line lookups recurse once per level and overflow the stack a little above
 * 1,000 levels, so deeper text is refused before any of them sees it.
 */
export const MAX_JSON_DEPTH = 512;

/**
 * Where a JSON text (comments allowed) first nests deeper than MAX_JSON_DEPTH,
 * as a syntax error; null when it does not. One pass, no recursion.
 */
export function tooDeeplyNested(text: string): { message: string; line: number; column: number } | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: skip to its closing quote, past escapes.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
      i = text.indexOf('\n', i);
      if (i === -1) break;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      i = text.indexOf('*/', i + 2);
      if (i === -1) break;
      i++;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) return { message: `nested deeper than ${MAX_JSON_DEPTH} levels`, ...lineColumnAt(text, i) };
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return null;
}

const STRICT_JSON: ParseOptions = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

/** The first syntax error in a JSON text (strict JSON unless `options` allow more), or null when it has none; too deep a nesting is one. */
export function firstSyntaxError(text: string, options: ParseOptions = STRICT_JSON): { message: string; line: number; column: number } | null {
  const deep = tooDeeplyNested(text);
  if (deep) return deep;
  const errors: ParseError[] = [];
  parse(text, errors, options);
  const first = errors[0];
  if (!first) return null;
  return { message: describeParseError(printParseErrorCode(first.error)), ...lineColumnAt(text, first.offset) };
}

/**
 * JSON.parse, and on failure a UserError "<file>:<line>:<column>: <what>: <cause>"
 * (e.g. what = "invalid JSON"); only then is the text scanned for the position.
 */
export function parseJsonText(text: string, file: string, what: string): unknown {
  // JSON.parse itself copes with any depth; what reads its result afterwards may not.
  const deep = tooDeeplyNested(text);
  if (deep) throw new UserError(`${file}:${deep.line}:${deep.column}: ${what}: ${deep.message}`);
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
  return new JsonLocator(text).lineOf(pointer);
}

/** Line numbers of character offsets, by binary search over the line starts (one pass over the text). */
class LineStarts {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

/** A JSON text parsed once into a tree, for many pointer-to-line lookups (a config names each suppression's line). */
export class JsonLocator {
  readonly root: Node | undefined;
  private readonly lines: LineStarts;

  constructor(text: string, root?: Node) {
    this.root = root ?? parseTree(text);
    this.lines = new LineStarts(text);
  }

  lineAt(offset: number): number {
    return this.lines.lineAt(offset);
  }

  /** Line of the value a JSON pointer names; the nearest existing ancestor when it does not exist. */
  lineOf(pointer: string): number {
    if (!this.root) return 1;
    const segments = pointerSegments(pointer);
    for (let n = segments.length; n >= 0; n--) {
      const node = findNodeAtLocation(this.root, segments.slice(0, n));
      if (node) return this.lines.lineAt(node.offset);
    }
    return 1;
  }
}

/**
 * Index of the line on which each object with a `"dn"` member starts, keyed by
 * that DN exactly as written. One linear pass over the text.
 */
export class DnLineIndex {
  private readonly lines: LineStarts;
  private readonly offsets = new Map<string, number>();

  constructor(text: string) {
    this.lines = new LineStarts(text);
    const dnMember = /"dn"\s*:\s*("(?:[^"\\]|\\.)*")/g;
    for (let m = dnMember.exec(text); m; m = dnMember.exec(text)) {
      const dn = JSON.parse(m[1]!) as string;
      if (!this.offsets.has(dn)) this.offsets.set(dn, m.index);
    }
  }

  /** The line of the object whose own `dn` is this DN, or undefined. */
  lineOf(dn: string): number | undefined {
    const offset = this.offsets.get(dn);
    return offset === undefined ? undefined : this.lines.lineAt(offset);
  }
}
