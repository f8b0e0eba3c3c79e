/**
 * Rows of a PowerShell export: `Export-Csv` / `ConvertTo-Csv` (with or
 * without the `#TYPE` line) or `ConvertTo-Json` (an array, or a single object
 * when the cmdlet returned one item). CSV goes through csv-parse, JSON through
 * jsonc-parser, so each row keeps the line it starts on.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { getNodeValue, parseTree, type Node } from 'jsonc-parser';
import { withoutBom } from '../../util/bom.js';
import { UserError } from '../../util/errors.js';
import { firstSyntaxError, lineColumnAt } from '../../util/json-locate.js';

export type Cell = string | number | boolean | null;

export interface ExportRow {
  /** Property name, as written, by its lower-case form. */
  cells: Map<string, { name: string; value: Cell }>;
  line: number;
}

export interface ExportTable {
  /** Property names (as written) in the order the file gives them. */
  columns: string[];
  rows: ExportRow[];
}

export function parseExportTable(text: string, file: string): ExportTable {
  const body = withoutBom(text);
  if (body.trim() === '') return { columns: [], rows: [] }; // the cmdlet returned nothing
  // The file name says the format; a file named otherwise is told by its first character.
  const json = /\.json$/i.test(file) || (!/\.csv$/i.test(file) && /^\s*[[{]/.test(body));
  return json ? parseJsonTable(body, file) : parseCsvTable(body, file);
}

function parseCsvTable(windowsText: string, file: string): ExportTable {
  // csv-parse counts a CR LF inside a quoted value as two lines, which would
  // push every later row's line down; with LF alone its count is the file's.
  const text = windowsText.replace(/\r\n/g, '\n');
  // Windows PowerShell's Export-Csv starts with "#TYPE <type name>" unless -NoTypeInformation is given.
  const fromLine = /^#TYPE\b/.test(text) ? 2 : 1;
  let records: { record: Record<string, string>; info: { lines: number } }[];
  let columns: string[] = [];
  try {
    records = parseCsv(text, {
      columns: (header: string[]) => {
        columns = header;
        return header;
      },
      from_line: fromLine,
      info: true,
      skip_empty_lines: true,
    });
  } catch (err) {
    const e = err as Error & { lines?: number; code?: string };
    const message = e.message.replace(/ (at|on) line \d+$/, '').replace(/: .*$/, '');
    // csv-parse reports an unclosed quote at the end of the file; name the line the quote opens on.
    const line = (e.code === 'CSV_QUOTE_NOT_CLOSED' ? unclosedQuoteLine(text) : undefined) ?? e.lines ?? 1;
    throw new UserError(`${file}:${line}: not a valid CSV export (${message})`);
  }
  const rows = records.map(({ record, info }) => {
    const cells = new Map<string, { name: string; value: Cell }>();
    let breaks = 0;
    for (const [name, value] of Object.entries(record)) {
      cells.set(name.trim().toLowerCase(), { name: name.trim(), value });
      breaks += (value.match(/\r\n|\n|\r/g) ?? []).length;
    }
    // csv-parse counts the line a record ends on; a quoted value may span lines.
    return { cells, line: info.lines - breaks };
  });
  return { columns: columns.map((c) => c.trim()), rows };
}

/** The line of the quote that opens a value which never closes ("" inside a quoted value is an escaped quote). */
function unclosedQuoteLine(text: string): number | undefined {
  let line = 1;
  let open: number | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c !== '"') continue;
    else if (open === undefined) open = line;
    else if (text[i + 1] === '"') i++;
    else open = undefined;
  }
  return open;
}

function parseJsonTable(text: string, file: string): ExportTable {
  const syntax = firstSyntaxError(text);
  if (syntax) throw new UserError(`${file}:${syntax.line}:${syntax.column}: not valid JSON (${syntax.message})`);
  const root = parseTree(text)!;
  const objects = root.type === 'array' ? (root.children ?? []) : [root];
  const columns: string[] = [];
  const rows = objects.map((node) => {
    const line = lineColumnAt(text, node.offset).line;
    if (node.type !== 'object') throw new UserError(`${file}:${line}: expected an object for each exported item, found ${node.type}`);
    const cells = new Map<string, { name: string; value: Cell }>();
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      const name = String(key?.value ?? '');
      if (!columns.includes(name)) columns.push(name);
      cells.set(name.toLowerCase(), { name, value: cellOf(value) });
    }
    return { cells, line };
  });
  return { columns, rows };
}

/** A scalar as is; a nested object or array (deeper than -Depth) as its JSON text. */
function cellOf(node: Node | undefined): Cell {
  if (!node) return null;
  if (node.type === 'object' || node.type === 'array') return JSON.stringify(getNodeValue(node));
  return node.value as Cell;
}
