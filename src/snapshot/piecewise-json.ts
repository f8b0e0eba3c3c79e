/**
 * Reads a large JSON file in chunks without ever holding its whole text: the
 * outer containers (the snapshot's sections and their lists) are walked here,
 * and every element below them is handed to JSON.parse on its own. A
 * 200,000-object snapshot then costs its objects in memory, not its objects
 * plus a text the size of the file, and each object's `"dn"` line is noted on
 * the way for report locations.
 *
 * Any syntax trouble gives null: the caller then reads the file the ordinary
 * way, which names the line and column of the error.
 */
import { MAX_JSON_DEPTH } from '../util/json-locate.js';
import type { InputFile } from '../util/read-input.js';

export interface PiecewiseJson {
  value: unknown;
  /** Line (1-based) of each `"dn"` member of an object, keyed by the DN; the first object wins. */
  dnLines: Map<string, number>;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const NEWLINE = 0x0a;

const isSpace = (c: number) => c === 0x20 || c === NEWLINE || c === 0x0d || c === 0x09;
const isDelimiter = (c: number) => isSpace(c) || c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET;

/** Walked here: the root and its members' containers, and lists one level further (dns.internal, hosts.servers). */
const expands = (depth: number, opener: number) => depth <= 2 || (opener === OPEN_BRACKET && depth <= 3);

class NotPlainJson extends Error {}

type Expect = 'value' | 'value-or-end' | 'key' | 'key-or-end' | 'colon' | 'comma-or-end';

interface Frame {
  array: boolean;
  value: Record<string, unknown> | unknown[];
  expect: Expect;
  key: string;
  keyLine: number;
}

/** A value (or key) being collected for JSON.parse, possibly across chunks. */
interface Unit {
  parts: Buffer[];
  start: number;
  /** 'key': an object key; 'string', 'container', 'scalar': a value. */
  kind: 'key' | 'string' | 'container' | 'scalar';
  depth: number;
  inString: boolean;
  /** An odd run of backslashes ended the last chunk inside a string. */
  escaped: boolean;
  /** A container unit that is an object (its members' names are watched for "dn"). */
  object: boolean;
  /** Inside an object unit: the next string at depth 1 is a member name. */
  expectingMember: boolean;
  memberStart: number;
  memberParts: number;
  /** The line of a direct `"dn"` member of this unit, when it has one. */
  dnLine: number;
}

/** Reads the file (opened with openInputFile, whose errors name it) in chunks; null when it is not plain JSON. */
export async function readJsonPiecewise(input: InputFile, chunkSize = 1 << 20): Promise<PiecewiseJson | null> {
  const reader = new PiecewiseReader();
  const buffer = Buffer.allocUnsafe(chunkSize);
  let position = 0;
  try {
    for (;;) {
      const bytesRead = await input.read(buffer, 0, chunkSize, position);
      if (bytesRead === 0) break;
      let chunk = buffer.subarray(0, bytesRead);
      // Windows tools like to write a byte-order mark; JSON has none.
      if (position === 0 && chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      position += bytesRead;
      reader.feed(chunk);
    }
    return reader.finish();
  } catch (err) {
    if (err instanceof NotPlainJson || err instanceof SyntaxError) return null;
    throw err;
  }
}

class PiecewiseReader {
  private readonly stack: Frame[] = [];
  private root: { value: unknown } | undefined;
  private unit: Unit | undefined;
  private line = 1;
  readonly dnLines = new Map<string, number>();

  feed(chunk: Buffer): void {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.unit) {
        i = this.scanUnit(chunk, i);
        continue;
      }
      const c = chunk[i]!;
      if (isSpace(c)) {
        if (c === NEWLINE) this.line++;
        i++;
        continue;
      }
      this.structural(chunk, i, c);
      i++;
    }
    // Keep the part of an unfinished unit that this chunk holds: the buffer is reused.
    const unit = this.unit;
    if (unit) {
      unit.parts.push(Buffer.from(chunk.subarray(unit.start)));
      if (unit.memberStart >= 0 && unit.memberParts === unit.parts.length - 1) unit.memberStart -= unit.start;
      unit.start = 0;
    }
  }

  finish(): PiecewiseJson {
    if (this.unit) {
      // A number or literal may end the text without a delimiter.
      if (this.unit.kind !== 'scalar') throw new NotPlainJson();
      this.endUnit(Buffer.alloc(0), 0, 0);
    }
    if (!this.root || this.stack.length > 0) throw new NotPlainJson();
    return { value: this.root.value, dnLines: this.dnLines };
  }

  private top(): Frame | undefined {
    return this.stack[this.stack.length - 1];
  }

  /** A byte outside any unit: punctuation of a walked container, or the start of a value or key. */
  private structural(chunk: Buffer, i: number, c: number): void {
    const frame = this.top();
    const expect = frame ? frame.expect : this.root ? 'end' : 'value';
    switch (expect) {
      case 'end':
        throw new NotPlainJson();
      case 'colon':
        if (c !== COLON) throw new NotPlainJson();
        frame!.expect = 'value';
        return;
      case 'comma-or-end':
        if (c === COMMA) frame!.expect = frame!.array ? 'value' : 'key';
        else if (c === (frame!.array ? CLOSE_BRACKET : CLOSE_BRACE)) this.close();
        else throw new NotPlainJson();
        return;
      case 'key':
      case 'key-or-end':
        if (c === QUOTE) this.startUnit(chunk, i, 'key');
        else if (c === CLOSE_BRACE && expect === 'key-or-end') this.close();
        else throw new NotPlainJson();
        return;
      case 'value':
      case 'value-or-end':
        if (c === CLOSE_BRACKET && expect === 'value-or-end') return this.close();
        if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          if (expands(this.stack.length + 1, c)) {
            const array = c === OPEN_BRACKET;
            this.stack.push({ array, value: array ? [] : {}, expect: array ? 'value-or-end' : 'key-or-end', key: '', keyLine: 0 });
          } else this.startUnit(chunk, i, 'container');
        } else if (c === QUOTE) this.startUnit(chunk, i, 'string');
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET || c === COMMA || c === COLON) throw new NotPlainJson();
        else this.startUnit(chunk, i, 'scalar');
        return;
    }
  }

  /** Starts collecting a unit at its first byte; feed() scans on from the byte after it. */
  private startUnit(chunk: Buffer, i: number, kind: Unit['kind']): void {
    const string = kind === 'key' || kind === 'string';
    this.unit = {
      parts: [],
      start: i,
      kind,
      depth: kind === 'container' ? 1 : 0,
      inString: string,
      escaped: false,
      object: kind === 'container' && chunk[i] === OPEN_BRACE,
      expectingMember: kind === 'container' && chunk[i] === OPEN_BRACE,
      memberStart: -1,
      memberParts: 0,
      dnLine: 0,
    };
  }

  /** Scans a unit's bytes from `from`; returns where the walk goes on (chunk length when the unit continues). */
  private scanUnit(chunk: Buffer, from: number): number {
    const unit = this.unit!;
    let i = from;
    const n = chunk.length;
    while (i < n) {
      if (unit.inString) {
        if (unit.escaped) {
          unit.escaped = false;
          i++;
          continue;
        }
        const quote = chunk.indexOf(QUOTE, i);
        const stop = quote === -1 ? n : quote;
        // Backslashes right before the stop decide whether it is escaped (an odd run).
        let run = 0;
        while (stop - run - 1 >= i && chunk[stop - run - 1] === BACKSLASH) run++;
        if (quote === -1) {
          unit.escaped = run % 2 === 1;
          return n;
        }
        if (run % 2 === 1) {
          i = quote + 1;
          continue;
        }
        unit.inString = false;
        i = quote + 1;
        if (unit.kind === 'key' || unit.kind === 'string') return this.endUnit(chunk, unit.start, i);
        if (unit.depth === 1 && unit.memberStart >= 0) this.endMember(chunk, quote, unit);
        continue;
      }
      const c = chunk[i]!;
      if (unit.kind === 'scalar') {
        if (isDelimiter(c)) return this.endUnit(chunk, unit.start, i);
        i++;
        continue;
      }
      switch (c) {
        case QUOTE:
          unit.inString = true;
          if (unit.depth === 1 && unit.expectingMember) {
            unit.memberStart = i + 1;
            unit.memberParts = unit.parts.length;
            unit.expectingMember = false;
          }
          break;
        case OPEN_BRACE:
        case OPEN_BRACKET:
          // Too deep for what reads the snapshot next: the whole-text path names the line.
          if (++unit.depth + this.stack.length > MAX_JSON_DEPTH) throw new NotPlainJson();
          break;
        case CLOSE_BRACE:
        case CLOSE_BRACKET:
          if (--unit.depth === 0) return this.endUnit(chunk, unit.start, i + 1);
          break;
        case COMMA:
          if (unit.depth === 1 && unit.object) unit.expectingMember = true;
          break;
        case NEWLINE:
          this.line++;
          break;
      }
      i++;
    }
    return n;
  }

  /** A member name of an object unit ended at `quote`: note the line when it is "dn". */
  private endMember(chunk: Buffer, quote: number, unit: Unit): void {
    const start = unit.memberStart;
    unit.memberStart = -1;
    if (unit.memberParts === unit.parts.length) {
      // The usual case, compared in place: no Buffer is made for each of a snapshot's million names.
      if (quote - start === 2 && chunk[start] === 0x64 && chunk[start + 1] === 0x6e) unit.dnLine = this.line;
      return;
    }
    // A name cut by a chunk boundary is put together from the kept parts.
    const name = Buffer.concat([unit.parts[unit.memberParts]!.subarray(start), ...unit.parts.slice(unit.memberParts + 1), chunk.subarray(0, quote)]);
    if (name.length === 2 && name[0] === 0x64 && name[1] === 0x6e) unit.dnLine = this.line;
  }

  private endUnit(chunk: Buffer, start: number, end: number): number {
    const unit = this.unit!;
    this.unit = undefined;
    const text = unit.parts.length === 0 ? chunk.toString('utf8', start, end) : Buffer.concat([...unit.parts, chunk.subarray(0, end)]).toString('utf8');
    const value: unknown = JSON.parse(text);
    if (unit.dnLine > 0) this.noteDn(value, unit.dnLine);
    const frame = this.top();
    if (unit.kind === 'key') {
      frame!.key = value as string;
      frame!.keyLine = this.line;
      frame!.expect = 'colon';
    } else this.place(value);
    return end;
  }

  private noteDn(value: unknown, line: number): void {
    const dn = (value as { dn?: unknown }).dn;
    if (typeof dn === 'string' && !this.dnLines.has(dn)) this.dnLines.set(dn, line);
  }

  /** A finished value goes into its container (or becomes the root). */
  private place(value: unknown): void {
    const frame = this.top();
    if (!frame) {
      this.root = { value };
      return;
    }
    if (frame.array) (frame.value as unknown[]).push(value);
    else {
      // As JSON.parse does: an own property, even for "__proto__".
      Object.defineProperty(frame.value, frame.key, { value, writable: true, enumerable: true, configurable: true });
      if (frame.key === 'dn' && typeof value === 'string' && !this.dnLines.has(value)) this.dnLines.set(value, frame.keyLine);
    }
    frame.expect = 'comma-or-end';
  }

  private close(): void {
    const frame = this.stack.pop()!;
    this.place(frame.value);
  }
}
