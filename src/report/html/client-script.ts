/**
 * The HTML report's one script, inlined in the page (its hash is the only
 * script the page's Content-Security-Policy allows). It reads each estate's
 * JSON, draws a site's diagram as SVG when the site is first opened and on
 * screen, pages and filters the findings table, and opens the rule doc or
 * site a link leads to. Its source is TypeScript in client/, checked against
 * the DOM (tsconfig.client.json) and compiled by scripts/client-script.ts
 * into client-script.generated.ts; this module hands it the codes it shares
 * with the report's TypeScript.
 */
import { LEVELS } from '../../engine/rule.js';
import { CAPTION_HEIGHT, DETAIL_HEIGHT, NAME_HEIGHT, NODE_PADDING } from './layout.js';
import { LEVEL_ICONS } from '../common.js';
import { NODE_KIND_LABEL } from '../topology.js';
import { CLIENT_SCRIPT } from './client-script.generated.js';
import { EDGE_KINDS, NODE_KINDS } from './page-data.js';

const CONSTANTS = {
  levels: LEVELS,
  nodeKinds: NODE_KINDS,
  kindNames: NODE_KIND_LABEL,
  edgeKinds: EDGE_KINDS,
  icons: LEVEL_ICONS,
  padding: NODE_PADDING,
  caption: CAPTION_HEIGHT,
  name: NAME_HEIGHT,
  detail: DETAIL_HEIGHT,
};

/** What the script knows as C. */
export type ClientConstants = typeof CONSTANTS;

/** The script with the codes it shares with the report's TypeScript filled in. */
export function clientScript(): string {
  return `${CLIENT_SCRIPT}(${JSON.stringify(CONSTANTS)});`;
}
