import { NO_ARRAY_FQDN } from './support/array-dns.js';
import { zoneAndNode } from './support/array-dns.js';
import { defineRule } from '../src/engine/rule.js';
import { stringList } from '../src/engine/option-types.js';
import { fqdnKey } from '../src/snapshot/names.js';
import { cmdArgument, psQuote } from '../src/util/shell-quote.js';

export default defineRule({
  meta: {
    id: 'ARR007',
    name: 'array-fqdn-external',
    shortDescription: "A CAS array's FQDN is an external namespace or resolves from outside the network.",
    fullDescription:
      'The CAS array FQDN should be an internal-only name. When Outlook Anywhere clients outside the network can resolve it, they try RPC/TCP ' +
      'to the array first and fall back to HTTPS only after a time-out, so Outlook starts slowly. For the same reason the array name must not ' +
      'equal the OWA, Autodiscover or Outlook Anywhere names. The rule compares the array FQDN with the externalNamespaces option and asks the ' +
      'answers of the external resolver, when one was given.',
    level: 'warning',
    tags: ['cas-array', 'dns', 'outlook-anywhere', 'outlook'],
    target: 'casArray',
    needs: ['activeDirectory'],
    options: {
      externalNamespaces: {
        description:
          'Names published to the Internet, such as the OWA, Autodiscover and Outlook Anywhere names (mail.contoso.com, autodiscover.contoso.com); comma-separated on the command line.',
        type: stringList,
        default: [],
      },
    },
  },
  check({ index, options, report, notEvaluated, skipRule }) {
    const externalKeys = new Set(options.externalNamespaces.map(fqdnKey));
    if (externalKeys.size === 0 && index.snapshot.dns.external === null) {
      skipRule('neither externalNamespaces nor an external DNS resolver was given');
      return;
    }
    for (const array of index.exchange2010Arrays()) {
      if (!array.fqdn) {
        notEvaluated(index.ref(array), NO_ARRAY_FQDN);
        continue;
      }
      const target = index.ref(array);
      const listed = externalKeys.has(fqdnKey(array.fqdn));
      const resolution = index.resolveExternally(array.fqdn);
      const addresses = resolution?.state === 'addresses' ? resolution.records.map((r) => r.value) : [];
      if (!listed && addresses.length === 0) {
        if (resolution?.state === 'not-collected') notEvaluated(target, 'DNS for the name was not collected from the external resolver');
        else if (resolution?.state === 'not-asked') notEvaluated(target, 'the name was not asked of the external resolver');
        continue;
      }
      const why = [
        listed ? 'is one of the external namespaces (externalNamespaces)' : '',
        addresses.length ? `resolves on the external resolver (to ${addresses.join(', ')})` : '',
      ]
        .filter(Boolean)
        .join(' and ');
      const rename =
        `Set-ClientAccessArray -Identity ${psQuote(array.name)} -Fqdn "<internal-only FQDN>", with an internal record for the new name ` +
        '(dnscmd <internal DNS server> /RecordAdd <internal zone> <host name> A <load-balanced virtual IP>)';
      // A listed name is a published namespace: its public record must stay, so only renaming the array fixes it.
      // Delete what the name itself is in public DNS: a CNAME, or its address records.
      const ownType = resolution?.state === 'addresses' ? resolution.answer.records.find((r) => fqdnKey(r.name) === fqdnKey(array.fqdn!))?.type : undefined;
      // The usual zone and host of the record: the name's first label, and the rest (lower case).
      const { zone, node } = zoneAndNode(fqdnKey(array.fqdn));
      const fix = listed
        ? rename
        : `Delete the public record for ${array.fqdn} (on a Windows external DNS server: dnscmd <external DNS server> /RecordDelete ${cmdArgument(zone, 'zone')} ${cmdArgument(node, 'host name')} ${ownType ?? 'A'} /f); ` +
          `if the name is also an OWA, Autodiscover or Outlook Anywhere name, keep the record and rename the array instead: ${rename}`;
      report({
        target,
        message:
          `CAS array ${array.name} has the FQDN ${array.fqdn}, which ${why}. Outlook Anywhere clients outside the network that can resolve the array name ` +
          'try RPC/TCP to it first and fall back to HTTPS only after a delay, so Outlook connects slowly; the array name must resolve only inside the network ' +
          'and must differ from the OWA, Autodiscover and Outlook Anywhere names.',
        remediation: fix,
      });
    }
  },
});
