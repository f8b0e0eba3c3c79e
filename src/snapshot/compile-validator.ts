/**
 * The one ajv configuration for snapshots. The build runs it in standalone
 * mode to precompile the validator into dist/; running from source, it
 * compiles on first use instead.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { SnapshotSchema, type Snapshot } from './model.js';

// `format` stays in the schema as documentation; `pattern` does the checking.
const options = { allErrors: false, strict: true, validateFormats: false } as const;

export function compileSnapshotValidator(): ValidateFunction<Snapshot> {
  return new Ajv(options).compile<Snapshot>(SnapshotSchema);
}

/** CommonJS source of the precompiled validator (module.exports = validate). */
export function snapshotValidatorSource(): string {
  const ajv = new Ajv({ ...options, code: { source: true } });
  return standaloneCode.default(ajv, ajv.compile(SnapshotSchema));
}
