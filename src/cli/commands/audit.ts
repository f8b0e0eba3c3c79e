import type { Argv } from 'yargs';
// The collectors (ldapts, dns-packet, csv-parse, sax) load only when a command collects:
// an audit of a snapshot starts about 0.15 s sooner without them.
import type { CollectOptions } from '../../collect/collect.js';
import type { DnsServer, ResolverOptions } from '../../collect/dns/resolver.js';
import { DEFAULT_PAGE_SIZE } from '../../collect/ldap/page-size.js';
import { readPassword } from '../../collect/ldap/password.js';
import { findConfigFile, loadConfigFile, withRuleOptions, type LoadedConfig } from '../../config/load.js';
import { CONFIG_FILE_NAME } from '../../config/names.js';
import { summarize } from '../../engine/audit.js';
import { loadRules } from '../../engine/discover.js';
import { parseRuleOptionAssignments } from '../../engine/options.js';
import type { RuleMeta } from '../../engine/rule.js';
import { readBaseline } from '../../report/baseline.js';
import { plural } from '../../report/common.js';
import type { AuditedInput } from '../../report/input.js';
import { SINGLE_RUN_AUTOMATION_ID } from '../../report/sarif.js';
import { colourFor } from '../../report/style.js';
import { loadSnapshotFile } from '../../snapshot/load.js';
import type { Snapshot } from '../../snapshot/model.js';
import { combineOutcomes } from '../batch.js';
import { auditEstates, baselineRunOrWarn } from '../batch-audit.js';
import { automationIdOf, estateIdOf, expandEstates } from '../estate-names.js';
import { FAIL_ON, FORMATS, auditEstate, renderReport, type EstateJob, type FailOn, type Format, type Gate } from '../estate-audit.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import { writeOutput } from '../output.js';
import { snapshotFiles } from '../snapshot-files.js';
import { UsageError } from '../usage-error.js';

/** The source flags shared by `collect` and `audit`. */
export function sourceOptions(yargs: Argv) {
  return yargs
    .option('ldif', { type: 'string', array: true, default: [] as string[], describe: 'ldifde export of the configuration naming context (repeatable)' })
    .option('zone', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe: 'DNS zone file from dnscmd /ZoneExport or Export-DnsServerZone, as FILE or ZONE=FILE (repeatable)',
    })
    .option('hosts', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe: 'Folder of host exports, one sub-folder per server (scripts/Export-CasAuditHostData.ps1) (repeatable)',
    })
    .option('dns-server', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe: "DNS server to ask, HOST[:PORT] (repeatable); 'system' for the resolvers in /etc/resolv.conf",
    })
    .option('dns', {
      type: 'boolean',
      default: true,
      describe: 'With --ldap-url and no --zone or --dns-server, ask the system resolvers (/etc/resolv.conf); --no-dns skips DNS',
    })
    .option('external-zone', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe: 'Zone file of the public DNS, as FILE or ZONE=FILE (repeatable), for ARR007 instead of --external-dns-server',
    })
    .option('external-dns-server', { type: 'string', array: true, default: [] as string[], describe: 'Resolver outside the network, HOST[:PORT], for ARR007' })
    .option('dns-axfr', { type: 'string', array: true, default: [] as string[], describe: 'Transfer this zone (AXFR) from the first --dns-server and answer from it (repeatable)' })
    .option('dns-timeout', { type: 'number', default: 2, describe: 'Seconds to wait for each DNS answer' })
    .option('dns-retries', { type: 'number', default: 1, describe: 'Further tries of a DNS query after a time-out' })
    .option('dns-concurrency', { type: 'number', default: 16, describe: 'DNS names resolved at the same time' })
    .option('ldap-url', { type: 'string', describe: 'Domain controller to read: ldaps://dc01.contoso.local (or ldap:// with --starttls)' })
    .option('bind-dn', { type: 'string', describe: 'Bind as this DN or UPN (auditor@contoso.local); anonymous when absent' })
    .option('password-env', { type: 'string', describe: 'Read the bind password from this environment variable' })
    .option('password-file', { type: 'string', describe: 'Read the bind password from this file (else a prompt without echo)' })
    .option('ca-file', { type: 'string', describe: 'PEM file of the CA that issued the domain controller certificate' })
    .option('starttls', { type: 'boolean', default: false, describe: 'Upgrade an ldap:// connection with StartTLS' })
    .option('base-dn', { type: 'string', describe: 'Configuration naming context to read (default: from the RootDSE)' })
    .option('timeout', { type: 'number', default: 30, describe: 'Seconds to wait for the server' })
    .option('page-size', { type: 'number', default: DEFAULT_PAGE_SIZE, describe: 'Entries per LDAP page (1-1000; AD caps pages at 1000)' })
    .option('insecure-plaintext-ldap', { type: 'boolean', default: false, describe: 'INSECURE: allow ldap:// without StartTLS (password sent in clear)' })
    .option('insecure-skip-tls-verify', { type: 'boolean', default: false, describe: 'INSECURE: accept any TLS certificate' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No progress messages on stderr' });
}

export interface SourceArgs {
  ldif: string[];
  zone: string[];
  externalZone: string[];
  hosts: string[];
  /** false with --no-dns: no default DNS for live collection. */
  dns: boolean;
  dnsServer: string[];
  externalDnsServer: string[];
  dnsAxfr: string[];
  dnsTimeout: number;
  dnsRetries: number;
  dnsConcurrency: number;
  ldapUrl?: string;
  bindDn?: string;
  passwordEnv?: string;
  passwordFile?: string;
  caFile?: string;
  starttls: boolean;
  baseDn?: string;
  timeout: number;
  pageSize: number;
  insecurePlaintextLdap: boolean;
  insecureSkipTlsVerify: boolean;
  quiet: boolean;
}

/** `contoso.local=file.dns` names the zone; a bare path leaves it to the file. */
export function parseZoneArgument(value: string): { file: string; origin?: string } {
  const eq = value.indexOf('=');
  const zone = eq > 0 ? value.slice(0, eq) : '';
  if (zone && /^[A-Za-z0-9.-]+$/.test(zone) && value.length > eq + 1) return { origin: zone.replace(/\.$/, '').toLowerCase(), file: value.slice(eq + 1) };
  return { file: value };
}

/** The collect options the source flags describe; reads the password, warns about insecure flags. */
export async function collectOptionsFrom(args: SourceArgs): Promise<CollectOptions> {
  const { parseDnsServer, systemDnsServers } = await import('../../collect/dns/resolver.js');
  const options: CollectOptions = { ldif: args.ldif, warn: (message) => process.stderr.write(`casaudit: warning: ${message}\n`) };
  const directory = args.ldif.length > 0 || Boolean(args.ldapUrl);
  if (args.hosts.length > 0) {
    if (!directory) throw new UsageError('--hosts needs a directory source (--ldif or --ldap-url): the directory says which folder is which server');
    options.hosts = args.hosts;
  }
  if (args.zone.length > 0) {
    if (!directory) throw new UsageError('--zone needs a directory source (--ldif or --ldap-url): the directory says which names to look up');
    options.zones = args.zone.map(parseZoneArgument);
  }
  if (args.externalZone.length > 0) {
    if (!directory) throw new UsageError('--external-zone needs a directory source (--ldif or --ldap-url): the directory says which names to look up');
    if (args.externalDnsServer.length > 0) throw new UsageError('give --external-zone or --external-dns-server for the public DNS, not both');
    options.externalZones = args.externalZone.map(parseZoneArgument);
  }
  if (!args.dns && (args.zone.length > 0 || args.dnsServer.length > 0)) throw new UsageError('--no-dns contradicts --zone and --dns-server');
  // A live audit asks live DNS, as Outlook would; an offline (LDIF) one never asks the runner's resolvers.
  const dnsServers = args.ldapUrl && args.dns && args.zone.length === 0 && args.dnsServer.length === 0 ? ['system'] : args.dnsServer;
  if (dnsServers.length > 0 || args.externalDnsServer.length > 0) {
    if (!directory) throw new UsageError('--dns-server needs a directory source (--ldif or --ldap-url): the directory says which names to look up');
    if (args.zone.length > 0 && dnsServers.length > 0) throw new UsageError('give --zone or --dns-server for the internal DNS, not both');
    if (!(args.dnsTimeout > 0) || !Number.isInteger(args.dnsRetries) || args.dnsRetries < 0 || !Number.isInteger(args.dnsConcurrency) || args.dnsConcurrency < 1) {
      throw new UsageError('--dns-timeout must be above 0, --dns-retries a whole number from 0, --dns-concurrency a whole number from 1');
    }
    const resolver = (servers: DnsServer[]): ResolverOptions => ({
      servers,
      timeoutMs: args.dnsTimeout * 1000,
      retries: args.dnsRetries,
      concurrency: args.dnsConcurrency,
    });
    const internal = dnsServers.flatMap((s) => (s.trim().toLowerCase() === 'system' ? systemDnsServers() : [parseDnsServer(s)]));
    options.dns = {
      internal: internal.length > 0 ? resolver(internal) : null,
      external: args.externalDnsServer.length > 0 ? resolver(args.externalDnsServer.map(parseDnsServer)) : null,
      axfr: args.dnsAxfr,
    };
  }
  if (args.dnsAxfr.length > 0 && dnsServers.length === 0) throw new UsageError('--dns-axfr needs a --dns-server to transfer the zone from');
  if (!args.ldapUrl) {
    if (args.bindDn || args.passwordEnv || args.passwordFile || args.caFile || args.starttls || args.baseDn) {
      throw new UsageError('the LDAP flags (--bind-dn, --password-*, --ca-file, --starttls, --base-dn) need --ldap-url');
    }
    return options;
  }
  if (!Number.isInteger(args.pageSize) || args.pageSize < 1 || args.pageSize > 1000) throw new UsageError('--page-size must be a whole number from 1 to 1000');
  if (!(args.timeout > 0)) throw new UsageError('--timeout must be a number of seconds above 0');
  if (args.insecurePlaintextLdap) process.stderr.write('casaudit: WARNING: --insecure-plaintext-ldap: the password and directory data cross the network unencrypted\n');
  if (args.insecureSkipTlsVerify) process.stderr.write('casaudit: WARNING: --insecure-skip-tls-verify: the server certificate is not checked; anyone in the path can impersonate it\n');
  const showProgress = !args.quiet && Boolean(process.stderr.isTTY);
  options.ldap = {
    url: args.ldapUrl,
    ...(args.bindDn ? { bindDn: args.bindDn, password: await readPassword({ env: args.passwordEnv, file: args.passwordFile }) } : {}),
    ...(args.caFile ? { caFile: args.caFile } : {}),
    ...(args.baseDn ? { baseDn: args.baseDn } : {}),
    startTls: args.starttls,
    insecurePlaintext: args.insecurePlaintextLdap,
    insecureSkipVerify: args.insecureSkipTlsVerify,
    timeoutMs: args.timeout * 1000,
    pageSize: args.pageSize,
    ...(showProgress ? { progress: (message: string) => process.stderr.write(`casaudit: ${message}\n`) } : {}),
  };
  return options;
}

/** Every file and folder the source flags read: the output must never replace one of them. */
export function sourceInputs(args: SourceArgs): string[] {
  return [
    ...args.ldif,
    ...args.zone.map((z) => parseZoneArgument(z).file),
    ...args.externalZone.map((z) => parseZoneArgument(z).file),
    ...args.hosts,
    ...(args.passwordFile ? [args.passwordFile] : []),
    ...(args.caFile ? [args.caFile] : []),
  ];
}

export function hasSources(args: SourceArgs): boolean {
  return args.ldif.length > 0 || args.zone.length > 0 || args.externalZone.length > 0 || args.dnsServer.length > 0 || args.hosts.length > 0 || Boolean(args.ldapUrl);
}

export function auditOptions(yargs: Argv) {
  return sourceOptions(yargs)
    .positional('snapshots', { type: 'string', array: true, default: [] as string[], describe: 'Snapshot JSON files or folders of them to audit' })
    .option('format', { alias: 'f', choices: FORMATS, default: 'text' as Format, describe: 'Report format' })
    .option('output', { alias: 'o', type: 'string', describe: 'Write the report to this file (atomically) instead of stdout' })
    .option('fail-on', { choices: FAIL_ON, default: 'error' as FailOn, describe: 'Exit 1 when a finding is at or above this level' })
    .option('max-warnings', { type: 'number', describe: 'Exit 1 when more than this many warnings are found' })
    .option('baseline', { type: 'string', describe: 'A previous SARIF report: mark findings new, unchanged, updated or absent' })
    .option('fail-on-new', { type: 'boolean', default: false, describe: 'With --baseline: judge only findings that are new against it' })
    .option('config', {
      type: 'string',
      describe: `Config file (default: the nearest ${CONFIG_FILE_NAME} in this folder or above); --no-config to use none`,
    })
    .option('rule-option', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe: 'Set a rule option, RULE_ID.name=value (repeatable; wins over the config file)',
    })
    .option('jobs', { type: 'number', describe: 'Batch audits: estates audited at once in worker threads (default: by size and CPUs; 1 for none)' })
    .example('$0 audit fixtures/demo/snapshot.json', 'Audit the demo estate, text report')
    .example('$0 audit --ldif config.ldf', 'Collect from an ldifde export and audit it in one go')
    .example('$0 audit snapshot.json -f sarif -o casaudit.sarif', 'SARIF for code scanning')
    .example('$0 audit snapshot.json -f html -o casaudit.html', 'One self-contained page with a diagram per site')
    .example('$0 audit snapshot.json --fail-on warning', 'Fail a CI gate on warnings too')
    .example('$0 audit snapshot.json -f sarif --baseline last.sarif --fail-on-new', 'Fail only on findings that are new since last.sarif')
    .example('$0 audit customers/ -f sarif -o all.sarif', 'Batch: every snapshot in a folder, one SARIF run each')
    .example('$0 audit snapshot.json --rule-option DNS004.maxArrayTtl=600', 'Allow array records up to 10 minutes');
}

interface AuditArgs extends SourceArgs {
  snapshots: string[];
  format: Format;
  output?: string;
  failOn: FailOn;
  ruleOptions: string[];
  maxWarnings?: number;
  baseline?: string;
  failOnNew: boolean;
  /** A file, false for --no-config, undefined to search (an array when given twice, refused). */
  config?: string | false | string[];
  jobs?: number;
}

/** The config file in force: --config, else the nearest one found; none with --no-config. */
async function configFor(args: AuditArgs, rules: readonly RuleMeta[]): Promise<LoadedConfig | undefined> {
  if (args.config === false) return undefined;
  if (Array.isArray(args.config)) throw new UsageError('give --config once');
  if (args.config !== undefined && args.config.trim() === '') throw new UsageError('--config needs a file name');
  const file = args.config ?? findConfigFile();
  return file ? loadConfigFile(file, rules) : undefined;
}

export async function runAuditCommand(args: AuditArgs): Promise<number> {
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
  const settings = withRuleOptions(config?.settings ?? {}, parseRuleOptionAssignments(args.ruleOptions, rules));
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
    await writeOutput(combineOutcomes(estates, outcomes, job), {
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
  // A single estate is the baseline's single-audit run, or its batch run of the same name.
  const ids = [SINGLE_RUN_AUTOMATION_ID, ...(single ? [automationIdOf(estateIdOf(single))] : [])];
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
