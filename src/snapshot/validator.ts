/**
 * The snapshot validator: the one precompiled at build time when it exists
 * (fast start-up: no schema compile, no schema builder), otherwise compiled
 * now from the same model.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import type { Snapshot } from './model.js';

export const PRECOMPILED_VALIDATOR = 'snapshot-validator.generated.cjs';

let loading: Promise<ValidateFunction<Snapshot>> | undefined;

export function snapshotValidator(): Promise<ValidateFunction<Snapshot>> {
  loading ??= load();
  return loading;
}

async function load(): Promise<ValidateFunction<Snapshot>> {
  const precompiled = new URL(`./${PRECOMPILED_VALIDATOR}`, import.meta.url);
  if (existsSync(fileURLToPath(precompiled))) {
    return ((await import(precompiled.href)) as { default: ValidateFunction<Snapshot> }).default;
  }
  const { compileSnapshotValidator } = await import('./compile-validator.js');
  return compileSnapshotValidator();
}
