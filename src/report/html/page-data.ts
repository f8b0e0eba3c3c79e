/**
 * The compact JSON an estate's section of the HTML report embeds for its
 * script: each site's laid-out diagram, drawn only when the site is opened,
 * and the findings for the filterable table. Positional arrays rather than
 * objects keep a 2,000-site estate's data a few megabytes.
 */
import type { AuditResult, Finding } from '../../engine/audit.js';
import { LEVELS } from '../../engine/rule.js';
import { KIND_LABEL } from '../../model/object-ref.js';
import { KIND_ORDER } from '../common.js';
import type { EdgeKind, Mark, NodeKind, SiteTopology, Topology } from '../topology.js';
import { layoutSite, type Box } from './layout.js';

/** Node and edge kinds as the page's script numbers them. */
export const NODE_KINDS: readonly NodeKind[] = ['array', 'nlb', 'server', 'database', 'elsewhere', 'missing'];
export const EDGE_KINDS: readonly EdgeKind[] = ['endpoint', 'dns', 'nlb'];

/** Level (index in LEVELS), findings, rule ids separated by spaces; 0 for no findings. */
export type MarkData = [number, number, string] | 0;
type BoxData = [number, number, number, number];
/** Box, kind (index in NODE_KINDS), name, detail lines, mark, and for an elsewhere node the site it is drawn in (else -1). */
export type NodeData = [...BoxData, number, string, string[], MarkData, number];
/** Name, mark, one box per row of members, the members (node indexes). */
export type DagData = [string, MarkData, BoxData[], number[]];
/** From node, to node, kind (index in EDGE_KINDS). */
export type EdgeData = [number, number, number];

export interface SiteData {
  /** The site's title, as its heading shows it. */
  name: string;
  w: number;
  h: number;
  n: NodeData[];
  d: DagData[];
  e: EdgeData[];
}

/** Level, rule id, site, node (-1: the site itself or a DAG), object kind, object name, message, remediation, evidence file:line or ''. */
export type FindingData = [number, string, number, number, string, string, string, string, string];

export interface EstateData {
  sites: SiteData[];
  /** Findings that count (suppressed ones are listed in the summary), errors first. */
  findings: FindingData[];
  /** Rule names by id, for the rule filter and link titles. */
  rules: Record<string, string>;
}

/** `fileLine` prints an evidence place; passed in, because the browser script's type-check reads this file and Node's path module is not there. */
export function estateData(result: AuditResult, topology: Topology, siteTitles: readonly string[], fileLine: (place: { file: string; line: number }) => string): EstateData {
  return {
    sites: topology.sites.map((site, i) => siteData(site, siteTitles[i]!)),
    findings: tableOrder(result.findings.filter((f) => !f.suppression), topology).map((f) => findingData(f, topology, fileLine)),
    rules: Object.fromEntries([...result.outcomes.map((o) => o.rule), ...result.rulesOff].map((r) => [r.id, r.name])),
  };
}

function siteData(site: SiteTopology, name: string): SiteData {
  const layout = layoutSite(site);
  return {
    name,
    w: layout.width,
    h: layout.height,
    n: site.nodes.map((node, i) => [...box(layout.nodes[i]!), NODE_KINDS.indexOf(node.kind), node.name, node.details, markData(node.mark), node.elsewhere?.site ?? -1]),
    d: site.dags.map((dag, i) => [dag.name, markData(dag.mark), layout.dags[i]!.map(box), dag.members]),
    e: site.edges.map((edge) => [edge.from, edge.to, EDGE_KINDS.indexOf(edge.kind)]),
  };
}

function box({ x, y, w, h }: Box): BoxData {
  return [x, y, w, h];
}

export function markData(mark: Mark | null): MarkData {
  return mark ? [LEVELS.indexOf(mark.level), mark.findings, mark.rules.join(' ')] : 0;
}

/** Errors first, then by site in report order, object kind and name, and rule. */
function tableOrder(findings: Finding[], topology: Topology): Finding[] {
  const site = (f: Finding) => topology.places.get(f)!.site;
  return findings
    .map((finding, i) => ({ finding, i }))
    .sort(
      ({ finding: a, i }, { finding: b, i: j }) =>
        LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) ||
        site(a) - site(b) ||
        KIND_ORDER.indexOf(a.target.kind) - KIND_ORDER.indexOf(b.target.kind) ||
        a.target.name.localeCompare(b.target.name) ||
        a.ruleId.localeCompare(b.ruleId) ||
        i - j,
    )
    .map(({ finding }) => finding);
}

function findingData(finding: Finding, topology: Topology, fileLine: (place: { file: string; line: number }) => string): FindingData {
  const place = topology.places.get(finding)!;
  const evidence = finding.evidence ? fileLine(finding.evidence) : '';
  return [
    LEVELS.indexOf(finding.level),
    finding.ruleId,
    place.site,
    place.node ?? -1,
    KIND_LABEL[finding.target.kind],
    finding.target.name,
    finding.message,
    finding.remediation,
    evidence,
  ];
}
