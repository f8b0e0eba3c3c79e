import type { ArgumentsCamelCase, Argv } from 'yargs';

/** One casaudit command as main wires it: its yargs definition, and what runs it. */
export interface Command<A = object> {
  /** The command and its positionals, as yargs reads them: 'explain <ruleId>'. */
  usage: string;
  /** Its line in `casaudit --help`. */
  describe: string;
  /** Its options and examples. */
  options: (yargs: Argv) => Argv<A>;
  /** Runs it on the parsed arguments; resolves to the exit code. */
  run(args: ArgumentsCamelCase<A>): Promise<number>;
}

/** A command whose `run` takes what its `options` declare. */
export function command<A>(definition: Command<A>): Command<A> {
  return definition;
}
