import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdEntry, AdValue } from '../src/collect/ad/entry.js';
import { guidText } from '../src/collect/ad/guid.js';
import { DirectoryMapper, endpointLegacyDn, MAPPED_ATTRIBUTES, mapDirectory } from '../src/collect/ad/map.js';
import { collectSnapshot } from '../src/collect/collect.js';
import { readLdifFile, streamLdifFile } from '../src/collect/ldif/reader.js';
import type { Snapshot } from '../src/snapshot/model.js';
import { compileSnapshotValidator } from '../src/snapshot/compile-validator.js';
import { canonicalDirectory as canonical } from './support/canonical.js';
import { tempDir } from './support/tmp.js';

const CONFIG = 'CN=Configuration,DC=contoso,DC=local';
const AG = `CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,${CONFIG}`;
const LEGACY = '/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=';

function entry(dn: string, attributes: Record<string, AdValue | AdValue[]>, line = 1): AdEntry {
  const map = new Map<string, AdValue[]>();
  for (const [name, value] of Object.entries(attributes)) map.set(name.toLowerCase(), Array.isArray(value) ? value : [value]);
  return { dn, attributes: map, source: { file: 'x.ldf', line } };
}

describe('AD mapping', () => {
  it('imports the demo LDIF to exactly the directory the demo snapshot holds', async () => {
    const imported = await collectSnapshot({ ldif: ['fixtures/demo/northwind.ldif'] }, new Date('2026-11-20T08:00:00Z'));
    const demo = JSON.parse(readFileSync('fixtures/demo/snapshot.json', 'utf8')) as Snapshot;
    assert.deepEqual(canonical(imported), canonical(demo));
    assert.ok(compileSnapshotValidator()(imported), 'the collected snapshot is schema-valid');
    assert.deepEqual(imported.collection.sections, { activeDirectory: 'collected', dns: 'not-collected', hosts: 'not-collected' });
    const ex1 = imported.servers.find((s) => s.name === 'MAN-EX1')!;
    assert.equal(ex1.source?.file, 'fixtures/demo/northwind.ldif');
    assert.match(readFileSync('fixtures/demo/northwind.ldif', 'latin1').split('\r\n')[ex1.source!.line - 1]!, /^dn: CN=MAN-EX1,/);
    assert.match(ex1.objectGuid ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('maps entries that come in any order of kinds as it maps them in export order (a reader streams them as they come)', async () => {
    const entries = await readLdifFile('fixtures/demo/northwind.ldif');
    // Kind by kind, linked objects before what they link to: copies, databases, subnets, servers before DAGs and sites.
    const kinds = [['msexchmdbcopy'], ['msexchprivatemdb', 'msexchpublicmdb'], ['subnet'], ['msexchclientaccessarray'], ['msexchexchangeserver'], ['msexchmdbavailabilitygroup'], ['site']];
    const rank = (e: AdEntry) => {
      const classes = (e.attributes.get('objectclass') ?? []).map((c) => String(c).toLowerCase());
      const index = kinds.findIndex((kind) => kind.some((c) => classes.includes(c)));
      return index === -1 ? kinds.length : index;
    };
    const reordered = [...entries].sort((a, b) => rank(a) - rank(b));
    assert.notDeepEqual(reordered, entries);
    const expected = mapDirectory(entries);
    assert.ok(expected.databases.some((d) => d.copies.length > 0) && expected.sites.some((s) => s.subnets.length > 0) && expected.dags.some((d) => d.members.length > 0));
    assert.deepEqual(mapDirectory(reordered), expected);
    const mapper = new DirectoryMapper();
    for (const entry of reordered) mapper.add(entry);
    assert.equal(JSON.stringify(mapper.result()), JSON.stringify(expected), 'the same, keys in the same order');
  });

  it('refuses two exports of the same directory given together, naming both places of the first repeated object', async () => {
    const file = 'fixtures/demo/northwind.ldif';
    await assert.rejects(collectSnapshot({ ldif: [file, file] }), (err: Error) => {
      assert.equal(err.name, 'UserError');
      assert.match(err.message, /^fixtures\/demo\/northwind\.ldif:\d+ and fixtures\/demo\/northwind\.ldif:\d+: the same DN twice \("CN=/);
      const [first, second] = [...err.message.matchAll(/northwind\.ldif:(\d+)/g)].map((m) => Number(m[1]));
      assert.equal(first, second, 'the same line of each copy');
      return true;
    });
  });

  it('refuses a conflicting duplicate whose DN differs only in letter case and spacing, naming both lines', () => {
    const site = (dn: string, line: number) => entry(dn, { objectClass: ['top', 'site'] }, line);
    const mapper = new DirectoryMapper();
    mapper.add(site(`CN=Manchester,CN=Sites,${CONFIG}`, 3));
    mapper.add(site(`CN=Leeds,CN=Sites,${CONFIG}`, 7));
    assert.throws(() => mapper.add(site(`cn=MANCHESTER, cn=Sites,${CONFIG}`, 12)), /^UserError: x\.ldf:3 and x\.ldf:12: the same DN twice/);
    // Entries of a live search have no line: the message says the directory returned it twice.
    const live = new DirectoryMapper();
    const bare = (dn: string) => ({ ...site(dn, 1), source: undefined });
    live.add(bare(`CN=Leeds,CN=Sites,${CONFIG}`));
    assert.throws(() => live.add(bare(`CN=Leeds,CN=Sites,${CONFIG}`)), /the directory returned it twice: the same DN twice \("CN=Leeds,/);
  });

  it('refuses an export of part of the configuration, naming what is missing, rather than auditing it as the whole estate', async () => {
    const records = readFileSync('fixtures/demo/northwind.ldif', 'latin1').split('\r\n\r\n').filter((r) => r.trim() !== '');
    const dnOf = (record: string) => /^dn: (.*?)\r\nchangetype/s.exec(record.replace(/\r\n /g, ''))?.[1] ?? '';
    const dir = tempDir();
    const partial = async (name: string, keep: (dn: string) => boolean) => {
      const file = join(dir, name);
      const kept = records.filter((r) => keep(dnOf(r)));
      assert.ok(kept.length > 0 && kept.length < records.length, name);
      writeFileSync(file, kept.join('\r\n\r\n') + '\r\n\r\n', 'latin1');
      return collectSnapshot({ ldif: [file] }).then(
        () => assert.fail(`${name} was audited`),
        (err: Error) => (assert.equal(err.name, 'UserError'), err.message),
      );
    };
    const hint = ': export the whole configuration naming context (docs/collecting.md)';
    const isOrg = (dn: string) => /^CN=Northwind,CN=Microsoft Exchange,/.test(dn);
    assert.equal(await partial('no-org.ldf', (dn) => !isOrg(dn)), `${join(dir, 'no-org.ldf')} holds only part of the configuration (no msExchOrganizationContainer)${hint}`);
    assert.equal(await partial('no-sites.ldf', (dn) => !dn.includes(',CN=Sites,')), `${join(dir, 'no-sites.ldf')} holds only part of the configuration (no AD site (CN=Sites))${hint}`);
    // ldifde pointed at the administrative group: servers and databases, without the organization and the sites.
    assert.equal(
      await partial('servers.ldf', (dn) => dn.includes(',CN=Administrative Groups,')),
      `${join(dir, 'servers.ldf')} holds only part of the configuration (no msExchOrganizationContainer, no AD site (CN=Sites))${hint}`,
    );
    // The databases without their servers.
    assert.equal(
      await partial('databases.ldf', (dn) => isOrg(dn) || dn.includes(',CN=Sites,') || dn.includes(',CN=Databases,')),
      `${join(dir, 'databases.ldf')} holds only part of the configuration (databases but no Exchange server)${hint}`,
    );
  });

  it('refuses a database copy without its host server, naming its line, rather than dropping it', () => {
    const mapper = new DirectoryMapper();
    const copy = `CN=EX01,CN=DB01,CN=Databases,${AG}`;
    mapper.add(entry(copy, { objectClass: ['top', 'msExchMDBCopy'], msExchHostServerLink: `CN=EX01,CN=Servers,${AG}` }, 40));
    assert.throws(
      () => mapper.add(entry(`CN=EX02,CN=DB01,CN=Databases,${AG}`, { objectClass: ['top', 'msExchMDBCopy'], msExchActivationPreference: '2' }, 52)),
      /^UserError: x\.ldf:52: database copy "CN=EX02,CN=DB01,.*" has no msExchHostServerLink \(its host server\)/,
    );
  });

  it('reads only MAPPED_ATTRIBUTES: entries read with just those map as the full entries do', async () => {
    for (const file of ['fixtures/demo/northwind.ldif', 'test/fixtures/ldif/example-contoso.ldif']) {
      const mapper = new DirectoryMapper();
      await streamLdifFile(file, (entry) => mapper.add(entry), { attributes: new Set(MAPPED_ATTRIBUTES) });
      assert.deepEqual(mapper.result(), mapDirectory(await readLdifFile(file)), file);
    }
  });

  it('tells arrays from servers, and reads FQDN, roles, version, site and DAG of a server', () => {
    const d = mapDirectory([
      entry(`CN=EX01,CN=Servers,${AG}`, {
        objectClass: ['top', 'server', 'msExchExchangeServer'],
        cn: 'EX01',
        networkAddress: ['netbios:EX01', 'NCACN_IP_TCP:ex01.contoso.local', 'ncalrpc:EX01'],
        msExchCurrentServerRoles: '38',
        versionNumber: '1937866970',
        msExchServerSite: `CN=SiteA,CN=Sites,${CONFIG}`,
        msExchMDBAvailabilityGroupLink: `CN=DAG1,CN=Database Availability Groups,${AG}`,
        legacyExchangeDN: `${LEGACY}EX01`,
      }),
      entry(`CN=arr,CN=Arrays,${AG}`, {
        objectClass: ['top', 'server', 'msExchExchangeServer', 'msExchClientAccessArray'],
        cn: 'arr',
        networkAddress: 'ncacn_ip_tcp:outlook.contoso.local',
        msExchServerSite: `CN=SiteA,CN=Sites,${CONFIG}`,
        legacyExchangeDN: `${LEGACY}arr`,
      }),
      entry(`CN=DAG1,CN=Database Availability Groups,${AG}`, { objectClass: ['top', 'msExchMDBAvailabilityGroup'], cn: 'DAG1' }),
    ]);
    assert.equal(d.servers.length, 1);
    assert.deepEqual(d.casArrays.map((a) => [a.name, a.fqdn]), [['arr', 'outlook.contoso.local']]);
    const s = d.servers[0]!;
    assert.equal(s.fqdn, 'ex01.contoso.local');
    assert.deepEqual(s.roles, ['Mailbox', 'ClientAccess', 'HubTransport']);
    assert.deepEqual(s.version, { major: 14, minor: 1, build: 218, revision: null, text: '1937866970' });
    assert.deepEqual(d.dags[0]!.members, [s.dn], 'DAG members come from the servers forward links');
  });

  it('resolves database endpoints by legacyExchangeDN case-insensitively and groups copies under their database', () => {
    const db = `CN=DB1,CN=Databases,${AG}`;
    const d = mapDirectory([
      entry(`CN=EX01,CN=Servers,${AG}`, { objectClass: 'msExchExchangeServer', legacyExchangeDN: `${LEGACY}EX01` }),
      entry(db, { objectClass: ['top', 'msExchMDB', 'msExchPrivateMDB'], legacyExchangeDN: `${LEGACY.toUpperCase()}ex01/cn=Microsoft Private MDB` }),
      entry(`CN=PF1,CN=Databases,${AG}`, { objectClass: ['msExchMDB', 'msExchPublicMDB'], legacyExchangeDN: `${LEGACY}GONE/cn=Microsoft Public MDB` }),
      entry(`CN=EX01,${db.toLowerCase()}`, { objectClass: 'msExchMDBCopy', msExchHostServerLink: `CN=EX01,CN=Servers,${AG}`, msExchActivationPreference: '1' }),
    ]);
    const [mailbox, pf] = d.databases;
    assert.equal(mailbox!.kind, 'mailbox');
    assert.equal(mailbox!.rpcClientAccess.legacyExchangeDN, `${LEGACY.toUpperCase()}ex01`);
    assert.deepEqual(mailbox!.rpcClientAccess.resolved, { kind: 'server', target: `CN=EX01,CN=Servers,${AG}` });
    assert.deepEqual(mailbox!.copies.map((c) => c.activationPreference), [1]);
    assert.equal(pf!.kind, 'publicFolder');
    assert.equal(pf!.rpcClientAccess.resolved, null);
  });

  it("prefers AD's distinguishedName over an entry DN a server lower-cased", () => {
    const real = `CN=SiteA,CN=Sites,${CONFIG}`;
    const d = mapDirectory([entry(real.toLowerCase(), { objectClass: 'site', distinguishedName: real, cn: 'SiteA' })]);
    assert.equal(d.sites[0]!.dn, real);
  });

  it('decodes objectGUID bytes to the text form Windows shows', () => {
    const bytes = Uint8Array.from([0x78, 0x56, 0x34, 0x12, 0xbc, 0x9a, 0xf0, 0xde, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert.equal(guidText(bytes), '12345678-9abc-def0-0102-030405060708');
    assert.equal(guidText(bytes.slice(0, 15)), null);
  });

  it('finds the endpoint in a database legacyExchangeDN', () => {
    assert.equal(endpointLegacyDn('/o=X/ou=Y/cn=Configuration/cn=Servers/cn=EX01/cn=Microsoft Private MDB'), '/o=X/ou=Y/cn=Configuration/cn=Servers/cn=EX01');
    assert.equal(endpointLegacyDn('/o=X/OU=Y/CN=Servers/CN=EX01/CN=Microsoft Public MDB'), '/o=X/OU=Y/CN=Servers/CN=EX01');
    assert.equal(endpointLegacyDn('no-slash'), null);
    assert.equal(endpointLegacyDn(null), null);
  });
  it('warns about an msExchCurrentServerRoles it cannot read, naming file:line (or the DN), and leaves the roles unknown', () => {
    const dn = `CN=EX9,CN=Servers,${AG}`;
    const server = (roles: string | undefined, withSource = true) => {
      const warnings: string[] = [];
      const e = entry(dn, { objectClass: ['top', 'server', 'msExchExchangeServer'], cn: 'EX9', ...(roles === undefined ? {} : { msExchCurrentServerRoles: roles }) }, 7);
      const mapper = new DirectoryMapper((m) => warnings.push(m));
      mapper.add(withSource ? e : { dn: e.dn, attributes: e.attributes });
      return { server: mapper.result().servers[0]!, warnings };
    };
    // Readable: decoded, no warning (surrounding blanks as ldifde may leave them).
    for (const good of ['4', ' 38 ', '0', '4294967295']) {
      const { server: s, warnings } = server(good);
      assert.equal(s.roleBits, Number(good), good);
      assert.deepEqual(warnings, [], good);
    }
    assert.deepEqual(server('4').server.roles, ['ClientAccess']);
    // Absent: not collected, nothing to warn about.
    assert.deepEqual(server(undefined).warnings, []);
    for (const bad of ['ClientAccess', '0x4', '-4', '4.0', '4e0', '', '+4', '4294967296', '36 4']) {
      const { server: s, warnings } = server(bad);
      assert.equal(s.roleBits, null, bad);
      assert.deepEqual(s.roles, [], bad);
      assert.equal(warnings.length, 1, bad);
      assert.match(warnings[0]!, /^x\.ldf:7: server EX9: msExchCurrentServerRoles .* roles are treated as unknown$/, bad);
      assert.ok(warnings[0]!.includes(JSON.stringify(bad)), bad);
    }
    // From a live directory (no file): the warning names the DN.
    assert.ok(server('hex', false).warnings[0]!.startsWith(`${dn}: server EX9:`));
  });
});
