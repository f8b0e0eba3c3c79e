/**
 * Where Windows and Exchange 2010 keep the host settings casaudit reads: one
 * definition for the collectors that parse them and the rules that cite them.
 */

/** Static RPC Client Access port: value "TCP/IP Port" (REG_DWORD) under this key. */
export const RPC_CLIENT_ACCESS_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeRPC\\ParametersSystem';
/** Static Address Book port from Exchange 2010 SP1 on: value "RpcTcpPort" (REG_SZ) under this key. */
export const ADDRESS_BOOK_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeAB\\Parameters';
/** Exchange 2010 RTM keeps the Address Book port in this file's appSettings (RpcTcpPort). */
export const ADDRESS_BOOK_CONFIG = 'Microsoft.Exchange.AddressBook.Service.exe.config';
/** The virtual IP of an NLB port rule that applies to every cluster IP ("All"). */
export const ALL_VIPS = '255.255.255.255';
