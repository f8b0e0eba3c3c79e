/**
 * The CLI's flags: --help shows them under headings by purpose, and `audit`
 * and `collect` take the same source flags, the ones SOURCE_FLAGS declares.
 */
import assert from 'node:assert/strict';
import yargs from 'yargs';
import type { Command } from '../src/cli/command.js';
import { auditCommand } from '../src/cli/commands/audit.js';
import { collectCommand } from '../src/cli/commands/collect.js';
import { GROUP } from '../src/cli/flags.js';
import { SOURCE_FLAGS } from '../src/cli/source-flags.js';
import { casaudit } from './support/cli.js';

/** The headings of a --help text, each with the long flags listed under it. */
function helpGroups(help: string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  let flags: string[] | undefined;
  for (const line of help.split('\n')) {
    if (/^\S.*:$/.test(line)) groups.set(line, (flags = []));
    else if (line === '') flags = undefined;
    else {
      const flag = /^\s+(?:-\w, )?--([\w-]+)/.exec(line)?.[1];
      if (flag && flags) flags.push(flag);
    }
  }
  return groups;
}

function helpOf(command: string): Map<string, string[]> {
  const run = casaudit([command, '--help']);
  assert.equal(run.status, 0, run.stderr);
  return helpGroups(run.stdout);
}

const SOURCE_HEADINGS = [GROUP.activeDirectory, GROUP.dns, GROUP.hosts];

/** The flags SOURCE_FLAGS puts under a heading, in their order. */
function declaredUnder(heading: string): string[] {
  return Object.entries(SOURCE_FLAGS)
    .filter(([, declaration]) => declaration.group === heading)
    .map(([flag]) => flag);
}

/** A value for every source flag, as the command line gives it, and as the command should receive it. */
function everySourceFlag(): { argv: string[]; expected: Record<string, unknown> } {
  const argv: string[] = [];
  const expected: Record<string, unknown> = {};
  for (const [flag, declaration] of Object.entries(SOURCE_FLAGS)) {
    const field = flag.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
    if (declaration.type === 'boolean') {
      argv.push(`--${flag}`);
      expected[field] = true;
    } else if (declaration.type === 'number') {
      argv.push(`--${flag}`, '7');
      expected[field] = 7;
    } else {
      argv.push(`--${flag}`, `${flag}-value`);
      expected[field] = 'array' in declaration ? [`${flag}-value`] : `${flag}-value`;
    }
  }
  return { argv, expected };
}

/** The arguments a command's definition gives its runner, parsed strictly as main parses them. */
async function parsedBy(command: Command, argv: string[]): Promise<Record<string, unknown>> {
  const name = command.usage.split(' ')[0]!;
  let received: Record<string, unknown> | undefined;
  await yargs([name, ...argv])
    .command(command.usage, command.describe, command.options, (args) => {
      received = args;
    })
    .strict()
    .help()
    .version(false)
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new Error(message);
    })
    .parseAsync();
  assert.ok(received, `${name} did not run`);
  return received;
}

describe('CLI flags', () => {
  it('audit --help lists its options under headings by purpose', () => {
    const groups = helpOf('audit');
    assert.deepEqual(
      [...groups.keys()],
      ['Positionals:', GROUP.activeDirectory, GROUP.dns, GROUP.hosts, GROUP.report, GROUP.gate, GROUP.config, GROUP.general, 'Examples:'],
    );
    assert.deepEqual(groups.get(GROUP.report), ['format', 'output']);
    assert.deepEqual(groups.get(GROUP.gate), ['fail-on', 'max-warnings', 'baseline', 'fail-on-new']);
    assert.deepEqual(groups.get(GROUP.config), ['config', 'rule-option']);
    assert.deepEqual(groups.get(GROUP.general), ['quiet', 'jobs', 'help', 'version']);
  });

  it('collect --help lists its options under the same headings', () => {
    const groups = helpOf('collect');
    assert.deepEqual([...groups.keys()], [GROUP.activeDirectory, GROUP.dns, GROUP.hosts, GROUP.output, GROUP.general, 'Examples:']);
    assert.deepEqual(groups.get(GROUP.output), ['output']);
    assert.deepEqual(groups.get(GROUP.general), ['quiet', 'help', 'version']);
  });

  it('shows every source flag, in audit and in collect, under the heading its declaration names', () => {
    const audit = helpOf('audit');
    const collect = helpOf('collect');
    for (const [flag, { group }] of Object.entries(SOURCE_FLAGS)) {
      assert.ok(audit.get(group)?.includes(flag), `audit --help: --${flag} under ${group}`);
      assert.ok(collect.get(group)?.includes(flag), `collect --help: --${flag} under ${group}`);
    }
    // The source headings hold the source flags alone, in the order declared.
    for (const heading of SOURCE_HEADINGS) {
      assert.deepEqual(audit.get(heading), declaredUnder(heading), heading);
      assert.deepEqual(collect.get(heading), declaredUnder(heading), heading);
    }
  });

  it('audit and collect accept every source flag and hand it to their runner under its camelCase name', async () => {
    const { argv, expected } = everySourceFlag();
    for (const command of [auditCommand, collectCommand]) {
      const args = await parsedBy(command, argv);
      const received = Object.fromEntries(Object.keys(expected).map((field) => [field, args[field]]));
      assert.deepEqual(received, expected, command.usage);
    }
  });
});
