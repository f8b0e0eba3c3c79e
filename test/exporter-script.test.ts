/**
 * scripts/Export-CasAuditHostData.ps1 cannot run here (no Windows). These
 * tests pin what it writes to what the collector reads: the same file names
 * and CSV columns as the exporter-made demo folders, which the collector tests
 * parse, and only PowerShell 2.0 constructs where 2.0 lacks the newer ones.
 * A PowerShell grammar (tree-sitter's, as WASM: no native build, no download
 * at test time) parses it, so a syntax error cannot ship.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Language, Parser, type Node } from 'web-tree-sitter';
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

let parser: Promise<Parser> | undefined;

async function loadParser(): Promise<Parser> {
  await Parser.init();
  const wasm = createRequire(import.meta.url).resolve('tree-sitter-powershell/tree-sitter-powershell.wasm');
  const loaded = new Parser();
  loaded.setLanguage(await Language.load(readFileSync(wasm)));
  return loaded;
}

/** Where the PowerShell grammar finds an error or a missing token, as `LINE:COLUMN kind` (empty if none). */
async function syntaxErrors(source: string): Promise<string[]> {
  parser ??= loadParser();
  const tree = (await parser).parse(source);
  assert.ok(tree, 'the parser returned a tree');
  const found: string[] = [];
  const visit = (node: Node): void => {
    if (node.isError || node.isMissing) found.push(`${node.startPosition.row + 1}:${node.startPosition.column + 1} ${node.isMissing ? `missing ${node.type}` : 'error'}`);
    for (const child of node.children) if (child) visit(child);
  };
  visit(tree.rootNode);
  // hasError also counts errors the walk could miss; both must agree there are none.
  if (found.length === 0 && tree.rootNode.hasError) found.push('error somewhere in the tree');
  return found;
}

describe('the Windows exporter script', () => {
  it('parses as PowerShell without an error or a missing token', async () => {
    assert.deepEqual(await syntaxErrors(script), []);
  });

  it('the grammar check catches a broken copy (an unclosed brace, an unclosed string)', async () => {
    const lastBrace = script.lastIndexOf('}');
    assert.notDeepEqual(await syntaxErrors(script.slice(0, lastBrace) + script.slice(lastBrace + 1)), []);
    assert.notDeepEqual(await syntaxErrors(`${script}\nif ($true) {\n  Write-Output 'x'\n`), []);
    assert.notDeepEqual(await syntaxErrors(`${script}\nWrite-Output 'unclosed\n`), []);
  });

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
