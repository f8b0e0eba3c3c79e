/**
 * The `casaudit` command line: parses arguments with yargs, runs one command,
 * and turns every failure into a one-line message and exit code 2.
 */
import yargs from 'yargs';
import { UserError, oneLine } from '../util/errors.js';
import { toolVersion } from '../util/paths.js';
import { auditOptions, runAuditCommand, type SourceArgs } from './commands/audit.js';
import { collectOptions, runCollectCommand } from './commands/collect.js';
import { runDiffCommand } from './commands/diff.js';
import { DIFF_FORMATS } from '../report/diff/formats.js';
import { runExplainCommand } from './commands/explain.js';
import { runInitCommand } from './commands/init.js';
import { CONFIG_FILE_NAME } from '../config/names.js';
import { runRulesCommand } from './commands/rules.js';
import { runValidateCommand } from './commands/validate.js';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK } from './exit-codes.js';
import { UsageError } from './usage-error.js';

const EPILOG =
  `Exit codes: ${EXIT_OK} nothing at or above the threshold, ${EXIT_FINDINGS} findings at or above it (validate: reference problems), ` +
  `${EXIT_ERROR} usage, input or collection error.`;

/** The source flags as the commands take them. */
function sourceArgs(args: {
  ldif: string[];
  zone: string[];
  externalZone: string[];
  hosts: string[];
  dns: boolean;
  'dns-server': string[];
  'external-dns-server': string[];
  'dns-axfr': string[];
  'dns-timeout': number;
  'dns-retries': number;
  'dns-concurrency': number;
  'ldap-url'?: string;
  'bind-dn'?: string;
  'password-env'?: string;
  'password-file'?: string;
  'ca-file'?: string;
  starttls: boolean;
  'base-dn'?: string;
  timeout: number;
  'page-size': number;
  'insecure-plaintext-ldap': boolean;
  'insecure-skip-tls-verify': boolean;
  quiet: boolean;
}): SourceArgs {
  return {
    ldif: args.ldif,
    zone: args.zone,
    externalZone: args.externalZone,
    dns: args.dns,
    hosts: args.hosts,
    dnsServer: args['dns-server'],
    externalDnsServer: args['external-dns-server'],
    dnsAxfr: args['dns-axfr'],
    dnsTimeout: args['dns-timeout'],
    dnsRetries: args['dns-retries'],
    dnsConcurrency: args['dns-concurrency'],
    ldapUrl: args['ldap-url'],
    bindDn: args['bind-dn'],
    passwordEnv: args['password-env'],
    passwordFile: args['password-file'],
    caFile: args['ca-file'],
    starttls: args.starttls,
    baseDn: args['base-dn'],
    timeout: args.timeout,
    pageSize: args['page-size'],
    insecurePlaintextLdap: args['insecure-plaintext-ldap'],
    insecureSkipTlsVerify: args['insecure-skip-tls-verify'],
    quiet: args.quiet,
  };
}

/**
 * yargs renders the whole --help text before every command runs, in case the
 * command's handler asks for it: a tenth of a second of each cold start, and
 * casaudit's handlers never ask. --help itself still renders it. The hook is
 * yargs' internal one: if a release moves it, nothing changes but the speed.
 */
function skipHelpRendering(parser: unknown): void {
  type Usage = { cacheHelpMessage?: () => void };
  const internal = (parser as { getInternalMethods?: () => { getUsageInstance?: () => Usage } }).getInternalMethods?.();
  const usage = internal?.getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}

export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = EXIT_OK;
  const parser = yargs([...argv])
    .scriptName('casaudit')
    .usage('$0 <command> [options]\n\nAudits Exchange 2010 CAS arrays and the Outlook RPC Client Access path.')
    .command(
      'audit [snapshots..]',
      'Audit estate snapshots (or collect and audit in one go) and report findings',
      auditOptions,
      async (args) => {
        exitCode = await runAuditCommand({
          snapshots: args.snapshots,
          format: args.format,
          output: args.output,
          failOn: args['fail-on'],
          ruleOptions: args['rule-option'],
          ...(args['max-warnings'] !== undefined ? { maxWarnings: args['max-warnings'] } : {}),
          ...(args.baseline !== undefined ? { baseline: args.baseline } : {}),
          failOnNew: args['fail-on-new'],
          // yargs turns --no-config into false on this string option.
          ...(args.config !== undefined ? { config: args.config as string | false | string[] } : {}),
          ...(args.jobs !== undefined ? { jobs: args.jobs } : {}),
          ...sourceArgs(args),
        });
      },
    )
    .command(
      'collect',
      'Collect an estate from its sources into a snapshot file',
      collectOptions,
      async (args) => {
        exitCode = await runCollectCommand({ ...sourceArgs(args), output: args.output });
      },
    )
    .command(
      'init',
      `Write a commented starting config (${CONFIG_FILE_NAME}) in this folder`,
      (y) =>
        y
          .option('output', { alias: 'o', type: 'string', describe: `Write it to this file instead of ./${CONFIG_FILE_NAME}` })
          .option('force', { type: 'boolean', default: false, describe: 'Replace an existing file' })
          .example('$0 init', `Start ${CONFIG_FILE_NAME}: every rule at its default, examples of scope and suppressions`),
      async (args) => {
        exitCode = await runInitCommand({ force: args.force, ...(args.output ? { output: args.output } : {}) });
      },
    )
    .command(
      'rules',
      'List the rules with their levels and data needs',
      (y) =>
        y
          .option('format', { alias: 'f', choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' })
          .example('$0 rules', 'Table of all rules')
          .example('$0 rules --format json', 'Rule metadata for scripts'),
      async (args) => {
        exitCode = await runRulesCommand({ format: args.format });
      },
    )
    .command(
      'explain <ruleId>',
      "Print a rule's documentation: what it checks, why, how to fix it",
      (y) =>
        y
          .positional('ruleId', { type: 'string', demandOption: true, describe: 'Rule id (RCA001) or name' })
          .example('$0 explain RCA001', 'Why databases should point at a CAS array'),
      async (args) => {
        exitCode = await runExplainCommand({ ruleId: args.ruleId });
      },
    )
    .command(
      'validate <snapshot>',
      'Check a snapshot against the schema and its references',
      (y) =>
        y
          .positional('snapshot', { type: 'string', demandOption: true, describe: 'Snapshot JSON file' })
          .example('$0 validate snapshot.json', 'Schema plus reference integrity'),
      async (args) => {
        exitCode = await runValidateCommand({ snapshot: args.snapshot });
      },
    )
    .command(
      'diff <old> <new>',
      'Show what changed in the estate between two snapshots (exit 1 when something did)',
      (y) =>
        y
          .positional('old', { type: 'string', demandOption: true, describe: 'The earlier snapshot JSON file' })
          .positional('new', { type: 'string', demandOption: true, describe: 'The later snapshot JSON file' })
          .option('format', { alias: 'f', choices: DIFF_FORMATS, default: 'text' as const, describe: 'Output format' })
          .option('output', { alias: 'o', type: 'string', describe: 'Write the diff to this file (atomically) instead of stdout' })
          .example('$0 diff last-week.json today.json', 'Objects added, removed and changed since last week')
          .example('$0 diff old.json new.json --format json -o drift.json', 'The same as JSON, for scripts'),
      async (args) => {
        exitCode = await runDiffCommand({ old: args.old, new: args.new, format: args.format, output: args.output });
      },
    )
    .demandCommand(1, 'name a command: audit, collect, diff, init, rules, explain or validate')
    .strict()
    .version(toolVersion)
    .alias('version', 'V')
    .help()
    .alias('help', 'h')
    .epilog(EPILOG)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    });

  skipHelpRendering(parser);
  try {
    await parser.parseAsync();
    return exitCode;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`casaudit: ${oneLine(err.message)} (see casaudit --help)\n`);
    } else if (err instanceof UserError) {
      process.stderr.write(`casaudit: ${oneLine(err.message)}\n`);
    } else {
      // An unexpected failure is still one line for the user; the stack goes only to debug output.
      process.stderr.write(`casaudit: internal error: ${oneLine(String((err as Error)?.message ?? err))}\n`);
      if (process.env.CASAUDIT_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    }
    return EXIT_ERROR;
  }
}
