/**
 * The CLI's flags: --help shows them under headings by purpose, and `audit`
 * and `collect` take the same source flags, the ones SOURCE_FLAGS declares,
 * and the same general flags (GENERAL_FLAGS). Which source flags name a
 * source and which read files follows from their declarations too.
 */
import assert from 'node:assert/strict';
import yargs from 'yargs';
import type { Command } from '../src/cli/command.js';
import { auditCommand } from '../src/cli/commands/audit.js';
import { collectCommand } from '../src/cli/commands/collect.js';
import { GENERAL_FLAGS, GROUP, valueName } from '../src/cli/flags.js';
import { SOURCE_FLAGS, type SourceArgs } from '../src/cli/source-flags.js';
import { hasSources, sourceInputs } from '../src/cli/sources.js';
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

/** The flags audit and collect both take. */
const SHARED_FLAGS = { ...SOURCE_FLAGS, ...GENERAL_FLAGS };

/** A value for every flag audit and collect share, as the command line gives it, and as the command should receive it. */
function everySharedFlag(): { argv: string[]; expected: Record<string, unknown> } {
  const argv: string[] = [];
  const expected: Record<string, unknown> = {};
  for (const [flag, declaration] of Object.entries(SHARED_FLAGS)) {
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

  it('shows every source and general flag, in audit and in collect, under the heading its declaration names', () => {
    const audit = helpOf('audit');
    const collect = helpOf('collect');
    for (const [flag, { group }] of Object.entries(SHARED_FLAGS)) {
      assert.ok(audit.get(group)?.includes(flag), `audit --help: --${flag} under ${group}`);
      assert.ok(collect.get(group)?.includes(flag), `collect --help: --${flag} under ${group}`);
    }
    // The source headings hold the source flags alone, in the order declared.
    for (const heading of SOURCE_HEADINGS) {
      assert.deepEqual(audit.get(heading), declaredUnder(heading), heading);
      assert.deepEqual(collect.get(heading), declaredUnder(heading), heading);
    }
  });

  it('audit and collect accept every source and general flag and hand it to their runner under its camelCase name', async () => {
    const { argv, expected } = everySharedFlag();
    for (const command of [auditCommand, collectCommand]) {
      const args = await parsedBy(command, argv);
      const received = Object.fromEntries(Object.keys(expected).map((field) => [field, args[field]]));
      assert.deepEqual(received, expected, command.usage);
    }
  });

  it("names a flag's value as yargs does (--page-size: pageSize)", async () => {
    const args = await parsedBy(collectCommand, everySharedFlag().argv);
    assert.equal(valueName('page-size'), 'pageSize');
    for (const flag of Object.keys(SHARED_FLAGS)) assert.ok(valueName(flag) in args, flag);
  });
});

describe('source flags, by their declarations', () => {
  /** The source flags' values when none is given, as audit and collect receive them. */
  async function noSources(): Promise<SourceArgs> {
    return (await parsedBy(collectCommand, [])) as unknown as SourceArgs;
  }

  it('count as sources: --ldif, --ldap-url, --zone, --external-zone, --dns-server and --hosts; no others', async () => {
    const none = await noSources();
    assert.equal(hasSources(none), false);
    const sources = ['ldif', 'ldapUrl', 'zone', 'externalZone', 'dnsServer', 'hosts'];
    for (const field of sources) {
      const given = Array.isArray(none[field as keyof SourceArgs]) ? ['x'] : 'x';
      assert.equal(hasSources({ ...none, [field]: given }), true, field);
    }
    for (const field of ['externalDnsServer', 'dnsAxfr', 'bindDn', 'passwordEnv', 'passwordFile', 'caFile', 'baseDn']) {
      const given = Array.isArray(none[field as keyof SourceArgs]) ? ['x'] : 'x';
      assert.equal(hasSources({ ...none, [field]: given }), false, field);
    }
    assert.equal(hasSources({ ...none, ldapUrl: '' }), false, 'an empty --ldap-url');
  });

  it('name as inputs every file and folder they read, a zone file without its ZONE=', async () => {
    const none = await noSources();
    assert.deepEqual(sourceInputs(none), []);
    const given: SourceArgs = {
      ...none,
      ldif: ['a.ldf', 'b.ldf'],
      ldapUrl: 'ldaps://dc01',
      passwordFile: 'secret.txt',
      caFile: 'ca.pem',
      zone: ['contoso.local=contoso.dns', 'plain.dns'],
      dnsServer: ['10.0.0.1'],
      externalZone: ['contoso.com=public.zone'],
      externalDnsServer: ['8.8.8.8'],
      dnsAxfr: ['contoso.local'],
      hosts: ['hosts'],
    };
    assert.deepEqual(sourceInputs(given).sort(), ['a.ldf', 'b.ldf', 'ca.pem', 'contoso.dns', 'hosts', 'plain.dns', 'public.zone', 'secret.txt']);
  });
});
