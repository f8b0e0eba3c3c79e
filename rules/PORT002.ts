import { arrayLabel } from './support/array-names.js';
import { addressBookLocation } from '../src/model/host-ports.js';
import {
  addressBookFix,
  arrayMembersWithPorts,
  describeSetting,
  ignoredAddressBookSetting,
  settingSource,
  suggestPort,
  versionLabel,
} from './support/static-ports.js';
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'PORT002',
    name: 'address-book-port-dynamic',
    shortDescription: 'A Client Access server in a site with a CAS array has no static Address Book port.',
    fullDescription:
      'Without a static RpcTcpPort, the Exchange Address Book service listens on a dynamic port, so a load balancer in front of the CAS array ' +
      'has to forward the whole dynamic RPC range. Exchange 2010 SP1 and later read the port from the MSExchangeAB\\Parameters registry value ' +
      'RpcTcpPort (a string); Exchange 2010 RTM reads the RpcTcpPort appSetting of Microsoft.Exchange.AddressBook.Service.exe.config. ' +
      'Only the source the server\'s version reads counts.',
    level: 'warning',
    tags: ['static-ports', 'load-balancing'],
    target: 'server',
    needs: ['activeDirectory', 'hosts'],
  },
  check({ index, report, notEvaluated }) {
    for (const { server, array, host, ports } of arrayMembersWithPorts(index, notEvaluated)) {
      if (ports.addressBook) continue;
      const source = ports.addressBookSource;
      const rpcPort = ports.rpcClientAccess?.port;
      // The site's other servers' port keeps the array consistent; never the server's own RPC Client Access port.
      const port = suggestPort(index, server, 'addressBook', typeof rpcPort === 'number' ? [rpcPort] : []);
      const version = versionLabel(server);
      let message =
        `Client Access server ${server.name} in the site of CAS array ${arrayLabel(array)} has no static Address Book port; ` +
        `${version} reads it from ${addressBookLocation(source)}: set it to ${port}.`;
      const ignored = ignoredAddressBookSetting(host, source);
      if (ignored) {
        message +=
          source === 'config'
            ? ` The MSExchangeAB\\Parameters "RpcTcpPort" registry value ${describeSetting(ignored)} is ignored on Exchange 2010 RTM.`
            : ` The RpcTcpPort appSetting ${describeSetting(ignored)} in the .config file is ignored from Exchange 2010 SP1 on.`;
      }
      report({
        target: index.ref(server),
        related: [index.ref(array)],
        message,
        ...(ignored ? { evidence: settingSource(ignored) } : {}),
        remediation: `On ${server.name}: ${addressBookFix(source, port)}, and forward that port on the load balancer.`,
      });
    }
  },
});
