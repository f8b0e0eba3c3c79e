/**
 * The estate's topology as a Mermaid flowchart, for the Markdown report
 * (GitHub renders ```mermaid blocks in job summaries, comments and files):
 * one subgraph per site, DAGs as subgraphs inside it, databases linked to
 * their RPC Client Access endpoint, arrays to what their FQDN resolves to,
 * NLB clusters to their hosts. Objects with findings get their level's style
 * and a line with the level's icon and word, so colour is never the only sign.
 * Node ids are generated (s0n3), never taken from names; every label is
 * escaped with Mermaid's entity codes.
 */
import type { Snapshot } from '../snapshot/model.js';
import { LEVEL_ICONS, plural } from './common.js';
import { siteTitle, type Mark, type NodeKind, type Topology, type TopologyNode } from './topology.js';

/** Larger estates get a one-line note instead: a diagram that big is not legible in a job summary. */
export const MERMAID_MAX_SITES = 12;
export const MERMAID_MAX_OBJECTS = 150;

/** Mermaid shapes: arrays double-edged, NLB clusters hexagons, databases cylinders, missing endpoints flags. */
const SHAPES: Record<NodeKind, [string, string]> = {
  array: ['[[', ']]'],
  nlb: ['{{', '}}'],
  server: ['[', ']'],
  database: ['[(', ')]'],
  elsewhere: ['[', ']'],
  missing: ['>', ']'],
};

const KIND_WORDS: Record<NodeKind, string> = {
  array: 'CAS array',
  nlb: 'NLB cluster',
  server: 'server',
  database: 'database',
  elsewhere: 'endpoint',
  missing: 'missing endpoint',
};

const CLASS_DEFS = [
  'classDef error fill:#fde8eb,stroke:#b00020,stroke-width:3px,color:#1b1b1b',
  'classDef warning fill:#fff1d6,stroke:#8a4b00,stroke-width:3px,stroke-dasharray:8 3,color:#1b1b1b',
  'classDef note fill:#e2eefa,stroke:#004f8c,stroke-width:3px,stroke-dasharray:2 3,color:#1b1b1b',
  'classDef missing stroke-dasharray:5 5',
];

/** How many sites and objects the diagram would hold, counted from the snapshot before any work is done. */
export function diagramSize(snapshot: Snapshot): { sites: number; objects: number } {
  return {
    sites: snapshot.sites.length,
    objects: snapshot.servers.length + snapshot.casArrays.length + snapshot.databases.length + snapshot.dags.length,
  };
}

export function fitsMermaid(snapshot: Snapshot): boolean {
  const { sites, objects } = diagramSize(snapshot);
  return sites <= MERMAID_MAX_SITES && objects <= MERMAID_MAX_OBJECTS;
}

/** The flowchart's lines, without the code fence. */
export function mermaidFlowchart(topology: Topology): string[] {
  const lines = ['flowchart TB', ...CLASS_DEFS.map((d) => `  ${d}`)];
  const links: string[] = [];
  const classes: string[] = [];
  const id = (site: number, node: number) => `s${site}n${node}`;
  /** An edge to a stand-in for an object drawn in another site goes to that object itself. */
  const endOf = (site: number, node: number): string => {
    const target = topology.sites[site]!.nodes[node]!;
    return target.elsewhere ? id(target.elsewhere.site, target.elsewhere.node) : id(site, node);
  };
  for (const [s, site] of topology.sites.entries()) {
    lines.push(`  subgraph s${s}["${label([siteTitle(site), ...(site.mark ? [markLine(site.mark)] : [])])}"]`);
    const inDag = new Set(site.dags.flatMap((dag) => dag.members));
    const nodeLine = (node: TopologyNode, n: number, indent: string) => {
      const [open, close] = SHAPES[node.kind];
      lines.push(`${indent}${id(s, n)}${open}"${label(nodeLabel(node))}"${close}`);
      if (node.mark) classes.push(`  class ${id(s, n)} ${node.mark.level}`);
      else if (node.kind === 'missing') classes.push(`  class ${id(s, n)} missing`);
    };
    site.nodes.forEach((node, n) => {
      if (node.kind !== 'elsewhere' && !inDag.has(n)) nodeLine(node, n, '    ');
    });
    for (const [d, dag] of site.dags.entries()) {
      lines.push(`    subgraph s${s}d${d}["${label([`DAG ${dag.name}`, ...(dag.mark ? [markLine(dag.mark)] : [])])}"]`);
      for (const n of dag.members) nodeLine(site.nodes[n]!, n, '      ');
      lines.push('    end');
      if (dag.mark) classes.push(`  class s${s}d${d} ${dag.mark.level}`);
    }
    lines.push('  end');
    for (const edge of site.edges) {
      const arrow = edge.kind === 'endpoint' ? '-->' : edge.kind === 'dns' ? '-. DNS .->' : '-.-';
      links.push(`  ${endOf(s, edge.from)} ${arrow} ${endOf(s, edge.to)}`);
    }
  }
  return [...lines, ...links, ...classes];
}

function nodeLabel(node: TopologyNode): string[] {
  return [`${KIND_WORDS[node.kind]} ${node.name}`, ...node.details, ...(node.mark ? [markLine(node.mark)] : [])];
}

function markLine(mark: Mark): string {
  return `${LEVEL_ICONS[mark.level]} ${plural(mark.findings, mark.level)}: ${mark.rules.join(', ')}`;
}

/**
 * Lines joined with <br>, each escaped with Mermaid's entity codes (#35; for
 * '#' first, as every code starts with it): no quote can end the label, no
 * tag or Markdown reaches the renderer, no `%%` can start a comment or an
 * `%%{init}%%` directive (Mermaid finds those anywhere in the text, labels
 * included, before it parses), and control characters are dropped.
 */
export function label(lines: readonly string[]): string {
  return lines.map(escapeMermaid).join('<br>');
}

export function escapeMermaid(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/#/g, '#35;')
    .replace(/["<>&`%]/g, (c) => `#${c.charCodeAt(0)};`);
}
