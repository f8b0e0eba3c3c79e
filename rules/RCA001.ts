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
    for (const database of index.snapshot.databases) {
      if (database.kind !== 'mailbox' || !index.isExchange2010Database(database)) continue;
      const endpoint = index.endpointOf(database);
      if (endpoint === undefined) {
        notEvaluated(index.ref(database), 'no legacyExchangeDN was collected, so its endpoint is unknown');
        continue;
      }
      if (endpoint?.kind !== 'server' || !endpoint.object.roles.includes('ClientAccess')) continue;
      const server = endpoint.object;
      const site = index.site(index.owningServerOf(database)?.site ?? null);
      const array = site ? index.arraysInSite(site.dn).find((a) => a.fqdn) : undefined;
      const serverName = server.fqdn ?? server.name;
      const related = [index.ref(server)];
      if (array) related.push(index.ref(array));
      report({
        target: index.ref(database),
        related,
        message: array
          ? `Mailbox database ${database.name} uses the Client Access server ${serverName} as its RPC Client Access endpoint; set it to the CAS array ${array.fqdn} of site ${site!.name}.`
          : `Mailbox database ${database.name} uses the Client Access server ${serverName} as its RPC Client Access endpoint; site ${site?.name ?? '(unknown)'} has no CAS array to use instead.`,
        remediation: array
          ? `Set-MailboxDatabase -Identity "${database.name}" -RpcClientAccessServer "${array.fqdn}"`
          : `New-ClientAccessArray -Name "<array name>" -Fqdn "<array fqdn>" -Site "${site?.name ?? '<site>'}"; ` +
            `then Set-MailboxDatabase -Identity "${database.name}" -RpcClientAccessServer "<array fqdn>"`,
      });
    }
  },
});
