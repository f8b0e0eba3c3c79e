/**
 * LDIF content records (RFC 2849) as ldifde writes them, to AdEntry values.
 *
 * One pass over the text: physical lines are found with indexOf, folded
 * continuation lines (one leading space) are joined to the logical line they
 * continue, and each logical line is handed to the record builder together
 * with the 1-based number of the physical line it starts on.
 */
import { UserError } from '../../errors.js';
import { attributeKey, type AdEntry, type AdValue } from '../ad/entry.js';

const CR = 0x0d;
const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const LESS_THAN = 0x3c;

export function* parseLdif(text: string, file: string): Generator<AdEntry> {
  const records = new RecordBuilder(file);
  const end = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineNo = 0;
  // The logical line waiting for possible continuations: text[start, stop) starting on
  // physical line `line`, or `folded` once a continuation has been joined to it.
  let pending = false;
  let start = 0;
  let stop = 0;
  let line = 0;
  let folded: string | undefined;

  while (pos < end) {
    const lf = text.indexOf('\n', pos);
    const next = lf === -1 ? end : lf + 1;
    let lineEnd = lf === -1 ? end : lf;
    if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === CR) lineEnd--;
    lineNo++;

    if (text.charCodeAt(pos) === SPACE) {
      if (!pending) throw records.fail(lineNo, 'continuation line (starts with a space) but there is no line before it to continue');
      // A continued comment stays a comment: nothing to join.
      if (text.charCodeAt(start) !== HASH) folded = (folded ?? text.slice(start, stop)) + text.slice(pos + 1, lineEnd);
    } else {
      if (pending) {
        if (folded === undefined) records.line(text, start, stop, line);
        else records.line(folded, 0, folded.length, line);
        folded = undefined;
      }
      pending = lineEnd > pos;
      if (pending) {
        start = pos;
        stop = lineEnd;
        line = lineNo;
      } else {
        const entry = records.blank();
        if (entry) yield entry;
      }
    }
    pos = next;
  }
  if (pending) {
    if (folded === undefined) records.line(text, start, stop, line);
    else records.line(folded, 0, folded.length, line);
  }
  const last = records.blank();
  if (last) yield last;
}

/** An attribute name: a descriptor or numeric OID, then options (";binary", ";range=0-1499"). */
const ATTRIBUTE_NAME = /^[A-Za-z0-9][A-Za-z0-9.-]*(?:;[^;\s]+)*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

class RecordBuilder {
  private dn: string | undefined;
  private dnLine = 0;
  private attributes = new Map<string, AdValue[]>();
  private seenRecord = false;
  private seenVersion = false;
  /** Attribute name as written to map key, so that each distinct spelling is checked and lower-cased once. */
  private readonly keys = new Map<string, string>();

  constructor(private readonly file: string) {}

  fail(line: number, what: string): UserError {
    return new UserError(`${this.file}:${line}: ${what}`);
  }

  /** A blank line: ends the open record, if any. */
  blank(): AdEntry | undefined {
    if (this.dn === undefined) return undefined;
    const entry: AdEntry = { dn: this.dn, attributes: this.attributes, source: { file: this.file, line: this.dnLine } };
    this.dn = undefined;
    this.attributes = new Map();
    return entry;
  }

  /** A logical (unfolded) non-blank line, src[start, stop), starting on physical line `line`. */
  line(src: string, start: number, stop: number, line: number): void {
    if (src.charCodeAt(start) === HASH) return;
    const colon = src.indexOf(':', start);
    if (colon === -1 || colon >= stop) {
      throw this.fail(line, `expected "attribute: value" but the line has no ':': ${quote(src.slice(start, stop))}`);
    }
    const name = src.slice(start, colon);
    const key = this.keyOf(name, line);

    let pos = colon + 1;
    const marker = pos < stop ? src.charCodeAt(pos) : 0;
    if (marker === COLON || marker === LESS_THAN) pos++;
    while (pos < stop && src.charCodeAt(pos) === SPACE) pos++;
    if (marker === LESS_THAN) {
      throw this.fail(line, `${quote(name)} takes its value from a URL (":<"), which is not supported: export with ldifde`);
    }
    const value: AdValue = marker === COLON ? this.base64(src.slice(pos, stop), line) : src.slice(pos, stop);

    if (this.dn === undefined) {
      if (key === 'dn') {
        this.dn = typeof value === 'string' ? value : this.utf8(value, line, 'dn');
        this.dnLine = line;
        this.seenRecord = true;
      } else if (key === 'version' && !this.seenRecord && !this.seenVersion) {
        const version = typeof value === 'string' ? value.trim() : '';
        if (version !== '1') throw this.fail(line, `LDIF version ${quote(version)} is not supported (only version 1)`);
        this.seenVersion = true;
      } else if (!this.seenRecord) {
        throw this.fail(line, `attribute line ${quote(name)} before any dn: each record must start with a "dn:" line`);
      } else {
        throw this.fail(line, `record without dn: it starts with ${quote(name)}, expected a "dn:" line`);
      }
      return;
    }

    if (key === 'dn') {
      throw this.fail(line, 'a second dn in the same record: records must be separated by a blank line');
    }
    if (key === 'changetype') {
      const type = typeof value === 'string' ? value.trim() : this.utf8(value, line, 'changetype');
      if (type.toLowerCase() !== 'add') {
        throw this.fail(line, `changetype ${type} is not supported: export with ldifde (changetype add)`);
      }
      if (this.attributes.size > 0) throw this.fail(line, 'changetype must come directly after the dn line');
      return;
    }
    const values = this.attributes.get(key);
    if (values) values.push(value);
    else this.attributes.set(key, [value]);
  }

  private keyOf(name: string, line: number): string {
    let key = this.keys.get(name);
    if (key === undefined) {
      if (!ATTRIBUTE_NAME.test(name)) throw this.fail(line, `invalid attribute name ${quote(name)}`);
      key = attributeKey(name);
      this.keys.set(name, key);
    }
    return key;
  }

  private base64(raw: string, line: number): Uint8Array {
    const text = raw.trimEnd();
    if (text.length % 4 !== 0 || !BASE64.test(text)) throw this.fail(line, 'invalid base64 value after "::"');
    // A copy, so that values do not keep Buffer's shared pool alive or compare unlike plain Uint8Arrays.
    return new Uint8Array(Buffer.from(text, 'base64'));
  }

  private utf8(bytes: Uint8Array, line: number, what: string): string {
    try {
      return strictUtf8.decode(bytes);
    } catch {
      throw this.fail(line, `base64 ${what} is not valid UTF-8`);
    }
  }
}

/** A piece of the input for a message: quoted, escaped (never a line break), at most 60 characters. */
function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}
