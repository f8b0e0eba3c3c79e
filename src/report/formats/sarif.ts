/**
 * SARIF 2.1.0 report. Findings are about directory objects, so every result
 * carries the object's DN as a logical location and, when the data came from
 * a file, that file and line as a physical location (GitHub code scanning
 * needs one). Output is deterministic: no timestamps, result order as audited.
 * A batch is one log with a run per estate, each with its own category.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as sarif from 'sarif';
import { notEvaluatedByReason, type Finding, type RuleOutcome } from '../../engine/audit.js';
import type { ObjectRef } from '../../model/object-ref.js';
import { informationUri, ruleHelpUri, toolName, toolVersion } from '../../util/paths.js';
import { relativeReportPath } from '../../util/report-path.js';
import { ruleDoc } from '../../engine/discover.js';
import { clip, firstListed, nounFor, plural } from '../common.js';
import { staleSuppressionText } from '../places.js';
import type { Suppression, SuppressionOutcome } from '../../engine/suppressions.js';
import { SINGLE_RUN_AUTOMATION_ID, automationIdOf } from '../automation-id.js';
import { FINGERPRINT_KEY, findingFingerprint } from '../fingerprint.js';
import type { AuditedInput, ReportInput } from '../input.js';
import type { ReportFormat } from '../report-format.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';
/** GitHub rejects rule descriptions longer than this. */
const MAX_DESCRIPTION = 1024;

export const sarifFormat: ReportFormat<sarif.Run> = {
  render: formatSarif,
  part: (report, place) => toSarifRun(report, automationIdOf(place.id)),
  combine: (estates) => formatSarifLog(sarifLog(estates.map((e) => e.part))),
};

export function formatSarif(report: ReportInput): string {
  return formatSarifLog(toSarif(report));
}

function formatSarifLog(log: sarif.Log): string {
  return JSON.stringify(log, null, 2) + '\n';
}

export function toSarif(report: ReportInput): sarif.Log {
  return sarifLog([toSarifRun(report)]);
}

/** A log of runs, e.g. one run per estate of a batch audit. */
function sarifLog(runs: sarif.Run[]): sarif.Log {
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs };
}


/** One estate's run; `automationId` tells the runs of one log apart (code scanning's category). */
function toSarifRun(report: ReportInput, automationId: string = SINGLE_RUN_AUTOMATION_ID): sarif.Run {
  const { result, input } = report;
  const rules = result.outcomes.map((outcome) => ruleDescriptor(outcome));
  const ruleIndex = new Map(result.outcomes.map((outcome, i) => [outcome.rule.id, i]));
  const results = result.findings.map((finding) => {
    const sarifResult = toResult(finding, ruleIndex.get(finding.ruleId), input);
    const state = report.baseline?.states.get(finding);
    if (state) sarifResult.baselineState = state;
    if (finding.suppression) sarifResult.suppressions = [suppressionOf(finding.suppression)];
    if (finding.expiredSuppression) {
      const { justification, expires } = finding.expiredSuppression;
      sarifResult.properties = { ...sarifResult.properties, expiredSuppression: { justification, expires } };
    }
    return sarifResult;
  });
  // Gone since the baseline: kept as passes (level none), so viewers can show what was fixed.
  for (const gone of report.baseline?.absent ?? []) {
    const { ruleIndex: _unused, ...rest } = gone;
    const index = ruleIndex.get(gone.ruleId ?? '');
    results.push({ ...rest, ...(index === undefined ? {} : { ruleIndex: index }), kind: 'pass', level: 'none', baselineState: 'absent' });
  }
  const notifications = [
    ...result.outcomes.flatMap((outcome, i) => notificationsFor(outcome, i)),
    ...unmatchedFolderNotifications(result.snapshot.hosts.unmatchedFolders),
    ...suppressionNotifications(result.suppressions),
    ...(result.outOfScope.length > 0
      ? [{ level: 'note' as const, message: { text: `${plural(result.outOfScope.length, 'finding')} left out: their object or site is out of the configured scope.` } }]
      : []),
    ...result.rulesOff.map((rule): sarif.Notification => ({
      level: 'note',
      message: { text: `${rule.id} was not run: it is off in ${report.config ?? 'the configuration'}.` },
      associatedRule: { id: rule.id },
    })),
  ];

  const invocation: sarif.Invocation = { executionSuccessful: true };
  if (notifications.length > 0) invocation.toolExecutionNotifications = notifications;

  const run: sarif.Run = {
    tool: { driver: { name: toolName, fullName: `${toolName} ${toolVersion}`, version: toolVersion, informationUri, rules } },
    invocations: [invocation],
    results,
  };
  run.automationDetails = { id: automationId };
  // Relative artifact URIs resolve against %SRCROOT%; say where that was for this run.
  if (results.some(usesSrcRoot) || invocation.toolExecutionNotifications?.some(usesSrcRoot)) run.originalUriBaseIds = { [SRCROOT]: { uri: srcRootUri() } };
  return run;
}

// ----------------------------------------------------------- suppressions

/** Accepted in the config file (external to the audited data), with the config line as its location. */
function suppressionOf(suppression: Suppression): sarif.Suppression {
  return {
    kind: 'external',
    status: 'accepted',
    justification: suppression.justification,
    ...(suppression.source ? { location: { physicalLocation: fileRegion(suppression.source.file, suppression.source.line) } } : {}),
    ...(suppression.expires ? { properties: { expires: suppression.expires } } : {}),
  };
}

function suppressionNotifications(outcomes: readonly SuppressionOutcome[]): sarif.Notification[] {
  return outcomes
    .filter((o) => o.status !== 'used')
    .map((outcome) => ({
      level: 'warning',
      message: { text: staleSuppressionText(outcome) },
      associatedRule: { id: outcome.suppression.rule },
      ...(outcome.suppression.source ? { locations: [{ physicalLocation: fileRegion(outcome.suppression.source.file, outcome.suppression.source.line) }] } : {}),
    }));
}

// ------------------------------------------------------------------ rules

function ruleDescriptor(outcome: RuleOutcome): sarif.ReportingDescriptor {
  const meta = outcome.rule;
  const helpUri = ruleHelpUri(meta.id);
  const full = nonEmpty(meta.fullDescription, meta.shortDescription, meta.name, meta.id);
  const short = nonEmpty(meta.shortDescription, full);
  const descriptor: sarif.ReportingDescriptor = {
    id: meta.id,
    name: nonEmpty(meta.name, meta.id),
    shortDescription: { text: truncate(short) },
    fullDescription: { text: truncate(full) },
    help: { text: `${full} See ${helpUri}`, markdown: nonEmpty(ruleDoc(meta.id) ?? '', full) },
    helpUri,
    defaultConfiguration: { level: outcome.level },
  };
  const tags = meta.tags.filter((tag) => tag.trim() !== '');
  if (tags.length > 0) descriptor.properties = { tags };
  return descriptor;
}

/** The first value that is not blank; consumers reject empty strings. */
function nonEmpty(...candidates: string[]): string {
  return candidates.find((c) => c.trim() !== '') ?? candidates[candidates.length - 1]!;
}

/** At most MAX_DESCRIPTION UTF-16 units, never splitting a surrogate pair, marked with an ellipsis. */
function truncate(text: string): string {
  return clip(text, MAX_DESCRIPTION, { trimEnd: true });
}

// ---------------------------------------------------------------- results

function toResult(finding: Finding, ruleIndex: number | undefined, input: AuditedInput): sarif.Result {
  const fingerprint = findingFingerprint(finding);
  const related: sarif.Location[] = finding.related.map((ref, id) => ({
    id,
    message: { text: `${ref.kind} ${ref.name}` },
    ...location(ref, input),
  }));
  const evidence = finding.evidence;
  const primary = location(finding.target, input);
  if (evidence) {
    // Collected in this run: the export line is where the problem is. From a
    // snapshot file: the snapshot line stays primary (the exports may not be
    // at hand) and the export line comes along as a related location.
    if (input.file === null) primary.physicalLocation = fileRegion(evidence.file, evidence.line);
    else related.push({ id: related.length, message: { text: 'host export' }, physicalLocation: fileRegion(evidence.file, evidence.line) });
  }
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: finding.level,
    message: { text: finding.message },
    locations: [primary],
    ...(related.length > 0 ? { relatedLocations: related } : {}),
    // Rule + normalised DN only (shared with the JSON report), so reordered or
    // re-exported snapshots and reworded messages keep their alerts.
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint, primaryLocationLineHash: `${fingerprint.slice(0, 16)}:1` },
    properties: {
      remediation: finding.remediation,
      site: finding.site?.name ?? null,
      objectKind: finding.target.kind,
    },
  };
}

function logicalLocation(ref: ObjectRef): sarif.LogicalLocation {
  return { fullyQualifiedName: ref.dn, name: ref.name, kind: 'resource' };
}

function location(ref: ObjectRef, input: AuditedInput): sarif.Location {
  const where: sarif.Location = { logicalLocations: [logicalLocation(ref)] };
  const physical = physicalLocation(ref, input);
  if (physical) where.physicalLocation = physical;
  return where;
}

/** The audited file and the object's line in it; else the file a collector read the object from. */
function physicalLocation(ref: ObjectRef, input: AuditedInput): sarif.PhysicalLocation | undefined {
  if (input.file !== null) return fileRegion(input.file, input.lineOf(ref.dn) ?? 1);
  if (ref.source) return fileRegion(ref.source.file, ref.source.line);
  return undefined;
}

function fileRegion(file: string, startLine: number): sarif.PhysicalLocation {
  return { artifactLocation: artifactUri(file), region: { startLine } };
}

/**
 * A URI relative to the working directory (what code scanning matches against
 * the repository), percent-encoded per segment. A path with no relative form
 * (another Windows drive) becomes an absolute file: URI.
 */
function artifactUri(file: string): sarif.ArtifactLocation {
  const path = relativeReportPath(file);
  if (path === null) return { uri: pathToFileURL(resolve(file)).href };
  return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function srcRootUri(): string {
  const href = pathToFileURL(process.cwd()).href;
  return href.endsWith('/') ? href : href + '/';
}

function usesSrcRoot(result: sarif.Result | sarif.Notification): boolean {
  const suppressionLocations = 'suppressions' in result ? (result.suppressions ?? []).flatMap((s) => (s.location ? [s.location] : [])) : [];
  const related = 'relatedLocations' in result ? (result.relatedLocations ?? []) : [];
  const locations = [...(result.locations ?? []), ...related, ...suppressionLocations];
  return locations.some((l) => l.physicalLocation?.artifactLocation?.uriBaseId === SRCROOT);
}

// ---------------------------------------------------------- notifications

/** Host export folders that matched no server: data the audit did not use. */
function unmatchedFolderNotifications(folders: readonly string[]): sarif.Notification[] {
  return folders.map((folder) => ({
    level: 'warning',
    message: { text: `The host export folder ${folder} matches no Exchange server in the directory; its exports were not used.` },
  }));
}

/** Why a rule, or some of its objects, were not evaluated: the gaps a clean report would hide. */
function notificationsFor(outcome: RuleOutcome, index: number): sarif.Notification[] {
  const id = outcome.rule.id;
  const associatedRule = { id, index };
  const notifications: sarif.Notification[] = [];
  if (outcome.status === 'not-evaluated') {
    const reason = outcome.reason ?? 'its data was not collected';
    notifications.push({ level: 'note', message: { text: `${id} was not evaluated: ${reason}.` }, associatedRule });
  }
  for (const [reason, targets] of notEvaluatedByReason(outcome)) {
    const { listed, more } = firstListed(targets);
    const names = listed.map((t) => t.name).join(', ') + more;
    notifications.push({
      level: 'note',
      message: { text: `${id} was not evaluated for ${targets.length} ${nounFor(targets)}: ${names} (${reason}).` },
      associatedRule,
      locations: listed.map((t) => ({ logicalLocations: [logicalLocation(t)] })),
    });
  }
  return notifications;
}
