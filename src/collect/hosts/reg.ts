/**
 * Registry export files, as `reg export` and regedit write them
 * ("Windows Registry Editor Version 5.00" or "REGEDIT4"): keys in brackets,
 * `"Name"=value` lines, `;` comments, and long hex values continued with a
 * trailing backslash. No maintained npm parser reads these files with line
 * numbers, so this one stays small: it keeps every value's raw text and line
 * and decodes only what casaudit needs (strings and DWORDs).
 */
import { withoutBom } from '../../util/bom.js';
import { UserError } from '../../util/errors.js';

export type RegValueType = 'string' | 'dword' | 'other';

export interface RegValue {
  /** The key as written, without brackets: HKEY_LOCAL_MACHINE\SYSTEM\... */
  key: string;
  /** The value name; '' for the default value (@). */
  name: string;
  type: RegValueType;
  /** The data as written after '=', continuations joined: dword:0000e88c, "60001", hex(b):... */
  raw: string;
  /** The string for REG_SZ, the number for REG_DWORD; null otherwise. */
  data: string | number | null;
  line: number;
}

const HEADERS = ['Windows Registry Editor Version 5.00', 'REGEDIT4'];

export interface RegExport {
  /** Every key the file holds, as written, with the line of its [key] line. */
  keys: { key: string; line: number }[];
  values: RegValue[];
}

export function parseRegExport(text: string, file: string): RegExport {
  const lines = text.split(/\r\n|\n|\r/);
  const first = withoutBom(lines[0] ?? '').trim();
  if (!HEADERS.includes(first)) {
    throw new UserError(`${file}:1: not a registry export (expected "${HEADERS[0]}" or "REGEDIT4" on the first line)`);
  }
  const keys: RegExport['keys'] = [];
  const values: RegValue[] = [];
  let key: string | null = null;
  for (let i = 1; i < lines.length; i++) {
    const lineNo = i + 1;
    let line = lines[i]!;
    // A value that goes on over several lines ends each but the last with '\'.
    while (line.trimEnd().endsWith('\\') && i + 1 < lines.length && /^\s/.test(lines[i + 1]!)) {
      line = line.trimEnd().slice(0, -1) + lines[++i]!.trim();
    }
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith(';')) continue;
    if (trimmed.startsWith('[')) {
      if (!trimmed.endsWith(']')) throw new UserError(`${file}:${lineNo}: key line without a closing ']'`);
      const name = trimmed.slice(1, -1);
      // [-KEY] deletes a key when imported: it holds no values.
      key = name.startsWith('-') ? null : name;
      if (key !== null) keys.push({ key, line: lineNo });
      continue;
    }
    const assignment = parseAssignment(trimmed, file, lineNo);
    if (assignment.raw === '-') continue; // deletes the value when imported
    if (key === null) throw new UserError(`${file}:${lineNo}: a value before any [key] line`);
    values.push({ key, ...assignment, line: lineNo });
  }
  return { keys, values };
}

function parseAssignment(text: string, file: string, line: number): Omit<RegValue, 'key' | 'line'> {
  let name: string;
  let rest: string;
  if (text.startsWith('@')) {
    name = '';
    rest = text.slice(1);
  } else if (text.startsWith('"')) {
    const quoted = readQuoted(text, 0);
    if (!quoted) throw new UserError(`${file}:${line}: value name without a closing quote`);
    name = quoted.text;
    rest = text.slice(quoted.end);
  } else {
    throw new UserError(`${file}:${line}: expected a [key], a "name"=value line or a ; comment`);
  }
  rest = rest.trimStart();
  if (!rest.startsWith('=')) throw new UserError(`${file}:${line}: expected '=' after the value name`);
  const raw = rest.slice(1).trim();
  return { name, raw, ...decodeData(raw, file, line) };
}

function decodeData(raw: string, file: string, line: number): { type: RegValueType; data: string | number | null } {
  if (raw.startsWith('"')) {
    const quoted = readQuoted(raw, 0);
    if (!quoted || raw.slice(quoted.end).trim() !== '') throw new UserError(`${file}:${line}: string value without a closing quote`);
    return { type: 'string', data: quoted.text };
  }
  const dword = /^dword:([0-9a-fA-F]{1,8})$/i.exec(raw);
  if (dword) return { type: 'dword', data: parseInt(dword[1]!, 16) };
  if (/^dword:/i.test(raw)) throw new UserError(`${file}:${line}: a dword value must be up to 8 hex digits, found "${raw}"`);
  if (/^hex(\([0-9a-fA-F]+\))?:[0-9a-fA-F,\s]*$/.test(raw)) return { type: 'other', data: null };
  if (raw === '-') return { type: 'other', data: null };
  throw new UserError(`${file}:${line}: unrecognised value data "${raw.slice(0, 40)}"`);
}

/** A "..." string starting at `start`, with \\ and \" unescaped; null when it does not close. */
function readQuoted(text: string, start: number): { text: string; end: number } | null {
  let out = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      out += text[++i];
    } else if (c === '"') {
      return { text: out, end: i + 1 };
    } else {
      out += c;
    }
  }
  return null;
}
