/**
 * The one ajv configuration for snapshots. The build runs it in standalone
 * mode to precompile the validator into dist/; running from source, it
 * compiles on first use instead.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { SnapshotSchema, type Snapshot } from './model.js';

// `format` stays in the schema as documentation; `pattern` does the checking.
// `unicode: false` measures strings with .length instead of counting code points: the
// schema's only length bound is minLength 1 (not empty), which both agree on, and a
// 200,000-object snapshot spends 0.6 s counting code points. ajv calls the option
// deprecated but honours it; that one notice is dropped, any other message is shown.
// `unicodeRegExp: false` compiles the patterns without the u flag: they are ASCII-only
// (GUIDs, dates), mean the same either way, and run faster.
const logger = {
  log: (...args: unknown[]) => console.log(...args),
  warn: (...args: unknown[]) => {
    if (!String(args[0]).startsWith('DEPRECATED: option unicode')) console.warn(...args);
  },
  error: (...args: unknown[]) => console.error(...args),
};
const options = { allErrors: false, strict: true, validateFormats: false, unicode: false, unicodeRegExp: false, logger } as const;

export function compileSnapshotValidator(): ValidateFunction<Snapshot> {
  return new Ajv(options).compile<Snapshot>(SnapshotSchema);
}

/** CommonJS source of the precompiled validator (module.exports = validate). */
export function snapshotValidatorSource(): string {
  const ajv = new Ajv({ ...options, code: { source: true } });
  return standaloneCode.default(ajv, ajv.compile(SnapshotSchema));
}
