import { arrayAdvice, arrayRemediation, arrayToUse, ENDPOINT_ROLES_UNKNOWN, rcaEndpoints } from './support/rca-endpoints.js';
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'RCA001',
    name: 'database-endpoint-is-server',
    shortDescription: 'A mailbox database sends Outlook to a single Client Access server instead of a CAS array.',
    fullDescription:
      "An Exchange 2010 mailbox database's RpcClientAccessServer names one Client Access server rather than the site's CAS array. " +
      'Outlook profiles store that server name, so when the server fails or is removed every Outlook client homed on the database loses its connection until the profile is repaired.',
    level: 'error',
    tags: ['rpc-client-access', 'availability', 'outlook'],
    target: 'database',
    needs: ['activeDirectory'],
  },
  check({ index, report, notEvaluated }) {
    for (const { database, endpoint } of rcaEndpoints(index, notEvaluated)) {
      if (endpoint?.kind !== 'server') continue; // an array is right; a missing endpoint is RCA002's
      const server = endpoint.object;
      if (!index.rolesKnown(server)) {
        notEvaluated(index.ref(database), ENDPOINT_ROLES_UNKNOWN);
        continue;
      }
      if (!server.roles.includes('ClientAccess')) continue; // RCA003's
      const use = arrayToUse(index, database);
      report({
        target: index.ref(database),
        related: [index.ref(server), ...(use.array ? [index.ref(use.array)] : [])],
        message:
          `Mailbox database ${database.name} uses the Client Access server ${server.fqdn ?? server.name} as its RPC Client Access endpoint; ` +
          `${arrayAdvice(use)}.`,
        remediation: arrayRemediation(database, use),
      });
    }
  },
});
