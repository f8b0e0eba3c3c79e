/**
 * LDIF content records (RFC 2849) as ldifde writes them, to AdEntry values.
 *
 * The text comes in chunks of whole logical lines (./chunks.ts) as code units
 * (./codecs.ts). Physical lines are found with indexOf, folded continuation
 * lines (one leading space) belong to the logical line they continue, and
 * each logical line is handed to the record builder together with the
 * 1-based number of the physical line it starts on. Strings are made only of
 * what is kept: names are recognised from their code units, and the values of
 * attributes the caller has not asked for are checked but not decoded.
 */
import { UserError } from '../../util/errors.js';
import { pushTo } from '../../util/group.js';
import { attributeKey, type AdEntry, type AdValue } from '../ad/entry.js';
import { AttributeNames } from './attribute-names.js';
import { decodeBase64 } from './base64.js';
import { stringChunk, type LdifChunk, type TextCodec, type Units } from './codecs.js';

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const LESS_THAN = 0x3c;

/** The entries of LDIF text already in memory, as the parser reads them. */
export function* parseLdif(text: string, file: string): Generator<AdEntry> {
  const parser = new LdifParser(file);
  yield* parser.push(stringChunk(text));
  yield* parser.end();
}

export class LdifParser {
  private readonly records: RecordBuilder;
  /** Each spelling of an attribute name is checked and lower-cased once. */
  private readonly names = new AttributeNames<NameInfo>();
  /** Physical lines read so far. */
  private lineNo = 0;
  private atStart = true;
  /** The continuation lines of the logical line being read: start and end of each, in code units. */
  private readonly folds: number[] = [];
  private foldCount = 0;

  /** `attributes`: the attribute keys to keep (attributeKey form); all when absent. */
  constructor(file: string, attributes?: ReadonlySet<string>) {
    this.records = new RecordBuilder(file, attributes);
  }

  /**
   * The entries that end in this chunk; an entry still open at its end is
   * continued by the next chunk. Folded lines are joined in the chunk's own memory.
   */
  *push(chunk: LdifChunk): Generator<AdEntry> {
    const { units, codec } = chunk;
    const end = units.length;
    let pos = 0;
    if (this.atStart && end > 0) {
      this.atStart = false;
      pos = codec.byteOrderMark(units, 0);
    }
    let lineNo = this.lineNo;
    // The logical line waiting for possible continuations: it starts at units[start] (-1: none)
    // on physical line `line`; its first physical line ends at `stop`, the rest are in this.folds.
    let start = -1;
    let stop = 0;
    let line = 0;
    const folds = this.folds;
    this.foldCount = 0;

    try {
      while (pos < end) {
        const lf = units.indexOf(LF, pos);
        const next = lf === -1 ? end : lf + 1;
        let lineEnd = lf === -1 ? end : lf;
        if (lineEnd > pos && units[lineEnd - 1] === CR) lineEnd--;
        lineNo++;

        if (units[pos] === SPACE) {
          if (start === -1) throw this.records.fail(lineNo, 'continuation line (starts with a space) but there is no line before it to continue');
          folds[this.foldCount++] = pos + 1;
          folds[this.foldCount++] = lineEnd;
        } else {
          if (start !== -1) this.logicalLine(units, codec, start, stop, line);
          if (lineEnd > pos) {
            start = pos;
            stop = lineEnd;
            line = lineNo;
            this.foldCount = 0;
          } else {
            start = -1;
            const entry = this.records.blank();
            if (entry) yield entry;
          }
        }
        pos = next;
      }
      // Only the text's last chunk can end without a line break (./chunks.ts). ldifde ends every line
      // with one: a last line without is taken as cut anywhere in it (a value, a fold, a base64 quantum),
      // before it is read, so that the message says so. A comment may end the file without one.
      if (start !== -1 && units[end - 1] !== LF && units[end - 1] !== CR && units[start] !== HASH) {
        throw this.records.fail(lineNo, 'the file ends without a line break after its last line: the export looks cut off (truncated); export it again');
      }
      // A chunk ends with a whole logical line: nothing in the next one continues it.
      if (start !== -1) this.logicalLine(units, codec, start, stop, line);
    } finally {
      this.lineNo = lineNo;
    }
  }

  /** The entry still open at the end of the text, if any. */
  *end(): Generator<AdEntry> {
    const last = this.records.blank();
    if (last) yield last;
  }

  /** A non-blank logical line starting at units[start] on physical line `line`; its first physical line ends at `stop`. */
  private logicalLine(units: Units, codec: TextCodec, start: number, stop: number, line: number): void {
    // A comment, continued or not, is skipped.
    if (units[start] === HASH) return;
    let info = this.names.find(units, start, stop);
    let colon = this.names.colon;
    if (this.foldCount > 0) {
      // Nothing on the continuation lines matters to an attribute that is not kept, once its value marker is known.
      if (info !== undefined && colon + 1 < stop && this.records.skips(info, units[colon + 1]!)) return;
      stop = this.join(units, stop);
      if (info === undefined) {
        info = this.names.find(units, start, stop);
        colon = this.names.colon;
      }
    }
    if (colon === -1) {
      throw this.records.fail(line, `expected "attribute: value" but the line has no ':': ${quote(codec.text(units, start, stop))}`);
    }
    if (info === undefined) {
      info = this.records.nameInfo(codec.text(units, start, colon), line);
      this.names.add(units, start, info);
    }
    this.records.attribute(units, codec, info, colon, stop, line);
  }

  /**
   * Joins the continuation lines to the logical line whose first physical line
   * ends at `stop`, in place: each is moved over the line break before it.
   * Returns the joined line's end.
   */
  private join(units: Units, stop: number): number {
    const folds = this.folds;
    let end = stop;
    for (let i = 0; i < this.foldCount; i += 2) {
      units.copyWithin(end, folds[i]!, folds[i + 1]!);
      end += folds[i + 1]! - folds[i]!;
    }
    return end;
  }
}

/** An attribute name as written (one spelling), and what the record builder does with it. */
interface NameInfo {
  name: string;
  key: string;
  /** Whether its values are stored: always for dn and changetype, which the builder reads. */
  kept: boolean;
}

/** An attribute name: a descriptor or numeric OID, then options (";binary", ";range=0-1499"). */
const ATTRIBUTE_NAME = /^[A-Za-z0-9][A-Za-z0-9.-]*(?:;[^;\s]+)*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

class RecordBuilder {
  private dn: string | undefined;
  private dnLine = 0;
  private attributes = new Map<string, AdValue[]>();
  /** Attribute lines of the open record, stored or not. */
  private attributeLines = 0;
  private seenRecord = false;
  private seenVersion = false;

  constructor(
    private readonly file: string,
    private readonly keep: ReadonlySet<string> | undefined,
  ) {}

  fail(line: number, what: string): UserError {
    return new UserError(`${this.file}:${line}: ${what}`);
  }

  /** A blank line: ends the open record, if any. */
  blank(): AdEntry | undefined {
    if (this.dn === undefined) return undefined;
    const entry: AdEntry = { dn: this.dn, attributes: this.attributes, source: { file: this.file, line: this.dnLine } };
    this.dn = undefined;
    this.attributes = new Map();
    this.attributeLines = 0;
    return entry;
  }

  /**
   * Passes over an attribute line that is not kept, in a record, with a plain
   * value (`marker`: the code unit after the colon); false when the line needs reading.
   */
  skips(info: NameInfo, marker: number): boolean {
    if (info.kept || this.dn === undefined || marker === COLON || marker === LESS_THAN || this.isControl(info)) return false;
    this.attributeLines++;
    return true;
  }

  /** What a spelling of an attribute name, seen for the first time on physical line `line`, means. */
  nameInfo(name: string, line: number): NameInfo {
    if (!ATTRIBUTE_NAME.test(name)) throw this.fail(line, `invalid attribute name ${quote(name)}`);
    const key = attributeKey(name);
    return { name, key, kept: key === 'dn' || key === 'changetype' || this.keep === undefined || this.keep.has(key) };
  }

  /** An attribute line, unfolded: units[colon] is the colon after the name, the value ends at `stop`. */
  attribute(units: Units, codec: TextCodec, info: NameInfo, colon: number, stop: number, line: number): void {
    let pos = colon + 1;
    const marker = pos < stop ? units[pos] : 0;
    if (marker === COLON || marker === LESS_THAN) pos++;
    while (pos < stop && units[pos] === SPACE) pos++;
    if (marker === LESS_THAN) {
      throw this.fail(line, `${quote(info.name)} takes its value from a URL (":<"), which is not supported: export with ldifde`);
    }
    if (this.isControl(info)) throw this.controlError(line);
    if (!info.kept && this.dn !== undefined) {
      // Not wanted: checked as if it were, then dropped.
      if (marker === COLON) this.base64(units, codec, pos, stop, line);
      this.attributeLines++;
      return;
    }
    const value: AdValue = marker === COLON ? this.base64(units, codec, pos, stop, line) : codec.text(units, pos, stop);
    const { key, name } = info;

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
      if (this.attributeLines > 0) throw this.fail(line, 'changetype must come directly after the dn line');
      return;
    }
    this.attributeLines++;
    pushTo(this.attributes, key, value);
  }

  /**
   * RFC 2849 puts controls ("control: OID ...") between the dn and the changetype of a
   * change record (ldifde -i, ldapmodify input): such a file says what to change, not what
   * is there. Later in a record, "control" is an attribute like any other.
   */
  private isControl(info: NameInfo): boolean {
    return info.key === 'control' && this.dn !== undefined && this.attributeLines === 0;
  }

  private controlError(line: number): UserError {
    return this.fail(
      line,
      'a "control:" line: this is a change record with an LDAP control (input for ldapmodify or ldifde -i), not an export; casaudit reads content records: export with ldifde -f',
    );
  }

  /** The bytes of a "::" value, units[start, stop). */
  private base64(units: Units, codec: TextCodec, start: number, stop: number, line: number): Uint8Array {
    const bytes = decodeBase64(units, start, stop);
    if (bytes instanceof Uint8Array) return bytes;
    if (bytes === 'not-ascii') {
      const text = codec.text(units, start, stop).trimEnd();
      // A copy, so that values do not keep Buffer's shared pool alive or compare unlike plain Uint8Arrays.
      if (text.length % 4 === 0 && BASE64.test(text)) return new Uint8Array(Buffer.from(text, 'base64'));
    }
    throw this.fail(line, 'invalid base64 value after "::"');
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
