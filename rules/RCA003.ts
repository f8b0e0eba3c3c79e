import { arrayAdvice, arrayRemediation, arrayToUse, ENDPOINT_ROLES_UNKNOWN, rcaEndpoints } from './support/rca-endpoints.js';
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'RCA003',
    name: 'database-endpoint-not-client-access',
    shortDescription: "A mailbox database's RPC Client Access endpoint is a server without the Client Access role.",
    fullDescription:
      "An Exchange 2010 mailbox database's RpcClientAccessServer names an Exchange server that does not hold the Client Access role, such as a mailbox-only server. " +
      'Exchange 2010 Outlook clients reach their mailbox only through the RPC Client Access service on a Client Access server, ' +
      'so profiles created for mailboxes on the database point at a server that cannot serve them.',
    level: 'error',
    tags: ['rpc-client-access', 'availability', 'outlook'],
    target: 'database',
    needs: ['activeDirectory'],
  },
  check({ index, report, notEvaluated }) {
    for (const { database, endpoint } of rcaEndpoints(index, notEvaluated)) {
      if (endpoint?.kind !== 'server') continue;
      const server = endpoint.object;
      if (server.roles.includes('ClientAccess')) continue; // RCA001's case
      if (!index.rolesKnown(server)) {
        notEvaluated(index.ref(database), ENDPOINT_ROLES_UNKNOWN);
        continue;
      }
      const use = arrayToUse(index, database);
      const related = [index.ref(server)];
      if (use.array) related.push(index.ref(use.array));
      const roles = server.roles.length ? server.roles.join(', ') : 'none';
      report({
        target: index.ref(database),
        related,
        message:
          `Mailbox database ${database.name} uses ${server.fqdn ?? server.name} as its RPC Client Access endpoint, ` +
          `but server ${server.name} has no Client Access role (roles: ${roles}), so Outlook cannot connect through it; ${arrayAdvice(use)}.`,
        remediation: arrayRemediation(database, use),
      });
    }
  },
});
