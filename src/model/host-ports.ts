/**
 * A server's static RPC ports as Exchange 2010 uses them. The Address Book
 * port comes from the registry on SP1 and later, from the service's .config
 * file on RTM (14.0); only the source that applies counts.
 */
import type { HostData, PortSetting, Server } from '../snapshot/model.js';
import { ADDRESS_BOOK_CONFIG, ADDRESS_BOOK_KEY } from '../exchange/host-settings.js';

/** The not-evaluated reason for a server whose host data folder holds no export at all (NLB and port rules alike). */
export const NO_HOST_EXPORT = 'no host export for the server';

export type AddressBookSource = 'registry' | 'config';

export interface StaticPorts {
  rpcClientAccess: PortSetting | null;
  addressBook: PortSetting | null;
  addressBookSource: AddressBookSource;
}

function addressBookSourceFor(server: Server): AddressBookSource {
  const version = server.version;
  return version && version.major === 14 && version.minor === 0 ? 'config' : 'registry';
}

export function staticPorts(server: Server, host: HostData): StaticPorts {
  const addressBookSource = addressBookSourceFor(server);
  return {
    rpcClientAccess: host.ports.rpcClientAccess,
    addressBook: addressBookSource === 'config' ? host.ports.addressBookConfig : host.ports.addressBookRegistry,
    addressBookSource,
  };
}


/** Where an admin sets the Address Book port for that source, for messages and fixes. */
export function addressBookLocation(source: AddressBookSource): string {
  return source === 'registry' ? `${ADDRESS_BOOK_KEY} "RpcTcpPort" (REG_SZ)` : `the RpcTcpPort appSetting in ${ADDRESS_BOOK_CONFIG}`;
}

/** The endpoint mapper every RPC client contacts first. */
export const ENDPOINT_MAPPER_PORT = 135;
/** The dynamic RPC range Exchange 2010 setup gives a Client Access server. */
export const DYNAMIC_RPC_RANGE = { start: 6005, end: 59530 } as const;
