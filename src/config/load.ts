/**
 * Finding and reading casaudit.config.json: JSON with comments and trailing
 * commas, checked with ajv against the schema built from the rules, every
 * problem one line naming the file, line and JSON pointer. The result is the
 * engine's AuditSettings.
 */
import { statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { getNodeValue, parseTree, type ParseError, type ParseOptions } from 'jsonc-parser';
import { describeAjvError, mostSpecificAjvError } from '../util/ajv-errors.js';
import type { AuditSettings } from '../engine/audit.js';
import { optionFromConfig } from '../engine/option-types.js';
import type { Level, RuleMeta } from '../engine/rule.js';
import type { Suppression } from '../engine/suppressions.js';
import { UserError, oneLine } from '../util/errors.js';
import { readInputText } from '../util/read-input.js';
import { JsonLocator, firstSyntaxError, tooDeeplyNested } from '../util/json-locate.js';
import type { CasauditConfig } from './model.js';
import { CONFIG_FILE_NAME } from './names.js';
import { configValidator } from './validator.js';

export interface LoadedConfig {
  /** The config file as shown to the user (relative to the working directory when it lies below it). */
  file: string;
  /** Its absolute path: the report may never be written over it. */
  path: string;
  settings: AuditSettings;
}

/** The nearest casaudit.config.json in `start` or a folder above it. */
export function findConfigFile(start: string = process.cwd()): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function displayPath(file: string): string {
  const path = relative(process.cwd(), resolve(file));
  return path === '' || isAbsolute(path) ? file : path;
}

export async function loadConfigFile(path: string, rules: readonly RuleMeta[]): Promise<LoadedConfig> {
  const file = displayPath(path);
  const text = await readInputText(path, 'config');
  return { file, path: resolve(path), settings: await parseConfigText(text, file, rules) };
}

/** JSON with comments and trailing commas, as editors call "jsonc". */
const JSONC: ParseOptions = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };

export async function parseConfigText(text: string, file: string, rules: readonly RuleMeta[]): Promise<AuditSettings> {
  // One parse into a tree: the values come from it, and so do the lines errors and suppressions name.
  const invalid = (e: { line: number; column: number; message: string }) => new UserError(`${file}:${e.line}:${e.column}: invalid config JSON: ${e.message}`);
  // Before parseTree, which would overflow the stack on it.
  const deep = tooDeeplyNested(text);
  if (deep) throw invalid(deep);
  const errors: ParseError[] = [];
  const locate = new JsonLocator(text, parseTree(text, errors, JSONC));
  const syntax = errors.length > 0 ? firstSyntaxError(text, JSONC) : null;
  if (syntax) throw invalid(syntax);
  const fail = (pointer: string, detail: string): never => {
    throw new UserError(`${file}:${locate.lineOf(pointer)}: ${pointer || '/'}: ${detail}`);
  };
  const root = locate.root;
  if (root?.type !== 'object') fail('', 'the config must be a JSON object');
  // Objects without prototypes: a "__proto__" key stays a plain key, which the schema refuses as unknown.
  const data: unknown = getNodeValue(root!);
  const validate = await configValidator(rules);
  if (!validate(data)) {
    const error = mostSpecificAjvError(validate.errors ?? []);
    fail(error?.instancePath ?? '', error ? describeAjvError(error) : 'does not match the config schema');
  }
  const config = data as CasauditConfig;
  const settings: AuditSettings = {};
  const levels: Record<string, Level | 'off'> = {};
  const options: Record<string, Record<string, unknown>> = {};
  for (const [id, setting] of Object.entries(config.rules ?? {})) {
    const level = typeof setting === 'string' ? setting : setting.level;
    if (level) levels[id] = level;
    if (typeof setting === 'string' || !setting.options) continue;
    const rule = rules.find((r) => r.id === id);
    for (const [name, value] of Object.entries(setting.options)) {
      const option = rule?.options?.[name];
      if (!option) continue; // the schema built from the rules has already refused it
      const pointer = `/rules/${id}/options/${name}`;
      (options[id] ??= {})[name] = optionFromConfig(option.type, value, `${file}:${locate.lineOf(pointer)}: ${pointer}`);
    }
  }
  if (Object.keys(levels).length > 0) settings.levels = levels;
  if (Object.keys(options).length > 0) settings.options = options;
  // A plain copy: the parsed objects have no prototype.
  if (config.scope && Object.keys(config.scope).length > 0) settings.scope = structuredClone(config.scope);
  if (config.suppressions && config.suppressions.length > 0) {
    config.suppressions.forEach((entry, i) => {
      if (entry.expires && !isCalendarDate(entry.expires)) fail(`/suppressions/${i}/expires`, `${entry.expires} is not a date in the calendar`);
    });
    settings.suppressions = config.suppressions.map(
      (entry, i): Suppression => ({
        rule: entry.rule,
        target: entry.target,
        // One line: reports print it after the finding.
        justification: oneLine(entry.justification),
        ...(entry.expires ? { expires: entry.expires } : {}),
        source: { file, line: locate.lineOf(`/suppressions/${i}`) },
      }),
    );
  }
  return settings;
}

function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** Config settings with the command line's rule options on top. */
export function withRuleOptions(settings: AuditSettings, cli: Record<string, Record<string, unknown>>): AuditSettings {
  const options = { ...settings.options };
  for (const [id, values] of Object.entries(cli)) options[id] = { ...options[id], ...values };
  return Object.keys(options).length > 0 ? { ...settings, options } : settings;
}
