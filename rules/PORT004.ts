import {
  describeSetting,
  formatRange,
  isArrayMember,
  isValidPort,
  PORT_KINDS,
  PORT_LABEL,
  portFix,
  portSetting,
  serversWithPorts,
  settingSource,
  suggestPort,
  type PortKind,
  VALID_PORTS,
} from './support/static-ports.js';
import { defineRule } from '../src/engine/rule.js';
import type { PortSetting } from '../src/snapshot/model.js';

export default defineRule({
  meta: {
    id: 'PORT004',
    name: 'rpc-port-invalid',
    shortDescription: 'A static RPC Client Access or Address Book port is not a whole number from 1024 to 65535, or both ports are the same.',
    fullDescription:
      'A static port that is not a whole number, lies below 1024 or above 65535, or is shared by the RPC Client Access and Address Book services ' +
      'leaves one of the services unable to listen where clients and the load balancer expect it, and Outlook cannot connect through that server. ' +
      'The Address Book port is read from the source the server\'s version uses (the registry from Exchange 2010 SP1 on, the service\'s .config file on RTM).',
    level: 'error',
    tags: ['static-ports'],
    target: 'server',
    needs: ['activeDirectory', 'hosts'],
  },
  check({ index, report, notEvaluated }) {
    for (const { server, ports } of serversWithPorts(index, notEvaluated)) {
      const problems: string[] = [];
      const fix = new Set<PortKind>();
      let evidence: PortSetting | undefined;
      for (const kind of PORT_KINDS) {
        const setting = portSetting(ports, kind);
        if (!setting || isValidPort(setting.port)) continue;
        fix.add(kind);
        evidence ??= setting;
        problems.push(
          setting.port === null
            ? `the ${PORT_LABEL[kind]} port ${describeSetting(setting)} is not a whole number`
            : `the ${PORT_LABEL[kind]} port ${describeSetting(setting)} is outside ${formatRange(VALID_PORTS)}`,
        );
      }
      const rpc = ports.rpcClientAccess;
      const ab = ports.addressBook;
      if (rpc && ab && rpc.port !== null && rpc.port === ab.port) {
        fix.add('addressBook');
        evidence ??= ab;
        problems.push(
          `the RPC Client Access port ${describeSetting(rpc)} and the Address Book port ${describeSetting(ab)} are the same port`,
        );
      }
      if (problems.length === 0) continue;

      // Keep what is valid, take the site's peers' ports for the rest, and never give both services one port.
      const keptAb = fix.has('addressBook') ? null : ab?.port;
      const rpcPort = fix.has('rpcClientAccess') ? suggestPort(index, server, 'rpcClientAccess', isValidPort(keptAb) ? [keptAb] : []) : rpc?.port;
      const abPort = suggestPort(index, server, 'addressBook', isValidPort(rpcPort) ? [rpcPort] : []);
      const steps = PORT_KINDS.filter((kind) => fix.has(kind)).map((kind) =>
        portFix(kind, ports.addressBookSource, kind === 'rpcClientAccess' ? rpcPort! : abPort),
      );
      report({
        target: index.ref(server),
        message: `Server ${server.name} has unusable static RPC ports: ${problems.join('; ')}.`,
        ...(evidence ? { evidence: settingSource(evidence) } : {}),
        remediation:
          `On ${server.name}: ${steps.join('; ')}.` +
          (isArrayMember(index, server) ? ' Use the same ports on every Client Access server of the array and on the load balancer.' : ''),
      });
    }
  },
});
