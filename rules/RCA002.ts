import { arrayAdvice, arrayRemediation, arrayToUse, rcaEndpoints } from './support/rca-endpoints.js';
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'RCA002',
    name: 'database-endpoint-missing',
    shortDescription: "A mailbox database's RPC Client Access endpoint names no Exchange server or CAS array.",
    fullDescription:
      "An Exchange 2010 mailbox database's RpcClientAccessServer, stored in its legacyExchangeDN, matches the legacyExchangeDN of no server and no CAS array, " +
      'typically because the server it named was removed or renamed. The Exchange Management Shell shows the value as empty, ' +
      'and Outlook clients whose mailboxes are on the database are sent to a name that no longer exists, so they cannot connect.',
    level: 'error',
    tags: ['rpc-client-access', 'availability', 'outlook'],
    target: 'database',
    needs: ['activeDirectory'],
  },
  check({ index, report, notEvaluated }) {
    for (const { database, endpoint } of rcaEndpoints(index, notEvaluated)) {
      if (endpoint !== null) continue;
      const use = arrayToUse(index, database);
      report({
        target: index.ref(database),
        related: use.array ? [index.ref(use.array)] : [],
        message:
          `Mailbox database ${database.name} has the RPC Client Access endpoint "${database.rpcClientAccess.legacyExchangeDN}", ` +
          'which names no Exchange server or CAS array (a removed or renamed server), so Outlook cannot connect to mailboxes on it; ' +
          `${arrayAdvice(use)}.`,
        remediation: arrayRemediation(database, use),
      });
    }
  },
});
