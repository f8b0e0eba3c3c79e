import type { Argv } from 'yargs';
import { runAudit, type AuditResult } from '../../engine/audit.js';
import { loadRules } from '../../engine/discover.js';
import { parseRuleOptionAssignments } from '../../engine/options.js';
import type { Level } from '../../engine/rule.js';
import { UsageError } from '../usage-error.js';
import { loadSnapshotFile } from '../../snapshot/load.js';
import type { AuditedInput, ReportInput } from '../../report/input.js';
import { collectSnapshot } from '../../collect/collect.js';
import type { Snapshot } from '../../snapshot/model.js';
import { formatJson } from '../../report/json.js';
import { formatSarif } from '../../report/sarif.js';
import { colourFor } from '../../report/style.js';
import { formatText } from '../../report/text.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import { writeFileAtomically } from '../output.js';

export const FORMATS = ['text', 'sarif', 'json'] as const;
export type Format = (typeof FORMATS)[number];
export const FAIL_ON = ['error', 'warning', 'note', 'none'] as const;
export type FailOn = (typeof FAIL_ON)[number];

const RANK: Record<Level, number> = { error: 3, warning: 2, note: 1 };

/** Whether any finding is at or above the threshold. */
export function failsGate(result: AuditResult, failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  return result.findings.some((f) => RANK[f.level] >= RANK[failOn]);
}

/** The source flags shared by `collect` and `audit`; each collector issue adds its own. */
export function sourceOptions(yargs: Argv) {
  return yargs.option('ldif', {
    type: 'string',
    array: true,
    default: [] as string[],
    describe: 'ldifde export of the configuration naming context (repeatable)',
  });
}

export function auditOptions(yargs: Argv) {
  return sourceOptions(yargs)
    .positional('snapshot', { type: 'string', describe: 'Snapshot JSON file to audit' })
    .option('format', { alias: 'f', choices: FORMATS, default: 'text' as Format, describe: 'Report format' })
    .option('output', { alias: 'o', type: 'string', describe: 'Write the report to this file (atomically) instead of stdout' })
    .option('fail-on', { choices: FAIL_ON, default: 'error' as FailOn, describe: 'Exit 1 when a finding is at or above this level' })
    .option('rule-option', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe: 'Set a rule option, RULE_ID.name=value (repeatable)',
    })
    .example('$0 audit fixtures/demo/snapshot.json', 'Audit the demo estate, text report')
    .example('$0 audit --ldif config.ldf', 'Collect from an ldifde export and audit it in one go')
    .example('$0 audit snapshot.json -f sarif -o casaudit.sarif', 'SARIF for code scanning')
    .example('$0 audit snapshot.json --fail-on warning', 'Fail a CI gate on warnings too')
    .example('$0 audit snapshot.json --rule-option DNS004.maxArrayTtl=600', 'Allow array records up to 10 minutes');
}

interface AuditArgs {
  snapshot?: string;
  format: Format;
  output?: string;
  failOn: FailOn;
  ruleOptions: string[];
  ldif: string[];
}

function render(report: ReportInput, format: Format, toTerminal: boolean): string {
  switch (format) {
    case 'sarif':
      return formatSarif(report);
    case 'json':
      return formatJson(report);
    case 'text':
      return formatText(report, { colour: toTerminal && colourFor(process.stdout) });
  }
}

export async function runAuditCommand(args: AuditArgs): Promise<number> {
  const collecting = args.ldif.length > 0;
  if (args.snapshot && collecting) throw new UsageError('audit takes a snapshot file or source flags (--ldif), not both');
  if (!args.snapshot && !collecting) throw new UsageError('audit needs a snapshot file, or sources to collect from (--ldif)');
  const rules = await loadRules();
  const options = parseRuleOptionAssignments(args.ruleOptions, rules.map((r) => r.meta));
  let input: AuditedInput;
  let snapshot: Snapshot;
  if (args.snapshot) {
    const loaded = await loadSnapshotFile(args.snapshot);
    snapshot = loaded.snapshot;
    input = { file: loaded.file, lineOf: (dn) => loaded.lineOf(dn) };
  } else {
    snapshot = await collectSnapshot({ ldif: args.ldif });
    input = { file: null, lineOf: () => undefined, label: snapshot.collection.sources.map((s) => s.location).join(', ') };
  }
  const result = runAudit(snapshot, rules, { options });
  const report: ReportInput = { result, input };
  const content = render(report, args.format, !args.output);
  if (args.output) {
    await writeFileAtomically(args.output, content, [...(args.snapshot ? [args.snapshot] : []), ...args.ldif]);
    const counts = { error: 0, warning: 0, note: 0 };
    for (const f of result.findings) counts[f.level]++;
    process.stderr.write(`casaudit: wrote ${args.format} report to ${args.output} (${counts.error} errors, ${counts.warning} warnings, ${counts.note} notes)\n`);
  } else {
    process.stdout.write(content);
  }
  return failsGate(result, args.failOn) ? EXIT_FINDINGS : EXIT_OK;
}
