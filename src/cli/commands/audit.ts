/**
 * `casaudit audit`: audits estate snapshots, or collects one from the source
 * flags and audits it. Several snapshots, or a folder of them, are a batch.
 */
import type { Argv } from 'yargs';
import { findConfigFile, loadConfigFile, withRuleOptions, type LoadedConfig } from '../../config/load.js';
import { CONFIG_FILE_NAME } from '../../config/names.js';
import { summarize } from '../../engine/audit.js';
import { loadRules } from '../../engine/discover.js';
import { parseRuleOptionAssignments } from '../../engine/options.js';
import type { RuleMeta } from '../../engine/rule.js';
import { readBaseline, runIdsFor } from '../../report/baseline.js';
import { plural } from '../../report/common.js';
import { FORMATS, reportFormat, type Format } from '../../report/formats.js';
import type { AuditedInput } from '../../report/input.js';
import { colourFor } from '../../report/style.js';
import { loadSnapshotFile } from '../../snapshot/load.js';
import type { Snapshot } from '../../snapshot/model.js';
import { auditEstates, baselineRunOrWarn } from '../batch-audit.js';
import { command } from '../command.js';
import { estateIdOf, expandEstates } from '../estate-names.js';
import { FAIL_ON, auditEstate, renderReport, type EstateJob, type FailOn, type Gate } from '../estate-audit.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import { GENERAL_FLAGS, GROUP, inGroups, type FlagDeclarations, type FlagValues, type GeneralArgs } from '../flags.js';
import { writeOutput } from '../output.js';
import { snapshotFiles } from '../snapshot-files.js';
import { SOURCE_FLAGS, type SourceArgs } from '../source-flags.js';
import { collectOptionsFrom, hasSources, sourceInputs } from '../sources.js';
import { UsageError } from '../usage-error.js';

/** audit's own flags, besides the source and general flags and --format. */
const AUDIT_FLAGS = {
  output: { group: GROUP.report, alias: 'o', type: 'string', describe: 'Write the report to this file (atomically) instead of stdout' },
  'fail-on': { group: GROUP.gate, choices: FAIL_ON, default: 'error' as FailOn, describe: 'Exit 1 when a finding is at or above this level' },
  'max-warnings': { group: GROUP.gate, type: 'number', describe: 'Exit 1 when more than this many warnings are found' },
  baseline: { group: GROUP.gate, type: 'string', describe: 'A previous SARIF report: mark findings new, unchanged, updated or absent' },
  'fail-on-new': { group: GROUP.gate, type: 'boolean', default: false, describe: 'With --baseline: judge only findings that are new against it' },
  config: {
    group: GROUP.config,
    type: 'string',
    describe: `Config file (default: the nearest ${CONFIG_FILE_NAME} in this folder or above); --no-config to use none`,
  },
  'rule-option': {
    group: GROUP.config,
    type: 'string',
    array: true,
    default: [] as string[],
    describe: 'Set a rule option, RULE_ID.name=value (repeatable; wins over the config file)',
  },
  jobs: { group: GROUP.general, type: 'number', describe: 'Batch audits: estates audited at once in worker threads (default: by size and CPUs; 1 for none)' },
} as const satisfies FlagDeclarations;

function auditOptions(yargs: Argv) {
  const positionals = yargs.positional('snapshots', { type: 'string', array: true, default: [] as string[], describe: 'Snapshot JSON files or folders of them to audit' });
  return inGroups(positionals, (y) =>
    y
      .options(SOURCE_FLAGS)
      .options(GENERAL_FLAGS)
      .option('format', { alias: 'f', choices: FORMATS, default: 'text' as Format, describe: 'Report format' })
      .group('format', GROUP.report)
      .options(AUDIT_FLAGS),
  )
    .example('$0 audit fixtures/demo/snapshot.json', 'Audit the demo estate, text report')
    .example('$0 audit --ldif config.ldf', 'Collect from an ldifde export and audit it in one go')
    .example('$0 audit snapshot.json -f sarif -o casaudit.sarif', 'SARIF for code scanning')
    .example('$0 audit snapshot.json -f html -o casaudit.html', 'One self-contained page with a diagram per site')
    .example('$0 audit snapshot.json --fail-on warning', 'Fail a CI gate on warnings too')
    .example('$0 audit snapshot.json -f sarif --baseline last.sarif --fail-on-new', 'Fail only on findings that are new since last.sarif')
    .example('$0 audit customers/ -f sarif -o all.sarif', 'Batch: every snapshot in a folder, one SARIF run each')
    .example('$0 audit snapshot.json --rule-option DNS004.maxArrayTtl=600', 'Allow array records up to 10 minutes');
}

export const auditCommand = command({
  usage: 'audit [snapshots..]',
  describe: 'Audit estate snapshots (or collect and audit in one go) and report findings',
  options: auditOptions,
  run: runAuditCommand,
});

interface AuditArgs extends SourceArgs, GeneralArgs, Omit<FlagValues<typeof AUDIT_FLAGS>, 'config'> {
  snapshots: string[];
  format: Format;
  /**
   * A file, false for --no-config, undefined to search (an array when given twice, refused).
   * yargs types the option as a string, and turns --no-config into false all the same.
   */
  config?: string | false | string[];
}

/** The config file in force: --config, else the nearest one found; none with --no-config. */
async function configFor(args: AuditArgs, rules: readonly RuleMeta[]): Promise<LoadedConfig | undefined> {
  if (args.config === false) return undefined;
  if (Array.isArray(args.config)) throw new UsageError('give --config once');
  if (args.config !== undefined && args.config.trim() === '') throw new UsageError('--config needs a file name');
  const file = args.config ?? findConfigFile();
  return file ? loadConfigFile(file, rules) : undefined;
}

async function runAuditCommand(args: AuditArgs): Promise<number> {
  const collecting = hasSources(args);
  if (args.snapshots.length > 0 && collecting) throw new UsageError('audit takes snapshot files or source flags (--ldif, --ldap-url), not both');
  if (args.snapshots.length === 0 && !collecting) throw new UsageError('audit needs a snapshot file, or sources to collect from (--ldif, --ldap-url)');
  if (args.failOnNew && !args.baseline) throw new UsageError('--fail-on-new needs --baseline');
  if (args.maxWarnings !== undefined && !(Number.isInteger(args.maxWarnings) && args.maxWarnings >= 0)) {
    throw new UsageError('--max-warnings must be a whole number from 0');
  }
  if (args.jobs !== undefined && !(Number.isInteger(args.jobs) && args.jobs >= 1)) throw new UsageError('--jobs must be a whole number from 1');
  const rules = (await loadRules()).map((r) => r.meta);
  const config = await configFor(args, rules);
  const settings = withRuleOptions(config?.settings ?? {}, parseRuleOptionAssignments(args.ruleOption, rules));
  const baseline = args.baseline ? await readBaseline(args.baseline) : undefined;
  const gate: Gate = { failOn: args.failOn, onlyNew: args.failOnNew, ...(args.maxWarnings !== undefined ? { maxWarnings: args.maxWarnings } : {}) };
  const job: EstateJob = { format: args.format, colour: !args.output && colourFor(process.stdout), settings, gate, ...(config ? { config: config.file } : {}) };
  // The config counts as an input whether it was given or found: a report must never replace it.
  const inputs = [...args.snapshots, ...sourceInputs(args), ...(args.baseline ? [args.baseline] : []), ...(config ? [config.path] : [])];

  const { files, batch } = snapshotFiles(args.snapshots);
  if (batch) {
    const estates = expandEstates(files);
    const outcomes = await auditEstates(estates, job, args.jobs, baseline);
    const failed = outcomes.filter((o) => o.failed).length;
    // The format combines the estates' parts, in the order given.
    const combined = reportFormat(args.format).combine(estates.map(({ id }, i) => ({ id, ...outcomes[i]! })));
    await writeOutput(combined, {
      output: args.output,
      inputs,
      what: `${args.format} report`,
      detail: () => `${plural(estates.length, 'estate')}, ${failed} failed the gate`,
    });
    return failed > 0 ? EXIT_FINDINGS : EXIT_OK;
  }

  let input: AuditedInput;
  let snapshot: Snapshot;
  const single = files[0]?.file;
  if (single) {
    const loaded = await loadSnapshotFile(single);
    snapshot = loaded.snapshot;
    input = loaded;
  } else {
    const { collectSnapshot } = await import('../../collect/collect.js');
    snapshot = await collectSnapshot(await collectOptionsFrom(args));
    input = { file: null, lineOf: () => undefined, label: snapshot.collection.sources.map((s) => s.location).join(', ') };
  }
  const ids = runIdsFor({ ...(single ? { id: estateIdOf(single) } : {}), batch: false });
  const baselineRun = baseline ? baselineRunOrWarn(baseline, ids, single ?? 'collected') : undefined;
  const { report, failed } = await auditEstate(snapshot, input, { ...job, ...(baselineRun ? { baseline: baselineRun } : {}) });
  await writeOutput(renderReport(report, job), {
    output: args.output,
    inputs,
    what: `${args.format} report`,
    detail: () => {
      const s = summarize(report.result);
      return `${s.error} errors, ${s.warning} warnings, ${s.note} notes${s.suppressed ? `, ${s.suppressed} suppressed` : ''}`;
    },
  });
  return failed ? EXIT_FINDINGS : EXIT_OK;
}
