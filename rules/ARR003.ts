import { NO_ARRAY_FQDN } from './support/array-dns.js';
import { dnLeaf } from '../src/snapshot/names.js';
import type { CasArray } from '../src/snapshot/model.js';
import type { EstateIndex } from '../src/model/estate-index.js';
import { defineRule } from '../src/engine/rule.js';
import { psQuote } from '../src/util/shell-quote.js';

function siteName(index: EstateIndex, array: CasArray): string {
  if (!array.site) return 'no site';
  return `site ${index.site(array.site)?.name ?? dnLeaf(array.site)}`;
}

export default defineRule({
  meta: {
    id: 'ARR003',
    name: 'array-fqdn-duplicate',
    shortDescription: 'Two or more CAS arrays share the same FQDN.',
    fullDescription:
      'Each CAS array needs its own FQDN. A DNS name can lead to only one load-balanced address, so when arrays share a name, ' +
      'the Outlook clients of one of them reach Client Access servers that are not behind their array, often in another site, ' +
      'and Exchange shows the same RpcClientAccessServer value for databases that point at different arrays.',
    level: 'error',
    tags: ['cas-array', 'dns', 'outlook'],
    target: 'casArray',
    needs: ['activeDirectory'],
  },
  check({ index, report, notEvaluated }) {
    for (const array of index.exchange2010Arrays()) {
      if (!array.fqdn) {
        notEvaluated(index.ref(array), NO_ARRAY_FQDN);
        continue;
      }
      const others = index.arraysWithFqdn(array.fqdn).filter((a) => a !== array);
      if (others.length === 0) continue;
      report({
        target: index.ref(array),
        related: others.map((a) => index.ref(a)),
        message:
          `CAS array ${array.name} (${siteName(index, array)}) has the FQDN ${array.fqdn}, which CAS array ${others.map((a) => `${a.name} (${siteName(index, a)})`).join(', ')} also uses; ` +
          'DNS can send that name to one load-balanced address only, so keep it on one array and give the others their own FQDN.',
        remediation:
          `Unless ${array.name} is the array that keeps ${array.fqdn}: Set-ClientAccessArray -Identity ${psQuote(array.name)} -Fqdn "<unique FQDN for this array>"; ` +
          'then dnscmd <DNS server> /RecordAdd <zone> <host name> A <load-balanced virtual IP of this array>',
      });
    }
  },
});
