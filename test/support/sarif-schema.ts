/** Validation against the official SARIF 2.1.0 JSON Schema kept in schemas/. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import * as ajvFormats from 'ajv-formats';
import { packageRoot } from '../../src/util/paths.js';

// ajv-formats is CommonJS: under NodeNext the plugin is its `default` export.
const addFormats = ajvFormats.default.default;

let validate: ValidateFunction | undefined;

export function assertValidSarif(log: unknown): void {
  if (!validate) {
    const schema = JSON.parse(readFileSync(join(packageRoot, 'schemas', 'sarif-2.1.0.json'), 'utf8')) as object;
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    validate = ajv.compile(schema);
  }
  // Round-trip through JSON: what consumers see, not the in-memory object.
  const ok = validate(JSON.parse(JSON.stringify(log)));
  assert.ok(ok, `SARIF schema violations: ${JSON.stringify(validate.errors, null, 2)}`);
}

/** A SARIF report's text parsed and checked against the schema. */
export function parseValidSarif<T = unknown>(text: string): T {
  const log = JSON.parse(text) as unknown;
  assertValidSarif(log);
  return log as T;
}
