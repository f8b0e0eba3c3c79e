/**
 * Splits a zone file into entries (RFC 1035 section 5.1) in one pass: an
 * entry ends at a line end outside parentheses, `;` starts a comment, a
 * quoted string is one token, and a backslash escapes the next character.
 */
import type { UserError } from '../../util/errors.js';
import { CR_ONLY_LINE_ENDINGS, hasCrOnlyLineEndings } from '../windows-text.js';

/** An entry's tokens; the 1-based line it starts on; whether that line starts blank (the owner is the previous record's). */
export type EntryHandler = (tokens: string[], line: number, blankOwner: boolean) => void;

/** The error for something wrong at a line of the file. */
export type LineError = (line: number, what: string) => UserError;

export function forEachEntry(text: string, onEntry: EntryHandler, fail: LineError): void {
  // Entries end at LF: with CR alone the file would be one entry.
  if (hasCrOnlyLineEndings(text, true)) throw fail(1, CR_ONLY_LINE_ENDINGS);
  let tokens: string[] = [];
  let entryLine = 0;
  let blankOwner = false;
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      if (depth === 0 && tokens.length > 0) {
        onEntry(tokens, entryLine, blankOwner);
        tokens = [];
      }
      line++;
      lineStart = ++i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === ';') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? n : end;
      continue;
    }
    if (tokens.length === 0 && depth === 0) {
      entryLine = line;
      blankOwner = i > lineStart;
    }
    if (c === '(' || c === ')') {
      if (c === ')' && depth === 0) throw fail(line, "')' without '('");
      depth += c === '(' ? 1 : -1;
      i++;
      continue;
    }
    const start = i;
    i = tokenEnd(text, start, line, fail);
    tokens.push(text.slice(start, i));
  }
  if (depth > 0) throw fail(entryLine, "unclosed '('");
  if (tokens.length > 0) onEntry(tokens, entryLine, blankOwner);
}

/** Where the token at `start` ends: after its closing quote, or before the next blank, comment, parenthesis or quote. */
function tokenEnd(text: string, start: number, line: number, fail: LineError): number {
  const n = text.length;
  let i = start;
  if (text[i] === '"') {
    i++;
    while (i < n && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' && text[i + 1] !== '\n' ? 2 : 1;
    if (i >= n || text[i] !== '"') throw fail(line, 'unterminated quoted string');
    return i + 1;
  }
  while (i < n && !' \t\r\n;()"'.includes(text[i]!)) i += text[i] === '\\' && i + 1 < n && text[i + 1] !== '\n' ? 2 : 1;
  return i;
}
