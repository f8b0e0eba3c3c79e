/**
 * The estate as ldifde exports the configuration naming context: CRLF, lines
 * folded at 78 columns, objectGUID in base64, the attributes the demo export
 * carries. One entry list serves the LDIF writer and the snapshot writer, so
 * the snapshot's source lines are the lines in the file.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { ORGANIZATION, ORGANIZATION_DN, siteArrays, siteServers, type SynthEstate } from './estate.js';

export const SERIAL_NUMBER = 'Version 14.3 (Build 30123.4)';
const VERSION_NUMBER = '1937997947';
const MSEXCH_VERSION = '44220983382016';

/** What an entry describes, for the snapshot writer's source references. */
export type EntryOwner = object;

export interface LdifEntry {
  owner: EntryOwner | null;
  dn: string;
  /** Logical lines after the dn line: "attribute: value" or "attribute:: base64". */
  attributes: string[];
}

const guid = (bytes: Uint8Array) => `objectGUID:: ${Buffer.from(bytes).toString('base64')}`;

/** The entries in file order: the organization, then site by site. */
export function* ldifEntries(estate: SynthEstate): Generator<LdifEntry> {
  yield {
    owner: null,
    dn: ORGANIZATION_DN,
    attributes: ['objectClass: top', 'objectClass: container', 'objectClass: msExchOrganizationContainer', `distinguishedName: ${ORGANIZATION_DN}`, `cn: ${ORGANIZATION}`],
  };
  for (const build of estate.builds) {
    const { site } = build;
    if (build.siteExists) {
      yield { owner: site, dn: site.dn, attributes: ['objectClass: top', 'objectClass: site', `distinguishedName: ${site.dn}`, `cn: ${site.name}`, guid(site.guid)] };
      const subnetDn = `CN=${site.subnet},CN=Subnets,${site.dn.slice(site.dn.indexOf(',') + 1)}`;
      yield {
        owner: null,
        dn: subnetDn,
        attributes: ['objectClass: top', 'objectClass: subnet', `distinguishedName: ${subnetDn}`, `cn: ${site.subnet}`, `siteObject: ${site.dn}`],
      };
    }
    for (const server of siteServers(build)) {
      const netbios = server.name.toUpperCase();
      yield {
        owner: server,
        dn: server.dn,
        attributes: [
          'objectClass: top',
          'objectClass: server',
          'objectClass: msExchExchangeServer',
          `distinguishedName: ${server.dn}`,
          `cn: ${server.name}`,
          `networkAddress: netbios:${netbios}`,
          `networkAddress: ncacn_np:${netbios}`,
          `networkAddress: ncacn_ip_tcp:${server.fqdn}`,
          `networkAddress: ncalrpc:${netbios}`,
          `serialNumber: ${SERIAL_NUMBER}`,
          `versionNumber: ${VERSION_NUMBER}`,
          `msExchCurrentServerRoles: ${server.roleBits}`,
          `msExchServerSite: ${server.site}`,
          ...(server.dag ? [`msExchMDBAvailabilityGroupLink: ${server.dag}`] : []),
          `legacyExchangeDN: ${server.legacyExchangeDN}`,
          `msExchVersion: ${MSEXCH_VERSION}`,
          guid(server.guid),
        ],
      };
    }
    for (const array of siteArrays(build)) {
      yield {
        owner: array,
        dn: array.dn,
        attributes: [
          'objectClass: top',
          'objectClass: server',
          'objectClass: msExchExchangeServer',
          'objectClass: msExchClientAccessArray',
          `distinguishedName: ${array.dn}`,
          `cn: ${array.name}`,
          `networkAddress: ncacn_ip_tcp:${array.fqdn}`,
          `msExchServerSite: ${array.site}`,
          `legacyExchangeDN: ${array.legacyExchangeDN}`,
          `msExchVersion: ${MSEXCH_VERSION}`,
          guid(array.guid),
        ],
      };
    }
    for (const dag of build.dags) {
      yield {
        owner: dag,
        dn: dag.dn,
        attributes: [
          'objectClass: top',
          'objectClass: msExchMDBAvailabilityGroup',
          `distinguishedName: ${dag.dn}`,
          `cn: ${dag.name}`,
          `msExchMDBAvailabilityGroupName: ${dag.name}`,
          'msExchDatacenterActivationMode: 0',
          guid(dag.guid),
        ],
      };
    }
    for (const database of build.databases) {
      yield {
        owner: database,
        dn: database.dn,
        attributes: [
          'objectClass: top',
          'objectClass: msExchMDB',
          'objectClass: msExchPrivateMDB',
          `distinguishedName: ${database.dn}`,
          `cn: ${database.name}`,
          `msExchOwningServer: ${database.owningServer.dn}`,
          `msExchMasterServerOrAvailabilityGroup: ${database.master.dn}`,
          `legacyExchangeDN: ${database.endpoint}/cn=Microsoft Private MDB`,
          `msExchEDBFile: D:\\Databases\\${database.name}\\${database.name}.edb`,
          guid(database.guid),
        ],
      };
      for (const copy of database.copies) {
        const dn = `CN=${copy.server.name},${database.dn}`;
        yield {
          owner: copy,
          dn,
          attributes: [
            'objectClass: top',
            'objectClass: msExchMDBCopy',
            `distinguishedName: ${dn}`,
            `cn: ${copy.server.name}`,
            `msExchHostServerLink: ${copy.server.dn}`,
            `msExchActivationPreference: ${copy.activationPreference}`,
            'msExchMDBCopyParentClass: msExchPrivateMDB',
            guid(copy.guid),
          ],
        };
      }
    }
  }
}

const FOLD = 78;

/** A logical line as ldifde writes it: 78 columns, continuations start with one space. */
function foldLine(line: string): string[] {
  if (line.length <= FOLD) return [line];
  const out = [line.slice(0, FOLD)];
  for (let at = FOLD; at < line.length; at += FOLD - 1) out.push(` ${line.slice(at, at + FOLD - 1)}`);
  return out;
}

/** Physical lines of an entry, ending with its blank separator line. */
function entryLines(entry: LdifEntry): string[] {
  const lines = foldLine(`dn: ${entry.dn}`);
  lines.push('changetype: add');
  for (const attribute of entry.attributes) lines.push(...foldLine(attribute));
  lines.push('');
  return lines;
}

/** Writes the LDIF file; returns the 1-based line each entry owner starts on, and the entry count. */
export function writeLdif(estate: SynthEstate, file: string): { lines: Map<EntryOwner, number>; entries: number } {
  const lines = new Map<EntryOwner, number>();
  const fd = openSync(file, 'w');
  let line = 1;
  let entries = 0;
  let chunk: string[] = [];
  let size = 0;
  try {
    for (const entry of ldifEntries(estate)) {
      if (entry.owner) lines.set(entry.owner, line);
      const physical = entryLines(entry);
      line += physical.length;
      entries++;
      for (const text of physical) {
        chunk.push(text);
        size += text.length + 2;
      }
      if (size > 1 << 20) {
        writeSync(fd, chunk.join('\r\n') + '\r\n');
        chunk = [];
        size = 0;
      }
    }
    if (chunk.length > 0) writeSync(fd, chunk.join('\r\n') + '\r\n');
  } finally {
    closeSync(fd);
  }
  return { lines, entries };
}
