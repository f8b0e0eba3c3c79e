import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseExportTable, type Cell, type ExportTable } from '../src/collect/hosts/tabular.js';
import { decodeWindowsText } from '../src/collect/windows-text.js';
import { assertUserError } from './support/user-error.js';

const demo = (path: string): string => fileURLToPath(new URL(`../fixtures/demo/hosts/${path}`, import.meta.url));

/** Reads an export the way the collector does: bytes, decodeWindowsText, parseExportTable. */
function readDemo(path: string): ExportTable {
  const file = demo(path);
  return parseExportTable(decodeWindowsText(readFileSync(file), file, 'an NLB export'), file);
}

const crlf = (...lines: string[]): string => lines.join('\r\n') + '\r\n';

/** Each row as its line and its cells by the names as written. */
const rows = (table: ExportTable): [number, Record<string, Cell>][] =>
  table.rows.map((row) => [row.line, Object.fromEntries([...row.cells.values()].map((c) => [c.name, c.value]))]);

describe('PowerShell export tables (CSV and JSON)', () => {
  describe('CSV', () => {
    it('reads Export-Csv -NoTypeInformation output in UTF-8 with a BOM (demo LON-CAS1)', () => {
      const bytes = readFileSync(demo('LON-CAS1/nlb-nodes.csv'));
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      const table = readDemo('LON-CAS1/nlb-nodes.csv');
      assert.deepEqual(table.columns, ['Cluster', 'Name', 'State', 'HostID']); // no BOM left on "Cluster"
      assert.deepEqual(rows(table), [
        [2, { Cluster: 'lon-nlb', Name: 'LON-CAS1', State: 'Converged', HostID: '1' }],
        [3, { Cluster: 'lon-nlb', Name: 'LON-CAS2', State: 'Converged', HostID: '2' }],
      ]);
    });

    it('keys cells by the lower-case name and keeps the name as written', () => {
      const table = readDemo('LON-CAS1/nlb-portrules.csv');
      const first = table.rows[0]!;
      assert.deepEqual(first.cells.get('virtualipaddress'), { name: 'VirtualIPAddress', value: '10.10.1.50' });
      assert.deepEqual(first.cells.get('startport'), { name: 'StartPort', value: '135' });
      assert.equal(first.cells.get('VirtualIPAddress'), undefined);
      assert.deepEqual(
        table.rows.map((r) => [r.line, r.cells.get('endport')?.value]),
        [
          [2, '135'],
          [3, '59533'],
        ],
      );
    });

    it('skips the #TYPE line of Windows PowerShell Export-Csv (ANSI, demo MAN-EX2) and counts it', () => {
      const bytes = readFileSync(demo('MAN-EX2/nlb-nodes.csv'));
      assert.equal(bytes.subarray(0, 6).toString('latin1'), '#TYPE ');
      const table = readDemo('MAN-EX2/nlb-nodes.csv');
      assert.deepEqual(table.columns, ['Cluster', 'Name', 'InterfaceName', 'State', 'HostID']);
      assert.deepEqual(
        table.rows.map((r) => `${r.line} ${r.cells.get('name')?.value} ${r.cells.get('state')?.value}`),
        [
          '3 MAN-EX1 Converged',
          '4 MAN-EX2 Stopped',
          '5 MAN-WEB01 Converged',
          '6 MAN-WEB02 Converged',
          '7 MAN-WEB03 Converged',
          '8 MAN-WEB04 Converged',
          '9 MAN-WEB05 Converged',
          '10 MAN-WEB06 Converged',
          '11 MAN-WEB07 Converged',
        ],
      );
    });

    it('gives the same rows one line further down with #TYPE than without', () => {
      const body = ['"Name","IPAddress"', '"a","10.0.0.1"', '"b","10.0.0.2"'];
      const plain = parseExportTable(crlf(...body), 'plain.csv');
      const typed = parseExportTable(crlf('#TYPE Microsoft.NetworkLoadBalancingClusters.PowerShell.Cluster', ...body), 'typed.csv');
      assert.deepEqual(rows(plain), [
        [2, { Name: 'a', IPAddress: '10.0.0.1' }],
        [3, { Name: 'b', IPAddress: '10.0.0.2' }],
      ]);
      assert.deepEqual(rows(typed), [
        [3, { Name: 'a', IPAddress: '10.0.0.1' }],
        [4, { Name: 'b', IPAddress: '10.0.0.2' }],
      ]);
      assert.deepEqual(typed.columns, plain.columns);
    });

    for (const [label, eol] of [
      ['CRLF', '\r\n'],
      ['LF', '\n'],
    ] as const) {
      it(`keeps the starting line of a row whose quoted value spans two lines, and of the rows after it (${label})`, () => {
        const lines = ['"Name","Note"', '"a","first line', 'second line"', '"b","plain"', '"c","x"'];
        const plain = parseExportTable(lines.join(eol) + eol, 'multi.csv');
        assert.deepEqual(
          plain.rows.map((r) => [r.line, r.cells.get('name')?.value]),
          [
            [2, 'a'],
            [4, 'b'],
            [5, 'c'],
          ],
        );
        assert.match(String(plain.rows[0]!.cells.get('note')?.value), /^first line\r?\nsecond line$/);
        const typed = parseExportTable(['#TYPE T', ...lines].join(eol) + eol, 'multi.csv');
        assert.deepEqual(
          typed.rows.map((r) => r.line),
          [3, 5, 6],
        );
      });
    }

    it('counts a value spanning three lines, with "" escapes, and skipped blank lines', () => {
      const table = parseExportTable(
        crlf('"Name","Note"', '', '"a","one', 'say ""two""', 'three"', '', '', '"b","x"'),
        'blank.csv',
      );
      assert.deepEqual(
        table.rows.map((r) => [r.line, r.cells.get('name')?.value]),
        [
          [3, 'a'],
          [8, 'b'],
        ],
      );
      assert.match(String(table.rows[0]!.cells.get('note')?.value), /^one\r?\nsay "two"\r?\nthree$/);
    });

    it('reads a header-only export as no rows, keeping the columns (demo LON-MBX1)', () => {
      const table = readDemo('LON-MBX1/nlb-portrules.csv');
      assert.deepEqual(table.columns, ['Cluster', 'VirtualIPAddress', 'StartPort', 'EndPort', 'Protocol', 'FilteringMode', 'Affinity', 'State']);
      assert.deepEqual(table.rows, []);
      const typed = parseExportTable(crlf('#TYPE T', '"Name","IPAddress"'), 'h.csv');
      assert.deepEqual(typed, { columns: ['Name', 'IPAddress'], rows: [] });
    });

    it('reads an empty export (the cmdlet returned nothing) as no columns and no rows', () => {
      for (const text of ['', '\uFEFF', '\r\n', '  \r\n\r\n']) {
        assert.deepEqual(parseExportTable(text, 'empty.csv'), { columns: [], rows: [] }, JSON.stringify(text));
      }
      assert.deepEqual(parseExportTable(decodeWindowsText(new Uint8Array(0), 'empty.csv', 'an NLB export'), 'empty.csv'), { columns: [], rows: [] });
      assert.deepEqual(parseExportTable(crlf('#TYPE T'), 'empty.csv'), { columns: [], rows: [] });
    });

    it('trims column names', () => {
      const table = parseExportTable(crlf('Name , IPAddress', 'a,10.0.0.1'), 't.csv');
      assert.deepEqual(table.columns, ['Name', 'IPAddress']);
      assert.deepEqual(table.rows[0]!.cells.get('ipaddress'), { name: 'IPAddress', value: '10.0.0.1' });
    });
  });

  describe('JSON (ConvertTo-Json)', () => {
    it('reads an array, each row at the line of its "{" (UTF-16LE demo MAN-EX1)', () => {
      assert.deepEqual([...readFileSync(demo('MAN-EX1/nlb-nodes.json')).subarray(0, 2)], [0xff, 0xfe]);
      const table = readDemo('MAN-EX1/nlb-nodes.json');
      assert.deepEqual(table.columns, ['Cluster', 'Name', 'State', 'HostID']);
      assert.equal(table.rows.length, 9);
      assert.deepEqual(table.rows.map((r) => r.line), [2, 8, 14, 20, 26, 32, 38, 44, 50]);
      assert.deepEqual(rows(table)[1], [8, { Cluster: 'man-nlb', Name: 'MAN-EX2', State: 'Stopped', HostID: 2 }]);
    });

    it('keeps numbers as numbers (demo MAN-EX1 port rules)', () => {
      const table = readDemo('MAN-EX1/nlb-portrules.json');
      assert.deepEqual(rows(table), [
        [
          2,
          {
            Cluster: 'man-nlb',
            VirtualIPAddress: '10.20.1.50',
            StartPort: 135,
            EndPort: 135,
            Protocol: 'Tcp',
            FilteringMode: 'Multiple',
            Affinity: 'None',
            PortState: 'Enabled',
            Timeout: 0,
          },
        ],
        [
          13,
          {
            Cluster: 'man-nlb',
            VirtualIPAddress: '10.20.1.50',
            StartPort: 59532,
            EndPort: 59533,
            Protocol: 'Tcp',
            FilteringMode: 'Multiple',
            Affinity: 'Single',
            PortState: 'Enabled',
            Timeout: 0,
          },
        ],
      ]);
    });

    it('reads a single object (one item) as one row at line 1 (demo MAN-EX1 cluster)', () => {
      const table = readDemo('MAN-EX1/nlb-cluster.json');
      assert.deepEqual(table.columns, ['Name', 'IPAddress', 'SubnetMask', 'Mode']);
      assert.deepEqual(rows(table), [[1, { Name: 'man-nlb', IPAddress: '10.20.1.50', SubnetMask: '255.255.0.0', Mode: 'Unicast' }]]);
    });

    it('reads a single object after blank lines at its own line, and [] as no rows', () => {
      const table = parseExportTable('\r\n\r\n  {\r\n    "Name": "x"\r\n  }\r\n', 'one.json');
      assert.deepEqual(rows(table), [[3, { Name: 'x' }]]);
      assert.deepEqual(parseExportTable('[]\r\n', 'none.json'), { columns: [], rows: [] });
    });

    it('stringifies nested objects and arrays (deeper than -Depth), keeps null and booleans', () => {
      const table = parseExportTable(
        crlf('[', '  {', '    "Name": "a",', '    "Cluster": { "Name": "lon-nlb", "IPAddress": "10.0.0.5" },', '    "Tags": [1, "two"],', '    "Note": null,', '    "On": true', '  },', '  { "Name": "b", "Extra": false }', ']'),
        'nested.json',
      );
      assert.deepEqual(table.columns, ['Name', 'Cluster', 'Tags', 'Note', 'On', 'Extra']);
      assert.deepEqual(rows(table), [
        [2, { Name: 'a', Cluster: '{"Name":"lon-nlb","IPAddress":"10.0.0.5"}', Tags: '[1,"two"]', Note: null, On: true }],
        [9, { Name: 'b', Extra: false }],
      ]);
    });
  });

  describe('errors name the file and line', () => {
    it('refuses a CSV quote that never closes, at the line the quote opens on', () => {
      const lines = ['"Name","IPAddress"', '"a","10.0.0.1"', '"b","10.0.0.2', 'c,10.0.0.3', 'd,10.0.0.4'];
      assertUserError(() => parseExportTable(crlf(...lines), 'open.csv'), 'open.csv:3: not a valid CSV export (Quote Not Closed)');
      assertUserError(() => parseExportTable(lines.join('\n'), 'open.csv'), 'open.csv:3: not a valid CSV export (Quote Not Closed)');
      assertUserError(() => parseExportTable(crlf('#TYPE T', ...lines), 'open.csv'), 'open.csv:4: not a valid CSV export (Quote Not Closed)');
      // An escaped "" and an earlier multi-line value do not move the line.
      assertUserError(
        () => parseExportTable(crlf('"Name","Note"', '"a","one', 'two"', '"b","say ""hi""', 'and more'), 'open.csv'),
        'open.csv:4: not a valid CSV export (Quote Not Closed)',
      );
    });

    it('refuses other malformed CSV at the line of the fault', () => {
      assertUserError(
        () => parseExportTable(crlf('"Name","IPAddress"', '"a","10.0.0.1"', '"b","10.0.0.2","extra"'), 'len.csv'),
        'len.csv:3: not a valid CSV export (Invalid Record Length)',
      );
      assertUserError(
        () => parseExportTable(crlf('#TYPE T', '"Name","IPAddress"', '"a","10.0.0.1"x'), 'close.csv'),
        'close.csv:3: not a valid CSV export (Invalid Closing Quote)',
      );
    });

    it('refuses malformed JSON with line and column', () => {
      assertUserError(() => parseExportTable(crlf('[', '  {"Name": "a"},', '  {"Name": "b",}', ']'), 'bad.json'), 'bad.json:3:16: not valid JSON (property name expected)');
      assertUserError(() => parseExportTable(crlf('[', '  {"Name": "a"}'), 'cut.json'), 'cut.json:3:1: not valid JSON (close bracket expected)');
      assertUserError(() => parseExportTable(crlf('{', '  "Name": "a"', '  "IPAddress": "b"', '}'), 'comma.json'), 'comma.json:3:3: not valid JSON (comma expected)');
    });

    it('refuses JSON array items that are not objects, at their line', () => {
      assertUserError(() => parseExportTable(crlf('[', '  {"Name": "a"},', '', '  "lon-nlb"', ']'), 'items.json'), 'items.json:4: expected an object for each exported item, found string');
    });
  });
});

describe('parseExportTable: format by file name', () => {
  it('refuses a .json export whose root is not an object or array, instead of reading it as CSV', () => {
    assert.throws(() => parseExportTable('42\r\n', 'nlb-cluster.json'), /nlb-cluster\.json:1: expected an object for each exported item, found number/);
  });

  it('reads a .csv export as CSV even when its first cell starts with a bracket', () => {
    const table = parseExportTable('"[Name]"\r\n"x"\r\n', 'nlb-cluster.csv');
    assert.deepEqual(table.columns, ['[Name]']);
    assert.equal(table.rows[0]!.line, 2);
  });
});
