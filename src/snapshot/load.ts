/**
 * Reads a snapshot file: JSON syntax, schema version, JSON Schema (ajv), in
 * that order, each failure a one-line UserError naming the file and line.
 * The file is read piecewise, never whole, unless it has to be to name the
 * line of an error.
 */
import { readFileSync } from 'node:fs';
import { withoutBom } from '../util/bom.js';
import { openInputFile } from '../util/read-input.js';
import { describeAjvError } from '../util/ajv-errors.js';
import { UserError } from '../util/errors.js';
import { DnLineIndex, lineOfPointer, parseJsonText } from '../util/json-locate.js';
import { readJsonPiecewise, type PiecewiseJson } from './piecewise-json.js';
import type { Snapshot } from './model.js';
import { SNAPSHOT_SCHEMA_VERSION } from './version.js';
import { snapshotValidator } from './validator.js';

export interface LoadedSnapshot {
  snapshot: Snapshot;
  /** The path as the user gave it. */
  file: string;
  /** Line of an object in the file by its DN, computed on first use. */
  lineOf(dn: string): number | undefined;
  /** Line of the value a JSON pointer names (see lineOfPointer), from the text already read. */
  lineOfPointer(pointer: string): number;
}

export async function loadSnapshotFile(file: string): Promise<LoadedSnapshot> {
  const input = await openInputFile(file, 'snapshot');
  let pieces: PiecewiseJson | null;
  try {
    pieces = await readJsonPiecewise(input);
  } finally {
    await input.close();
  }
  // The text is read whole only to name a line: of an error, or of a JSON pointer (validate).
  let text: string | undefined;
  const wholeText = () => (text ??= withoutBom(readFileSync(file, 'utf8')));
  // Not plain JSON: the whole-text path names the line and column of the trouble.
  const snapshot = pieces ? await checkSnapshot(pieces.value, wholeText, file) : await parseSnapshotText(wholeText(), file);
  let index: DnLineIndex | undefined;
  return {
    snapshot,
    file,
    lineOf: pieces ? (dn) => pieces.dnLines.get(dn) : (dn) => (index ??= new DnLineIndex(wholeText())).lineOf(dn),
    lineOfPointer: (pointer) => lineOfPointer(wholeText(), pointer),
  };
}

export async function parseSnapshotText(text: string, file: string): Promise<Snapshot> {
  // Windows tools like to write a BOM; JSON.parse does not accept one.
  text = withoutBom(text);
  const data = parseJsonText(text, file, 'invalid JSON');
  return checkSnapshot(data, () => text, file);
}

/** Schema version, then JSON Schema; the text is asked for only to name a line. */
async function checkSnapshot(data: unknown, text: () => string, file: string): Promise<Snapshot> {
  checkSchemaVersion(data, text, file);
  const validate = await snapshotValidator();
  if (!validate(data)) {
    const error = validate.errors?.[0];
    const pointer = error?.instancePath ?? '';
    const line = lineOfPointer(text(), pointer);
    const detail = error ? describeAjvError(error) : 'does not match the snapshot schema';
    throw new UserError(`${file}:${line}: schema violation at ${pointer || '/'}: ${detail}`);
  }
  return data as Snapshot;
}

function checkSchemaVersion(data: unknown, text: () => string, file: string): void {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UserError(`${file}:1: not a casaudit snapshot: the top level must be a JSON object`);
  }
  const version = (data as Record<string, unknown>).schemaVersion;
  if (version === undefined) {
    throw new UserError(`${file}:1: not a casaudit snapshot: schemaVersion is missing`);
  }
  if (version !== SNAPSHOT_SCHEMA_VERSION) {
    const line = lineOfPointer(text(), '/schemaVersion');
    throw new UserError(
      `${file}:${line}: unsupported schemaVersion ${JSON.stringify(version)}: this casaudit reads schemaVersion ${SNAPSHOT_SCHEMA_VERSION}`,
    );
  }
}
