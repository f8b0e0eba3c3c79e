import { arrayLabel } from './support/array-names.js';
import { arrayMembersWithPorts, rpcClientAccessFix, suggestPort } from './support/static-ports.js';
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'PORT001',
    name: 'rpc-client-access-port-dynamic',
    shortDescription: 'A Client Access server in a site with a CAS array has no static RPC Client Access port.',
    fullDescription:
      'Without the MSExchangeRPC\\ParametersSystem "TCP/IP Port" value, the RPC Client Access service listens on a dynamic port. ' +
      'A load balancer in front of the CAS array then has to forward the whole dynamic RPC range, and firewalls cannot be kept tight.',
    level: 'warning',
    tags: ['static-ports', 'load-balancing'],
    target: 'server',
    needs: ['activeDirectory', 'hosts'],
  },
  check({ index, report, notEvaluated }) {
    for (const { server, array, ports } of arrayMembersWithPorts(index, notEvaluated)) {
      if (ports.rpcClientAccess) continue;
      // The site's other servers' port keeps the array consistent; never the server's own Address Book port.
      const addressBook = ports.addressBook?.port;
      const port = suggestPort(index, server, 'rpcClientAccess', typeof addressBook === 'number' ? [addressBook] : []);
      report({
        target: index.ref(server),
        related: [index.ref(array)],
        message: `Client Access server ${server.name} in the site of CAS array ${arrayLabel(array)} has no static RPC Client Access port; set "TCP/IP Port" to ${port}.`,
        remediation: `On ${server.name}: ${rpcClientAccessFix(port)}, and forward that port on the load balancer.`,
      });
    }
  },
});
