#!/usr/bin/env node
// Thin launcher: the CLI itself is compiled TypeScript under dist/ (built by `npm install` via "prepare").
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('casaudit: not built yet: run `npm run build` in the casaudit folder\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
