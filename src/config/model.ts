/**
 * The config file model (casaudit.config.json): one TypeBox definition from
 * which the JSON Schema shipped in schemas/ and the TypeScript type come.
 * The generic shape is fixed here; `configSchema(rules)` narrows it to the
 * rules that exist, so an unknown rule id or option is an error with its
 * JSON pointer, not silently ignored.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { RuleOption } from '../engine/option-types.js';
import type { RuleMeta } from '../engine/rule.js';

const CONFIG_SCHEMA_ID = 'https://github.com/casaudit/casaudit/schemas/casaudit.config.schema.json';

const strict = { additionalProperties: false } as const;
const StringEnum = <const T extends readonly string[]>(values: T, options: { description?: string } = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

const LevelSetting = StringEnum(['error', 'warning', 'note', 'off'] as const, {
  description: "The level the rule's findings get, or off to not run the rule.",
});

/** A name, a DN or a glob over either (`*` any run of characters, `?` one). */
const ObjectPattern = Type.String({
  minLength: 1,
  pattern: '\\S',
  description: 'An object name (LON-DB01), a distinguished name, or a glob over either: * matches any run of characters, ? one. Case-insensitive.',
});

const PatternList = (description: string) => Type.Array(ObjectPattern, { minItems: 1, description });

const IncludeExclude = (what: string) =>
  Type.Object(
    {
      include: Type.Optional(PatternList(`Only ${what} matching one of these are in scope.`)),
      exclude: Type.Optional(PatternList(`${what[0]!.toUpperCase()}${what.slice(1)} matching one of these are out of scope.`)),
    },
    strict,
  );

/** YYYY-MM-DD in form; load.ts checks the date is in the calendar. */
const DATE_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$';

const Suppression = <R extends TSchema>(rule: R) =>
  Type.Object(
    {
      rule,
      target: ObjectPattern,
      justification: Type.String({ minLength: 1, pattern: '\\S', description: 'Why this finding is accepted; shown in every report.' }),
      expires: Type.Optional(
        Type.String({ pattern: DATE_PATTERN, description: 'Last day (YYYY-MM-DD) the suppression applies; after it the findings are reported again.' }),
      ),
    },
    { ...strict, description: 'Accept the findings of one rule on matching objects, with a reason.' },
  );

const RuleSetting = <O extends TSchema>(options: O) =>
  Type.Union([LevelSetting, Type.Object({ level: Type.Optional(LevelSetting), options: Type.Optional(options) }, strict)]);

/** The option type's plain JSON Schema, wrapped for TypeBox. */
const optionSchema = (option: RuleOption<unknown>) => Type.Unsafe(option.type.schema(option.description));

function ruleSetting(rule: RuleMeta): TSchema {
  const options = Object.entries(rule.options ?? {}).map(([name, option]) => [name, Type.Optional(optionSchema(option))] as const);
  return RuleSetting(Type.Object(Object.fromEntries(options), strict));
}

/** The config schema, narrowed to the rules given: their ids, levels and options. */
export function configSchema(rules: readonly RuleMeta[]): TSchema {
  const settings = Type.Object(Object.fromEntries(rules.map((r) => [r.id, Type.Optional(ruleSetting(r))])), {
    ...strict,
    description: 'Per rule id: a level (error, warning, note) or off, or { level, options }.',
  });
  return configObject(settings, StringEnum(rules.map((r) => r.id), { description: 'The rule id, e.g. RCA001.' }));
}

function configObject<S extends TSchema, R extends TSchema>(ruleSettings: S, ruleId: R) {
  return Type.Object(
    {
      $schema: Type.Optional(Type.String({ description: 'The JSON Schema of this file, for editors.' })),
      rules: Type.Optional(ruleSettings),
      scope: Type.Optional(
        Type.Object(
          {
            sites: Type.Optional(IncludeExclude('sites')),
            objects: Type.Optional(IncludeExclude('objects')),
          },
          { ...strict, description: 'Which findings the audit reports: by the AD site of their object, and by the object itself.' },
        ),
      ),
      suppressions: Type.Optional(Type.Array(Suppression(ruleId))),
    },
    { ...strict, $id: CONFIG_SCHEMA_ID, title: 'casaudit configuration' },
  );
}

/** The generic shape (any rule id, any options): the source of the TypeScript type. */
const GenericConfig = configObject(Type.Record(Type.String(), RuleSetting(Type.Record(Type.String(), Type.Unknown()))), Type.String());

/** The config as the file holds it. */
export type CasauditConfig = Static<typeof GenericConfig>;

/** The config JSON Schema as published in schemas/. */
export function configSchemaJson(rules: readonly RuleMeta[]): string {
  const schema = { $schema: 'http://json-schema.org/draft-07/schema#', ...JSON.parse(JSON.stringify(configSchema(rules))) };
  return JSON.stringify(schema, null, 2) + '\n';
}
