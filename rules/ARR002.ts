import { arrayLabel, fqdnArgument, repointDatabases } from './support/array-names.js';
import { defineRule } from '../src/engine/rule.js';
import { psQuote } from '../src/util/shell-quote.js';

export default defineRule({
  meta: {
    id: 'ARR002',
    name: 'site-multiple-arrays',
    shortDescription: 'An AD site holds more than one CAS array.',
    fullDescription:
      'Exchange 2010 expects one CAS array per Active Directory site. With two or more, new mailbox databases and Active Manager take ' +
      'whichever array Active Directory returns first, so the RPC Client Access name Outlook profiles receive is arbitrary and can change.',
    level: 'error',
    tags: ['cas-array', 'outlook'],
    target: 'site',
    needs: ['activeDirectory'],
  },
  check({ index, report }) {
    for (const site of index.snapshot.sites) {
      const arrays = index.arraysInSite(site.dn).filter((a) => index.isExchange2010Array(a));
      if (arrays.length < 2) continue;
      // Keep the array most databases already use (one with an FQDN before one without); ties go to the first.
      const usage = arrays.map((array) => ({ array, databases: index.databasesUsingArray(array).length }));
      const better = (a: (typeof usage)[number], b: (typeof usage)[number]) =>
        Boolean(a.array.fqdn) !== Boolean(b.array.fqdn) ? Boolean(a.array.fqdn) : a.databases > b.databases;
      const kept = usage.reduce((best, u) => (better(u, best) ? u : best));
      const others = arrays.filter((a) => a !== kept.array);
      const keptName = arrayLabel(kept.array);
      const steps: string[] = [];
      const keptFqdn = fqdnArgument(kept.array.fqdn);
      if (!kept.array.fqdn) {
        steps.push(`Set-ClientAccessArray -Identity ${psQuote(kept.array.name)} -Fqdn ${keptFqdn}`);
      }
      for (const other of others) {
        if (other.fqdn) steps.push(repointDatabases(other.fqdn, kept.array.fqdn ?? null));
        else {
          // A nameless array shows no RpcClientAccessServer to filter on: name its databases.
          for (const database of index.databasesUsingArray(other)) {
            steps.push(`Set-MailboxDatabase -Identity ${psQuote(database.name)} -RpcClientAccessServer ${keptFqdn}`);
          }
        }
        steps.push(`Remove-ClientAccessArray -Identity ${psQuote(other.name)}`);
      }
      report({
        target: index.ref(site),
        related: arrays.map((a) => index.ref(a)),
        message:
          `Site ${site.name} holds ${arrays.length} CAS arrays (${arrays.map(arrayLabel).join(', ')}); Exchange 2010 uses one per site and picks among them arbitrarily. ` +
          `Keep ${keptName} (used by ${kept.databases} mailbox database${kept.databases === 1 ? '' : 's'}), point the site's databases at it and remove ${others.map(arrayLabel).join(', ')}.`,
        remediation: steps.join('; '),
      });
    }
  },
});
