/** Plain JSON for scripts: findings, the rules' outcomes and the summary. */
import { summarize } from '../engine/audit.js';
import type { ObjectRef } from '../engine/rule.js';
import { toolName, toolVersion } from '../paths.js';
import { findingFingerprint } from './fingerprint.js';
import type { ReportInput } from './input.js';

function objectJson(ref: ObjectRef, lineOf: (dn: string) => number | undefined) {
  return { kind: ref.kind, name: ref.name, dn: ref.dn, line: lineOf(ref.dn) ?? null, source: ref.source ?? null };
}

export function toJsonReport({ result, input, baseline }: ReportInput) {
  return {
    tool: { name: toolName, version: toolVersion },
    input: input.file,
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
      evidence: f.evidence ?? null,
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
  };
}

export function formatJson(report: ReportInput): string {
  return JSON.stringify(toJsonReport(report), null, 2) + '\n';
}
