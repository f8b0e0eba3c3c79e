/** ajv's validation errors as the one short phrase a user needs. */
import { oneLine } from './errors.js';

export interface AjvErrorLike {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

export function describeAjvError(error: AjvErrorLike): string {
  if (error.keyword === 'additionalProperties') return `unknown property ${JSON.stringify(error.params.additionalProperty)}`;
  if (error.keyword === 'required') return `missing property ${JSON.stringify(error.params.missingProperty)}`;
  if (error.keyword === 'enum') return `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  if (error.keyword === 'const') return `must be ${JSON.stringify(error.params.allowedValue)}`;
  return oneLine(error.message ?? error.keyword);
}

/**
 * The error worth showing from an allErrors run: the deepest one, leaving out
 * the anyOf summary and the "wrong type" complaints of the union branches the
 * value was never meant for (a rule setting is a string or an object).
 */
export function mostSpecificAjvError<T extends AjvErrorLike>(errors: readonly T[]): T | undefined {
  const real = errors.filter((e) => e.keyword !== 'anyOf');
  const typeOnly = (e: T) => e.keyword === 'type' && real.some((other) => other !== e && other.keyword !== 'type' && other.instancePath.startsWith(e.instancePath));
  const candidates = real.filter((e) => !typeOnly(e));
  const pool = candidates.length > 0 ? candidates : real;
  return [...pool].sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length)[0] ?? errors[0];
}
