/**
 * The parts of the HTML report that run in Node: the topology model both
 * diagrams draw, the layered layout, the rule docs as HTML, escaping, and
 * that the page's script is valid JavaScript.
 */
import assert from 'node:assert/strict';
import { Script } from 'node:vm';
import { runAudit, type AuditResult } from '../src/engine/audit.js';
import { loadRules } from '../src/engine/discover.js';
import { clientScript } from '../src/report/html/client-script.js';
import { escapeHtml, jsonForScript } from '../src/report/html/escape.js';
import { layoutSite, type Box } from '../src/report/html/layout.js';
import { loadRuleDocs, markdownToHtml } from '../src/report/html/rule-doc.js';
import { buildTopology, siteTitle, type SiteTopology, type Topology } from '../src/report/topology.js';
import { loadSnapshotFile } from '../src/snapshot/load.js';
import { EstateBuilder } from './support/estate.js';

const DEMO = 'fixtures/demo/snapshot.json';

async function demo(): Promise<{ result: AuditResult; topology: Topology }> {
  const result = runAudit((await loadSnapshotFile(DEMO)).snapshot, await loadRules());
  return { result, topology: buildTopology(result) };
}

function siteNamed(topology: Topology, title: string): SiteTopology {
  const site = topology.sites.find((s) => siteTitle(s) === title);
  assert.ok(site, title);
  return site;
}

function node(site: SiteTopology, name: string, kind?: string): number {
  const found = site.nodes.flatMap((n, i) => (n.name === name && (!kind || n.kind === kind) ? [i] : []));
  assert.equal(found.length, 1, `${kind ?? 'node'} ${name} in ${site.name}`);
  return found[0]!;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

describe('topology model', () => {
  it('groups the demo estate by site, with a group for the deleted site its array still names', async () => {
    const { topology } = await demo();
    assert.deepEqual(topology.sites.map(siteTitle), ['Dublin', 'Edinburgh', 'Leeds', 'London', 'Manchester', 'Glasgow (site not in AD)']);
    assert.deepEqual(topology.sites.map((s) => s.state), ['site', 'site', 'site', 'site', 'site', 'gone']);
    const glasgow = siteNamed(topology, 'Glasgow (site not in AD)');
    assert.deepEqual(glasgow.nodes.map((n) => `${n.kind} ${n.name}`), ['array outlook-gla']);
  });

  it("links each database to its endpoint: an array, a server, one in another site, or a name that matches nothing", async () => {
    const { topology } = await demo();
    const london = siteNamed(topology, 'London');
    const endpointOf = (site: SiteTopology, database: string) => {
      const edges = site.edges.filter((e) => e.kind === 'endpoint' && e.from === node(site, database, 'database'));
      assert.equal(edges.length, 1, database);
      return site.nodes[edges[0]!.to]!;
    };
    assert.deepEqual([endpointOf(london, 'LON-DB01').kind, endpointOf(london, 'LON-DB01').name], ['array', 'outlook-lon']);
    assert.deepEqual([endpointOf(london, 'LON-DB05').kind, endpointOf(london, 'LON-DB05').name], ['server', 'LON-CAS1']);
    const missing = endpointOf(london, 'LON-DB06');
    assert.equal(missing.kind, 'missing');
    assert.equal(missing.name, 'LON-CAS0');
    const edinburgh = siteNamed(topology, 'Edinburgh');
    const elsewhere = endpointOf(edinburgh, 'EDI-DB03');
    assert.equal(elsewhere.kind, 'elsewhere');
    const manchester = topology.sites.indexOf(siteNamed(topology, 'Manchester'));
    assert.equal(elsewhere.elsewhere?.site, manchester);
    assert.equal(topology.sites[manchester]!.nodes[elsewhere.elsewhere!.node]!.name, 'outlook-man');
    assert.equal(edinburgh.nodes.filter((n) => n.kind === 'array').length, 0);
  });

  it('takes addresses from DNS and NLB clusters from host exports, and links an array to the VIP it resolves to', async () => {
    const { topology } = await demo();
    const london = siteNamed(topology, 'London');
    const array = london.nodes[node(london, 'outlook-lon', 'array')]!;
    assert.deepEqual(array.details, ['outlook-lon.northwind.local', 'DNS: 10.10.1.50']);
    const nlb = node(london, 'lon-nlb', 'nlb');
    assert.deepEqual(london.nodes[nlb]!.details, ['VIP 10.10.1.50 · Unicast', '2 hosts']);
    assert.ok(london.edges.some((e) => e.kind === 'dns' && e.from === node(london, 'outlook-lon') && e.to === nlb));
    assert.deepEqual(
      london.edges.filter((e) => e.kind === 'nlb' && e.from === nlb).map((e) => london.nodes[e.to]!.name),
      ['LON-CAS1', 'LON-CAS2'],
    );
    const manchester = siteNamed(topology, 'Manchester');
    assert.deepEqual(manchester.nodes[node(manchester, 'man-nlb', 'nlb')]!.details, ['VIP 10.20.1.50 · Unicast', '9 hosts, 7 not Exchange']);
    assert.deepEqual(manchester.dags.map((d) => [d.name, d.members.map((m) => manchester.nodes[m]!.name).sort()]), [['MAN-DAG01', ['MAN-EX1', 'MAN-EX2']]]);
  });

  it('places every finding and marks its object with the worst level, counting suppressed findings nowhere', async () => {
    const loaded = await loadSnapshotFile(DEMO);
    const result = runAudit(loaded.snapshot, await loadRules(), { suppressions: [{ rule: 'RCA001', target: 'LON-DB05', justification: 'moving' }] });
    const topology = buildTopology(result);
    assert.equal(topology.places.size, result.findings.length);
    const london = siteNamed(topology, 'London');
    assert.equal(london.nodes[node(london, 'LON-DB05', 'database')]!.mark, null);
    assert.deepEqual(london.mark, { level: 'error', findings: 1, rules: ['ARR002'] });
    const man = siteNamed(topology, 'Manchester');
    assert.deepEqual(man.nodes[node(man, 'MAN-EX2', 'server')]!.mark?.level, 'error');
    assert.equal(man.nodes[node(man, 'MAN-EX2', 'server')]!.mark?.findings, 6);
    const edinburgh = siteNamed(topology, 'Edinburgh');
    assert.deepEqual(edinburgh.dags[0]!.mark, { level: 'warning', findings: 1, rules: ['DAG001'] });
    const total = topology.sites.reduce((sum, s) => sum + s.counts.error + s.counts.warning + s.counts.note, 0);
    assert.equal(total, result.findings.filter((f) => !f.suppression).length);
  });

  it('keeps objects without a site, and databases whose owner is gone, in a group of their own', () => {
    const snapshot = new EstateBuilder()
      .site('S')
      .server('EX01', { site: null })
      .database('DB01', { owner: 'GONE', endpoint: 'EX01' })
      .array('a', { site: null })
      .build();
    const topology = buildTopology(runAudit(snapshot, []));
    assert.deepEqual(topology.sites.map((s) => [s.name, s.state]), [['S', 'site'], ['No known site', 'none']]);
    const none = topology.sites[1]!;
    assert.deepEqual(none.nodes.map((n) => `${n.kind} ${n.name}`).sort(), ['array a', 'database DB01', 'server EX01']);
    assert.match(none.nodes[node(none, 'DB01')]!.details.join(' '), /on GONE \(not in AD\)/);
  });

  it('draws a DAG without members as an empty group in the group of objects without a site', () => {
    const snapshot = new EstateBuilder().site('S').server('EX01', { site: 'S' }).dag('EMPTY', []).build();
    const topology = buildTopology(runAudit(snapshot, []));
    assert.deepEqual(topology.sites.map((s) => s.name), ['S', 'No known site']);
    assert.deepEqual(topology.sites[1]!.dags, [{ name: 'EMPTY', members: [], mark: null }]);
    const layout = layoutSite(topology.sites[1]!);
    assert.equal(layout.dags[0]!.length, 1);
    assert.ok(layout.dags[0]![0]!.w > 0 && layout.dags[0]![0]!.h > 0);
  });
});

describe('site layout', () => {
  it('gives every node a box inside the picture, none overlapping, DAG boxes around their members, the same every time', async () => {
    const { topology } = await demo();
    for (const site of topology.sites) {
      const layout = layoutSite(site);
      assert.deepEqual(layoutSite(site), layout, 'deterministic');
      assert.equal(layout.nodes.length, site.nodes.length);
      for (const [i, a] of layout.nodes.entries()) {
        assert.ok(a.x >= 0 && a.y >= 0 && a.x + a.w <= layout.width && a.y + a.h <= layout.height, `${site.name} node ${i} inside`);
        for (const b of layout.nodes.slice(i + 1)) assert.ok(!overlaps(a, b), `${site.name}: boxes overlap`);
      }
      for (const [d, dag] of site.dags.entries()) {
        for (const member of dag.members) {
          const m = layout.nodes[member]!;
          assert.ok(layout.dags[d]!.some((g) => g.x <= m.x && g.y <= m.y && g.x + g.w >= m.x + m.w && g.y + g.h >= m.y + m.h), `${dag.name} holds its member`);
        }
      }
    }
  });

  it('puts arrays above servers above databases, wraps long layers, and puts each database under its endpoint', () => {
    const builder = new EstateBuilder().site('S').array('arr', { site: 'S' }).server('CAS1', { site: 'S', roles: ['ClientAccess'] }).server('CAS2', { site: 'S', roles: ['ClientAccess'] });
    for (let i = 0; i < 14; i++) builder.database(`DB${String(i).padStart(2, '0')}`, { owner: 'CAS1', endpoint: ['arr', 'CAS1', 'CAS2'][i % 3]! });
    const topology = buildTopology(runAudit(builder.build(), []));
    const site = topology.sites[0]!;
    const layout = layoutSite(site);
    const box = (name: string) => layout.nodes[node(site, name)]!;
    assert.ok(box('arr').y < box('CAS1').y);
    const databases = site.nodes.flatMap((n, i) => (n.kind === 'database' ? [layout.nodes[i]!] : []));
    assert.ok(databases.every((d) => d.y > box('CAS1').y));
    assert.equal(new Set(databases.map((d) => d.y)).size, 3, 'fourteen databases wrap into three rows');
    // Read row by row, left to right, the databases' endpoints never move back to the left.
    const endpointX = site.nodes
      .map((n, i) => ({ n, i }))
      .filter(({ n }) => n.kind === 'database')
      .sort((a, b) => layout.nodes[a.i]!.y - layout.nodes[b.i]!.y || layout.nodes[a.i]!.x - layout.nodes[b.i]!.x)
      .map(({ i }) => layout.nodes[site.edges.find((e) => e.from === i)!.to]!.x);
    assert.deepEqual(endpointX, endpointX.slice().sort((a, b) => a - b));
  });
});

describe('HTML report parts', () => {
  it('escapes text for elements and attributes, and JSON for a script block', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&amp;</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    const value = { name: '</script><script>alert(1)</script>', other: 'a\u2028b\u2029c & <!--' };
    const json = jsonForScript(value);
    assert.ok(!/[<>&\u2028\u2029]/.test(json), json);
    assert.deepEqual(JSON.parse(json), value);
  });

  it('renders every rule doc to HTML with no Markdown syntax left and every tag its own', () => {
    const docs = loadRuleDocs();
    assert.ok(docs.length >= 27);
    for (const doc of docs) {
      assert.ok(!doc.html.includes('```'), doc.id);
      // Outside code blocks (PowerShell comments start with #).
      const prose = doc.html.replace(/<pre>[\s\S]*?<\/pre>/g, '');
      assert.ok(!/^#{1,6} /m.test(prose), doc.id);
      assert.ok(!/^\|/m.test(prose), doc.id);
      assert.ok(!/^- /m.test(prose), doc.id);
      assert.match(doc.html, /<h3>How to fix<\/h3>/, doc.id);
      assert.match(doc.name, /^[a-z0-9-]+$/, doc.id);
      const tags = new Set(doc.html.match(/<\/?([a-z0-9]+)/g)!.map((t) => t.replace(/[</]/g, '')));
      for (const tag of tags) assert.ok(['p', 'h2', 'h3', 'h4', 'h5', 'ul', 'ol', 'li', 'pre', 'code', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'strong', 'em', 'a'].includes(tag), `${doc.id}: <${tag}>`);
    }
  });

  it('renders the Markdown subset the docs use, escaping everything else', () => {
    const html = markdownToHtml(
      [
        '# ID: title',
        '',
        '## Section <b>',
        'A paragraph with `<code>` and **bold**, *emphasis*,',
        'a [rule](RCA002.md), a [site](https://example.com/a) and [other](javascript:void).',
        '',
        '- one',
        '  continued',
        '- two',
        '',
        '| a | b \\| c |',
        '|---|---|',
        '| `x|y` | <i> |',
        '',
        '```powershell',
        'Get-X | Set-Y <z>',
        '```',
      ].join('\n'),
      { dropTitle: true },
    );
    assert.equal(
      html,
      [
        '<h3>Section &lt;b&gt;</h3>',
        '<p>A paragraph with <code>&lt;code&gt;</code> and <strong>bold</strong>, <em>emphasis</em>, a <a href="#rule-RCA002">rule</a>, a <a href="https://example.com/a" rel="noreferrer">site</a> and other.</p>',
        '<ul><li>one continued</li><li>two</li></ul>',
        '<table><thead><tr><th scope="col">a</th><th scope="col">b | c</th></tr></thead><tbody><tr><td><code>x|y</code></td><td>&lt;i&gt;</td></tr></tbody></table>',
        '<pre><code class="language-powershell">Get-X | Set-Y &lt;z&gt;</code></pre>',
      ].join('\n'),
    );
  });

  it("ships a page script that is valid JavaScript with the report's codes filled in", () => {
    const script = clientScript();
    assert.doesNotThrow(() => new Script(script));
    assert.ok(!script.includes('/*CONSTANTS*/'));
    assert.match(script, /"nodeKinds":\["array","nlb","server","database","elsewhere","missing"\]/);
    assert.ok(!/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/.test(script), 'builds the DOM only from text');
  });
});
