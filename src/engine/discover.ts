/**
 * Finds the rule modules in rules/: one module a rule, named by its id, each
 * with a Markdown doc of the same name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleDocsDir, ruleModuleExtension, ruleModulesDir } from '../util/paths.js';
import type { Rule } from './rule.js';

const RULE_FILE = /^([A-Z]{2,5}\d{3})\.(ts|js)$/;

let cached: Promise<Rule[]> | undefined;

/** All rule modules, sorted by id. Each is checked against its file name. */
export function loadRules(): Promise<Rule[]> {
  cached ??= importRules();
  return cached;
}

async function importRules(): Promise<Rule[]> {
  const files = readdirSync(ruleModulesDir).filter((f) => RULE_FILE.test(f) && f.endsWith(ruleModuleExtension));
  const rules = await Promise.all(
    files.map(async (file) => {
      const id = RULE_FILE.exec(file)![1]!;
      const module = (await import(pathToFileURL(join(ruleModulesDir, file)).href)) as { default?: Rule };
      const rule = module.default;
      if (!rule?.meta || typeof rule.check !== 'function') throw new Error(`rules/${file}: no default export made with defineRule`);
      if (rule.meta.id !== id) throw new Error(`rules/${file}: meta.id is ${rule.meta.id}, expected ${id}`);
      return rule;
    }),
  );
  return rules.sort((a, b) => a.meta.id.localeCompare(b.meta.id));
}

const ruleDocs = new Map<string, string | undefined>();

/**
 * A rule's Markdown doc (rules/ID.md), or undefined while it has not been
 * written yet. Read once per process, however many estates a batch reports.
 */
export function ruleDoc(ruleId: string): string | undefined {
  if (!ruleDocs.has(ruleId)) {
    try {
      ruleDocs.set(ruleId, readFileSync(join(ruleDocsDir, `${ruleId}.md`), 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      ruleDocs.set(ruleId, undefined);
    }
  }
  return ruleDocs.get(ruleId);
}
