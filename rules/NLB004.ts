import { DYNAMIC_RPC_RANGE, ENDPOINT_MAPPER_PORT, staticPorts } from '../src/model/host-ports.js';
import { arrayAddresses, arraysWithVip, clusterLabel, forEachNlbMember, portRulesUnknown, unreadableAddress, type ArrayAddressBook } from './support/nlb-members.js';
import { coversTcp } from '../src/model/nlb-port-rules.js';
import { noPortDataReason } from './support/static-ports.js';
import { defineRule } from '../src/engine/rule.js';
import type { CasArray, HostData, NlbCluster, NlbPortRule, PortSetting, Server, SourceRef } from '../src/snapshot/model.js';
import { psQuote } from '../src/util/shell-quote.js';

/** TCP ports that one enabled port rule must cover. */
interface Requirement {
  start: number;
  end: number;
  what: string;
}

const ALL_PORTS = { start: 0, end: 65535 };

/**
 * The services whose port is dynamic, as the host export tells: no static
 * value, or one that is not a number (the service cannot use it; PORT004 flags it).
 */
function dynamicServices(server: Server, host: HostData): string[] {
  if (!host.ports.collected) return [];
  const fixed = staticPorts(server, host);
  const isStatic = (setting: PortSetting | null) => typeof setting?.port === 'number';
  return [isStatic(fixed.rpcClientAccess) ? '' : 'RPC Client Access', isStatic(fixed.addressBook) ? '' : 'Address Book'].filter(Boolean);
}

/** What the array's clients need the cluster to forward, as far as the host export tells. */
function requirementsFor(server: Server, host: HostData): Requirement[] {
  const needed: Requirement[] = [
    { start: ENDPOINT_MAPPER_PORT, end: ENDPOINT_MAPPER_PORT, what: `TCP ${ENDPOINT_MAPPER_PORT} (the endpoint mapper)` },
  ];
  if (!host.ports.collected) return needed;
  const add = (requirement: Requirement) => {
    if (!needed.some((r) => r.start === requirement.start && r.end === requirement.end)) needed.push(requirement);
  };
  const fixed = staticPorts(server, host);
  const rca = fixed.rpcClientAccess;
  const ab = fixed.addressBook;
  if (typeof rca?.port === 'number') add({ start: rca.port, end: rca.port, what: `TCP ${rca.port} (the static RPC Client Access port)` });
  if (typeof ab?.port === 'number') add({ start: ab.port, end: ab.port, what: `TCP ${ab.port} (the static Address Book port)` });
  const dynamic = dynamicServices(server, host);
  if (dynamic.length > 0) {
    add({
      ...DYNAMIC_RPC_RANGE,
      what:
        `the dynamic RPC range ${DYNAMIC_RPC_RANGE.start}-${DYNAMIC_RPC_RANGE.end} ` +
        `(the ${dynamic.join(' and ')} port${dynamic.length > 1 ? 's are' : ' is'} dynamic)`,
    });
  }
  return needed;
}

/** Only for a cluster whose port rules are known. */
function covered(cluster: NlbCluster & { portRules: NlbPortRule[] }, requirement: { start: number; end: number }): boolean {
  return cluster.portRules.some((rule) => coversTcp(rule, cluster, requirement.start, requirement.end));
}

export default defineRule({
  meta: {
    id: 'NLB004',
    name: 'nlb-missing-port-rule',
    shortDescription: "A Windows NLB cluster carrying a CAS array's virtual IP has no port rule for a port Outlook uses.",
    fullDescription:
      "The cluster's IP is an address of a CAS array FQDN, so Outlook's RPC traffic for the array arrives there. " +
      'It needs enabled TCP port rules for the endpoint mapper (TCP 135), for the static RPC Client Access and Address Book ports, ' +
      'and, while either service still uses a dynamic port, for the whole dynamic RPC range 6005-59530. ' +
      'NLB hands traffic on a port no rule covers to one host only, the one with the highest host priority: it is not balanced, ' +
      "and a client's endpoint-mapper answer and its RPC connection can land on different hosts, so Outlook fails to connect.",
    level: 'error',
    tags: ['nlb', 'load-balancing', 'static-ports', 'outlook'],
    target: 'server',
    needs: ['activeDirectory', 'hosts', 'dns'],
  },
  check(context) {
    const { index, report, notEvaluated } = context;
    let addresses: ArrayAddressBook | undefined;
    forEachNlbMember(context, ({ server, host, target, clusters }) => {
      const book = (addresses ??= arrayAddresses(index));
      const requirements = requirementsFor(server, host);
      const parts: string[] = [];
      const fixes: string[] = [];
      const related: CasArray[] = [];
      let dnsUnknown = false;
      let portsUnknown = false;
      let rangeMissing = false;
      let evidence: SourceRef | undefined;
      let unjudged: string | null = null;
      for (const cluster of clusters) {
        // Checked first: a cluster IP that is not an address matches no array, and would be skipped without a word.
        const badAddress = unreadableAddress(cluster);
        if (badAddress !== null) {
          unjudged ??= badAddress;
          continue;
        }
        const arrays = arraysWithVip(book, cluster);
        if (arrays.length === 0) {
          // The cluster IP may still be the address of an array whose DNS answer is missing.
          if (book.unknown.length > 0) dnsUnknown = true;
          continue;
        }
        const { portRules } = cluster;
        if (portRules === null) {
          unjudged ??= portRulesUnknown(cluster);
          continue;
        }
        const known = { ...cluster, portRules };
        const missing = requirements.filter((r) => !covered(known, r));
        if (missing.length === 0) {
          if (!host.ports.collected && !covered(known, ALL_PORTS)) portsUnknown = true;
          continue;
        }
        for (const array of arrays) if (!related.includes(array)) related.push(array);
        evidence ??= cluster.source;
        const names = arrays.map((a) => a.fqdn).join(', ');
        parts.push(
          `cluster ${clusterLabel(cluster)} carries the virtual IP of CAS array ${names}, ` +
            `but no enabled TCP port rule covers ${missing.map((m) => m.what).join(' or ')}`,
        );
        for (const m of missing) {
          if (m.start === DYNAMIC_RPC_RANGE.start && m.end === DYNAMIC_RPC_RANGE.end) rangeMissing = true;
          fixes.push(
            `Get-NlbCluster -HostName ${psQuote(server.name)} | Add-NlbClusterPortRule -IP ${psQuote(cluster.ip)} -StartPort ${m.start} -EndPort ${m.end} ` +
              '-Protocol Tcp -Mode Multiple -Affinity Single',
          );
        }
      }

      if (parts.length === 0) {
        if (unjudged !== null) notEvaluated(target, unjudged);
        else if (dnsUnknown) notEvaluated(target, book.unknown[0]!.reason);
        else if (portsUnknown) notEvaluated(target, noPortDataReason(host));
        return;
      }
      const dynamic = dynamicServices(server, host);
      const staticAdvice =
        dynamic.length > 1
          ? '. Better: give the server static RPC Client Access and Address Book ports (PORT001, PORT002) and add rules for those ports instead of the dynamic range'
          : `. Better: give the server a static ${dynamic.join('')} port (${dynamic.includes('Address Book') ? 'PORT002' : 'PORT001'}) and add a rule for that port instead of the dynamic range`;
      report({
        target,
        related: related.map((a) => index.ref(a)),
        ...(evidence ? { evidence } : {}),
        message:
          `Server ${server.name}'s Windows NLB ${parts.join('; ')}. NLB sends that traffic to one host only instead of balancing it, and Outlook connections through the array can fail.` +
          (host.ports.collected ? '' : ' The host export holds no registry data, so the static ports were not checked.'),
        remediation:
          fixes.join('; ') +
          (rangeMissing ? staticAdvice : '') +
          '. Where a disabled or UDP-only rule already spans the ports, change it with Enable-NlbClusterPortRule or Set-NlbClusterPortRule -NewProtocol Tcp instead of adding one.',
      });
    });
  },
});
