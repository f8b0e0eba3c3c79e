/**
 * The Mermaid flowchart of the Markdown report: safe ids, escaped labels,
 * the same topology as the HTML report, the size threshold, and that
 * Mermaid itself (the npm package, in Chromium) renders it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runAudit } from '../src/engine/audit.js';
import { loadRules } from '../src/engine/discover.js';
import { defineRule } from '../src/engine/rule.js';
import { formatMarkdown } from '../src/report/formats/markdown.js';
import { MERMAID_MAX_OBJECTS, MERMAID_MAX_SITES, escapeMermaid, mermaidFlowchart } from '../src/report/mermaid.js';
import { buildTopology } from '../src/report/topology.js';
import { loadSnapshotFile } from '../src/snapshot/load.js';
import { launchChromium, type Browser } from './support/chromium.js';
import { EstateBuilder } from './support/estate.js';

const DEMO = 'fixtures/demo/snapshot.json';
const MERMAID_JS = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');

async function demoChart(): Promise<string[]> {
  const result = runAudit((await loadSnapshotFile(DEMO)).snapshot, await loadRules());
  return mermaidFlowchart(buildTopology(result));
}

/** Node ids by the first line of their label ("database LON-DB05"). */
function nodeIds(lines: string[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const line of lines) {
    const match = /^\s+(s\d+n\d+)\S*?"([^"<]*)/.exec(line);
    if (match) ids.set(match[2]!, match[1]!);
  }
  return ids;
}

function nastyEstate() {
  const snapshot = new EstateBuilder().site('S').server('EX01', { site: 'S' }).database('DB01', { owner: 'EX01', endpoint: 'EX01' }).build();
  snapshot.sites[0]!.name = '<script>alert(1)</script>';
  snapshot.servers[0]!.name = 'EX"01]end; click x call alert(2) #35;';
  snapshot.databases[0]!.name = 'DB`01`\n--> evil & <b>';
  const rule = defineRule({
    meta: { id: 'TST001', name: 'nasty', shortDescription: 'x', fullDescription: 'x', level: 'warning', tags: [], target: 'database', needs: [] },
    check({ index, report }) {
      report({ target: index.ref(index.snapshot.databases[0]!), message: 'x', remediation: 'y' });
    },
  });
  return runAudit(snapshot, [rule]);
}

describe('Mermaid topology', function () {
  this.timeout(60_000);

  it('draws the demo estate: a subgraph per site and DAG, generated ids, each database linked to its endpoint', async () => {
    const lines = await demoChart();
    assert.equal(lines[0], 'flowchart TB');
    const subgraphs = lines.filter((l) => l.trim().startsWith('subgraph '));
    assert.equal(subgraphs.length, 6 + 3, 'six sites and three DAGs');
    assert.equal(lines.filter((l) => l.trim() === 'end').length, subgraphs.length);
    for (const line of lines.slice(1)) {
      const id = /^\s*(?:subgraph |class )?(\w+)/.exec(line)?.[1];
      if (id && !['classDef', 'end'].includes(id)) assert.match(id, /^s\d+(n|d)\d+$|^s\d+$/, line);
    }
    const ids = nodeIds(lines);
    const link = (from: string, to: string, arrow = '-->') => assert.ok(lines.includes(`  ${ids.get(from)} ${arrow} ${ids.get(to)}`), `${from} ${arrow} ${to}`);
    link('database LON-DB05', 'server LON-CAS1');
    link('database LON-DB01', 'CAS array outlook-lon');
    link('database LON-DB06', 'missing endpoint LON-CAS0');
    // Another site's array is linked to directly, not to a stand-in.
    link('database EDI-DB03', 'CAS array outlook-man');
    link('CAS array outlook-lon', 'NLB cluster lon-nlb', '-. DNS .->');
    assert.ok(lines.includes(`  class ${ids.get('database LON-DB05')} error`));
    assert.match(lines.find((l) => l.includes('"database LON-DB05'))!, /<br>✖ 1 error: RCA001"\)\]$/);
  });

  it('escapes labels with entity codes, so no name can end a label, add a tag or start a statement', () => {
    assert.equal(escapeMermaid('a"b<c>d&e`f#g'), 'a#34;b#60;c#62;d#38;e#96;f#35;g');
    assert.equal(escapeMermaid('line\r\nbreak\u2028x'), 'line break x');
    assert.equal(escapeMermaid('%%{init: {"theme":"dark"}}%%'), '#37;#37;{init: {#34;theme#34;:#34;dark#34;}}#37;#37;');
    const lines = mermaidFlowchart(buildTopology(nastyEstate()));
    const text = lines.join('\n');
    for (const raw of ['<script>', '<b>', 'EX"01', '`01`', '\n--> evil']) assert.ok(!text.includes(raw), raw);
    // Every quote opens or closes a label: an even number on every line.
    for (const line of lines) assert.equal((line.match(/"/g) ?? []).length % 2, 0, line);
  });

  it('joins the Markdown report for small estates, collapsed, and leaves a one-line note for large ones', async () => {
    const result = runAudit((await loadSnapshotFile(DEMO)).snapshot, await loadRules());
    const markdown = formatMarkdown({ result, input: { file: DEMO, lineOf: () => undefined } });
    assert.match(markdown, /\n<details><summary>Topology diagram<\/summary>\n\n```mermaid\nflowchart TB\n[\s\S]+?\n```\n\n<\/details>\n\n## Errors\n/);

    const builder = new EstateBuilder();
    for (let i = 0; i <= MERMAID_MAX_SITES; i++) builder.site(`S${i}`).server(`EX${i}`, { site: `S${i}` });
    const big = formatMarkdown({ result: runAudit(builder.build(), []), input: { file: null, lineOf: () => undefined } });
    assert.ok(!big.includes('```mermaid'));
    assert.match(big, new RegExp(`^Topology diagram left out for size: ${MERMAID_MAX_SITES + 1} sites and ${MERMAID_MAX_SITES + 1} objects, more than the ${MERMAID_MAX_SITES} sites and ${MERMAID_MAX_OBJECTS} objects .*--format html`, 'm'));
  });

  describe('rendered by Mermaid in Chromium', () => {
    let browser: Browser;
    before(async () => {
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
    });

    /** Renders the chart with the mermaid package as GitHub would (strict security); returns the SVG's text. */
    async function render(lines: string[]): Promise<{ text: string; svg: string; dialogs: string[] }> {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.setContent('<!DOCTYPE html><html><body><div id="out"></div></body></html>');
      await page.addScriptTag({ content: readFileSync(MERMAID_JS, 'utf8') });
      const [text, svg] = (await page.evaluate(
        `(async () => {
          mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
          const { svg } = await mermaid.render('chart', ${JSON.stringify(lines.join('\n'))});
          document.getElementById('out').innerHTML = svg;
          return [document.getElementById('out').textContent, svg];
        })()`,
      )) as [string, string];
      await page.waitForTimeout(100);
      await page.close();
      return { text: String(text), svg: String(svg), dialogs };
    }

    it('renders the demo estate with every site, node and DAG', async () => {
      const { text } = await render(await demoChart());
      for (const name of ['London', 'Glasgow (site not in AD)', 'DAG LON-DAG01', 'outlook-lon.northwind.local', 'database LON-DB05', 'missing endpoint LON-CAS0', 'VIP 10.20.1.50']) {
        assert.ok(text.includes(name), name);
      }
    });

    it('renders a name that is a Mermaid directive as text, without applying it', async () => {
      const directive = '%%{init: {"theme":"dark"}}%%';
      const snapshot = new EstateBuilder().site('S').server('EX01', { site: 'S' }).build();
      snapshot.servers[0]!.name = directive;
      const lines = mermaidFlowchart(buildTopology(runAudit(snapshot, [])));
      assert.ok(!lines.join('\n').includes('%'), lines.join('\n'));
      const { text, svg } = await render(lines);
      assert.ok(text.includes(`server ${directive}`), text);
      // The default theme draws nodes with its light fill; the dark theme would replace it.
      assert.match(svg, /#ECECFF/i);
      assert.doesNotMatch(svg, /#1f2020/i);
    });

    it('renders hostile names as plain text and runs nothing', async () => {
      const { text, dialogs } = await render(mermaidFlowchart(buildTopology(nastyEstate())));
      assert.deepEqual(dialogs, []);
      assert.ok(text.includes('<script>alert(1)</script>'), text);
      assert.ok(text.includes('server EX"01]end; click x call alert(2) #35;'), text);
      assert.ok(text.includes('DB`01` --> evil & <b>'), text);
    });
  });
});
