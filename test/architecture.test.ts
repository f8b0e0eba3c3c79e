/**
 * The layers of casaudit, as its folders show them: each folder imports only
 * the layers below it, no module imports itself back round a cycle (type-only
 * imports count too), and no command imports another command.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** What each top-level folder may import, besides itself. `rules` is the rules/ folder at the top. */
const ALLOWED: Record<string, readonly string[]> = {
  util: [],
  snapshot: ['util'],
  exchange: ['snapshot', 'util'],
  collect: ['snapshot', 'exchange', 'util'],
  model: ['snapshot', 'exchange', 'util'],
  engine: ['model', 'snapshot', 'exchange', 'util'],
  rules: ['engine', 'model', 'snapshot', 'exchange', 'util'],
  config: ['engine', 'model', 'snapshot', 'util'],
  diff: ['model', 'snapshot', 'util'],
  report: ['diff', 'config', 'engine', 'model', 'snapshot', 'exchange', 'util'],
  cli: ['collect', 'report', 'diff', 'config', 'engine', 'model', 'snapshot', 'exchange', 'util'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s*'([^']+)'|\bimport\(\s*'([^']+)'\s*\)|(?:^|\n)\s*import\s*'([^']+)'/g;

/** Relative imports of each module, resolved to the source files they name. */
function importGraph(): Map<string, string[]> {
  const files = [...sourceFiles('src'), ...sourceFiles('rules')].map((f) => resolve(f));
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const targets: string[] = [];
    for (const match of text.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? match[3]!;
      if (!spec.startsWith('.')) continue;
      const base = resolve(dirname(file), spec);
      const target = [base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), base].find((c) => known.has(c));
      if (target) targets.push(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** src/engine/audit.ts -> engine; rules/RCA001.ts -> rules. */
function layerOf(file: string): string {
  const parts = relative(process.cwd(), file).split(/[\\/]/);
  if (parts[0] === 'rules') return 'rules';
  return parts.length > 2 ? parts[1]! : '(src root)';
}

const graph = importGraph();
const shown = (file: string) => relative(process.cwd(), file);

describe('architecture', () => {
  it('has every source file in a known layer', () => {
    const stray = [...graph.keys()].filter((f) => !(layerOf(f) in ALLOWED)).map(shown);
    assert.deepEqual(stray, []);
  });

  it('imports only downward', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const from = layerOf(file);
      for (const target of targets) {
        const to = layerOf(target);
        if (to !== from && !ALLOWED[from]?.includes(to)) wrong.push(`${shown(file)} -> ${shown(target)}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('has no import cycles, type-only imports included', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'open');
      stack.push(file);
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].map(shown).join(' -> '));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file);
    assert.deepEqual(cycles, []);
  });

  it('keeps commands apart: no command imports another', () => {
    const commands = resolve('src/cli/commands');
    const wrong = [...graph]
      .filter(([file]) => dirname(file) === commands)
      .flatMap(([file, targets]) => targets.filter((t) => dirname(t) === commands).map((t) => `${shown(file)} -> ${shown(t)}`));
    assert.deepEqual(wrong, []);
  });

  it('finds the imports it checks (the graph is not empty)', () => {
    const edges = [...graph.values()].reduce((sum, targets) => sum + targets.length, 0);
    assert.ok(graph.size > 100 && edges > 300, `${graph.size} modules, ${edges} imports`);
  });
});
