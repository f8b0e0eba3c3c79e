/** The one ajv configuration for the config file: compiled on first use from source, or precompiled by the build. */
import { Ajv, type ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import type { RuleMeta } from '../engine/rule.js';
import { configSchema } from './model.js';

const options = { allErrors: true, strict: false } as const;

export function compileConfigValidator(rules: readonly RuleMeta[]): ValidateFunction {
  return new Ajv(options).compile(configSchema(rules));
}

/** CommonJS source of the precompiled validator. */
export function configValidatorSource(rules: readonly RuleMeta[]): string {
  const ajv = new Ajv({ ...options, code: { source: true } });
  return standaloneCode.default(ajv, ajv.compile(configSchema(rules)));
}
