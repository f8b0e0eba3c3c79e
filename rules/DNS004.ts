import { resolvedArrays, timeSpan, zoneAndNode } from './support/array-dns.js';
import { defineRule } from '../src/engine/rule.js';
import { wholeNumber } from '../src/engine/option-types.js';
import { cmdArgument, psQuote } from '../src/util/shell-quote.js';

const DEFAULT_MAX_TTL = 300;

export default defineRule({
  meta: {
    id: 'DNS004',
    name: 'array-record-ttl-high',
    shortDescription: "The CAS array's DNS address record has a TTL above the configured maximum.",
    fullDescription:
      "The A or AAAA record that the CAS array's FQDN resolves to has a time to live above maxArrayTtl (300 seconds unless configured). " +
      'When the array name has to be moved by hand, for example to another load balancer or to a surviving server during an outage, ' +
      'clients and resolvers keep the old address until the TTL runs out, so Outlook stays disconnected for longer.',
    level: 'note',
    tags: ['dns', 'cas-array', 'availability'],
    target: 'casArray',
    needs: ['activeDirectory', 'dns'],
    options: {
      maxArrayTtl: {
        description: "Highest TTL, in seconds, accepted on the array's address records.",
        type: wholeNumber,
        default: DEFAULT_MAX_TTL,
      },
    },
  },
  check({ index, options, report, notEvaluated }) {
    const maxTtl = options.maxArrayTtl;
    for (const { array, fqdn, resolution } of resolvedArrays(index, notEvaluated)) {
      const target = index.ref(array);
      const high = resolution.records.filter((r) => r.ttl > maxTtl);
      if (high.length === 0) continue;
      const highest = Math.max(...high.map((r) => r.ttl));
      const steps = high.map((r) => {
        const { zone, node } = zoneAndNode(r.name);
        const args = `${cmdArgument(zone, 'zone')} ${cmdArgument(node, 'host name')} ${r.type} ${cmdArgument(r.value, 'address')}`;
        return `dnscmd <dns server> /RecordDelete ${args} /f; dnscmd <dns server> /RecordAdd ${cmdArgument(zone, 'zone')} ${cmdArgument(node, 'host name')} ${maxTtl} ${r.type} ${cmdArgument(r.value, 'address')}`;
      });
      const first = high[0]!;
      const owner = zoneAndNode(first.name);
      const cmdlet = first.type === 'AAAA' ? 'Add-DnsServerResourceRecordAAAA' : 'Add-DnsServerResourceRecordA';
      const addressParam = first.type === 'AAAA' ? 'IPv6Address' : 'IPv4Address';
      report({
        target,
        related: [],
        message:
          `CAS array name ${fqdn} has an address record with a TTL of ${highest} seconds, above the ${maxTtl} seconds allowed (maxArrayTtl); ` +
          `after a manual DNS fail-over clients keep the old address for up to ${highest} seconds. Lower the TTL to ${maxTtl} seconds or less.`,
        remediation:
          `${steps.join('; ')} ` +
          `(Windows Server 2012 and later: change it with Set-DnsServerResourceRecord, or remove it and run ` +
          `${cmdlet} -ZoneName ${psQuote(owner.zone)} -Name ${psQuote(owner.node)} -${addressParam} ${psQuote(first.value)} -TimeToLive ${timeSpan(maxTtl)})`,
      });
    }
  },
});
