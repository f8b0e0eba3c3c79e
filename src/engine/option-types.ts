/**
 * The kinds of value a rule option takes. Each kind says, in one place, how
 * its value is read (from `--rule-option` text and from the config file), the
 * JSON Schema the config file checks it with, how the starter config writes
 * it and how the docs show it. Plain JSON Schema only: rules load at every
 * audit, and TypeBox and ajv stay out of start-up.
 */
import { UserError } from '../util/errors.js';

/** A JSON Schema as a plain object; config/model.ts wraps it for TypeBox. */
export type JsonSchemaObject = { readonly [keyword: string]: unknown };

export interface OptionType<T> {
  /** How docs and error messages name the kind: 'whole number', 'port range'. */
  readonly name: string;
  /** The value from text: a `--rule-option` value, or a string in the config. A UserError naming `what` on bad input. */
  parse(text: string, what: string): T;
  /** The value from the config file, which its schema has already passed: the same typed form `parse` gives. */
  fromConfig(value: unknown, what: string): T;
  /** The config file's schema for the option. */
  schema(description: string): JsonSchemaObject;
  /** The value as casaudit.config.json writes it (the starter config). */
  toConfig(value: T): unknown;
  /** The value as the docs print it. */
  show(value: T): string;
}

/** One option of a rule: its kind, what it means and the value it has unless configured. */
export interface RuleOption<T> {
  type: OptionType<T>;
  description: string;
  default: NoInfer<T>;
}

/** An inclusive range of TCP ports. */
export interface PortRange {
  start: number;
  end: number;
}

export const wholeNumber: OptionType<number> = {
  name: 'whole number',
  parse(text, what) {
    if (!/^\d+$/.test(text.trim())) throw new UserError(`${what}: expected a ${wholeNumber.name}, got '${text}'`);
    return Number(text.trim());
  },
  fromConfig: (value) => value as number,
  schema: (description) => ({ minimum: 0, description, type: 'integer' }),
  toConfig: (value) => value,
  show: (value) => String(value),
};

/** Blank items are dropped, so that `a,,b` and `["a", " "]` say what they mean. */
function cleanList(items: readonly string[]): string[] {
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

export const stringList: OptionType<readonly string[]> = {
  name: 'list of strings',
  parse: (text) => cleanList(text.split(',')),
  fromConfig: (value) => cleanList(value as string[]),
  schema: (description) => ({ description, type: 'array', items: { minLength: 1, type: 'string' } }),
  toConfig: (value) => value,
  show: (value) => (value.length ? value.join(', ') : 'none'),
};

const showRange = (range: PortRange) => `${range.start}-${range.end}`;

export const portRange: OptionType<PortRange> = {
  name: 'port range',
  parse(text, what) {
    const match = /^(\d+)\s*-\s*(\d+)$/.exec(text.trim());
    const range = match ? { start: Number(match[1]), end: Number(match[2]) } : undefined;
    if (!range || range.start < 1 || range.end > 65535 || range.start > range.end) {
      throw new UserError(`${what}: expected a ${portRange.name} such as 59531-60554, got '${text}'`);
    }
    return range;
  },
  // The config writes a range as text, like the command line.
  fromConfig: (value, what) => portRange.parse(value as string, what),
  schema: (description) => ({ pattern: '^\\s*\\d+\\s*-\\s*\\d+\\s*$', description: `${description} As FIRST-LAST, e.g. 59531-60554.`, type: 'string' }),
  toConfig: showRange,
  show: showRange,
};
