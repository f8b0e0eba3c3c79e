import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assembleNlb, type NamedTable, type NlbExports } from '../src/collect/hosts/nlb.js';
import { parseExportTable } from '../src/collect/hosts/tabular.js';
import { decodeWindowsText } from '../src/collect/windows-text.js';
import type { NlbCluster } from '../src/snapshot/model.js';
import { assertUserError } from './support/user-error.js';

const demo = (path: string): string => fileURLToPath(new URL(`../fixtures/demo/hosts/${path}`, import.meta.url));

/** An export file the way the collector reads it: bytes, decodeWindowsText, parseExportTable. */
function demoTable(path: string): NamedTable {
  const file = demo(path);
  return { file, table: parseExportTable(decodeWindowsText(readFileSync(file), file, 'an NLB export'), file) };
}

/** The three NLB export files of one demo server folder, in the given format. */
function demoExports(server: string, ext: 'csv' | 'json'): Required<NlbExports> {
  return {
    cluster: demoTable(`${server}/nlb-cluster.${ext}`),
    nodes: demoTable(`${server}/nlb-nodes.${ext}`),
    portRules: demoTable(`${server}/nlb-portrules.${ext}`),
  };
}

const csv = (file: string, ...lines: string[]): NamedTable => ({ file, table: parseExportTable(lines.join('\r\n') + '\r\n', file) });
const json = (file: string, value: unknown): NamedTable => ({ file, table: parseExportTable(JSON.stringify(value, null, 4), file) });

function assemble(exports: NlbExports): { clusters: NlbCluster[] | null; warnings: string[] } {
  const warnings: string[] = [];
  const clusters = assembleNlb(exports, (message) => warnings.push(message));
  return { clusters, warnings };
}

const CLUSTER = csv('c.csv', '"Name","IPAddress","SubnetMask","Mode"', '"lon-nlb","10.0.0.5","255.255.0.0","Unicast"');
const NODES = csv('n.csv', '"Cluster","Name","State","HostID"', '"lon-nlb","LON-CAS1","Converged","1"');
const RULE_HEADER = '"VirtualIPAddress","StartPort","EndPort","Protocol","FilteringMode","Affinity","State"';
/** One port rule row (after the header at line 1) through the whole assembly; the rule it gives. */
const oneRule = (row: string, header = RULE_HEADER) => assemble({ cluster: CLUSTER, nodes: NODES, portRules: csv('p.csv', header, row) });
const ruleOf = (row: string, header = RULE_HEADER) => oneRule(row, header).clusters![0]!.portRules![0]!;

describe('NLB exports (Get-NlbCluster, Get-NlbClusterNode, Get-NlbClusterPortRule)', () => {
  describe('the demo exports', () => {
    it('assembles LON-CAS1 (Export-Csv, UTF-8 with a BOM) without warnings', () => {
      const { cluster, nodes, portRules } = demoExports('LON-CAS1', 'csv');
      const { clusters, warnings } = assemble({ cluster, nodes, portRules });
      assert.deepEqual(warnings, []);
      assert.deepEqual(clusters, [
        {
          name: 'lon-nlb',
          ip: '10.10.1.50',
          mode: 'Unicast',
          hosts: [
            { name: 'LON-CAS1', state: 'Converged', hostId: 1, source: { file: nodes.file, line: 2 } },
            { name: 'LON-CAS2', state: 'Converged', hostId: 2, source: { file: nodes.file, line: 3 } },
          ],
          portRules: [
            {
              vip: '10.10.1.50',
              startPort: 135,
              endPort: 135,
              protocol: 'Tcp',
              filteringMode: 'Multiple',
              affinity: 'Single',
              enabled: true,
              source: { file: portRules.file, line: 2 },
            },
            {
              vip: '10.10.1.50',
              startPort: 59532,
              endPort: 59533,
              protocol: 'Tcp',
              filteringMode: 'Multiple',
              affinity: 'Single',
              enabled: true,
              source: { file: portRules.file, line: 3 },
            },
          ],
          source: { file: cluster.file, line: 2 },
        },
      ]);
    });

    it('assembles MAN-EX1 (ConvertTo-Json, UTF-16LE, a single cluster object, PortState) without warnings', () => {
      const { cluster, nodes, portRules } = demoExports('MAN-EX1', 'json');
      const { clusters, warnings } = assemble({ cluster, nodes, portRules });
      assert.deepEqual(warnings, []);
      assert.equal(clusters?.length, 1);
      const man = clusters![0]!;
      assert.deepEqual([man.name, man.ip, man.mode, man.source], ['man-nlb', '10.20.1.50', 'Unicast', { file: cluster.file, line: 1 }]);
      assert.deepEqual(
        man.hosts.map((h) => `${h.source?.line} ${h.name} ${h.state} ${h.hostId}`),
        [
          '2 man-ex1.northwind.local Converged 1', // this export names the node by its FQDN
          '8 MAN-EX2 Stopped 2',
          '14 MAN-WEB01 Converged 3',
          '20 MAN-WEB02 Converged 4',
          '26 MAN-WEB03 Converged 5',
          '32 MAN-WEB04 Converged 6',
          '38 MAN-WEB05 Converged 7',
          '44 MAN-WEB06 Converged 8',
          '50 MAN-WEB07 Converged 9',
        ],
      );
      assert.deepEqual(man.portRules, [
        { vip: '10.20.1.50', startPort: 135, endPort: 135, protocol: 'Tcp', filteringMode: 'Multiple', affinity: 'None', enabled: true, source: { file: portRules.file, line: 2 } },
        {
          vip: '10.20.1.50',
          startPort: 59532,
          endPort: 59533,
          protocol: 'Tcp',
          filteringMode: 'Multiple',
          affinity: 'Single',
          enabled: true,
          source: { file: portRules.file, line: 13 },
        },
      ]);
    });

    it('assembles MAN-EX2 (Export-Csv with #TYPE, ANSI) to the same cluster as MAN-EX1, one line further down', () => {
      const { clusters, warnings } = assemble(demoExports('MAN-EX2', 'csv'));
      assert.deepEqual(warnings, []); // InterfaceName, EqualLoad and Timeout are known columns
      const man = clusters![0]!;
      assert.equal(man.source?.line, 3);
      assert.deepEqual(man.hosts.map((h) => h.source?.line), [3, 4, 5, 6, 7, 8, 9, 10, 11]);
      assert.deepEqual(
        man.portRules!.map((r) => [r.source?.line, r.startPort, r.endPort, r.affinity, r.enabled]),
        [
          [3, 135, 135, 'None', true],
          [4, 59532, 59533, 'Single', true],
        ],
      );
    });

    it('reads the header-only exports of a server outside NLB (LON-MBX1) as no cluster, without warnings', () => {
      const { clusters, warnings } = assemble(demoExports('LON-MBX1', 'csv'));
      assert.deepEqual(clusters, []);
      assert.deepEqual(warnings, []);
    });
  });

  describe('columns', () => {
    it('accepts the table headings IPAddress, Start, End, Mode and State for port rules', () => {
      const rule = ruleOf('"10.0.0.5","443","444","Udp","Single","None","Disabled"', '"IPAddress","Start","End","Protocol","Mode","Affinity","State"');
      assert.deepEqual(rule, {
        vip: '10.0.0.5',
        startPort: 443,
        endPort: 444,
        protocol: 'Udp',
        filteringMode: 'Single',
        affinity: 'None',
        enabled: false,
        source: { file: 'p.csv', line: 2 },
      });
    });

    it('reads the cluster from ClusterName and OperationMode, and the host ID from HostPriority', () => {
      const { clusters } = assemble({
        cluster: csv('c.csv', 'ClusterName,IPAddress,OperationMode', 'alt-nlb,10.9.9.9,Multicast'),
        nodes: csv('n.csv', 'Name,State,HostPriority', 'A,Suspended,3', 'B,,x'),
        portRules: csv('p.csv', RULE_HEADER, '"10.9.9.9","1","2","Tcp","Single","None","Enabled"'),
      });
      const c = clusters![0]!;
      assert.deepEqual([c.name, c.ip, c.mode], ['alt-nlb', '10.9.9.9', 'Multicast']);
      assert.deepEqual(
        c.hosts.map((h) => [h.name, h.state, h.hostId, h.source?.line]),
        [
          ['A', 'Suspended', 3, 2],
          ['B', '', null, 3],
        ],
      );
    });

    it('warns once per file about unknown columns, listing them all', () => {
      const { clusters, warnings } = assemble({
        cluster: csv('c.csv', 'Name,IPAddress,Mode,Owner', 'lon-nlb,10.0.0.5,Unicast,me'),
        nodes: csv('n.csv', 'Cluster,Name,State,HostID,Foo,Bar', 'lon-nlb,A,Converged,1,x,y', 'lon-nlb,B,Converged,2,x,y'),
        portRules: csv('p.csv', `${RULE_HEADER},"Colour"`, '"10.0.0.5","1","2","Tcp","Single","None","Enabled","red"', '"10.0.0.5","3","4","Tcp","Single","None","Enabled","blue"'),
      });
      assert.deepEqual(warnings, [
        'c.csv: ignoring unknown column(s) Owner',
        'n.csv: ignoring unknown column(s) Foo, Bar',
        'p.csv: ignoring unknown column(s) Colour',
      ]);
      assert.equal(clusters![0]!.hosts.length, 2);
      assert.equal(clusters![0]!.portRules!.length, 2);
    });

    it('takes port rules as enabled, with one warning, when there is no State or PortState column', () => {
      const { clusters, warnings } = oneRule('"10.0.0.5","1","2","Tcp","Single","None"', '"VirtualIPAddress","StartPort","EndPort","Protocol","FilteringMode","Affinity"');
      assert.equal(clusters![0]!.portRules![0]!.enabled, true);
      assert.deepEqual(warnings, ['p.csv: no State or PortState column: port rules are taken as enabled']);
    });

    it('reads State Enabled, Disabled and Draining (a draining rule takes no new connections)', () => {
      assert.equal(ruleOf('"10.0.0.5","1","2","Tcp","Single","None","Enabled"').enabled, true);
      assert.equal(ruleOf('"10.0.0.5","1","2","Tcp","Single","None","disabled"').enabled, false);
      assert.equal(ruleOf('"10.0.0.5","1","2","Tcp","Single","None","Draining"').enabled, false);
      assertUserError(() => ruleOf('"10.0.0.5","1","2","Tcp","Single","None","Stopped"'), 'p.csv:2: port rule State "Stopped" is not Enabled, Disabled or Draining');
    });
  });

  describe('values', () => {
    it('reads the VIP "All" as 255.255.255.255', () => {
      assert.equal(ruleOf('"All","1","2","Tcp","Single","None","Enabled"').vip, '255.255.255.255');
      assert.equal(ruleOf('"ALL","1","2","Tcp","Single","None","Enabled"').vip, '255.255.255.255');
    });

    it('matches enum names in any case and reads WMI\'s ClassC as the Network affinity', () => {
      const rule = ruleOf('"10.0.0.5","1","2","both","MULTIPLE","ClassC","Enabled"');
      assert.deepEqual([rule.protocol, rule.filteringMode, rule.affinity], ['Both', 'Multiple', 'Network']);
      assert.equal(ruleOf('"10.0.0.5","1","2","Tcp","Multiple","classc","Enabled"').affinity, 'Network');
    });

    it('takes a blank Affinity as None unless the rule filters across several hosts', () => {
      assert.equal(ruleOf('"10.0.0.5","1","2","Tcp","Single","","Enabled"').affinity, 'None');
      assert.equal(ruleOf('"10.0.0.5","1","2","Tcp","Disabled","","Enabled"').affinity, 'None');
      assertUserError(() => ruleOf('"10.0.0.5","1","2","Tcp","Multiple","","Enabled"'), 'p.csv:2: no value for Affinity');
      assertUserError(
        () => ruleOf('"10.0.0.5","1","2","Tcp","Multiple","Enabled"', '"VirtualIPAddress","StartPort","EndPort","Protocol","FilteringMode","State"'),
        'p.csv:2: no value for Affinity',
      );
    });

    it('refuses an enum name it does not know, listing the allowed ones', () => {
      assertUserError(() => ruleOf('"10.0.0.5","1","2","Icmp","Single","None","Enabled"'), 'p.csv:2: Protocol "Icmp" is not one of Tcp, Udp, Both');
      assertUserError(() => ruleOf('"10.0.0.5","1","2","Tcp","Round","None","Enabled"'), 'p.csv:2: FilteringMode "Round" is not one of Single, Multiple, Disabled');
      assertUserError(() => ruleOf('"10.0.0.5","1","2","Tcp","Multiple","ClassB","Enabled"'), 'p.csv:2: Affinity "ClassB" is not one of None, Single, Network');
    });

    it('refuses a port that is not 0-65535', () => {
      assertUserError(() => ruleOf('"10.0.0.5","1","70000","Tcp","Single","None","Enabled"'), 'p.csv:2: EndPort "70000" is not a port number (0-65535)');
      assertUserError(() => ruleOf('"10.0.0.5","abc","2","Tcp","Single","None","Enabled"'), 'p.csv:2: StartPort "abc" is not a port number (0-65535)');
      assertUserError(() => ruleOf('"10.0.0.5","-1","2","Tcp","Single","None","Enabled"'), 'p.csv:2: StartPort "-1" is not a port number (0-65535)');
      assert.deepEqual(
        [ruleOf('"10.0.0.5","0","65535","Tcp","Single","None","Enabled"').startPort, ruleOf('"10.0.0.5","0","65535","Tcp","Single","None","Enabled"').endPort],
        [0, 65535],
      );
    });

    it('refuses a row without a VIP, a cluster without an IP address and a node without a name', () => {
      assertUserError(() => ruleOf('"","1","2","Tcp","Single","None","Enabled"'), 'p.csv:2: no value for VirtualIPAddress or IPAddress');
      assertUserError(() => assemble({ cluster: csv('c.csv', 'Name,IPAddress', 'lon-nlb,10.0.0.5', 'bad-nlb,') }), 'c.csv:3: no value for IPAddress');
      assertUserError(() => assemble({ cluster: CLUSTER, nodes: csv('n.csv', 'Name,State', 'A,Converged', ',Converged') }), 'n.csv:3: no value for Name');
    });
  });

  describe('enum values written as numbers are refused, with how to export names', () => {
    const cases: [string, string, string][] = [
      ['Protocol', '"10.0.0.5","1","2","6","Single","None","Enabled"', 'Protocol'],
      ['FilteringMode', '"10.0.0.5","1","2","Tcp","1","None","Enabled"', 'FilteringMode'],
      ['Affinity', '"10.0.0.5","1","2","Tcp","Multiple","1","Enabled"', 'Affinity'],
      ['State', '"10.0.0.5","1","2","Tcp","Single","None","2"', 'State'],
    ];
    for (const [kind, row, property] of cases) {
      it(`refuses a numeric ${kind}`, () => {
        assertUserError(() => ruleOf(row), new RegExp(`^p\\.csv:2: ${kind} is the number \\d+; export enum values as names, `));
        assert.throws(
          () => ruleOf(row),
          (err: Error) => err.message.includes('Export-Csv') && err.message.includes(`Select-Object @{n='${property}';e={"$($_.${property})"}} before ConvertTo-Json`),
        );
      });
    }

    it('refuses a numeric node State (ConvertTo-Json of Get-NlbClusterNode), which would read as a state named "1"', () => {
      const nodes = json('n.json', [
        { Cluster: 'lon-nlb', Name: 'LON-CAS1', State: 'Converged', HostID: 1 },
        { Cluster: 'lon-nlb', Name: 'LON-CAS2', State: 1, HostID: 2 },
      ]);
      assertUserError(() => assemble({ cluster: CLUSTER, nodes }), /^n\.json:8: State is the number 1; export enum values as names, .*Export-Csv/);
    });

    it('gives the whole message, for a ConvertTo-Json number', () => {
      const portRules = json('p.json', [
        { VirtualIPAddress: '10.0.0.5', StartPort: 135, EndPort: 135, Protocol: 'Tcp', FilteringMode: 'Multiple', Affinity: 'Single', PortState: 'Enabled' },
        { VirtualIPAddress: '10.0.0.5', StartPort: 59532, EndPort: 59533, Protocol: 6, FilteringMode: 'Multiple', Affinity: 'Single', PortState: 'Enabled' },
      ]);
      assertUserError(
        () => assemble({ cluster: CLUSTER, nodes: NODES, portRules }),
        'p.json:11: Protocol is the number 6; export enum values as names, because their numbers differ between Windows versions: ' +
          `use Export-Csv, or Select-Object @{n='Protocol';e={"$($_.Protocol)"}} before ConvertTo-Json (scripts/Export-CasAuditHostData.ps1 does this)`,
      );
    });

    it('names the PortState property in the hint when the number is in PortState', () => {
      const portRules = json('p.json', [
        { VirtualIPAddress: '10.0.0.5', StartPort: 135, EndPort: 135, Protocol: 'Tcp', FilteringMode: 'Single', Affinity: 'None', PortState: 1 },
      ]);
      assertUserError(
        () => assemble({ cluster: CLUSTER, nodes: NODES, portRules }),
        'p.json:2: PortState is the number 1; export enum values as names, because their numbers differ between Windows versions: ' +
          `use Export-Csv, or Select-Object @{n='PortState';e={"$($_.PortState)"}} before ConvertTo-Json (scripts/Export-CasAuditHostData.ps1 does this)`,
      );
    });
  });

  describe('several clusters', () => {
    const TWO = csv('c.csv', 'Name,IPAddress,Mode', 'lon-nlb.corp.example,10.0.0.5,Unicast', 'man-nlb,10.0.0.6,Multicast');
    const RULE = '"10.0.0.5","1","2","Tcp","Single","None","Enabled"';

    it('routes node and port rule rows by the Cluster column: full name, short name or IP, any case', () => {
      const { clusters, warnings } = assemble({
        cluster: TWO,
        nodes: csv('n.csv', 'Cluster,Name,State', 'LON-NLB,A,Converged', '10.0.0.6,B,Stopped', 'man-nlb,C,Converged', 'lon-nlb.corp.example,D,Converged'),
        portRules: csv('p.csv', `"Cluster",${RULE_HEADER}`, `"10.0.0.6",${RULE}`, `"lon-nlb",${RULE}`),
      });
      assert.deepEqual(warnings, []);
      assert.deepEqual(
        clusters!.map((c) => [c.name, c.source?.line, c.hosts.map((h) => `${h.name}@${h.source?.line}`), c.portRules!.map((r) => r.source?.line)]),
        [
          ['lon-nlb.corp.example', 2, ['A@2', 'D@5'], [3]],
          ['man-nlb', 3, ['B@3', 'C@4'], [2]],
        ],
      );
    });

    it('refuses rows without a Cluster column, naming the file and line', () => {
      assertUserError(
        () => assemble({ cluster: TWO, nodes: csv('n.csv', 'Name,State', 'A,Converged') }),
        'n.csv:2: no Cluster column, and the server is in several NLB clusters',
      );
      assertUserError(
        () => assemble({ cluster: TWO, portRules: csv('p.csv', RULE_HEADER, '', RULE) }),
        'p.csv:3: no Cluster column, and the server is in several NLB clusters',
      );
    });

    it('refuses a Cluster value that names none of the clusters, and a blank one', () => {
      assertUserError(
        () => assemble({ cluster: TWO, nodes: csv('n.csv', 'Cluster,Name,State', 'lon-nlb,A,Converged', 'edi-nlb,B,Converged') }),
        'n.csv:3: Cluster "edi-nlb" names none of the exported clusters',
      );
      assertUserError(
        () => assemble({ cluster: TWO, nodes: csv('n.csv', 'Cluster,Name,State', ',A,Converged') }),
        'n.csv:2: no Cluster column, and the server is in several NLB clusters',
      );
    });

    it('puts every row in the only cluster when there is one, whatever its Cluster column says', () => {
      const { clusters } = assemble({ cluster: CLUSTER, nodes: csv('n.csv', 'Cluster,Name,State', 'other-name,A,Converged') });
      assert.deepEqual(clusters!.map((c) => c.hosts.map((h) => h.name)), [['A']]);
    });
  });

  describe('which exports are there', () => {
    it('returns null when there is no NLB export at all', () => {
      assert.deepEqual(assemble({}), { clusters: null, warnings: [] });
    });

    it('refuses node or port rule exports without the cluster export', () => {
      assertUserError(() => assemble({ nodes: NODES }), 'n.csv: an NLB node or port rule export without nlb-cluster.csv or nlb-cluster.json beside it');
      assertUserError(
        () => assemble({ portRules: csv('p.csv', RULE_HEADER) }),
        'p.csv: an NLB node or port rule export without nlb-cluster.csv or nlb-cluster.json beside it',
      );
    });

    it('reads a header-only cluster export as no cluster, warning about node and port rule exports that have rows', () => {
      const empty = csv('c.csv', '"Name","IPAddress","SubnetMask","Mode"');
      assert.deepEqual(assemble({ cluster: empty }), { clusters: [], warnings: [] });
      assert.deepEqual(assemble({ cluster: empty, nodes: NODES, portRules: csv('p.csv', RULE_HEADER) }), {
        clusters: [],
        warnings: ['n.csv: ignored, because c.csv lists no NLB cluster'],
      });
      assert.deepEqual(assemble({ cluster: { file: 'c.json', table: parseExportTable('', 'c.json') }, nodes: NODES, portRules: csv('p.csv', RULE_HEADER, '"All","1","2","Tcp","Single","None","Enabled"') }), {
        clusters: [],
        warnings: ['n.csv: ignored, because c.json lists no NLB cluster', 'p.csv: ignored, because c.json lists no NLB cluster'],
      });
    });

    it('warns when the node or the port rule export is missing', () => {
      const noNodes = assemble({ cluster: CLUSTER, portRules: csv('p.csv', RULE_HEADER, '"All","1","2","Tcp","Single","None","Enabled"') });
      assert.deepEqual(noNodes.warnings, ['c.csv: no nlb-nodes export beside it: host states are unknown']);
      assert.deepEqual(noNodes.clusters![0]!.hosts, []);
      assert.equal(noNodes.clusters![0]!.portRules!.length, 1);
      const noRules = assemble({ cluster: CLUSTER, nodes: NODES });
      assert.deepEqual(noRules.warnings, ['c.csv: no nlb-portrules export beside it: port rules are unknown']);
      // Unknown, not "no rules": NLB003 and NLB004 then say not evaluated instead of passing or failing.
      assert.equal(noRules.clusters![0]!.portRules, null);
      assert.deepEqual(assemble({ cluster: CLUSTER }).warnings, [
        'c.csv: no nlb-nodes export beside it: host states are unknown',
        'c.csv: no nlb-portrules export beside it: port rules are unknown',
      ]);
    });

    it('takes an empty port rule export (no file content, a header only, an empty JSON array) as unknown port rules, and says so', () => {
      for (const empty of [csv('p.csv', RULE_HEADER), { file: 'p.csv', table: parseExportTable('', 'p.csv') }, json('p.json', [])]) {
        const got = assemble({ cluster: CLUSTER, nodes: NODES, portRules: empty });
        assert.equal(got.clusters![0]!.portRules, null, empty.file);
        assert.deepEqual(got.warnings, [`${empty.file}: lists no port rule: port rules are unknown`]);
      }
      // An export that lists rules for one cluster says the other has none: known and empty.
      const two = csv('c.csv', '"Name","IPAddress","SubnetMask","Mode"', '"a","10.0.0.5","255.255.0.0","Unicast"', '"b","10.0.0.6","255.255.0.0","Unicast"');
      const got = assemble({ cluster: two, nodes: csv('n.csv', '"Cluster","Name","State","HostID"', '"a","LON-CAS1","Converged","1"'), portRules: csv('p.csv', `"Cluster",${RULE_HEADER}`, '"a","All","1","2","Tcp","Single","None","Enabled"') });
      assert.deepEqual(got.clusters!.map((c) => c.portRules?.length ?? null), [1, 0]);
    });
  });

describe('NLB addresses that are not addresses', () => {
  const BAD = { '999.1.1.1': /part over 255/, '010.1.1.1': /leading zero/, '10.1.1.1/24': /prefix length/, '::ffff:10.1.1.1': /IPv4-mapped/, '::FFFF:a01:101': /IPv4-mapped/, 'lon-nlb': /not an IPv4 or IPv6/ };
  it('keeps a cluster IP that is not an address, with a warning naming file:line', () => {
    for (const [bad, why] of Object.entries(BAD)) {
      const cluster = csv('c.csv', '"Name","IPAddress","SubnetMask","Mode"', `"lon-nlb","${bad}","255.255.0.0","Unicast"`);
      const got = assemble({ cluster, nodes: NODES, portRules: csv('p.csv', RULE_HEADER, '"All","135","135","Tcp","Multiple","Single","Enabled"') });
      assert.equal(got.clusters![0]!.ip, bad);
      assert.equal(got.warnings.length, 1, bad);
      assert.match(got.warnings[0]!, new RegExp(`^c\\.csv:2: IPAddress "${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}" is `), bad);
      assert.match(got.warnings[0]!, why, bad);
    }
  });
  it('warns about a port rule VIP that is not an address, and not about All or good addresses', () => {
    for (const [bad, why] of Object.entries(BAD)) {
      const got = oneRule(`"${bad}","135","135","Tcp","Multiple","Single","Enabled"`);
      assert.equal(got.warnings.length, 1, bad);
      assert.match(got.warnings[0]!, /^p\.csv:2: VirtualIPAddress "/, bad);
      assert.match(got.warnings[0]!, why, bad);
    }
    for (const good of ['All', '10.0.0.5', '255.255.255.255', 'fd00::5', '::ffff:1:2:3']) assert.deepEqual(oneRule(`"${good}","135","135","Tcp","Multiple","Single","Enabled"`).warnings, [], good);
  });
});
});
