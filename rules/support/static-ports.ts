/**
 * What the static-port rules (PORT001–PORT005) share: which servers they look
 * at, how a port value is judged, the port to suggest, and the exact step that
 * sets a port on a server.
 */
import type { CasArray, HostData, PortSetting, Server, SourceRef } from '../../src/snapshot/model.js';
import type { EstateIndex } from '../../src/model/estate-index.js';
import type { RuleContext } from '../../src/engine/rule.js';
import type { PortRange } from '../../src/engine/option-types.js';
import { NO_HOST_EXPORT, staticPorts, type AddressBookSource, type StaticPorts } from '../../src/model/host-ports.js';
import { ADDRESS_BOOK_CONFIG, ADDRESS_BOOK_KEY, RPC_CLIENT_ACCESS_KEY } from '../../src/exchange/host-settings.js';

export type PortKind = 'rpcClientAccess' | 'addressBook';
export const PORT_KINDS: readonly PortKind[] = ['rpcClientAccess', 'addressBook'];

/** How messages name each port. */
export const PORT_LABEL: Record<PortKind, string> = {
  rpcClientAccess: 'RPC Client Access',
  addressBook: 'Address Book',
};

/** The lowest and highest port a static RPC port may take (ExBPA treats anything else as an error). */
export const VALID_PORTS: PortRange = { start: 1024, end: 65535 };

/** The range the Exchange Best Practices Analyzer recommends: above the dynamic range Exchange 2010 setup configures. */
export const RECOMMENDED_PORT_RANGE: PortRange = { start: 59531, end: 60554 };

/** Ports to suggest when no other server of the site has one yet; both inside the recommended range. */
export const DEFAULT_PORT: Record<PortKind, number> = { rpcClientAccess: 59532, addressBook: 59533 };

export function inRange(port: number, range: PortRange): boolean {
  return port >= range.start && port <= range.end;
}

export function formatRange(range: PortRange): string {
  return `${range.start}–${range.end}`;
}

/** A whole number from 1024 to 65535. */
export function isValidPort(port: number | null | undefined): port is number {
  return typeof port === 'number' && Number.isInteger(port) && inRange(port, VALID_PORTS);
}

/**
 * A port value and where it was read: `59532 (hosts/CAS1/rpc.reg:4)`, with the
 * text as written when it differs (`6001 (written "dword:00001771", …)`) or is
 * not a number (`"59532x" (…)`).
 */
export function describeSetting(setting: PortSetting): string {
  const where = `${setting.file}:${setting.line}`;
  if (setting.port === null) return `"${setting.raw}" (${where})`;
  return setting.raw.trim() === String(setting.port) ? `${setting.port} (${where})` : `${setting.port} (written "${setting.raw}", ${where})`;
}

/** Why a host export gives no port data: no registry export in the folder, or one that could not be read. */
export function noPortDataReason(host: HostData): string {
  return host.ports.error ? `its registry export could not be read (${host.ports.error})` : 'its host export holds no registry data';
}

/** Where a setting was read, for a finding's evidence. */
export function settingSource(setting: PortSetting): SourceRef {
  return { file: setting.file, line: setting.line };
}

/** The server's static ports from the source that applies to its version; null fields are unset. */
export function portSetting(ports: StaticPorts, kind: PortKind): PortSetting | null {
  return kind === 'rpcClientAccess' ? ports.rpcClientAccess : ports.addressBook;
}

type PortData = { ok: true; host: HostData; ports: StaticPorts } | { ok: false; reason: string };

/**
 * The server's static ports, or the generic reason they cannot be judged
 * (for RuleContext.notEvaluated).
 */
function portDataOf(index: EstateIndex, server: Server): PortData {
  const host = index.hostData(server);
  if (!host) return { ok: false, reason: NO_HOST_EXPORT };
  if (!host.ports.collected) return { ok: false, reason: noPortDataReason(host) };
  return { ok: true, host, ports: staticPorts(server, host) };
}

/**
 * Exchange 2010 servers with their static ports. A Client Access server whose
 * host data holds no ports is reported as not evaluated here; a mailbox-only
 * server without an export is not news.
 */
export function* serversWithPorts(
  index: EstateIndex,
  notEvaluated: RuleContext['notEvaluated'],
): Generator<{ server: Server; host: HostData; ports: StaticPorts }> {
  for (const server of index.snapshot.servers) {
    if (!index.isExchange2010(server)) continue;
    const data = portDataOf(index, server);
    if (data.ok) yield { server, host: data.host, ports: data.ports };
    else if (index.isCasServer(server)) notEvaluated(index.ref(server), data.reason);
  }
}

/**
 * PORT001/PORT002's population (casServersInArraySites) with their static
 * ports; servers without port data are reported as not evaluated here.
 */
export function* arrayMembersWithPorts(
  index: EstateIndex,
  notEvaluated: RuleContext['notEvaluated'],
): Generator<{ server: Server; array: CasArray; host: HostData; ports: StaticPorts }> {
  for (const { server, array } of casServersInArraySites(index)) {
    const data = portDataOf(index, server);
    if (data.ok) yield { server, array, host: data.host, ports: data.ports };
    else notEvaluated(index.ref(server), data.reason);
  }
}

/** The server's static ports, or undefined when its host data holds none. */
export function portsOf(index: EstateIndex, server: Server): StaticPorts | undefined {
  const data = portDataOf(index, server);
  return data.ok ? data.ports : undefined;
}

/** An Exchange 2010 Client Access server whose site holds a CAS array: its ports must match the array's. */
export function isArrayMember(index: EstateIndex, server: Server): boolean {
  return index.isCasServer(server) && server.site !== null && index.arraysInSite(server.site).length > 0;
}

/**
 * The CAS servers PORT001 and PORT002 judge: Exchange 2010 Client Access
 * servers whose site holds a CAS array, each with the site's first array.
 */
function casServersInArraySites(index: EstateIndex): Array<{ server: Server; array: CasArray }> {
  const result: Array<{ server: Server; array: CasArray }> = [];
  for (const server of index.snapshot.servers) {
    if (!index.isCasServer(server) || !server.site) continue;
    const array = index.arraysInSite(server.site)[0];
    if (array) result.push({ server, array });
  }
  return result;
}

/** A valid port of one kind that a Client Access server of a site uses, with the server's place in the site's list. */
interface PeerUse {
  server: Server;
  port: number;
  position: number;
}

/** One distinct port among a site's peers: its first use, in snapshot order, and the next one (by another server). */
interface DistinctPort {
  port: number;
  first: PeerUse;
  second: PeerUse | undefined;
}

/** A site's Client Access servers' valid ports, read once per audit. */
interface SitePorts {
  uses: Record<PortKind, PeerUse[]>;
  /** The distinct ports within a range, by kind and range. */
  distinct: Map<string, DistinctPort[]>;
}

/** Per audit (per index), per site key: the peers' ports, so that judging a site's servers reads each server's ports once. */
const sitePortsCache = new WeakMap<EstateIndex, Map<string, SitePorts>>();

function sitePorts(index: EstateIndex, siteDn: string): SitePorts {
  let bySite = sitePortsCache.get(index);
  if (!bySite) sitePortsCache.set(index, (bySite = new Map()));
  const key = index.dnKey(siteDn);
  let site = bySite.get(key);
  if (!site) {
    const uses: Record<PortKind, PeerUse[]> = { rpcClientAccess: [], addressBook: [] };
    index.casServersInSite(siteDn).forEach((server, position) => {
      const ports = portsOf(index, server);
      if (!ports) return;
      for (const kind of PORT_KINDS) {
        const port = portSetting(ports, kind)?.port;
        if (isValidPort(port)) uses[kind].push({ server, port, position });
      }
    });
    site = { uses, distinct: new Map() };
    bySite.set(key, site);
  }
  return site;
}

/** The site's distinct ports of this kind within the range, in order of first use. */
function distinctPorts(site: SitePorts, kind: PortKind, range: PortRange): DistinctPort[] {
  const key = `${kind} ${range.start} ${range.end}`;
  let list = site.distinct.get(key);
  if (!list) {
    list = [];
    const byPort = new Map<number, DistinctPort>();
    for (const use of site.uses[kind]) {
      if (!inRange(use.port, range)) continue;
      const known = byPort.get(use.port);
      if (!known) {
        const entry: DistinctPort = { port: use.port, first: use, second: undefined };
        byPort.set(use.port, entry);
        list.push(entry);
      } else known.second ??= use;
    }
    site.distinct.set(key, list);
  }
  return list;
}

/**
 * The first valid port of this kind that the other Client Access servers of
 * the server's site already use (the Address Book port from the source that
 * applies to each of them) within `range`, skipping the ports in `avoid`.
 */
export function peerPort(
  index: EstateIndex,
  server: Server,
  kind: PortKind,
  avoid: readonly number[] = [],
  range: PortRange = VALID_PORTS,
): number | undefined {
  if (!server.site) return undefined;
  // The server itself uses at most one port of the kind. When it is the first to use a port, that port
  // counts only from its next user on, so a later port may come first. Each port is looked at once:
  // the loop passes over at most the avoided ports and the server's own before it answers.
  let own: PeerUse | undefined;
  for (const { port, first, second } of distinctPorts(sitePorts(index, server.site), kind, range)) {
    if (avoid.includes(port)) continue;
    if (first.server !== server) return own && own.position < first.position ? own.port : port;
    own = second;
  }
  return own?.port;
}

/**
 * The port to suggest: the site's peers' port, else the default for the
 * kind, else the first port of the recommended range not in `avoid`.
 */
export function suggestPort(index: EstateIndex, server: Server, kind: PortKind, avoid: readonly number[] = []): number {
  const peer = peerPort(index, server, kind, avoid);
  if (peer !== undefined) return peer;
  return firstPortIn(RECOMMENDED_PORT_RANGE, [DEFAULT_PORT[kind]], avoid) ?? DEFAULT_PORT[kind];
}

/** The first of `preferred`, then of the range, that lies in the range, is valid and is not in `avoid`. */
export function firstPortIn(range: PortRange, preferred: readonly number[], avoid: readonly number[]): number | undefined {
  const usable = (p: number) => inRange(p, range) && isValidPort(p) && !avoid.includes(p);
  const choice = preferred.find(usable);
  if (choice !== undefined) return choice;
  for (let p = Math.max(range.start, VALID_PORTS.start); p <= Math.min(range.end, VALID_PORTS.end); p++) {
    if (!avoid.includes(p)) return p;
  }
  return undefined;
}

/** "Exchange 2010 RTM" or "Exchange 2010 SP3", from the server's version. */
export function versionLabel(server: Server): string {
  const minor = server.version?.minor ?? 0;
  return minor === 0 ? 'Exchange 2010 RTM' : `Exchange 2010 SP${minor}`;
}

/**
 * The step that sets the RPC Client Access port: registry value, then service restart.
 * The reg add steps hold only casaudit's own constants and a port number, never
 * estate text, so their double quotes are safe in cmd.exe and PowerShell alike.
 */
export function rpcClientAccessFix(port: number): string {
  return `reg add "${RPC_CLIENT_ACCESS_KEY}" /v "TCP/IP Port" /t REG_DWORD /d ${port} /f; then Restart-Service MSExchangeRPC`;
}

/** The step that sets the Address Book port where the server's version reads it. */
export function addressBookFix(source: AddressBookSource, port: number): string {
  return source === 'registry'
    ? `reg add "${ADDRESS_BOOK_KEY}" /v RpcTcpPort /t REG_SZ /d ${port} /f; then Restart-Service MSExchangeAB`
    : `in %ExchangeInstallPath%Bin\\${ADDRESS_BOOK_CONFIG}, set <add key="RpcTcpPort" value="${port}" /> under <appSettings>; then Restart-Service MSExchangeAB`;
}

export function portFix(kind: PortKind, source: AddressBookSource, port: number): string {
  return kind === 'rpcClientAccess' ? rpcClientAccessFix(port) : addressBookFix(source, port);
}

/**
 * The Address Book value the server's version does not read (the registry on
 * RTM, the .config file on SP1 and later), when one is present.
 */
export function ignoredAddressBookSetting(host: HostData, source: AddressBookSource): PortSetting | null {
  return source === 'registry' ? host.ports.addressBookConfig : host.ports.addressBookRegistry;
}
