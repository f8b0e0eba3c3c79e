/**
 * scripts/Export-CasAuditHostData.ps1 cannot run here (no Windows). These
 * tests pin what it writes to what the collector reads: the same file names
 * and CSV columns as the exporter-made demo folders, which the collector tests
 * parse, and only PowerShell 2.0 constructs where 2.0 lacks the newer ones.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ADDRESS_BOOK_CONFIG } from '../src/exchange/host-settings.js';
import { decodeWindowsText } from '../src/collect/windows-text.js';

const SCRIPT = 'scripts/Export-CasAuditHostData.ps1';
const script = readFileSync(SCRIPT, 'utf8');
/** Demo folders the script's format describes (the Manchester ones were exported by hand). */
const EXPORTER_FOLDERS = ['LON-CAS1', 'LON-CAS2', 'LON-MBX1', 'EDI-EX1'];

/** `$name = @('a', 'b')` in the script, as a list. */
function scriptList(variable: string): string[] {
  const match = new RegExp(`\\$${variable} = @\\(([^)]*)\\)`).exec(script);
  assert.ok(match, `${SCRIPT} defines $${variable}`);
  return [...match[1]!.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
}

function csvHeader(folder: string, file: string): string[] {
  const text = decodeWindowsText(readFileSync(`fixtures/demo/hosts/${folder}/${file}`), file, 'a CSV file');
  return text.split('\r\n')[0]!.split(',').map((cell) => cell.replace(/^"|"$/g, ''));
}

describe('the Windows exporter script', () => {
  it('writes the NLB CSV columns the demo exporter folders have', () => {
    const columns = { 'nlb-cluster.csv': scriptList('clusterColumns'), 'nlb-nodes.csv': scriptList('nodeColumns'), 'nlb-portrules.csv': scriptList('ruleColumns') };
    assert.deepEqual(columns['nlb-portrules.csv'], ['Cluster', 'VirtualIPAddress', 'StartPort', 'EndPort', 'Protocol', 'FilteringMode', 'Affinity', 'State']);
    for (const folder of EXPORTER_FOLDERS) {
      for (const [file, expected] of Object.entries(columns)) assert.deepEqual(csvHeader(folder, file), expected, `${folder}/${file}`);
    }
  });

  it('names its files the way the collector looks for them', () => {
    assert.ok(script.includes(`'${ADDRESS_BOOK_CONFIG}'`), 'the Address Book config file name');
    assert.deepEqual(scriptList('nlbFileNames'), ['nlb-cluster.csv', 'nlb-nodes.csv', 'nlb-portrules.csv']);
    assert.match(script, /foreach \(\$service in @\('MSExchangeRPC', 'MSExchangeAB'\)\)/);
    assert.match(script, /\$fileName = \$service \+ '\.reg'/);
  });

  it('stays within Windows PowerShell 2.0', () => {
    assert.match(script, /^#requires -Version 2\.0$/m);
    // Absent in 2.0: ConvertTo-Json, [ordered], [pscustomobject] literals, -in/-notin, .ForEach()/.Where(), Get-CimInstance.
    const code = script.replace(/<#[\s\S]*?#>/g, '').replace(/#.*$/gm, '');
    for (const pattern of [/ConvertTo-Json/i, /\[ordered\]/i, /\[pscustomobject\]/i, /\s-(not)?in\s/i, /\.(ForEach|Where)\(/, /Get-CimInstance/i, /\$PSScriptRoot/i]) {
      assert.doesNotMatch(code, pattern);
    }
  });

  it('says in its help that it only reads', () => {
    const help = /<#([\s\S]*?)#>/.exec(script)?.[1] ?? '';
    assert.match(help, /\.SYNOPSIS/);
    assert.match(help, /read-only|only reads|changes nothing/i);
  });
});
