/** Runs the built `casaudit` binary as a user would, capturing output and exit code. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const BIN = resolve('bin/casaudit.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function casaudit(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  if (!existsSync(resolve('dist/src/cli/main.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does it)');
  const env = { ...process.env, ...options.env };
  delete env.FORCE_COLOR;
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? process.cwd(), env, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
