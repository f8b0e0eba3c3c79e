/**
 * Microsoft's SARIF validator (@microsoft/sarif-multitool, a self-contained
 * .NET program for Linux x64 shipped on npm) run on report files with the
 * SARIF rule set and GitHub's (Ghas). It exits 0 whatever it finds, so the
 * verdict comes from its own SARIF output.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { tempDir } from './tmp.js';
import { withoutBom } from '../../src/util/bom.js';

export interface ValidatorFinding {
  file: string;
  ruleId: string;
  level: 'error' | 'warning' | 'note';
  /** The message with its arguments filled in; the first argument is the JSON path. */
  text: string;
}

const binary = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
const OFFLINE_SETTINGS = resolve('test/fixtures/sarif-multitool/offline.xml');

interface ValidatorLog {
  runs: {
    tool: { driver: { rules: { messageStrings: Record<string, { text: string }> }[] } };
    results: { ruleId: string; ruleIndex: number; level?: 'error' | 'note'; message: { id: string; arguments: string[] }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
  }[];
}

/** Validates the files in one run of the validator; every finding of every level. */
export function validateWithMultitool(files: readonly string[]): ValidatorFinding[] {
  const output = join(tempDir('casaudit-multitool-'), 'validation.sarif');
  execFileSync(
    binary,
    ['validate', ...files, '--rule-kind', 'Sarif;Ghas', '--level', 'Error;Warning;Note', '--config', OFFLINE_SETTINGS, '--output', output, '--log', 'ForceOverwrite', '--quiet', 'true'],
    // Without libicu .NET stops; invariant globalisation needs none and changes nothing here.
    { env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 },
  );
  const log = JSON.parse(withoutBom(readFileSync(output, 'utf8'))) as ValidatorLog;
  const run = log.runs[0]!;
  return run.results.map((result) => {
    const template = run.tool.driver.rules[result.ruleIndex]?.messageStrings[result.message.id]?.text ?? result.message.id;
    const text = result.message.arguments.reduce((t, arg, i) => t.replaceAll(`{${i}}`, arg), template);
    const uri = result.locations[0]?.physicalLocation.artifactLocation.uri ?? '';
    // The validator leaves out `level` for warnings.
    return { file: basename(decodeURIComponent(uri)), ruleId: result.ruleId, level: result.level ?? 'warning', text };
  });
}
