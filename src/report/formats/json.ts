/** Plain JSON for scripts: findings, the rules' outcomes and the summary; a batch is a document of estates, each with its gate. */
import { summarize } from '../../engine/audit.js';
import type { ObjectRef } from '../../model/object-ref.js';
import { toolName, toolVersion } from '../../util/paths.js';
import type { Suppression } from '../../engine/suppressions.js';
import { findingFingerprint } from '../fingerprint.js';
import type { ReportInput } from '../input.js';
import type { ReportFormat } from '../report-format.js';
import { reportPath } from '../../util/report-path.js';

export const jsonFormat: ReportFormat<JsonReport> = {
  render: formatJson,
  part: toJsonReport,
  combine: (estates) => jsonText({ tool: { name: toolName, version: toolVersion }, estates: estates.map(({ id, failed, part }) => ({ id, failed, ...part })) }),
};

type JsonReport = ReturnType<typeof toJsonReport>;

/** A place in an input file, its path as every report prints one. */
function placeJson<T extends { file: string }>(place: T | undefined): T | null {
  return place ? { ...place, file: reportPath(place.file) } : null;
}

function objectJson(ref: ObjectRef, lineOf: (dn: string) => number | undefined) {
  return { kind: ref.kind, name: ref.name, dn: ref.dn, line: lineOf(ref.dn) ?? null, source: placeJson(ref.source) };
}

function suppressionJson(suppression: Suppression | undefined) {
  if (!suppression) return null;
  return { justification: suppression.justification, expires: suppression.expires ?? null, source: placeJson(suppression.source) };
}

function toJsonReport({ result, input, baseline, config }: ReportInput) {
  return {
    tool: { name: toolName, version: toolVersion },
    input: input.file === null ? null : reportPath(input.file),
    config: config === undefined ? null : reportPath(config),
    collectedAt: result.snapshot.collection.collectedAt,
    unmatchedHostFolders: result.snapshot.hosts.unmatchedFolders,
    summary: summarize(result),
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      level: f.level,
      message: f.message,
      remediation: f.remediation,
      site: f.site?.name ?? null,
      target: objectJson(f.target, input.lineOf),
      related: f.related.map((r) => objectJson(r, input.lineOf)),
      evidence: placeJson(f.evidence),
      suppression: suppressionJson(f.suppression),
      expiredSuppression: suppressionJson(f.expiredSuppression),
      ...(baseline ? { baselineState: baseline.states.get(f) ?? null } : {}),
      fingerprint: findingFingerprint(f),
    })),
    rules: result.outcomes.map((o) => ({
      id: o.rule.id,
      name: o.rule.name,
      level: o.level,
      status: o.status,
      reason: o.reason ?? null,
      findings: o.findings,
      notEvaluated: o.notEvaluated.map((n) => ({ target: objectJson(n.target, input.lineOf), reason: n.reason })),
    })),
    rulesOff: result.rulesOff.map((r) => r.id),
    outOfScope: result.outOfScope.length,
    suppressions: result.suppressions.map(({ suppression, status, matched }) => ({
      rule: suppression.rule,
      target: suppression.target,
      ...suppressionJson(suppression)!,
      status,
      matched,
    })),
  };
}

function formatJson(report: ReportInput): string {
  return jsonText(toJsonReport(report));
}

function jsonText(document: object): string {
  return JSON.stringify(document, null, 2) + '\n';
}
