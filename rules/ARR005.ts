import { arrayNameAndFqdn } from './support/array-names.js';
import { defineRule } from '../src/engine/rule.js';
import { psQuote } from '../src/util/shell-quote.js';

export default defineRule({
  meta: {
    id: 'ARR005',
    name: 'array-without-client-access-servers',
    shortDescription: "A CAS array's site holds no Exchange 2010 Client Access server.",
    fullDescription:
      "A CAS array's members are the Exchange 2010 Client Access servers of its AD site. This array's site has none, so the array has no members: " +
      'Outlook clients of databases that point at it have no RPC Client Access service behind the name, and new databases created in the site still pick it up.',
    level: 'warning',
    tags: ['cas-array', 'availability', 'outlook'],
    target: 'casArray',
    needs: ['activeDirectory'],
  },
  check({ index, report }) {
    for (const array of index.exchange2010Arrays()) {
      const site = index.site(array.site);
      if (!site) continue; // no site, or a site that is gone: ARR006
      if (index.casServersInSite(site.dn).length > 0) continue;
      const exchange2010 = index.serversInSite(site.dn).filter((s) => index.isExchange2010(s));
      const holds = exchange2010.length
        ? `its Exchange 2010 servers (${exchange2010.map((s) => s.name).join(', ')}) have no Client Access role`
        : 'the site holds no Exchange server';
      const databases = index.databasesUsingArray(array);
      const used = databases.length
        ? ` ${databases.length} mailbox database${databases.length === 1 ? '' : 's'} (${databases.map((d) => d.name).join(', ')}) ${databases.length === 1 ? 'points' : 'point'} Outlook at it.`
        : '';
      report({
        target: index.ref(array),
        related: databases.map((d) => index.ref(d)),
        message:
          `CAS array ${arrayNameAndFqdn(array)} is in site ${site.name}, but ${holds}, so the array has no Client Access server behind it.${used} ` +
          `Add a Client Access server to site ${site.name}, or remove the array.`,
        remediation:
          `Install the Client Access role on an Exchange 2010 server in site ${site.name} (setup.com /mode:install /roles:ClientAccess); ` +
          `or, if the array is not needed, point its databases at an array that has members and run Remove-ClientAccessArray -Identity ${psQuote(array.name)}`,
      });
    }
  },
});
