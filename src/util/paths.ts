/** Where casaudit's own files are, whether it runs from dist/ or from source under tsx. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'rules'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('casaudit: cannot find its package root');
    dir = parent;
  }
}

export const packageRoot = findPackageRoot();

/** Rule docs (Markdown) live beside the rule sources in rules/. */
export const ruleDocsDir = join(packageRoot, 'rules');

/** Compiled rule modules sit in dist/rules; under tsx the sources in rules/ are imported directly. */
export const ruleModulesDir = fileURLToPath(new URL('../../rules/', import.meta.url));
export const ruleModuleExtension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

export const toolVersion: string = (
  JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }
).version;

export const toolName = 'casaudit';
export const informationUri = 'https://github.com/casaudit/casaudit';

/** Where a rule's doc can be read online (the repository copy of rules/ID.md). */
export function ruleHelpUri(ruleId: string): string {
  return `${informationUri}/blob/main/rules/${ruleId}.md`;
}
