import { defineRule } from '../src/engine/rule.js';

/** A port inside 59531–60554, the range the Exchange Best Practices Analyzer recommends. */
const SUGGESTED_PORT = 59532;

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
    for (const server of index.snapshot.servers) {
      if (!index.isCasServer(server) || !server.site || index.arraysInSite(server.site).length === 0) continue;
      const target = index.ref(server);
      const host = index.hostData(server);
      if (!host) {
        notEvaluated(target, 'no host export for the server');
        continue;
      }
      if (!host.ports.collected) {
        notEvaluated(target, 'its host export holds no registry data');
        continue;
      }
      if (host.ports.rpcClientAccess) continue;
      // Suggest the port the site's other CAS servers already use, so the array stays consistent.
      const peerPort = index
        .casServersInSite(server.site)
        .map((s) => index.hostData(s)?.ports.rpcClientAccess?.port)
        .find((p): p is number => typeof p === 'number');
      const port = peerPort ?? SUGGESTED_PORT;
      const array = index.arraysInSite(server.site)[0]!;
      report({
        target,
        related: [index.ref(array)],
        message: `Client Access server ${server.name} in the site of CAS array ${array.fqdn ?? array.name} has no static RPC Client Access port; set "TCP/IP Port" to ${port}.`,
        remediation:
          `On ${server.name}: reg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeRPC\\ParametersSystem" /v "TCP/IP Port" /t REG_DWORD /d ${port} /f; ` +
          'then Restart-Service MSExchangeRPC, and forward that port on the load balancer.',
      });
    }
  },
});
