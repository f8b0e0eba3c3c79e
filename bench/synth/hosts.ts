/**
 * One export folder per server, in the format scripts/Export-CasAuditHostData.ps1
 * writes: UTF-16LE `.reg` files of the service keys, UTF-8 CSV of the NLB
 * cluster, a manifest. The line of each port value is kept for the snapshot.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLE_BITS, type HostExport, type NlbExport } from './estate.js';

export const RPC_REG = 'MSExchangeRPC.reg';
export const AB_REG = 'MSExchangeAB.reg';

export interface HostFiles {
  /** file name -> content lines (CRLF-joined when written) and encoding. */
  files: { name: string; lines: string[]; encoding: 'utf16le' | 'utf8' }[];
  /** 1-based lines of the port values, when written. */
  rpcPortLine: number | null;
  addressBookPortLine: number | null;
  /** Lines in nlb-nodes.csv and nlb-portrules.csv, in list order; the cluster is on line 2. */
  nlbHostLines: number[];
  nlbRuleLines: number[];
}

export const dword = (port: number) => `dword:${port.toString(16).padStart(8, '0')}`;

function rpcReg(port: number | null): string[] {
  const lines = [
    'Windows Registry Editor Version 5.00',
    '',
    '[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeRPC]',
    '"DisplayName"="Microsoft Exchange RPC Client Access"',
    '"ImagePath"="\\"C:\\\\Program Files\\\\Microsoft\\\\Exchange Server\\\\V14\\\\Bin\\\\Microsoft.Exchange.RpcClientAccess.Service.exe\\""',
    '"ObjectName"="LocalSystem"',
    '"Start"=dword:00000002',
    '"Type"=dword:00000010',
    '',
  ];
  if (port !== null) lines.push('[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeRPC\\ParametersSystem]', `"TCP/IP Port"=${dword(port)}`, '');
  return lines;
}

function addressBookReg(port: number | null): string[] {
  return [
    'Windows Registry Editor Version 5.00',
    '',
    '[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeAB]',
    '"DisplayName"="Microsoft Exchange Address Book"',
    '"ObjectName"="LocalSystem"',
    '"Start"=dword:00000002',
    '"Type"=dword:00000010',
    '',
    '[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeAB\\Parameters]',
    ...(port === null ? [] : [`"RpcTcpPort"="${port}"`]),
    '"NspiHttpPort"="6004"',
    '"RfrHttpPort"="6002"',
    '',
  ];
}

const csv = (...cells: (string | number)[]) => cells.map((cell) => `"${cell}"`).join(',');

function nlbTables(nlb: NlbExport | null) {
  const cluster = [csv('Name', 'IPAddress', 'SubnetMask', 'Mode')];
  const nodes = [csv('Cluster', 'Name', 'State', 'HostID')];
  const rules = [csv('Cluster', 'VirtualIPAddress', 'StartPort', 'EndPort', 'Protocol', 'FilteringMode', 'Affinity', 'State')];
  if (nlb) {
    cluster.push(csv(nlb.name, nlb.ip, '255.255.255.0', 'Unicast'));
    for (const host of nlb.hosts) nodes.push(csv(nlb.name, host.name, host.state, host.hostId));
    for (const rule of nlb.portRules) rules.push(csv(nlb.name, nlb.ip, rule.startPort, rule.endPort, 'Tcp', 'Multiple', rule.affinity, 'Enabled'));
  }
  return { cluster, nodes, rules };
}

export function hostFiles(host: HostExport): HostFiles {
  const clientAccess = (host.server.roleBits & ROLE_BITS.ClientAccess) !== 0;
  const rpc = rpcReg(host.rpcPort);
  const files: HostFiles['files'] = [{ name: RPC_REG, lines: rpc, encoding: 'utf16le' }];
  let addressBookPortLine: number | null = null;
  if (clientAccess) {
    const ab = addressBookReg(host.addressBookPort);
    files.push({ name: AB_REG, lines: ab, encoding: 'utf16le' });
    if (host.addressBookPort !== null) addressBookPortLine = ab.findIndex((l) => l.startsWith('"RpcTcpPort"')) + 1;
  }
  const tables = nlbTables(host.nlb);
  files.push(
    { name: 'nlb-cluster.csv', lines: tables.cluster, encoding: 'utf8' },
    { name: 'nlb-nodes.csv', lines: tables.nodes, encoding: 'utf8' },
    { name: 'nlb-portrules.csv', lines: tables.rules, encoding: 'utf8' },
  );
  const written = files.map((f) => f.name).join(', ');
  files.push({
    name: 'casaudit-export.txt',
    lines: ['casaudit host export 1.0', `Computer: ${host.server.name}`, 'Exported (UTC): 2026-11-19T16:42:07Z', 'PowerShell: 2.0', `Written: ${written}`],
    encoding: 'utf8',
  });
  return {
    files,
    rpcPortLine: host.rpcPort === null ? null : rpc.findIndex((l) => l.startsWith('"TCP/IP Port"')) + 1,
    addressBookPortLine,
    nlbHostLines: tables.nodes.slice(1).map((_, i) => i + 2),
    nlbRuleLines: tables.rules.slice(1).map((_, i) => i + 2),
  };
}

/** Writes the folder `dir/<server name>` with a BOM on every file, as PowerShell 2.0 does. */
export function writeHostFolder(dir: string, host: HostExport): void {
  const folder = join(dir, host.server.name);
  mkdirSync(folder, { recursive: true });
  for (const file of hostFiles(host).files) {
    const text = '\ufeff' + file.lines.join('\r\n') + '\r\n';
    writeFileSync(join(folder, file.name), Buffer.from(text, file.encoding));
  }
}
