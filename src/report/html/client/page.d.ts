/**
 * What the page script's files share, for the type-checker only: the
 * constants the page hands the script (as C), the estate data's shape (from
 * page-data.ts, which writes it), and the state kept per estate section.
 * The files are plain scripts, concatenated into one function in the order
 * scripts/client-script.ts gives (so they see each other's declarations).
 */

/** Codes and labels shared with the report's TypeScript; see client-script.ts. */
declare const C: import('../client-script.js').ClientConstants;

type Level = import('../../../engine/rule.js').Level;
type NodeKind = import('../../topology.js').NodeKind;
type EdgeKind = import('../../topology.js').EdgeKind;
type EstateData = import('../page-data.js').EstateData;
type SiteData = import('../page-data.js').SiteData;
type NodeData = import('../page-data.js').NodeData;
type DagData = import('../page-data.js').DagData;
type EdgeData = import('../page-data.js').EdgeData;
type MarkData = import('../page-data.js').MarkData;
type FindingData = import('../page-data.js').FindingData;

/** One estate's section of the page and what the script keeps of it. */
interface Estate {
  root: HTMLElement;
  /** The prefix of the section's ids ('' on a single estate's page). */
  prefix: string;
  data: EstateData;
  /** Each site's details element, by site index. */
  siteDetails: HTMLDetailsElement[];
  /** Fills the findings table: the current page, or every match (for printing). */
  renderFindings: (everything: boolean) => void;
}
