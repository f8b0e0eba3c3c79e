/**
 * The hosts section from `--hosts DIR`: one sub-folder per server (named by
 * its NetBIOS name or FQDN, any case) holding registry exports, the Address
 * Book .config file and NLB exports. A file that cannot be read costs only
 * its part of its server (the NLB or the port data, then "not evaluated"),
 * with a warning naming file and line; the other servers are still collected.
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../util/errors.js';
import { fileErrorReason, readInputFile } from '../../util/read-input.js';
import type { CollectionSource, HostData, Server, Snapshot } from '../../snapshot/model.js';
import { dnLeaf, fqdnKey } from '../../snapshot/names.js';
import { decodeWindowsText } from '../windows-text.js';
import { ADDRESS_BOOK_CONFIG } from '../../exchange/host-settings.js';
import { addressBookPortFromConfig } from './ab-config.js';
import { assembleNlb, type NamedTable, type NlbExports } from './nlb.js';
import { portsFromRegistry, type RegFile } from './ports.js';
import { parseRegExport } from './reg.js';
import { parseExportTable } from './tabular.js';

export interface HostsCollection {
  hosts: Snapshot['hosts'];
  sources: CollectionSource[];
}

const NLB_FILE = /^nlb-(cluster|nodes|portrules)\.(csv|json)$/i;
const NLB_PART = { cluster: 'cluster', nodes: 'nodes', portrules: 'portRules' } as const;

export async function collectHosts(dirs: readonly string[], servers: readonly Server[], warn: (message: string) => void): Promise<HostsCollection> {
  const byName = serversByFolderName(servers);
  const found = new Map<Server, string>();
  const unmatchedFolders: string[] = [];
  const sources: CollectionSource[] = [];
  for (const dir of dirs) {
    const folders = (await entriesOf(dir, 'folder', warn)).sort();
    let matched = 0;
    for (const name of folders) {
      const server = byName.get(name.toLowerCase());
      const folder = join(dir, name);
      if (!server) {
        unmatchedFolders.push(name);
        warn(`${folder}: the folder name matches no Exchange server in the directory; its exports are not used`);
      } else if (found.has(server)) {
        warn(`${folder}: server ${server.name} already has the export folder ${found.get(server)}; this one is not used`);
      } else {
        found.set(server, folder);
        matched++;
      }
    }
    sources.push({ kind: 'hosts', location: dir, status: 'collected', objects: matched });
  }
  const hostData: HostData[] = [];
  // In directory order, so the snapshot does not depend on the file system's.
  for (const server of servers) {
    const folder = found.get(server);
    if (folder) hostData.push(await readHostFolder(folder, server, warn));
  }
  return { hosts: { servers: hostData, unmatchedFolders }, sources };
}

/** Each server by the names its folder may have: NetBIOS name, CN and FQDN, lower case. */
function serversByFolderName(servers: readonly Server[]): Map<string, Server> {
  const byName = new Map<string, Server>();
  for (const server of servers) {
    for (const name of [server.name, dnLeaf(server.dn), server.fqdn && fqdnKey(server.fqdn)]) {
      if (name && !byName.has(name.toLowerCase())) byName.set(name.toLowerCase(), server);
    }
  }
  return byName;
}

async function listDir(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'not a folder' : fileErrorReason(err);
    throw new UserError(`${dir}: cannot read the hosts folder: ${reason}`);
  }
}

/**
 * Names of the folders (or files) in dir, symbolic links followed: an export
 * tree assembled with links is read like a copied one. A link whose target
 * cannot be read is warned about (a folder), or kept so that reading it
 * reports the cause and costs that part of the server (a file); never skipped
 * silently.
 */
async function entriesOf(dir: string, kind: 'folder' | 'file', warn: (message: string) => void): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await listDir(dir)) {
    if (kind === 'folder' ? entry.isDirectory() : entry.isFile()) names.push(entry.name);
    if (!entry.isSymbolicLink()) continue;
    const path = join(dir, entry.name);
    try {
      const target = await stat(path);
      if (kind === 'folder' ? target.isDirectory() : target.isFile()) names.push(entry.name);
    } catch (err) {
      if (kind === 'file') names.push(entry.name);
      else warn(`${path}: a symbolic link whose target cannot be read (${fileErrorReason(err)}); its exports are not used`);
    }
  }
  return names;
}

async function readHostFolder(folder: string, server: Server, warn: (message: string) => void): Promise<HostData> {
  const files = (await entriesOf(folder, 'file', warn)).sort();
  return {
    server: server.dn,
    folder,
    nlb: await readNlbPart(folder, files, warn),
    ports: await readPortsPart(folder, files, server, warn),
  };
}

async function readNlbPart(folder: string, files: string[], warn: (message: string) => void): Promise<HostData['nlb']> {
  const exports: NlbExports = {};
  try {
    for (const name of files) {
      const match = NLB_FILE.exec(name);
      if (!match) continue;
      const part = NLB_PART[match[1]!.toLowerCase() as keyof typeof NLB_PART];
      const file = join(folder, name);
      if (exports[part]) throw new UserError(`${file}: ${exports[part]!.file} holds the same export; keep one of them`);
      exports[part] = await readTable(file);
    }
    const clusters = assembleNlb(exports, warn);
    return clusters === null ? { collected: false, clusters: [] } : { collected: true, clusters };
  } catch (err) {
    return { collected: false, error: partError(err, warn), clusters: [] };
  }
}

async function readTable(file: string): Promise<NamedTable> {
  const text = decodeWindowsText(await readInputFile(file, 'NLB export'), file, 'an NLB export');
  return { file, table: parseExportTable(text, file) };
}

async function readPortsPart(folder: string, files: string[], server: Server, warn: (message: string) => void): Promise<HostData['ports']> {
  const none = { rpcClientAccess: null, addressBookRegistry: null, addressBookConfig: null };
  const regNames = files.filter((name) => /\.reg$/i.test(name));
  const configName = files.find((name) => name.toLowerCase() === ADDRESS_BOOK_CONFIG.toLowerCase());
  if (regNames.length === 0 && !configName) return { collected: false, ...none };
  try {
    const regFiles: RegFile[] = [];
    for (const name of regNames) {
      const file = join(folder, name);
      const text = decodeWindowsText(await readInputFile(file, 'registry export'), file, 'a registry export');
      regFiles.push({ file, ...parseRegExport(text, file) });
    }
    let addressBookConfig = null;
    if (configName) {
      const file = join(folder, configName);
      addressBookConfig = addressBookPortFromConfig(decodeWindowsText(await readInputFile(file, 'config file'), file, 'an XML file'), file);
    }
    const registry = portsFromRegistry(regFiles);
    if (regFiles.length > 0 && !registry.coversRpcService && !registry.coversAddressBookService) {
      throw new UserError(
        `${folder}: the registry exports hold neither the MSExchangeRPC nor the MSExchangeAB service key ` +
          '(export HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeRPC and ...\\MSExchangeAB)',
      );
    }
    if (server.roles.includes('ClientAccess')) {
      if (!registry.coversRpcService) warn(`${folder}: no MSExchangeRPC key exported; ${server.name}'s RPC Client Access port counts as not set`);
      if (!registry.coversAddressBookService && !configName) {
        warn(`${folder}: no MSExchangeAB key exported; ${server.name}'s Address Book port counts as not set`);
      }
    }
    return {
      collected: true,
      rpcClientAccess: registry.rpcClientAccess,
      addressBookRegistry: registry.addressBookRegistry,
      addressBookConfig,
    };
  } catch (err) {
    return { collected: false, error: partError(err, warn), ...none };
  }
}

/** A UserError's message, warned; anything else is a bug and propagates. */
function partError(err: unknown, warn: (message: string) => void): string {
  if (!(err instanceof UserError)) throw err;
  warn(err.message);
  return err.message;
}
