/**
 * The `casaudit` command line: parses arguments with yargs, runs one command,
 * and turns every failure into a one-line message and exit code 2. Each
 * command's options, examples and runner are in its module under commands/.
 */
import yargs from 'yargs';
import { UserError, oneLine } from '../util/errors.js';
import { toolVersion } from '../util/paths.js';
import type { Command } from './command.js';
import { auditCommand } from './commands/audit.js';
import { collectCommand } from './commands/collect.js';
import { diffCommand } from './commands/diff.js';
import { explainCommand } from './commands/explain.js';
import { initCommand } from './commands/init.js';
import { rulesCommand } from './commands/rules.js';
import { validateCommand } from './commands/validate.js';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK } from './exit-codes.js';
import { stderrLine } from './stderr.js';
import { UsageError } from './usage-error.js';

/** In the order `casaudit --help` lists them. */
const COMMANDS: readonly Command[] = [auditCommand, collectCommand, initCommand, rulesCommand, explainCommand, validateCommand, diffCommand];

/** A command's name: the first word of its usage ('diff <old> <new>': diff). */
function nameOf(command: Command): string {
  return command.usage.split(' ')[0]!;
}

/**
 * The error for a missing command names every command: in --help's order,
 * except that diff comes right after collect, where the message has always
 * named it (--help lists diff last).
 */
function missingCommandMessage(): string {
  const others = COMMANDS.filter((c) => c !== diffCommand);
  const afterCollect = others.indexOf(collectCommand) + 1;
  const names = [...others.slice(0, afterCollect), diffCommand, ...others.slice(afterCollect)].map(nameOf);
  return `name a command: ${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

const EPILOG =
  `Exit codes: ${EXIT_OK} nothing at or above the threshold, ${EXIT_FINDINGS} findings at or above it (validate: reference problems), ` +
  `${EXIT_ERROR} usage, input or collection error.`;

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
    .usage('$0 <command> [options]\n\nAudits Exchange 2010 CAS arrays and the Outlook RPC Client Access path.');
  for (const { usage, describe, options, run } of COMMANDS) {
    parser.command(usage, describe, options, async (args) => {
      exitCode = await run(args);
    });
  }
  parser
    .demandCommand(1, missingCommandMessage())
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
    stderrLine(failureLine(err));
    if (!(err instanceof UserError) && process.env.CASAUDIT_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    return EXIT_ERROR;
  }
}

/** What the user reads when a command fails; an unexpected failure's stack goes only to debug output. */
function failureLine(err: unknown): string {
  if (err instanceof UsageError) return `${oneLine(err.message)} (see casaudit --help)`;
  if (err instanceof UserError) return oneLine(err.message);
  return `internal error: ${oneLine(String((err as Error)?.message ?? err))}`;
}
