import { existsSync } from 'node:fs';
import type { Argv } from 'yargs';
import { loadRules } from '../../engine/discover.js';
import { CONFIG_FILE_NAME } from '../../config/names.js';
import { starterConfig } from '../../config/starter.js';
import { UserError } from '../../util/errors.js';
import { command } from '../command.js';
import { writeFileAtomically } from '../output.js';

function initOptions(yargs: Argv) {
  return yargs
    .option('output', { alias: 'o', type: 'string', describe: `Write it to this file instead of ./${CONFIG_FILE_NAME}` })
    .option('force', { type: 'boolean', default: false, describe: 'Replace an existing file' })
    .example('$0 init', `Start ${CONFIG_FILE_NAME}: every rule at its default, examples of scope and suppressions`);
}

export const initCommand = command({
  usage: 'init',
  describe: `Write a commented starting config (${CONFIG_FILE_NAME}) in this folder`,
  options: initOptions,
  run: runInitCommand,
});

/** `casaudit init`: a commented starting config; never replaces an existing file unless --force. */
async function runInitCommand(args: { output?: string; force: boolean }): Promise<number> {
  // -o '' names no file: the default, as when -o is absent.
  const file = args.output || CONFIG_FILE_NAME;
  if (existsSync(file) && !args.force) throw new UserError(`${file}: already exists; edit it, or give --force to replace it with the starting config`);
  const rules = (await loadRules()).map((r) => r.meta);
  await writeFileAtomically(file, starterConfig(rules), [], 'config');
  process.stderr.write(`casaudit: wrote ${file}: every rule at its default, nothing changed until you uncomment a line\n`);
  return 0;
}
