import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findConfigFile, parseConfigText, withRuleOptions } from '../src/config/load.js';
import { configSchemaJson } from '../src/config/model.js';
import { starterConfig } from '../src/config/starter.js';
import { loadRules } from '../src/engine/discover.js';
import type { RuleMeta } from '../src/engine/rule.js';
import { tempDir } from './support/tmp.js';
import { assertRejectsUserError } from './support/user-error.js';

let rules: RuleMeta[];
before(async () => {
  rules = (await loadRules()).map((r) => r.meta);
});

function parse(text: string) {
  return parseConfigText(text, 'casaudit.config.json', rules);
}

describe('config file', () => {
  it('turns rules off, changes levels, sets options and keeps scope and suppressions, with comments and trailing commas', async () => {
    const settings = await parse(`// a comment
{
  "rules": {
    "RCA004": "off",
    "DNS004": { "level": "warning", "options": { "maxArrayTtl": 600 } },
    "PORT005": { "options": { "recommendedPortRange": "6000-6100" } },
    "ARR007": { "options": { "externalNamespaces": ["mail.contoso.com"] } },
  },
  "scope": { "sites": { "exclude": ["Lab-*"] } },
  "suppressions": [
    { "rule": "RCA001", "target": "ARCHIVE-*", "justification": "  retired with the migration ", "expires": "2027-06-30" },
  ],
}`);
    assert.deepEqual(settings.levels, { RCA004: 'off', DNS004: 'warning' });
    assert.deepEqual(settings.options, {
      DNS004: { maxArrayTtl: 600 },
      PORT005: { recommendedPortRange: { start: 6000, end: 6100 } },
      ARR007: { externalNamespaces: ['mail.contoso.com'] },
    });
    assert.deepEqual(settings.scope, { sites: { exclude: ['Lab-*'] } });
    assert.deepEqual(settings.suppressions, [
      {
        rule: 'RCA001',
        target: 'ARCHIVE-*',
        justification: 'retired with the migration',
        expires: '2027-06-30',
        source: { file: 'casaudit.config.json', line: 11 },
      },
    ]);
  });

  it('gives an empty config no settings', async () => {
    assert.deepEqual(await parse('{}'), {});
  });

  const refusals: [string, string, RegExp][] = [
    ['a syntax error', '{\n  "rules": {\n    "RCA004": "off"\n    "RCA001": "off"\n  }\n}', /^casaudit\.config\.json:4:5: invalid config JSON: comma expected$/],
    ['an unknown rule', '{\n  "rules": {\n    "XYZ001": "off"\n  }\n}', /^casaudit\.config\.json:2: \/rules: unknown property "XYZ001"$/],
    ['an unknown level', '{\n  "rules": {\n    "DNS004": "warn"\n  }\n}', /^casaudit\.config\.json:3: \/rules\/DNS004: must be one of "error", "warning", "note", "off"$/],
    ['an unknown option', '{ "rules": {\n "DNS004": { "options": { "maxTtl": 5 } } } }', /^casaudit\.config\.json:2: \/rules\/DNS004\/options: unknown property "maxTtl"$/],
    ['an option of the wrong type', '{ "rules": {\n "DNS004": { "options": {\n "maxArrayTtl": "ten" } } } }', /^casaudit\.config\.json:3: \/rules\/DNS004\/options\/maxArrayTtl: must be integer$/],
    ['a port range out of bounds', '{ "rules": {\n "PORT005": { "options": {\n "recommendedPortRange": "70000-70001" } } } }', /^casaudit\.config\.json:3: \/rules\/PORT005\/options\/recommendedPortRange: expected a port range/],
    ['a suppression without justification', '{ "suppressions": [\n { "rule": "RCA001", "target": "X" } ] }', /^casaudit\.config\.json:2: \/suppressions\/0: missing property "justification"$/],
    ['a blank justification', '{ "suppressions": [\n { "rule": "RCA001", "target": "X",\n "justification": "   " } ] }', /^casaudit\.config\.json:3: \/suppressions\/0\/justification: must match pattern/],
    ['a suppression of an unknown rule', '{ "suppressions": [\n { "rule": "RCA999", "target": "X", "justification": "j" } ] }', /^casaudit\.config\.json:2: \/suppressions\/0\/rule: must be one of "ARR001"/],
    ['an expiry that is no date', '{ "suppressions": [\n { "rule": "RCA001", "target": "X", "justification": "j",\n "expires": "30/06/2027" } ] }', /^casaudit\.config\.json:3: \/suppressions\/0\/expires: must match pattern/],
    ['an expiry not in the calendar', '{ "suppressions": [\n { "rule": "RCA001", "target": "X", "justification": "j",\n "expires": "2027-02-30" } ] }', /^casaudit\.config\.json:3: \/suppressions\/0\/expires: 2027-02-30 is not a date in the calendar$/],
    ['a scope key that does not exist', '{ "scope": {\n "servers": { "exclude": ["X"] } } }', /^casaudit\.config\.json:1: \/scope: unknown property "servers"$/],
    ['an empty pattern list', '{ "scope": { "sites": {\n "include": [] } } }', /^casaudit\.config\.json:2: \/scope\/sites\/include: must NOT have fewer than 1 items$/],
    ['a blank pattern', '{ "scope": { "objects": {\n "exclude": ["   "] } } }', /^casaudit\.config\.json:2: \/scope\/objects\/exclude\/0: must match pattern/],
    ['a "__proto__" key', '{\n  "__proto__": { "rules": { "RCA001": "off" } } }', /^casaudit\.config\.json:1: \/: unknown property "__proto__"$/],
    ['a top level that is not an object', '[1, 2]', /^casaudit\.config\.json:1: \/: the config must be a JSON object$/],
    ['JSON nested too deep to read', `{\n "scope": ${'['.repeat(50_000)}${']'.repeat(50_000)} }`, /^casaudit\.config\.json:2:522: invalid config JSON: nested deeper than 512 levels$/],
  ];
  for (const [what, text, expected] of refusals) {
    it(`refuses ${what}, naming file, line and JSON pointer`, async () => {
      await assertRejectsUserError(() => parse(text), expected);
    });
  }

  it('does not count brackets in strings and comments as nesting', async () => {
    const text = `// ${'['.repeat(600)}\n/* ${'{'.repeat(600)} */\n{ "suppressions": [ { "rule": "RCA001", "target": "X", "justification": "${'['.repeat(600)}" } ] }`;
    assert.equal((await parse(text)).suppressions?.[0]?.justification, '['.repeat(600));
  });

  it('lets --rule-option values win over the config, option by option', () => {
    const settings = withRuleOptions({ options: { DNS004: { maxArrayTtl: 600 }, ARR007: { externalNamespaces: ['a'] } } }, { DNS004: { maxArrayTtl: 60 } });
    assert.deepEqual(settings.options, { DNS004: { maxArrayTtl: 60 }, ARR007: { externalNamespaces: ['a'] } });
  });

  it('is found in the working folder or the nearest folder above it', () => {
    const root = tempDir();
    const deep = join(root, 'a', 'b');
    mkdirSync(deep, { recursive: true });
    assert.equal(findConfigFile(deep), undefined);
    writeFileSync(join(root, 'casaudit.config.json'), '{}');
    assert.equal(findConfigFile(deep), join(root, 'casaudit.config.json'));
    writeFileSync(join(root, 'a', 'casaudit.config.json'), '{}');
    assert.equal(findConfigFile(deep), join(root, 'a', 'casaudit.config.json'));
    // A folder of that name is not a config file.
    mkdirSync(join(deep, 'casaudit.config.json'));
    assert.equal(findConfigFile(deep), join(root, 'a', 'casaudit.config.json'));
  });

  it('accepts the example config in the README', async () => {
    const block = /```jsonc\n([\s\S]*?)```/.exec(readFileSync('README.md', 'utf8'));
    assert.ok(block, 'README has a jsonc config example');
    const settings = await parse(block[1]!);
    assert.equal(settings.levels?.RCA004, 'off');
    assert.equal(settings.suppressions?.length, 1);
    assert.deepEqual(settings.scope?.objects?.exclude, ['TEST-*', 'CN=Recovery*,CN=Databases,*']);
  });

  it('ships the schema the rules give (npm run schema writes it)', () => {
    assert.equal(readFileSync('schemas/casaudit.config.schema.json', 'utf8'), configSchemaJson(rules));
  });

  it('starts from a commented config that validates and changes nothing', async () => {
    const text = starterConfig(rules);
    assert.deepEqual(await parse(text), {});
    for (const rule of rules) assert.match(text, new RegExp(`// "${rule.id}": `), `${rule.id} listed`);
    // Uncommenting every rule line gives the defaults back, options included.
    const uncommented = text.replace(/^(\s*)\/\/ ("[A-Z]+\d+": .*)$/gm, '$1$2');
    const settings = await parse(uncommented);
    assert.equal(Object.keys(settings.levels ?? {}).length, rules.length);
    for (const rule of rules) assert.equal(settings.levels?.[rule.id], rule.level);
    assert.deepEqual(settings.options?.PORT005, { recommendedPortRange: { start: 59531, end: 60554 } });
    assert.equal(settings.options?.DNS004?.maxArrayTtl, rules.find((r) => r.id === 'DNS004')!.options!.maxArrayTtl!.default);
  });
});
