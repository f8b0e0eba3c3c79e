import { UserError } from '../../errors.js';
import { loadRules, ruleDoc } from '../../engine/discover.js';

export async function runExplainCommand(args: { ruleId: string }): Promise<number> {
  const rules = await loadRules();
  const wanted = args.ruleId.trim().toUpperCase();
  const rule = rules.find((r) => r.meta.id === wanted || r.meta.name === args.ruleId.trim().toLowerCase());
  if (!rule) throw new UserError(`unknown rule '${args.ruleId}' (casaudit rules lists them)`);
  process.stdout.write(ruleDoc(rule.meta.id));
  return 0;
}
