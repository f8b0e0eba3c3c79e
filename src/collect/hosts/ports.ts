/**
 * The static RPC ports of one server, from its registry exports. Each
 * setting keeps the text as written, the file and the line, so findings point
 * at the export.
 */
import { UserError } from '../../util/errors.js';
import type { PortSetting } from '../../snapshot/model.js';
import type { RegExport, RegValue } from './reg.js';

export interface RegFile extends RegExport {
  file: string;
}

const SERVICES = String.raw`^(?:HKEY_LOCAL_MACHINE|HKLM)\\SYSTEM\\(?:CurrentControlSet|ControlSet\d{3})\\Services\\`;
const RPC_PARAMETERS = new RegExp(SERVICES + String.raw`MSExchangeRPC\\ParametersSystem$`, 'i');
const AB_PARAMETERS = new RegExp(SERVICES + String.raw`MSExchangeAB\\Parameters$`, 'i');
const RPC_SERVICE = new RegExp(SERVICES + String.raw`MSExchangeRPC(?:\\|$)`, 'i');
const AB_SERVICE = new RegExp(SERVICES + String.raw`MSExchangeAB(?:\\|$)`, 'i');

export interface RegistryPorts {
  rpcClientAccess: PortSetting | null;
  addressBookRegistry: PortSetting | null;
  /** Whether the exports hold the service's key at all; without it an absent port says nothing. */
  coversRpcService: boolean;
  coversAddressBookService: boolean;
}

export function portsFromRegistry(files: readonly RegFile[]): RegistryPorts {
  const covers = (pattern: RegExp) => files.some((f) => f.keys.some(({ key }) => pattern.test(key)));
  return {
    rpcClientAccess: setting(files, RPC_PARAMETERS, 'TCP/IP Port'),
    addressBookRegistry: setting(files, AB_PARAMETERS, 'RpcTcpPort'),
    coversRpcService: covers(RPC_SERVICE),
    coversAddressBookService: covers(AB_SERVICE),
  };
}

/**
 * The value in any of the files, from CurrentControlSet when the exports hold
 * it (a whole-SYSTEM export also holds older control sets). The same value
 * written twice with different data is an error.
 */
function setting(files: readonly RegFile[], key: RegExp, name: string): PortSetting | null {
  const matches = files.flatMap(({ file, values }) =>
    values.filter((v) => key.test(v.key) && v.name.toLowerCase() === name.toLowerCase()).map((value) => ({ file, value })),
  );
  const current = matches.filter(({ value }) => /\\CurrentControlSet\\/i.test(value.key));
  let found: { file: string; value: RegValue } | null = null;
  for (const { file, value } of current.length > 0 ? current : matches) {
    if (found && !sameData(found.value, value)) {
      throw new UserError(
        `${file}:${value.line}: "${name}" is ${value.raw} here but ${found.value.raw} at ${found.file}:${found.value.line}; ` +
          'export the key once, from the server as it runs',
      );
    }
    found ??= { file, value };
  }
  return found ? portSetting(found.value.raw, found.value.data, found.file, found.value.line) : null;
}

/** Whether two values say the same: the same port (dword:0000e88c and "59532" do), else the same text. */
function sameData(a: RegValue, b: RegValue): boolean {
  const portA = portSetting(a.raw, a.data, '', 1).port;
  const portB = portSetting(b.raw, b.data, '', 1).port;
  return portA !== null && portB !== null ? portA === portB : a.raw === b.raw;
}

/** A port setting; `port` is null unless the data is a whole number (PORT004 reports the rest). */
export function portSetting(raw: string, data: string | number | null, file: string, line: number): PortSetting {
  let port: number | null = null;
  if (typeof data === 'number') port = data;
  else if (typeof data === 'string' && /^\s*\d+\s*$/.test(data)) port = Number(data);
  if (port !== null && !Number.isSafeInteger(port)) port = null;
  return { raw: typeof data === 'string' ? data : raw, port, file, line };
}
