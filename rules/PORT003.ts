import { arrayLabel } from './support/array-names.js';
import { PORT_KINDS, PORT_LABEL, portFix, portSetting, portsOf, settingSource, type PortKind } from './support/static-ports.js';
import type { AddressBookSource } from '../src/model/host-ports.js';
import { defineRule } from '../src/engine/rule.js';
import type { PortSetting, Server } from '../src/snapshot/model.js';

interface Entry {
  server: Server;
  port: number;
  source: AddressBookSource;
  setting: PortSetting;
}

/** The port most servers use; on a tie, the one seen first. */
function mostCommon(entries: readonly Entry[]): number {
  const counts = new Map<number, number>();
  for (const { port } of entries) counts.set(port, (counts.get(port) ?? 0) + 1);
  let best = entries[0]!.port;
  for (const [port, count] of counts) if (count > counts.get(best)!) best = port;
  return best;
}

export default defineRule({
  meta: {
    id: 'PORT003',
    name: 'array-ports-inconsistent',
    shortDescription: 'The Client Access servers of a CAS array use different static RPC Client Access or Address Book ports.',
    fullDescription:
      'A load balancer in front of a CAS array forwards one RPC Client Access port and one Address Book port to every member. ' +
      'When the site\'s Client Access servers set different static ports, Outlook clients sent to a server that listens elsewhere cannot connect. ' +
      'Servers without a static port are left to PORT001 and PORT002; the Address Book port is read from the source the server\'s version uses.',
    level: 'error',
    tags: ['static-ports', 'load-balancing', 'cas-array'],
    target: 'casArray',
    needs: ['activeDirectory', 'hosts'],
  },
  check({ index, report, notEvaluated }) {
    for (const array of index.exchange2010Arrays()) {
      const site = index.site(array.site);
      if (!site) continue; // ARR006
      const casServers = index.casServersInSite(site.dn);
      if (casServers.length === 0) continue; // no Exchange 2010 Client Access server to compare (ARR005)
      const byKind: Record<PortKind, Entry[]> = { rpcClientAccess: [], addressBook: [] };
      let withData = 0;
      for (const server of casServers) {
        const ports = portsOf(index, server);
        if (!ports) continue;
        withData++;
        for (const kind of PORT_KINDS) {
          const setting = portSetting(ports, kind);
          if (setting && typeof setting.port === 'number') byKind[kind].push({ server, port: setting.port, source: ports.addressBookSource, setting });
        }
      }
      if (withData < 2) {
        // Two or more servers to compare, but the host data of fewer than two: neither a pass nor a failure.
        if (casServers.length >= 2) notEvaluated(index.ref(array), 'fewer than two of its Client Access servers have host exports with registry data');
        continue;
      }
      const differing = PORT_KINDS.filter((kind) => new Set(byKind[kind].map((e) => e.port)).size > 1);
      if (differing.length === 0) {
        // Those with data agree, but a server without data might not: that is no pass.
        if (withData < casServers.length) notEvaluated(index.ref(array), 'some of its Client Access servers have no host export with registry data');
        continue;
      }

      const name = arrayLabel(array);
      const listed = new Set<Server>();
      const parts: string[] = [];
      const fixes: string[] = [];
      let evidence: PortSetting | undefined;
      for (const kind of differing) {
        const entries = byKind[kind];
        const keep = mostCommon(entries);
        parts.push(`${PORT_LABEL[kind]}: ${entries.map((e) => `${e.server.name} → ${e.port}`).join(', ')}`);
        for (const entry of entries) {
          listed.add(entry.server);
          if (entry.port !== keep) evidence ??= entry.setting;
          if (entry.port !== keep) fixes.push(`On ${entry.server.name}: ${portFix(kind, entry.source, keep)}.`);
        }
      }
      report({
        target: index.ref(array),
        related: casServers.filter((s) => listed.has(s)).map((s) => index.ref(s)),
        ...(evidence ? { evidence: settingSource(evidence) } : {}),
        message:
          `The Client Access servers of CAS array ${name} in site ${site.name} use different static ports (${parts.join('; ')}); ` +
          'the load balancer forwards one port to all of them, so give every server the same port.',
        remediation: `${fixes.join(' ')} Then make sure the load balancer for ${name} forwards exactly those ports.`,
      });
    }
  },
});
