/**
 * Windows NLB clusters from exports of Get-NlbCluster, Get-NlbClusterNode and
 * Get-NlbClusterPortRule. Both the cmdlets' property names (StartPort,
 * FilteringMode, VirtualIPAddress) and the table headings (Start, Mode,
 * IPAddress) are accepted. Enum values must be names: the numbers behind them
 * differ between Windows versions, so a number is refused, not guessed.
 */
import { UserError } from '../../util/errors.js';
import type { NlbCluster, NlbHost, NlbPortRule } from '../../snapshot/model.js';
import type { Cell, ExportRow, ExportTable } from './tabular.js';
import { ALL_VIPS } from '../../exchange/host-settings.js';
import { addressProblem } from '../../snapshot/ip-address.js';

export interface NamedTable {
  file: string;
  table: ExportTable;
}

export interface NlbExports {
  cluster?: NamedTable;
  nodes?: NamedTable;
  portRules?: NamedTable;
}


/** Every property the three cmdlets are documented to write; others get a warning. */
const KNOWN_COLUMNS = {
  cluster: ['Name', 'IPAddress', 'SubnetMask', 'Mode', 'OperationMode', 'InterfaceName', 'ClusterName'],
  nodes: ['Cluster', 'Name', 'InterfaceName', 'Interface', 'Host', 'HostID', 'HostPriority', 'State', 'AdapterGuid',
    'InitialHostState', 'PersistSuspendOnReboot', 'MaskSourceMac', 'FilterIcmp', 'GreDescriptorTimeout'],
  portRules: ['Cluster', 'NodeName', 'VirtualIPAddress', 'IPAddress', 'StartPort', 'Start', 'EndPort', 'End', 'Protocol',
    'FilteringMode', 'Mode', 'Affinity', 'EqualLoad', 'LoadWeight', 'PortState', 'State', 'Priority', 'Timeout'],
};

const ENUMS = {
  Protocol: ['Tcp', 'Udp', 'Both'],
  FilteringMode: ['Single', 'Multiple', 'Disabled'],
  Affinity: ['None', 'Single', 'Network'],
} as const;

/** Names some tools use for the same enum members (WMI's ClassC is the Network affinity). */
const ENUM_ALIASES: Record<string, string> = { classc: 'Network' };

/**
 * The clusters the exports describe; null when there is no NLB export at all.
 * Throws a UserError naming file and line for data that cannot be read.
 */
export function assembleNlb(exports: NlbExports, warn: (message: string) => void): NlbCluster[] | null {
  const { cluster, nodes, portRules } = exports;
  if (!cluster && !nodes && !portRules) return null;
  if (!cluster) {
    const other = (nodes ?? portRules)!.file;
    throw new UserError(`${other}: an NLB node or port rule export without nlb-cluster.csv or nlb-cluster.json beside it`);
  }
  for (const [kind, part] of Object.entries({ cluster, nodes, portRules }) as [keyof typeof KNOWN_COLUMNS, NamedTable | undefined][]) {
    if (!part) continue;
    const known = new Set(KNOWN_COLUMNS[kind].map((c) => c.toLowerCase()));
    const unknown = part.table.columns.filter((c) => !known.has(c.toLowerCase()));
    if (unknown.length > 0) warn(`${part.file}: ignoring unknown column(s) ${unknown.join(', ')}`);
  }
  const clusters: NlbCluster[] = cluster.table.rows.map((row) => ({
    name: text(row, ['Name', 'ClusterName']) ?? '',
    ip: address(cluster.file, row, required(cluster.file, row, ['IPAddress']), 'IPAddress', warn),
    mode: text(row, ['Mode', 'OperationMode']) ?? '',
    hosts: [],
    // Unknown without a port-rules export that lists rules: an empty one says nothing, and NLB always has rules.
    portRules: portRules && portRules.table.rows.length > 0 ? [] : null,
    source: { file: cluster.file, line: row.line },
  }));
  if (clusters.length === 0) {
    for (const part of [nodes, portRules]) {
      if (part && part.table.rows.length > 0) warn(`${part.file}: ignored, because ${cluster.file} lists no NLB cluster`);
    }
    return [];
  }
  if (!nodes) warn(`${cluster.file}: no nlb-nodes export beside it: host states are unknown`);
  if (!portRules) warn(`${cluster.file}: no nlb-portrules export beside it: port rules are unknown`);
  else if (portRules.table.rows.length === 0) warn(`${portRules.file}: lists no port rule: port rules are unknown`);
  for (const row of nodes?.table.rows ?? []) {
    clusterFor(clusters, nodes!.file, row).hosts.push(hostOf(nodes!.file, row));
  }
  if (portRules && portRules.table.rows.length > 0 && !hasColumn(portRules.table, ['State', 'PortState'])) {
    warn(`${portRules.file}: no State or PortState column: port rules are taken as enabled`);
  }
  for (const row of portRules?.table.rows ?? []) {
    clusterFor(clusters, portRules!.file, row).portRules!.push(portRuleOf(portRules!.file, row, warn));
  }
  return clusters;
}

function hostOf(file: string, row: ExportRow): NlbHost {
  const id = text(row, ['HostID', 'HostPriority', 'Host']);
  const state = text(row, ['State']) ?? '';
  // ConvertTo-Json writes the node state enum as a number too.
  if (state !== '') rejectNumber(file, row, 'State', state);
  return {
    name: required(file, row, ['Name']),
    state,
    hostId: id !== undefined && /^\d+$/.test(id) ? Number(id) : null,
    source: { file, line: row.line },
  };
}

/**
 * An address as written. One that is not an address is kept (the cluster and
 * its other data stay usable) with a warning; the NLB rules that compare it
 * report the server as not evaluated (rules/support/nlb-members.ts).
 */
function address(file: string, row: ExportRow, value: string, column: string, warn: (message: string) => void): string {
  const problem = addressProblem(value);
  if (problem) warn(`${file}:${row.line}: ${column} "${value}" is ${problem}: the NLB rules that need it report this server as not evaluated`);
  return value;
}

function portRuleOf(file: string, row: ExportRow, warn: (message: string) => void): NlbPortRule {
  const written = required(file, row, ['VirtualIPAddress', 'IPAddress']);
  const vip = written.toLowerCase() === 'all' ? written : address(file, row, written, 'VirtualIPAddress', warn);
  const filteringMode = enumValue(file, row, 'FilteringMode', ['FilteringMode', 'Mode']);
  // The list view leaves Affinity blank for rules that do not filter across several hosts.
  const affinityText = text(row, ['Affinity']);
  const affinity = affinityText === undefined && filteringMode !== 'Multiple' ? 'None' : enumValue(file, row, 'Affinity', ['Affinity']);
  return {
    vip: vip.toLowerCase() === 'all' ? ALL_VIPS : vip,
    startPort: portNumber(file, row, ['StartPort', 'Start']),
    endPort: portNumber(file, row, ['EndPort', 'End']),
    protocol: enumValue(file, row, 'Protocol', ['Protocol']),
    filteringMode,
    affinity,
    enabled: enabled(file, row),
    source: { file, line: row.line },
  };
}

/** The cluster a node or port rule row belongs to: by its Cluster column, or the only cluster. */
function clusterFor(clusters: NlbCluster[], file: string, row: ExportRow): NlbCluster {
  const named = text(row, ['Cluster']);
  if (named !== undefined) {
    const key = named.toLowerCase();
    const match = clusters.find((c) => c.ip.toLowerCase() === key || c.name.toLowerCase() === key || c.name.toLowerCase().split('.')[0] === key);
    if (match) return match;
  }
  if (clusters.length === 1) return clusters[0]!;
  throw new UserError(
    `${file}:${row.line}: ` +
      (named === undefined ? 'no Cluster column, and the server is in several NLB clusters' : `Cluster "${named}" names none of the exported clusters`),
  );
}

function enabled(file: string, row: ExportRow): boolean {
  const state = text(row, ['State', 'PortState']);
  if (state === undefined) return true;
  // The hint names the column the number is in: the cmdlet's property is PortState.
  rejectNumber(file, row, text(row, ['State']) === undefined ? 'PortState' : 'State', state);
  const s = state.toLowerCase();
  if (s === 'enabled') return true;
  // A draining rule takes no new connections.
  if (s === 'disabled' || s === 'draining') return false;
  throw new UserError(`${file}:${row.line}: port rule State "${state}" is not Enabled, Disabled or Draining`);
}

function enumValue<K extends keyof typeof ENUMS>(file: string, row: ExportRow, kind: K, columns: string[]): (typeof ENUMS)[K][number] {
  const value = required(file, row, columns);
  rejectNumber(file, row, kind, value);
  const wanted = (ENUM_ALIASES[value.toLowerCase()] ?? value).toLowerCase();
  const match = ENUMS[kind].find((name) => name.toLowerCase() === wanted);
  if (!match) throw new UserError(`${file}:${row.line}: ${kind} "${value}" is not one of ${ENUMS[kind].join(', ')}`);
  return match;
}

function rejectNumber(file: string, row: ExportRow, kind: string, value: string): void {
  if (!/^\s*\d+\s*$/.test(value)) return;
  throw new UserError(
    `${file}:${row.line}: ${kind} is the number ${value.trim()}; export enum values as names, because their numbers differ between ` +
      `Windows versions: use Export-Csv, or Select-Object @{n='${kind}';e={"$($_.${kind})"}} before ConvertTo-Json ` +
      '(scripts/Export-CasAuditHostData.ps1 does this)',
  );
}

function portNumber(file: string, row: ExportRow, columns: string[]): number {
  const value = required(file, row, columns);
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new UserError(`${file}:${row.line}: ${columns[0]} "${value}" is not a port number (0-65535)`);
  return port;
}

function hasColumn(table: ExportTable, names: string[]): boolean {
  const lower = names.map((n) => n.toLowerCase());
  return table.columns.some((c) => lower.includes(c.toLowerCase()));
}

/** The first of these columns that has a non-empty value, as text. */
function text(row: ExportRow, columns: string[]): string | undefined {
  for (const column of columns) {
    const cell = row.cells.get(column.toLowerCase());
    const value = cellText(cell?.value ?? null);
    if (value !== '') return value;
  }
  return undefined;
}

function required(file: string, row: ExportRow, columns: string[]): string {
  const value = text(row, columns);
  if (value === undefined) throw new UserError(`${file}:${row.line}: no value for ${columns.join(' or ')}`);
  return value;
}

function cellText(value: Cell): string {
  return value === null ? '' : String(value).trim();
}
