import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import { parseConfigText } from '../src/config/load.js';
import { runAudit } from '../src/engine/audit.js';
import { loadRules } from '../src/engine/discover.js';
import { optionFromConfig, optionFromText, portRange, stringList, wholeNumber, type OptionType } from '../src/engine/option-types.js';
import { parseRuleOptionAssignments } from '../src/engine/options.js';
import type { OptionValues, Rule } from '../src/engine/rule.js';
import { casPairEstate } from './support/estates.js';
import { assertUserError } from './support/user-error.js';

/** Whether the type's config schema passes `value`. */
function schemaAccepts(type: OptionType<unknown>, value: unknown): boolean {
  return new Ajv().compile(type.schema('An option.'))(value);
}

/** What each type reads, refuses, writes in the config and shows in the docs. */
const cases: {
  type: OptionType<unknown>;
  id: string;
  name: string;
  parses: [string, unknown][];
  refuses: [string, RegExp][];
  config: { accepts: unknown[]; refuses: unknown[]; reads: [unknown, unknown][] };
  writes: [unknown, string][];
  shows: [unknown, string][];
}[] = [
  {
    type: wholeNumber,
    id: 'integer',
    name: 'whole number',
    parses: [['600', 600], [' 0 ', 0]],
    refuses: [
      ['ten', /^--rule-option X\.n: expected a whole number, got 'ten'$/],
      ['-1', /expected a whole number, got '-1'/],
      ['1.5', /expected a whole number, got '1\.5'/],
      ['', /expected a whole number, got ''/],
    ],
    config: { accepts: [0, 600], refuses: [-1, 1.5, '600', null], reads: [[600, 600]] },
    writes: [[300, '300']],
    shows: [[300, '300']],
  },
  {
    type: stringList,
    id: 'string-list',
    name: 'list of strings',
    parses: [['mail.contoso.com, autodiscover.contoso.com', ['mail.contoso.com', 'autodiscover.contoso.com']], [' a,,b, ', ['a', 'b']], ['', []]],
    refuses: [],
    config: { accepts: [[], ['a', 'b']], refuses: ['a', [''], [1]], reads: [[[' a ', '  ', 'b'], ['a', 'b']]] },
    writes: [[[], '[]'], [['a', 'b'], '["a","b"]']],
    shows: [[[], 'none'], [['a', 'b'], 'a, b']],
  },
  {
    type: portRange,
    id: 'port-range',
    name: 'port range',
    parses: [['59531-60554', { start: 59531, end: 60554 }], [' 6000 - 6000 ', { start: 6000, end: 6000 }]],
    refuses: [
      ['60554-59531', /^--rule-option X\.n: expected a port range such as 59531-60554, got '60554-59531'$/],
      ['0-10', /expected a port range such as 59531-60554, got '0-10'/],
      ['1-65536', /expected a port range/],
      ['6000', /expected a port range/],
    ],
    config: { accepts: ['59531-60554', ' 1 - 2 '], refuses: ['6000', { start: 1, end: 2 }, [1, 2]], reads: [['6000-6100', { start: 6000, end: 6100 }]] },
    writes: [[{ start: 59531, end: 60554 }, '"59531-60554"']],
    shows: [[{ start: 59531, end: 60554 }, '59531-60554']],
  },
];

describe('rule option types', () => {
  for (const c of cases) {
    describe(c.name, () => {
      it('is named for docs and errors, and has a stable id for scripts', () => {
        assert.equal(c.type.name, c.name);
        assert.equal(c.type.id, c.id);
      });

      it('parses --rule-option text, and refuses bad text in one line naming where it came from', () => {
        for (const [text, value] of c.parses) assert.deepEqual(optionFromText(c.type, text, '--rule-option X.n'), value, text);
        for (const [text, message] of c.refuses) assertUserError(() => optionFromText(c.type, text, '--rule-option X.n'), message);
      });

      it('gives the config a schema that passes its form and refuses others, with the description', () => {
        assert.match(String(c.type.schema('An option.')['description']), /^An option\./);
        for (const value of c.config.accepts) assert.ok(schemaAccepts(c.type, value), `accepts ${JSON.stringify(value)}`);
        for (const value of c.config.refuses) assert.ok(!schemaAccepts(c.type, value), `refuses ${JSON.stringify(value)}`);
      });

      it('reads the config form into the same value as the command line', () => {
        for (const [value, typed] of c.config.reads) assert.deepEqual(optionFromConfig(c.type, value, 'casaudit.config.json:3: /rules/X/options/n'), typed);
      });

      it('writes the starter config value, which the schema passes and reads back', () => {
        for (const [value, text] of c.writes) {
          assert.equal(JSON.stringify(c.type.toConfig(value)), text);
          assert.ok(schemaAccepts(c.type, c.type.toConfig(value)));
          assert.deepEqual(c.type.fromConfig(c.type.toConfig(value)), value);
        }
      });

      it('shows a value for the docs', () => {
        for (const [value, text] of c.shows) assert.equal(c.type.show(value), text);
      });
    });
  }

  it('names the config file, line and pointer when a config string does not parse', () => {
    assertUserError(
      () => optionFromConfig(portRange, '70000-70001', 'casaudit.config.json:3: /rules/PORT005/options/recommendedPortRange'),
      "casaudit.config.json:3: /rules/PORT005/options/recommendedPortRange: expected a port range such as 59531-60554, got '70000-70001'",
    );
  });
});

describe('rule options as a rule sees them', () => {
  /** The options the rule's check receives from the runner, given these per-rule settings. */
  async function optionsSeen(id: string, options?: Record<string, unknown>): Promise<OptionValues> {
    const rule = (await loadRules()).find((r) => r.meta.id === id)!;
    let seen: OptionValues | undefined;
    // The rule's own meta, run whatever the snapshot holds.
    const spy: Rule = { meta: { ...rule.meta, needs: [] }, check: ({ options }) => void (seen = options) };
    runAudit(casPairEstate().build(), [spy], options ? { options: { [id]: options } } : {});
    assert.ok(seen, `${id} ran`);
    return seen;
  }

  async function fromConfig(id: string, options: string): Promise<Record<string, unknown> | undefined> {
    const settings = await parseConfigText(`{ "rules": { "${id}": { "options": ${options} } } }`, 'casaudit.config.json', (await loadRules()).map((r) => r.meta));
    return settings.options?.[id];
  }

  async function fromCommandLine(...assignments: string[]): Promise<Record<string, unknown> | undefined> {
    const values = parseRuleOptionAssignments(assignments, (await loadRules()).map((r) => r.meta));
    return Object.values(values)[0];
  }

  it("gets every option's default from the meta when none is configured", async () => {
    assert.deepEqual(await optionsSeen('DNS004'), { maxArrayTtl: 300 });
    assert.deepEqual(await optionsSeen('ARR007'), { externalNamespaces: [] });
    assert.deepEqual(await optionsSeen('PORT005'), { recommendedPortRange: { start: 59531, end: 60554 } });
    assert.deepEqual(await optionsSeen('RCA001'), {});
  });

  it('gets the same typed value from --rule-option and from the config', async () => {
    const pairs: [string, string, string][] = [
      ['DNS004', 'DNS004.maxArrayTtl=600', '{ "maxArrayTtl": 600 }'],
      ['ARR007', 'ARR007.externalNamespaces=mail.contoso.com, owa.contoso.com', '{ "externalNamespaces": ["mail.contoso.com", " owa.contoso.com "] }'],
      ['PORT005', 'PORT005.recommendedPortRange=6000-6100', '{ "recommendedPortRange": "6000 - 6100" }'],
    ];
    const expected: Record<string, unknown> = {
      DNS004: { maxArrayTtl: 600 },
      ARR007: { externalNamespaces: ['mail.contoso.com', 'owa.contoso.com'] },
      PORT005: { recommendedPortRange: { start: 6000, end: 6100 } },
    };
    for (const [id, assignment, config] of pairs) {
      assert.deepEqual(await optionsSeen(id, await fromCommandLine(assignment)), expected[id], `${id} from --rule-option`);
      assert.deepEqual(await optionsSeen(id, await fromConfig(id, config)), expected[id], `${id} from the config`);
    }
  });
});
