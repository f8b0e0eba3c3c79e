import { DYNAMIC_RPC_RANGE } from '../src/model/host-ports.js';
import {
  DEFAULT_PORT,
  describeSetting,
  firstPortIn,
  formatRange,
  inRange,
  isArrayMember,
  isValidPort,
  peerPort,
  PORT_KINDS,
  PORT_LABEL,
  portFix,
  portSetting,
  RECOMMENDED_PORT_RANGE,
  serversWithPorts,
  settingSource,
  type PortKind,
} from './support/static-ports.js';
import { defineRule } from '../src/engine/rule.js';
import { portRange } from '../src/engine/option-types.js';

export default defineRule({
  meta: {
    id: 'PORT005',
    name: 'rpc-port-outside-recommended-range',
    shortDescription: 'A static RPC Client Access or Address Book port is valid but outside the recommended port range.',
    fullDescription:
      'The Exchange Best Practices Analyzer recommends static RPC Client Access and Address Book ports from 59531 to 60554. ' +
      'That range lies just above the dynamic RPC range (6005–59530) that Exchange 2010 setup gives a Client Access server, ' +
      'so a static port there cannot collide with a port Windows hands out to another RPC service. ' +
      'The range is the recommendedPortRange option.',
    level: 'note',
    tags: ['static-ports', 'best-practice'],
    target: 'server',
    needs: ['activeDirectory', 'hosts'],
    options: {
      recommendedPortRange: {
        description: 'The port range static RPC Client Access and Address Book ports should lie in.',
        type: portRange,
        default: RECOMMENDED_PORT_RANGE,
      },
    },
  },
  check({ index, options, report, notEvaluated }) {
    const range = options.recommendedPortRange;
    const isDefault = range.start === RECOMMENDED_PORT_RANGE.start && range.end === RECOMMENDED_PORT_RANGE.end;
    const why = isDefault
      ? ` That range lies above the dynamic RPC range ${formatRange(DYNAMIC_RPC_RANGE)} that Exchange 2010 setup configures, and is the one the Exchange Best Practices Analyzer recommends.`
      : '';
    for (const { server, ports } of serversWithPorts(index, notEvaluated)) {
      const outside: PortKind[] = [];
      for (const kind of PORT_KINDS) {
        const port = portSetting(ports, kind)?.port;
        if (isValidPort(port) && !inRange(port, range)) outside.push(kind);
      }
      if (outside.length === 0) continue;

      const listed = outside.map((kind) => `${PORT_LABEL[kind]} port ${describeSetting(portSetting(ports, kind)!)}`);
      // New ports: the site's peers' port when it is in the range, else the usual default; never both services on one port.
      const taken = PORT_KINDS.filter((kind) => !outside.includes(kind))
        .map((kind) => portSetting(ports, kind)?.port)
        .filter(isValidPort);
      const steps: string[] = [];
      for (const kind of outside) {
        const peer = peerPort(index, server, kind, taken, range);
        // Without a peer or the default in range, RPC Client Access takes the range's first port and Address Book the next,
        // so that servers fixed one by one still end up alike.
        const fallback = range.start + (kind === 'addressBook' ? 1 : 0);
        const preferred = [...(peer === undefined ? [] : [peer]), DEFAULT_PORT[kind], fallback];
        const port = firstPortIn(range, preferred, taken);
        if (port === undefined) continue;
        taken.push(port);
        steps.push(portFix(kind, ports.addressBookSource, port));
      }
      report({
        target: index.ref(server),
        evidence: settingSource(portSetting(ports, outside[0]!)!),
        message: `Server ${server.name} uses the static ${listed.join(' and the ')}, outside the recommended range ${formatRange(range)}.${why}`,
        remediation:
          (steps.length ? `On ${server.name}: ${steps.join('; ')}. ` : '') +
          (isArrayMember(index, server)
            ? 'Use the same ports on every Client Access server of the array, and change them on the load balancer and firewalls at the same time.'
            : 'Change the ports on any firewall between clients and the server at the same time.'),
      });
    }
  },
});
