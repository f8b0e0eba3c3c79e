import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectHosts } from '../src/collect/hosts/collect-hosts.js';
import { UserError } from '../src/util/errors.js';
import type { Server, Snapshot } from '../src/snapshot/model.js';
import { casaudit } from './support/cli.js';
import { assertValidSarif } from './support/sarif-schema.js';
import { tempDir } from './support/tmp.js';

const DEMO_HOSTS = 'fixtures/demo/hosts';
const DEMO_SOURCES = [
  '--ldif',
  'fixtures/demo/northwind.ldif',
  '--zone',
  'fixtures/demo/northwind.local.dns',
  '--external-zone',
  'fixtures/demo/public-northwind.local.zone',
  '--hosts',
  DEMO_HOSTS,
];

function demoSnapshot(): Snapshot {
  return JSON.parse(readFileSync('fixtures/demo/snapshot.json', 'utf8')) as Snapshot;
}

function utf16Reg(lines: string[]): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf16le')]);
}

const RPC_KEY = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeRPC';
const AB_KEY = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeAB';

/** A hosts folder with one sub-folder per entry of `servers`, each with the given files. */
function hostsFolder(servers: Record<string, Record<string, string | Buffer>>): string {
  const dir = tempDir();
  for (const [server, files] of Object.entries(servers)) {
    mkdirSync(join(dir, server));
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, server, name), content);
  }
  return dir;
}

function server(name: string, roles: Server['roles'] = ['ClientAccess']): Server {
  return {
    name,
    dn: `CN=${name},CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=local`,
    fqdn: `${name.toLowerCase()}.contoso.local`,
    legacyExchangeDN: null,
    site: null,
    roles,
    roleBits: null,
    version: null,
    dag: null,
  };
}

const GOOD_RPC = utf16Reg(['Windows Registry Editor Version 5.00', '', `[${RPC_KEY}\\ParametersSystem]`, '"TCP/IP Port"=dword:0000e88c', '']);
const GOOD_AB = utf16Reg(['Windows Registry Editor Version 5.00', '', `[${AB_KEY}\\Parameters]`, '"RpcTcpPort"="59533"', '']);

describe('host exports (--hosts)', () => {
  describe('collectHosts', () => {
    it('reads the demo folder into exactly the hosts section of the demo snapshot', async () => {
      const demo = demoSnapshot();
      const warnings: string[] = [];
      const { hosts, sources } = await collectHosts([DEMO_HOSTS], demo.servers, (m) => warnings.push(m));
      assert.deepEqual(hosts, demo.hosts);
      assert.deepEqual(sources, [{ kind: 'hosts', location: DEMO_HOSTS, status: 'collected', objects: 6 }]);
      assert.deepEqual(warnings, [`${join(DEMO_HOSTS, 'OLD-CAS9')}: the folder name matches no Exchange server in the directory; its exports are not used`]);
    });

    it('matches folders by NetBIOS name or FQDN in any case, and reports a second folder for the same server', async () => {
      const both = { 'a.reg': GOOD_RPC, 'b.reg': GOOD_AB };
      const dir = hostsFolder({ 'cas1.CONTOSO.local': both, cas1: both, Cas2: both });
      const warnings: string[] = [];
      const { hosts } = await collectHosts([dir], [server('CAS1'), server('CAS2')], (m) => warnings.push(m));
      assert.deepEqual(
        hosts.servers.map((h) => h.folder),
        [join(dir, 'cas1'), join(dir, 'Cas2')],
      );
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /cas1\.CONTOSO\.local: server CAS1 already has the export folder .*cas1; this one is not used/);
    });

    it('loses only the broken part of one server: other parts and other servers are still collected', async () => {
      const garbage = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00, 0xff, 0x00]);
      const truncated = GOOD_RPC.subarray(0, GOOD_RPC.length - 1);
      const dir = hostsFolder({
        CAS1: { 'MSExchangeRPC.reg': garbage, 'nlb-cluster.csv': '"Name","IPAddress","SubnetMask","Mode"\r\n' },
        CAS2: { 'MSExchangeRPC.reg': truncated, 'MSExchangeAB.reg': GOOD_AB },
        CAS3: { 'MSExchangeRPC.reg': GOOD_RPC, 'MSExchangeAB.reg': GOOD_AB, 'nlb-portrules.csv': '"Cluster"\r\n"x"\r\n' },
        CAS4: { 'MSExchangeRPC.reg': GOOD_RPC, 'MSExchangeAB.reg': GOOD_AB },
      });
      const warnings: string[] = [];
      const servers = ['CAS1', 'CAS2', 'CAS3', 'CAS4'].map((n) => server(n));
      const { hosts } = await collectHosts([dir], servers, (m) => warnings.push(m));
      const [cas1, cas2, cas3, cas4] = hosts.servers;
      assert.equal(cas1!.ports.collected, false);
      assert.equal(cas1!.ports.error, `${join(dir, 'CAS1', 'MSExchangeRPC.reg')}: not a registry export (binary data)`);
      assert.deepEqual(cas1!.nlb, { collected: true, clusters: [] });
      assert.equal(cas2!.ports.error, `${join(dir, 'CAS2', 'MSExchangeRPC.reg')}: truncated UTF-16 file (odd number of bytes)`);
      assert.equal(cas3!.ports.rpcClientAccess?.port, 59532);
      assert.equal(cas3!.nlb.collected, false);
      assert.match(cas3!.nlb.error!, /nlb-portrules\.csv: an NLB node or port rule export without nlb-cluster\.csv or nlb-cluster\.json beside it/);
      assert.equal(cas4!.ports.addressBookRegistry?.port, 59533);
      assert.equal(cas4!.nlb.collected, false, 'no NLB files: not collected, without an error');
      assert.equal(cas4!.nlb.error, undefined);
      for (const error of [cas1!.ports.error, cas2!.ports.error, cas3!.nlb.error]) assert.ok(warnings.includes(error!), error);
    });

    it('counts an absent ParametersSystem key as no static port, but refuses exports of unrelated keys', async () => {
      const serviceOnly = utf16Reg(['Windows Registry Editor Version 5.00', '', `[${RPC_KEY}]`, '"Start"=dword:00000002', '']);
      const unrelated = utf16Reg(['Windows Registry Editor Version 5.00', '', '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso]', '"x"="1"', '']);
      const dir = hostsFolder({ MBX1: { 'MSExchangeRPC.reg': serviceOnly }, CAS1: { 'export.reg': unrelated } });
      const warnings: string[] = [];
      const { hosts } = await collectHosts([dir], [server('MBX1', ['Mailbox']), server('CAS1')], (m) => warnings.push(m));
      const [mbx1, cas1] = hosts.servers;
      assert.deepEqual(mbx1!.ports, { collected: true, rpcClientAccess: null, addressBookRegistry: null, addressBookConfig: null });
      assert.equal(cas1!.ports.collected, false);
      assert.match(cas1!.ports.error!, /the registry exports hold neither the MSExchangeRPC nor the MSExchangeAB service key/);
      assert.deepEqual(warnings, [cas1!.ports.error]);
    });

    it('warns when a Client Access server exported the RPC key but not the Address Book key', async () => {
      const dir = hostsFolder({ CAS1: { 'MSExchangeRPC.reg': GOOD_RPC } });
      const warnings: string[] = [];
      await collectHosts([dir], [server('CAS1')], (m) => warnings.push(m));
      assert.deepEqual(warnings, [`${join(dir, 'CAS1')}: no MSExchangeAB key exported; CAS1's Address Book port counts as not set`]);
    });

    it('loses only that server\'s NLB data to an NLB JSON export nested too deep to read', async () => {
      const deep = `[{"Name": "nlb", "IPAddress": ${'['.repeat(100_000)}${']'.repeat(100_000)}}]`;
      const dir = hostsFolder({ CAS1: { 'nlb-cluster.json': deep, 'MSExchangeRPC.reg': GOOD_RPC, 'MSExchangeAB.reg': GOOD_AB }, CAS2: { 'MSExchangeRPC.reg': GOOD_RPC, 'MSExchangeAB.reg': GOOD_AB } });
      const warnings: string[] = [];
      const { hosts } = await collectHosts([dir], [server('CAS1'), server('CAS2')], (m) => warnings.push(m));
      const [cas1, cas2] = hosts.servers;
      assert.equal(cas1!.nlb.collected, false);
      assert.equal(cas1!.nlb.error, `${join(dir, 'CAS1', 'nlb-cluster.json')}:1:${'[{"Name": "nlb", "IPAddress": '.length + 511}: not valid JSON (nested deeper than 512 levels)`);
      assert.deepEqual(warnings, [cas1!.nlb.error]);
      assert.equal(cas1!.ports.rpcClientAccess?.port, 59532);
      assert.equal(cas2!.ports.addressBookRegistry?.port, 59533);
    });

    it('follows symbolic links to server folders and export files, and reports the links it cannot follow', async () => {
      const store = hostsFolder({ 'cas1-store': { 'MSExchangeRPC.reg': GOOD_RPC }, 'shared': { 'ab.reg': GOOD_AB } });
      const dir = hostsFolder({ CAS2: {} });
      symlinkSync(join(store, 'cas1-store'), join(dir, 'CAS1'));
      symlinkSync(join(store, 'shared', 'ab.reg'), join(dir, 'CAS2', 'MSExchangeAB.reg'));
      symlinkSync(join(store, 'shared', 'ab.reg'), join(store, 'cas1-store', 'MSExchangeAB.reg'));
      symlinkSync(join(store, 'gone.reg'), join(dir, 'CAS2', 'MSExchangeRPC.reg'));
      symlinkSync(join(store, 'gone'), join(dir, 'CAS3'));
      const warnings: string[] = [];
      const { hosts, sources } = await collectHosts([dir], [server('CAS1'), server('CAS2'), server('CAS3')], (m) => warnings.push(m));
      const [cas1, cas2] = hosts.servers;
      assert.equal(cas1!.folder, join(dir, 'CAS1'));
      assert.equal(cas1!.ports.rpcClientAccess?.port, 59532);
      assert.equal(cas1!.ports.addressBookRegistry?.port, 59533);
      assert.equal(cas2!.ports.collected, false, 'a link to a missing file costs its part, with the cause');
      assert.equal(cas2!.ports.error, `${join(dir, 'CAS2', 'MSExchangeRPC.reg')}: cannot read registry export: no such file`);
      assert.equal(hosts.servers.length, 2);
      assert.equal(sources[0]!.objects, 2);
      assert.deepEqual(warnings, [
        `${join(dir, 'CAS3')}: a symbolic link whose target cannot be read (no such file); its exports are not used`,
        cas2!.ports.error,
      ]);
    });

    it('refuses two exports of the same NLB cmdlet in one folder', async () => {
      const header = '"Name","IPAddress","SubnetMask","Mode"\r\n';
      const dir = hostsFolder({ CAS1: { 'nlb-cluster.csv': header, 'nlb-cluster.json': '[]' } });
      const { hosts } = await collectHosts([dir], [server('CAS1')], () => {});
      assert.match(hosts.servers[0]!.nlb.error!, /nlb-cluster\.json: .*nlb-cluster\.csv holds the same export; keep one of them/);
    });

    it('stops with a one-line error when the hosts folder cannot be read', async () => {
      await assert.rejects(collectHosts(['no/such/folder'], [server('CAS1')], () => {}), (err: unknown) => {
        assert.ok(err instanceof UserError);
        assert.equal(err.message, 'no/such/folder: cannot read the hosts folder: no such file');
        return true;
      });
    });
  });

  describe('casaudit with --hosts', () => {
    it('collects the raw demo exports into the bundled snapshot (apart from the collection time)', () => {
      const out = join(tempDir(), 'snapshot.json');
      const run = casaudit(['collect', ...DEMO_SOURCES, '--output', out]);
      assert.equal(run.status, 0, run.stderr);
      const collected = JSON.parse(readFileSync(out, 'utf8')) as Snapshot;
      const bundled = demoSnapshot();
      assert.notEqual(collected.collection.collectedAt, bundled.collection.collectedAt);
      collected.collection.collectedAt = bundled.collection.collectedAt;
      assert.deepEqual(collected, bundled, 'run `npm run demo:snapshot` after changing the demo exports');
      assert.match(run.stderr, /OLD-CAS9: the folder name matches no Exchange server/);
    });

    it('points NLB and port findings at the export file and line', () => {
      const run = casaudit(['audit', ...DEMO_SOURCES, '-f', 'sarif']);
      assert.equal(run.status, 1, run.stderr);
      const log = JSON.parse(run.stdout);
      assertValidSarif(log);
      const uriOf = (ruleId: string, server: string) => {
        const result = log.runs[0].results.find(
          (r: { ruleId: string; locations: { logicalLocations: { name: string }[] }[] }) =>
            r.ruleId === ruleId && r.locations[0]!.logicalLocations[0]!.name === server,
        );
        const physical = result.locations[0].physicalLocation;
        return `${physical.artifactLocation.uri}:${physical.region.startLine}`;
      };
      assert.equal(uriOf('NLB003', 'MAN-EX2'), 'fixtures/demo/hosts/MAN-EX2/nlb-portrules.csv:3');
      assert.equal(uriOf('NLB005', 'MAN-EX2'), 'fixtures/demo/hosts/MAN-EX2/nlb-nodes.csv:4');
      // Both ports are 6001: the Address Book one is to change.
      assert.equal(uriOf('PORT004', 'EDI-EX1'), 'fixtures/demo/hosts/EDI-EX1/MSExchangeAB.reg:12');
      assert.equal(uriOf('PORT005', 'EDI-EX1'), 'fixtures/demo/hosts/EDI-EX1/MSExchangeRPC.reg:16');
      // That line of the export holds what the finding is about.
      const csv = readFileSync('fixtures/demo/hosts/MAN-EX2/nlb-portrules.csv', 'latin1').split('\r\n');
      assert.match(csv[2]!, /^"man-nlb","10\.20\.1\.50","135","135","Tcp","Multiple","None"/);
      const notes = log.runs[0].invocations[0].toolExecutionNotifications.map((n: { message: { text: string } }) => n.message.text);
      assert.ok(notes.includes('The host export folder OLD-CAS9 matches no Exchange server in the directory; its exports were not used.'));
    });

    it('keeps the snapshot line primary when auditing a snapshot, with the export line related', () => {
      const log = JSON.parse(casaudit(['audit', 'fixtures/demo/snapshot.json', '-f', 'sarif']).stdout);
      const result = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'NLB003');
      assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'fixtures/demo/snapshot.json');
      const exportLine = result.relatedLocations.find((l: { message: { text: string } }) => l.message.text === 'host export');
      assert.equal(exportLine.physicalLocation.artifactLocation.uri, 'fixtures/demo/hosts/MAN-EX1/nlb-portrules.json');
      assert.equal(exportLine.physicalLocation.region.startLine, 2);
    });

    it('reports a broken export as "not evaluated" for that server, with the file and line, and still audits the rest', () => {
      const dir = tempDir();
      cpSync(DEMO_HOSTS, join(dir, 'hosts'), { recursive: true });
      const rules = join(dir, 'hosts', 'MAN-EX2', 'nlb-portrules.csv');
      writeFileSync(rules, readFileSync(rules, 'latin1').replace('"Tcp","Multiple","None"', '"6","Multiple","None"'), 'latin1');
      const sources = DEMO_SOURCES.slice(0, -1).concat(join(dir, 'hosts'));
      const run = casaudit(['audit', ...sources]);
      assert.equal(run.status, 1);
      const why = `${rules}:3: Protocol is the number 6; export enum values as names`;
      assert.ok(run.stderr.includes(`casaudit: warning: ${why}`), run.stderr);
      assert.ok(run.stdout.includes(`NLB005  nlb-host-not-converged for MAN-EX2: its NLB export could not be read (${why}`), run.stdout);
      assert.match(run.stdout, /NLB003 .*MAN-EX1/, 'MAN-EX1 is still judged');
      assert.match(run.stdout, /PORT001 .*MAN-EX2/, "MAN-EX2's registry export is still read");
    });

    it('refuses --hosts without a directory source, and a missing folder, with exit 2 and no output file', () => {
      const usage = casaudit(['audit', '--hosts', DEMO_HOSTS]);
      assert.equal(usage.status, 2);
      assert.match(usage.stderr, /--hosts needs a directory source \(--ldif or --ldap-url\)/);
      const dir = tempDir();
      const out = join(dir, 'report.sarif');
      const missing = casaudit(['audit', '--ldif', 'fixtures/demo/northwind.ldif', '--hosts', join(dir, 'nope'), '-f', 'sarif', '-o', out]);
      assert.equal(missing.status, 2);
      assert.equal(missing.stderr.trim(), `casaudit: ${join(dir, 'nope')}: cannot read the hosts folder: no such file`);
      assert.equal(existsSync(out), false);
      assert.deepEqual(readdirSync(dir), []);
    });
  });
});

describe('output never replaces what the sources read', () => {
  it('refuses to write over a zone file, a public zone file or into a hosts folder, and leaves them intact', () => {
    const dir = tempDir();
    cpSync('fixtures/demo', join(dir, 'demo'), { recursive: true });
    const zone = join(dir, 'demo', 'northwind.local.dns');
    const publicZone = join(dir, 'demo', 'public-northwind.local.zone');
    const before = readFileSync(zone);
    const sources = ['--ldif', join(dir, 'demo', 'northwind.ldif'), '--zone', `northwind.local=${zone}`, '--external-zone', publicZone, '--hosts', join(dir, 'demo', 'hosts')];
    for (const [command, output] of [
      ['audit', zone],
      ['collect', publicZone],
      ['collect', join(dir, 'demo', 'hosts', 'LON-CAS1', 'report.json')],
    ] as const) {
      const run = casaudit([command, ...sources, '-o', output]);
      assert.equal(run.status, 2, `${command} -o ${output}`);
      assert.match(run.stderr, /refusing to write the (text report|snapshot) over an input file/);
    }
    assert.deepEqual(readFileSync(zone), before);
    assert.equal(existsSync(join(dir, 'demo', 'hosts', 'LON-CAS1', 'report.json')), false);
  });
});
