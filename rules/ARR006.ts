import { arrayNameAndFqdn } from './support/array-names.js';
import { dnLeaf } from '../src/snapshot/names.js';
import { defineRule } from '../src/engine/rule.js';
import { psQuote } from '../src/util/shell-quote.js';

export default defineRule({
  meta: {
    id: 'ARR006',
    name: 'array-site-missing',
    shortDescription: 'A CAS array has no AD site, or its site no longer exists.',
    fullDescription:
      "A CAS array's members are the Client Access servers of its AD site (msExchServerSite). When that attribute is empty, or names a site that " +
      'has been deleted or renamed away, the array has no members and no site to serve: databases are not matched to it and Outlook clients that use its name ' +
      'get no consistent RPC Client Access service.',
    level: 'error',
    tags: ['cas-array', 'active-directory', 'outlook'],
    target: 'casArray',
    needs: ['activeDirectory'],
  },
  check({ index, report }) {
    for (const array of index.exchange2010Arrays()) {
      if (index.site(array.site)) continue;
      const databases = index.databasesUsingArray(array);
      // Suggest a site only when every database that uses the array sits in one and the same existing site.
      const databaseSites = databases.map((d) => index.site(index.owningServerOf(d)?.site ?? null));
      const first = databaseSites[0];
      const suggested =
        first && databaseSites.every((site) => site !== undefined && index.sameDn(site.dn, first.dn)) ? first : undefined;
      const where = array.site
        ? `is tied to site ${dnLeaf(array.site)}, which no longer exists in Active Directory`
        : 'is tied to no AD site (msExchServerSite is empty)';
      const hint = suggested ? ` The mailbox databases that use it are in site ${suggested.name}.` : '';
      report({
        target: index.ref(array),
        related: [...databases.map((d) => index.ref(d)), ...(suggested ? [index.ref(suggested)] : [])],
        message: `CAS array ${arrayNameAndFqdn(array)} ${where}, so it has no Client Access servers.${hint} Move it to the site of the servers behind its name, or remove it.`,
        remediation:
          `Set-ClientAccessArray -Identity ${psQuote(array.name)} -Site ${suggested ? psQuote(suggested.name) : '"<AD site of its Client Access servers>"'}; ` +
          `or, if the array is not needed, Remove-ClientAccessArray -Identity ${psQuote(array.name)}`,
      });
    }
  },
});
