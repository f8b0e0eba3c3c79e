import { defineRule } from '../src/engine/rule.js';
import { psQuote } from '../src/util/shell-quote.js';

export default defineRule({
  meta: {
    id: 'ARR001',
    name: 'site-without-array',
    shortDescription: 'An AD site with Exchange 2010 Client Access servers or mailbox databases has no CAS array.',
    fullDescription:
      'The site holds an Exchange 2010 Client Access server or an Exchange 2010 mailbox database but no CAS array. ' +
      'Databases created there point Outlook at a single server, so replacing or losing that server breaks Outlook profiles.',
    level: 'warning',
    tags: ['cas-array', 'availability', 'outlook'],
    target: 'site',
    needs: ['activeDirectory'],
  },
  check({ index, report }) {
    for (const site of index.snapshot.sites) {
      if (index.arraysInSite(site.dn).length > 0) continue;
      const casServers = index.casServersInSite(site.dn);
      const databases = index
        .databasesInSite(site.dn)
        .filter((d) => d.kind === 'mailbox' && index.isExchange2010Database(d));
      if (casServers.length === 0 && databases.length === 0) continue;
      const holds = [
        casServers.length ? `${casServers.length} Client Access server(s) (${casServers.map((s) => s.name).join(', ')})` : '',
        databases.length ? `${databases.length} mailbox database(s) (${databases.map((d) => d.name).join(', ')})` : '',
      ].filter(Boolean);
      report({
        target: index.ref(site),
        related: [...casServers.map((s) => index.ref(s)), ...databases.map((d) => index.ref(d))],
        message: `Site ${site.name} holds ${holds.join(' and ')} but no CAS array.`,
        remediation:
          `New-ClientAccessArray -Name "<array name>" -Fqdn "<array fqdn>" -Site ${psQuote(site.name)}; ` +
          'create a DNS A record for the FQDN pointing at the load-balanced virtual IP; then point the site\'s databases at it with Set-MailboxDatabase -RpcClientAccessServer "<array fqdn>"',
      });
    }
  },
});
