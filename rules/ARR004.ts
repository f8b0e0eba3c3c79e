import { NO_ARRAY_FQDN } from './support/array-dns.js';
import { defineRule } from '../src/engine/rule.js';
import { psQuote } from '../src/util/shell-quote.js';

export default defineRule({
  meta: {
    id: 'ARR004',
    name: 'array-fqdn-is-server',
    shortDescription: "A CAS array's FQDN is the FQDN of an Exchange server.",
    fullDescription:
      "The CAS array's FQDN is the same name as an Exchange server's own FQDN. The name then cannot point at a load-balanced virtual IP without " +
      "taking the server's own DNS record away, so Outlook clients that use the array all reach that one server and lose Exchange when it is down.",
    level: 'error',
    tags: ['cas-array', 'dns', 'availability', 'outlook'],
    target: 'casArray',
    needs: ['activeDirectory'],
  },
  check({ index, report, notEvaluated }) {
    for (const array of index.exchange2010Arrays()) {
      if (!array.fqdn) {
        notEvaluated(index.ref(array), NO_ARRAY_FQDN);
        continue;
      }
      const servers = index.serversWithFqdn(array.fqdn);
      if (servers.length === 0) continue;
      const names = servers.map((s) => s.name).join(', ');
      report({
        target: index.ref(array),
        related: servers.map((s) => index.ref(s)),
        message:
          `CAS array ${array.name} has the FQDN ${array.fqdn}, which is the FQDN of Exchange server ${names}; ` +
          'give the array a name of its own that resolves to the load-balanced virtual IP.',
        remediation:
          `dnscmd <DNS server> /RecordAdd <zone> <new array host name> A <load-balanced virtual IP>; ` +
          `then Set-ClientAccessArray -Identity ${psQuote(array.name)} -Fqdn "<new array FQDN>"`,
      });
    }
  },
});
