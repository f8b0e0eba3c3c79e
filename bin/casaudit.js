#!/usr/bin/env node
// Thin launcher: the CLI itself is compiled TypeScript under dist/ (built by `npm install` via "prepare").
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('casaudit: not built yet: run `npm run build` in the casaudit folder\n');
  process.exit(2);
}
// A reader that stops early (`casaudit ... | head`) closes the pipe: stop quietly, as other
// command-line tools do, instead of dying with a stack trace.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
