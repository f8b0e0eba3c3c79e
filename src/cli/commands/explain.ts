import type { Argv } from 'yargs';
import { UserError } from '../../util/errors.js';
import { loadRules, ruleDoc } from '../../engine/discover.js';
import { command } from '../command.js';

function explainOptions(yargs: Argv) {
  return yargs
    .positional('ruleId', { type: 'string', demandOption: true, describe: 'Rule id (RCA001) or name' })
    .example('$0 explain RCA001', 'Why databases should point at a CAS array');
}

export const explainCommand = command({
  usage: 'explain <ruleId>',
  describe: "Print a rule's documentation: what it checks, why, how to fix it",
  options: explainOptions,
  run: runExplainCommand,
});

async function runExplainCommand(args: { ruleId: string }): Promise<number> {
  const rules = await loadRules();
  const wanted = args.ruleId.trim().toUpperCase();
  const rule = rules.find((r) => r.meta.id === wanted || r.meta.name === args.ruleId.trim().toLowerCase());
  if (!rule) throw new UserError(`unknown rule '${args.ruleId}' (casaudit rules lists them)`);
  const doc = ruleDoc(rule.meta.id);
  if (doc === undefined) throw new UserError(`rule ${rule.meta.id} has no documentation yet (rules/${rule.meta.id}.md)`);
  process.stdout.write(doc);
  return 0;
}
