/**
 * Shared by the RPC Client Access endpoint rules RCA001–RCA004 (and DNS001's
 * database half): which databases they judge, the site a database belongs to, and the
 * Set-MailboxDatabase step that points a database at its site's CAS array.
 */
import type { CasArray, Database, Site } from '../../src/snapshot/model.js';
import { dnLeaf } from '../../src/snapshot/names.js';
import type { Endpoint, EstateIndex } from '../../src/model/estate-index.js';
import type { RuleContext } from '../../src/engine/rule.js';
import { psQuote } from '../../src/util/shell-quote.js';

/** The not-evaluated reason for a database without a recorded endpoint. */
const ENDPOINT_UNKNOWN = 'no legacyExchangeDN was collected, so its endpoint is unknown';

/** The not-evaluated reason when the endpoint server's roles are unknown (RCA001 and RCA003 cannot tell them apart). */
export const ENDPOINT_ROLES_UNKNOWN = 'the roles of its endpoint server are unknown (msExchCurrentServerRoles missing or unreadable)';

/**
 * Exchange 2010 mailbox databases, in snapshot order, with each database's endpoint (null when it names
 * nothing). Databases with no endpoint recorded are reported as not evaluated here.
 */
export function* rcaEndpoints(
  index: EstateIndex,
  notEvaluated: RuleContext['notEvaluated'],
): Generator<{ database: Database; endpoint: Endpoint | null }> {
  for (const database of index.exchange2010MailboxDatabases()) {
    const endpoint = index.endpointOf(database);
    if (endpoint === undefined) notEvaluated(index.ref(database), ENDPOINT_UNKNOWN);
    else yield { database, endpoint };
  }
}

export interface ArrayToUse {
  /** The database's site (its owning server's), when the snapshot has it. */
  site: Site | undefined;
  /** That site's name; from its DN when the site object is missing; undefined when the database has no known site. */
  siteName: string | undefined;
  /** The first array of that site that has an FQDN. */
  array: (CasArray & { fqdn: string }) | undefined;
}

/** The CAS array a database should use: the first array with an FQDN in its owning server's site. */
export function arrayToUse(index: EstateIndex, database: Database): ArrayToUse {
  const siteDn = index.owningServerOf(database)?.site ?? null;
  const site = index.site(siteDn);
  const siteName = site?.name ?? (siteDn ? dnLeaf(siteDn) : undefined);
  const array = siteDn ? index.arraysInSite(siteDn).find((a): a is CasArray & { fqdn: string } => !!a.fqdn) : undefined;
  return { site, siteName, array };
}

/** "set it to the CAS array X of site S" / "site S has no CAS array ..." — the end of a finding's message. */
export function arrayAdvice({ site, siteName, array }: ArrayToUse): string {
  if (array) return `set it to the CAS array ${array.fqdn} of site ${siteName}`;
  if (site) return `site ${site.name} has no CAS array yet: create one and set the database to it`;
  if (siteName) return `its site ${siteName} is not among the AD sites: set it to the CAS array of the site that holds its active copy`;
  return "the database's site is unknown: set it to the CAS array of the site that holds its active copy";
}

/** The Exchange Management Shell step that points the database at the array to use. */
export function arrayRemediation(database: Database, { site, array }: ArrayToUse): string {
  if (array) return `Set-MailboxDatabase -Identity ${psQuote(database.name)} -RpcClientAccessServer ${psQuote(array.fqdn)}`;
  return (
    (site ? `New-ClientAccessArray -Name "<array name>" -Fqdn "<array fqdn>" -Site ${psQuote(site.name)}; then ` : '') +
    `Set-MailboxDatabase -Identity ${psQuote(database.name)} -RpcClientAccessServer "<array fqdn>"`
  );
}
