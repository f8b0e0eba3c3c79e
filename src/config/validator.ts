/**
 * The config validator: the one precompiled at build time when it exists
 * (no schema builder or ajv loaded at start-up), otherwise compiled now from
 * the schema the rules give (compile-validator.ts, loaded only then).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import type { RuleMeta } from '../engine/rule.js';

export const PRECOMPILED_CONFIG_VALIDATOR = 'config-validator.generated.cjs';

let loading: Promise<ValidateFunction> | undefined;

export function configValidator(rules: readonly RuleMeta[]): Promise<ValidateFunction> {
  loading ??= load(rules);
  return loading;
}

async function load(rules: readonly RuleMeta[]): Promise<ValidateFunction> {
  const precompiled = new URL(`./${PRECOMPILED_CONFIG_VALIDATOR}`, import.meta.url);
  if (existsSync(fileURLToPath(precompiled))) return ((await import(precompiled.href)) as { default: ValidateFunction }).default;
  const { compileConfigValidator } = await import('./compile-validator.js');
  return compileConfigValidator(rules);
}
