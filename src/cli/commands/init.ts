import { existsSync } from 'node:fs';
import { loadRules } from '../../engine/discover.js';
import { CONFIG_FILE_NAME } from '../../config/names.js';
import { starterConfig } from '../../config/starter.js';
import { UserError } from '../../util/errors.js';
import { writeFileAtomically } from '../output.js';

/** `casaudit init`: a commented starting config; never replaces an existing file unless --force. */
export async function runInitCommand(args: { output?: string; force: boolean }): Promise<number> {
  const file = args.output ?? CONFIG_FILE_NAME;
  if (existsSync(file) && !args.force) throw new UserError(`${file}: already exists; edit it, or give --force to replace it with the starting config`);
  const rules = (await loadRules()).map((r) => r.meta);
  await writeFileAtomically(file, starterConfig(rules), [], 'config');
  process.stderr.write(`casaudit: wrote ${file}: every rule at its default, nothing changed until you uncomment a line\n`);
  return 0;
}
