import { dnLeaf } from '../src/snapshot/names.js';
import { arrayAdvice, arrayRemediation, arrayToUse, rcaEndpoints } from './support/rca-endpoints.js';
import { defineRule } from '../src/engine/rule.js';
import type { ObjectRef } from '../src/model/object-ref.js';

export default defineRule({
  meta: {
    id: 'RCA004',
    name: 'database-endpoint-other-site',
    shortDescription: "A mailbox database's RPC Client Access endpoint is in another AD site than the database.",
    fullDescription:
      "An Exchange 2010 mailbox database's RpcClientAccessServer names a CAS array or server in a different Active Directory site from the database's owning server. " +
      'Outlook traffic for its mailboxes then crosses the WAN to reach the mailbox, and an outage of that other site or of the link cuts those clients off ' +
      'even while the database itself is healthy.',
    level: 'warning',
    tags: ['rpc-client-access', 'site', 'outlook'],
    target: 'database',
    needs: ['activeDirectory'],
  },
  check({ index, report, notEvaluated }) {
    for (const { database, endpoint } of rcaEndpoints(index, notEvaluated)) {
      const target = index.ref(database);
      if (endpoint === null) continue; // RCA002's case
      const missingOwner = index.danglingServer(database.owningServer);
      if (missingOwner !== null) {
        notEvaluated(target, `its owning server ${missingOwner} is not in the directory`);
        continue;
      }
      const databaseSiteDn = index.owningServerOf(database)?.site ?? null;
      const missingSite = index.danglingSite(databaseSiteDn) ?? index.danglingSite(endpoint.object.site);
      if (missingSite !== null) {
        notEvaluated(target, `the site ${missingSite} of its owning server or endpoint is not in the directory`);
        continue;
      }
      if (!databaseSiteDn) {
        notEvaluated(target, 'the site of its owning server is unknown');
        continue;
      }
      const endpointSiteDn = endpoint.object.site;
      if (!endpointSiteDn) {
        notEvaluated(target, 'its endpoint has no site');
        continue;
      }
      if (index.sameDn(endpointSiteDn, databaseSiteDn)) continue;
      const endpointSite = index.site(endpointSiteDn);
      // The database's site and its name, as the advice below names them.
      const use = arrayToUse(index, database);
      const related: ObjectRef[] = [index.ref(endpoint.object)];
      if (endpointSite) related.push(index.ref(endpointSite));
      if (use.site) related.push(index.ref(use.site));
      const what = endpoint.kind === 'array' ? 'CAS array' : 'server';
      const databaseSiteName = use.siteName ?? dnLeaf(databaseSiteDn);
      report({
        target,
        related,
        message:
          `Mailbox database ${database.name} is in site ${databaseSiteName}, but its RPC Client Access endpoint, the ${what} ` +
          `${endpoint.object.fqdn ?? endpoint.object.name}, is in site ${endpointSite?.name ?? dnLeaf(endpointSiteDn)}; ${arrayAdvice(use)}.`,
        remediation: arrayRemediation(database, use),
      });
    }
  },
});
