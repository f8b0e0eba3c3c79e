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
  /** The kind's stable machine name, as `casaudit rules --format json` writes it. */
  readonly id: 'integer' | 'string-list' | 'port-range';
  /** How docs and error messages name the kind: 'whole number', 'port range'. */
  readonly name: string;
  /** A value written out, for error messages when the kind's name alone does not show the form. */
  readonly example?: string;
  /** The value in `--rule-option` text, or undefined when the text holds none (optionFromText says so). */
  parse(text: string): T | undefined;
  /** The value as the config file holds it, once its schema has passed it: the same form `parse` gives. */
  fromConfig(value: unknown): T | undefined;
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
  /** Not a source of T: the type says what the default must be. */
  default: NoInfer<T>;
}

/*
 * The one-line errors are thrown here rather than by the types: callers reach
 * a type through a rule's meta, and the error class must be the caller's own.
 */

function badValue(type: OptionType<unknown>, written: string, what: string): UserError {
  const form = type.example ? `${type.name} such as ${type.example}` : type.name;
  return new UserError(`${what}: expected a ${form}, got '${written}'`);
}

/** The option's value in `--rule-option` text; a UserError naming `what` when it holds none. */
export function optionFromText<T>(type: OptionType<T>, text: string, what: string): T {
  const value = type.parse(text);
  if (value === undefined) throw badValue(type, text, what);
  return value;
}

/** The option's value as the config file holds it; a UserError naming `what` (file, line, pointer) when it holds none. */
export function optionFromConfig<T>(type: OptionType<T>, value: unknown, what: string): T {
  const typed = type.fromConfig(value);
  if (typed === undefined) throw badValue(type, typeof value === 'string' ? value : JSON.stringify(value), what);
  return typed;
}

/** An inclusive range of TCP ports. */
export interface PortRange {
  start: number;
  end: number;
}

export const wholeNumber: OptionType<number> = {
  id: 'integer',
  name: 'whole number',
  parse: (text) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined),
  fromConfig: (value) => value as number,
  schema: (description) => ({ minimum: 0, description, type: 'integer' }),
  toConfig: (value) => value,
  show: (value) => String(value),
};

/** Items trimmed and blanks dropped, so that `a,,b` and `["a", " "]` say what they mean. */
function cleanList(items: readonly string[]): string[] {
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

export const stringList: OptionType<readonly string[]> = {
  id: 'string-list',
  name: 'list of strings',
  parse: (text) => cleanList(text.split(',')),
  fromConfig: (value) => cleanList(value as string[]),
  schema: (description) => ({ description, type: 'array', items: { minLength: 1, type: 'string' } }),
  toConfig: (value) => value,
  show: (value) => (value.length ? value.join(', ') : 'none'),
};

const RANGE_EXAMPLE = '59531-60554';

const writeRange = (range: PortRange) => `${range.start}-${range.end}`;

function parseRange(text: string): PortRange | undefined {
  const match = /^(\d+)\s*-\s*(\d+)$/.exec(text.trim());
  if (!match) return undefined;
  const range = { start: Number(match[1]), end: Number(match[2]) };
  return range.start >= 1 && range.end <= 65535 && range.start <= range.end ? range : undefined;
}

export const portRange: OptionType<PortRange> = {
  id: 'port-range',
  name: 'port range',
  example: RANGE_EXAMPLE,
  parse: parseRange,
  // The config writes a range as text, like the command line.
  fromConfig: (value) => parseRange(value as string),
  schema: (description) => ({ pattern: '^\\s*\\d+\\s*-\\s*\\d+\\s*$', description: `${description} As FIRST-LAST, e.g. ${RANGE_EXAMPLE}.`, type: 'string' }),
  toConfig: writeRange,
  show: writeRange,
};
