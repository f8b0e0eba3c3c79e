/** The compiled ajv validator for snapshots, built once per process. */
import { Ajv, type ValidateFunction } from 'ajv';
import * as ajvFormats from 'ajv-formats';
import { SnapshotSchema, type Snapshot } from './model.js';

// ajv-formats is CommonJS: under NodeNext the plugin is its `default` export.
const addFormats = ajvFormats.default.default;

let compiled: ValidateFunction<Snapshot> | undefined;

export function snapshotValidator(): ValidateFunction<Snapshot> {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: false, strict: true });
    addFormats(ajv, ['date-time']);
    compiled = ajv.compile<Snapshot>(SnapshotSchema);
  }
  return compiled;
}
