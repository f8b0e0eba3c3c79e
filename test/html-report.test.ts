/**
 * The HTML report opened in a real headless Chromium, as a reviewer would
 * open it: the demo estate's sites and diagrams, its findings, the
 * filters, the links to rule docs, printing, and that the page fetches
 * nothing and runs nothing it was not meant to.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { runAudit, type AuditResult } from '../src/engine/audit.js';
import { loadRules } from '../src/engine/discover.js';
import { defineRule } from '../src/engine/rule.js';
import { ruleHelpUri } from '../src/util/paths.js';
import { formatHtml } from '../src/report/formats/html.js';
import { loadSnapshotFile } from '../src/snapshot/load.js';
import { launchChromium, waitForExpression, type Browser } from './support/chromium.js';
import { casaudit } from './support/cli.js';
import { demoCount, demoLevelCounts } from './support/demo-findings.js';
import { EstateBuilder } from './support/estate.js';
import { tempDir } from './support/tmp.js';

const DEMO = 'fixtures/demo/snapshot.json';
/** The raw exports `npm start` audits: its command line after `audit`, without its gate. */
const NPM_START = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start;
const SOURCES = NPM_START.replace(/^.*? audit /, '').replace(/\s*--fail-on \S+/, '').split(/\s+/);
const SCREENSHOTS = 'test-output';

/** A page of the report with everything it asked for and every error it raised recorded. */
interface OpenedReport {
  page: Page;
  requests: string[];
  problems: string[];
  dialogs: string[];
}

async function open(browser: Browser, file: string): Promise<OpenedReport> {
  const page = await browser.newPage();
  const opened: OpenedReport = { page, requests: [], problems: [], dialogs: [] };
  page.on('request', (request) => opened.requests.push(request.url()));
  page.on('pageerror', (error) => opened.problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') opened.problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    opened.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('html[data-ready]');
  return opened;
}

function site(page: Page, title: string) {
  return page.locator('details.site', { has: page.locator('.site-title', { hasText: new RegExp(`^${title.replace(/[()]/g, '\\$&')}$`) }) });
}

async function openSite(page: Page, title: string) {
  const details = site(page, title);
  await details.locator('> summary').click();
  await details.locator('svg.topology').waitFor();
  return details;
}

/** The index of a node of an opened site's diagram, by name and kind. */
async function nodeIndex(details: ReturnType<typeof site>, name: string, kind: string): Promise<number> {
  const node = details.locator(`g.node.k-${kind}[data-name="${name}"]`);
  assert.equal(await node.count(), 1, `${kind} ${name}`);
  return Number(await node.getAttribute('data-node'));
}

async function visibleRows(page: Page, estate = page.locator('section.estate').first()) {
  return estate.locator('table.findings-table tbody tr').evaluateAll((rows) =>
    rows.map((row) => ({
      level: row.getAttribute('data-level'),
      rule: row.getAttribute('data-rule'),
      site: row.querySelector('td.site')!.textContent,
      object: row.querySelector('a.show-object')!.textContent,
    })),
  );
}

describe('HTML report in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;
  let dir: string;
  let demoFile: string;
  let expected: AuditResult;

  before(async () => {
    dir = tempDir('casaudit-html-');
    demoFile = join(dir, 'demo.html');
    const run = casaudit(['audit', ...SOURCES, '--format', 'html', '--output', demoFile, '--fail-on', 'none']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, new RegExp(`wrote html report to .*demo\\.html \\(${demoLevelCounts()}\\)`));
    expected = runAudit((await loadSnapshotFile(DEMO)).snapshot, await loadRules());
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
  });

  it('is one self-contained file: no request but the file itself, no CSP violation, no script error', async () => {
    const html = readFileSync(demoFile, 'utf8');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+';/);
    assert.ok(!/\s(src|href)="(https?:)?\/\/(?!github\.com\/casaudit)/.test(html), 'no external resource');
    const { page, requests, problems } = await open(browser, demoFile);
    await openSite(page, 'London');
    await page.selectOption('select[name="level"]', 'error');
    await page.locator('a.rule-link').first().click();
    assert.deepEqual(problems, []);
    assert.ok(requests.length > 0);
    for (const url of requests) assert.ok(url.startsWith('file:') || url.startsWith('data:'), url);
    assert.equal(await page.locator('[src], link[rel="stylesheet"]').count(), 0);
    await page.close();
  });

  it('lists the sites collapsed and draws a diagram only when its site is opened', async () => {
    const { page } = await open(browser, demoFile);
    const titles = await page.locator('details.site .site-title').allTextContents();
    assert.deepEqual(titles, ['Dublin', 'Edinburgh', 'Leeds', 'London', 'Manchester', 'Glasgow (site not in AD)']);
    assert.equal(await page.locator('details.site[open]').count(), 0);
    assert.equal(await page.locator('svg.topology').count(), 0);
    await openSite(page, 'Leeds');
    assert.equal(await page.locator('svg.topology').count(), 1);
    await page.close();
  });

  it("draws London: its arrays with FQDN and DNS address, the NLB VIP, the CAS servers, the DAG, and each database's endpoint", async () => {
    const { page } = await open(browser, demoFile);
    const london = await openSite(page, 'London');
    assert.match(await london.locator('> summary').innerText(), /2 CAS arrays · 1 NLB cluster · 4 servers · 6 databases · 1 DAG/);

    const outlookLon = london.locator('g.node.k-array[data-name="outlook-lon"]');
    assert.match(await outlookLon.locator('title').textContent() ?? '', /outlook-lon\.northwind\.local\nDNS: 10\.10\.1\.50/);
    assert.match(await london.locator('g.node.k-nlb[data-name="lon-nlb"] title').textContent() ?? '', /VIP 10\.10\.1\.50/);
    for (const server of ['LON-CAS1', 'LON-CAS2', 'LON-MBX1', 'LON-MBX2']) await nodeIndex(london, server, 'server');
    assert.match(await london.locator('g.dag .dag-label').textContent() ?? '', /^DAG LON-DAG01/);

    const edge = async (from: string, fromKind: string, to: string, toKind: string, kind: string) => {
      const a = await nodeIndex(london, from, fromKind);
      const b = await nodeIndex(london, to, toKind);
      assert.equal(await london.locator(`path.edge.e-${kind}[data-from="${a}"][data-to="${b}"]`).count(), 1, `${from} → ${to}`);
    };
    await edge('LON-DB05', 'database', 'LON-CAS1', 'server', 'endpoint');
    await edge('LON-DB01', 'database', 'outlook-lon', 'array', 'endpoint');
    await edge('LON-DB06', 'database', 'LON-CAS0', 'missing', 'endpoint');
    await edge('outlook-lon', 'array', 'lon-nlb', 'nlb', 'dns');
    await edge('lon-cas1', 'array', 'LON-CAS1', 'server', 'dns');
    await edge('lon-nlb', 'nlb', 'LON-CAS2', 'server', 'nlb');

    // Marks: level colour class and a badge with icon and word; unflagged objects have none.
    const db05 = london.locator('g.node[data-name="LON-DB05"]');
    assert.match((await db05.getAttribute('class'))!, /\blvl-error\b/);
    assert.equal(await db05.locator('.badge-text').textContent(), '✖ 1 error');
    assert.doesNotMatch((await london.locator('g.node[data-name="LON-CAS1"]').getAttribute('class'))!, /\blvl-/);
    assert.match(await london.locator('.site-mark').innerText(), /error: ARR002/);

    // The same as text, for screen readers.
    const asText = london.locator('details.as-text');
    await asText.locator('summary').click();
    const db05Item = asText.locator('li', { has: page.locator('strong', { hasText: /^LON-DB05$/ }) });
    assert.match(await db05Item.innerText(), /→ RPC Client Access endpoint: LON-CAS1/);
    assert.match(await db05Item.innerText(), /error: RCA001/);
    await london.screenshot({ path: join(SCREENSHOTS, 'html-report-london.png') });
    await page.close();
  });

  it('draws Edinburgh without an array, its database that uses the Manchester array, and links there', async () => {
    const { page } = await open(browser, demoFile);
    const edinburgh = await openSite(page, 'Edinburgh');
    assert.equal(await edinburgh.locator('g.node.k-array').count(), 0);
    assert.match(await edinburgh.locator('.site-mark').innerText(), /warning: ARR001/);
    const db03 = await nodeIndex(edinburgh, 'EDI-DB03', 'database');
    const manchester = await nodeIndex(edinburgh, 'outlook-man', 'elsewhere');
    assert.equal(await edinburgh.locator(`path.e-endpoint[data-from="${db03}"][data-to="${manchester}"]`).count(), 1);
    assert.match((await edinburgh.locator('g.dag').getAttribute('class'))!, /lvl-warning/);
    await edinburgh.locator('a.site-link').click();
    await site(page, 'Manchester').locator('svg.topology').waitFor();
    assert.equal(await site(page, 'Manchester').getAttribute('open'), '');
    await page.close();
  });

  it('marks every object that has a finding with its worst level', async () => {
    const { page } = await open(browser, demoFile);
    await page.click('button[data-sites="open"]');
    // Opened sites are drawn as they come near the viewport.
    const sites = page.locator('details.site');
    for (let i = 0; i < (await sites.count()); i++) {
      await sites.nth(i).scrollIntoViewIfNeeded();
      await sites.nth(i).locator('svg.topology').waitFor();
    }
    const marked = await page.locator('g.node').evaluateAll((nodes) =>
      nodes.map((n) => ({ name: n.getAttribute('data-name'), level: /\blvl-(\w+)/.exec(n.getAttribute('class')!)?.[1] ?? null, kind: /\bk-(\w+)/.exec(n.getAttribute('class')!)![1] })),
    );
    const rank = { error: 3, warning: 2, note: 1 } as const;
    const worst = new Map<string, keyof typeof rank>();
    for (const f of expected.findings) {
      if (f.target.kind === 'site' || f.target.kind === 'dag') continue;
      const before = worst.get(f.target.name);
      if (!before || rank[f.level] > rank[before]) worst.set(f.target.name, f.level);
    }
    for (const [name, level] of worst) {
      const nodes = marked.filter((m) => m.name === name && m.kind !== 'elsewhere');
      assert.equal(nodes.length, 1, name);
      assert.equal(nodes[0]!.level, level, name);
    }
    assert.equal(marked.filter((m) => m.level !== null && m.kind !== 'elsewhere').length, worst.size, 'no other object is marked');
    await page.close();
  });

  it('lists all the demo findings with their levels, and filters them by level, rule, site and text', async () => {
    const { page } = await open(browser, demoFile);
    const all = await visibleRows(page);
    assert.equal(all.length, demoCount());
    const key = (r: { level: string | null; rule: string | null; object: string | null }) => `${r.level} ${r.rule} ${r.object}`;
    assert.deepEqual(all.map(key).sort(), expected.findings.map((f) => `${f.level} ${f.ruleId} ${f.target.name}`).sort());
    assert.match(await page.locator('.findings-status').innerText(), new RegExp(`Showing 1–${demoCount()} of ${demoCount()} findings`));

    await page.selectOption('select[name="level"]', 'error');
    const errors = await visibleRows(page);
    assert.equal(errors.length, expected.findings.filter((f) => f.level === 'error').length);
    assert.ok(errors.every((r) => r.level === 'error'));

    await page.click('button[type="reset"]');
    await page.selectOption('select[name="rule"]', 'NLB001');
    assert.deepEqual((await visibleRows(page)).map((r) => r.object), ['MAN-EX1', 'MAN-EX2']);

    await page.click('button[type="reset"]');
    const edinburgh = await page.locator('select[name="site"] option', { hasText: /^Edinburgh / }).getAttribute('value');
    await page.selectOption('select[name="site"]', edinburgh!);
    const rows = await visibleRows(page);
    assert.equal(rows.length, expected.findings.filter((f) => f.site?.name === 'Edinburgh').length);
    assert.ok(rows.every((r) => r.site === 'Edinburgh'));

    // Filters combine, and work from the keyboard.
    await page.selectOption('select[name="level"]', 'warning');
    assert.ok((await visibleRows(page)).every((r) => r.site === 'Edinburgh' && r.level === 'warning'));
    await page.click('button[type="reset"]');
    await page.locator('input[name="text"]').focus();
    await page.keyboard.type('man-db03');
    assert.deepEqual(await visibleRows(page), [{ level: 'error', rule: 'RCA001', site: 'Manchester', object: 'MAN-DB03' }]);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate("document.activeElement.getAttribute('name')"), 'rule');
    assert.equal(await page.locator('label', { has: page.locator('select[name="rule"]') }).count(), 1, 'the control has a label');
    await page.close();
  });

  it("links a finding to its rule's explanation and remediation, and to its object in the diagram", async () => {
    const { page } = await open(browser, demoFile);
    await page.selectOption('select[name="rule"]', 'RCA001');
    const row = page.locator('table.findings-table tbody tr', { has: page.locator('a.show-object', { hasText: /^LON-DB05$/ }) });
    await row.locator('a.rule-link').click();
    await waitForExpression(page, "location.hash === '#rule-RCA001'");
    const doc = page.locator('details#rule-RCA001');
    assert.equal(await doc.getAttribute('open'), '');
    assert.ok(await doc.locator('h3', { hasText: 'How to fix' }).isVisible());
    assert.match(await doc.innerText(), /Set-MailboxDatabase -Identity 'LON-DB05' -RpcClientAccessServer/);
    assert.equal(await doc.locator(`a[href="${ruleHelpUri('RCA001')}"]`).count(), 1);
    assert.match(await row.locator('.fix').innerText(), /^Fix: Set-MailboxDatabase -Identity 'LON-DB05'/);

    await row.locator('a.show-object').click();
    const london = site(page, 'London');
    await london.locator('g.node.focus[data-name="LON-DB05"]').waitFor();
    assert.equal(await page.evaluate("document.activeElement.getAttribute('data-name')"), 'LON-DB05');
    await page.close();
  });

  it('pages a long findings table', async () => {
    const total = demoCount();
    const pages = Math.ceil(total / 25);
    assert.ok(pages > 1, 'the demo fills more than one page of 25');
    const { page } = await open(browser, demoFile);
    await page.selectOption('select[name="page-size"]', '25');
    assert.equal((await visibleRows(page)).length, 25);
    assert.equal(await page.locator('.page-label').innerText(), `Page 1 of ${pages}`);
    assert.ok(await page.locator('[data-page="previous"]').isDisabled());
    for (let n = 1; n < pages; n++) await page.click('[data-page="next"]');
    const shown = 25 * (pages - 1);
    assert.equal((await visibleRows(page)).length, total - shown);
    assert.match(await page.locator('.findings-status').innerText(), new RegExp(`Showing ${shown + 1}–${total} of ${total} findings`));
    assert.ok(await page.locator('[data-page="next"]').isDisabled());
    await page.close();
  });

  it('prints every site drawn and every finding, without the filter controls', async () => {
    const { page } = await open(browser, demoFile);
    await page.selectOption('select[name="page-size"]', '25');
    await page.emulateMedia({ media: 'print' });
    await page.evaluate("window.dispatchEvent(new Event('beforeprint'))");
    assert.equal(await page.locator('details.site[open][data-drawn]').count(), 6);
    assert.equal((await visibleRows(page)).length, demoCount());
    const style = (selector: string, property: string) => page.locator(selector).first().evaluate((node, name) => node.ownerDocument.defaultView!.getComputedStyle(node).getPropertyValue(name), property);
    assert.equal(await style('form.filters', 'display'), 'none');
    assert.equal(await style('.pager', 'display'), 'none');
    assert.equal(await style('figure.diagram', 'break-inside'), 'avoid');
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 10_000);
    writeFileSync(join(SCREENSHOTS, 'html-report-demo.pdf'), pdf);
    await page.evaluate("window.dispatchEvent(new Event('afterprint'))");
    assert.equal((await visibleRows(page)).length, 25);
    await page.close();
  });

  it('saves a screenshot of the report with London open', async () => {
    const { page } = await open(browser, demoFile);
    await openSite(page, 'London');
    const file = join(SCREENSHOTS, 'html-report-demo.png');
    await page.screenshot({ path: file, fullPage: true });
    assert.ok(statSync(file).size > 50_000);
    await page.close();
  });

  it('shows estate text as text: a site named <script> runs nothing, in the page or its diagram', async () => {
    const nasty = '<script>alert(1)</script>';
    const snapshot = new EstateBuilder()
      .site('S')
      .server('EX01', { site: 'S' })
      .database('DB01', { owner: 'EX01', endpoint: 'EX01' })
      .build();
    snapshot.sites[0]!.name = nasty;
    snapshot.servers[0]!.name = '<img src=x onerror=alert(2)>';
    snapshot.databases[0]!.name = `DB"'&</script><script>alert(3)</script>`;
    const rule = defineRule({
      meta: { id: 'TST001', name: 'nasty', shortDescription: 'x', fullDescription: 'x', level: 'error', tags: [], target: 'database', needs: [] },
      check({ index, report }) {
        const database = index.snapshot.databases[0]!;
        report({ target: index.ref(database), message: `<b onmouseover=alert(4)>${database.name}</b>`, remediation: '<iframe src="javascript:alert(5)">' });
      },
    });
    const result = runAudit(snapshot, [...(await loadRules()).filter((r) => r.meta.id === 'ARR001'), rule]);
    const html = formatHtml({ result, input: { file: null, label: '<i>label</i>', lineOf: () => undefined } });
    for (const raw of ['<script>alert', '<img src=x', '<b onmouseover', '<iframe', '<i>label']) assert.ok(!html.includes(raw), raw);
    const file = join(dir, 'nasty.html');
    writeFileSync(file, html);

    const { page, dialogs, problems, requests } = await open(browser, file);
    const details = await openSite(page, nasty);
    await page.selectOption('select[name="rule"]', 'TST001');
    await details.locator('details.as-text > summary').click();
    await page.locator('details#rule-ARR001 > summary').click();
    await page.waitForTimeout(200);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(problems, []);
    for (const url of requests) assert.ok(url.startsWith('file:'), url);
    assert.equal(await page.locator('img, iframe, b').count(), 0);
    assert.equal(await page.locator('script').count(), 2, 'the data block and the page script only');
    // The names show as written.
    assert.equal(await details.locator('.site-title').textContent(), nasty);
    assert.equal(await details.locator('g.node.k-server').getAttribute('data-name'), '<img src=x onerror=alert(2)>');
    assert.equal(await page.locator('table.findings-table a.show-object').textContent(), snapshot.databases[0]!.name);
    assert.equal(await page.locator('td.finding .message').textContent(), `<b onmouseover=alert(4)>${snapshot.databases[0]!.name}</b>`);
    assert.equal(await page.title(), 'casaudit report: <i>label</i>');
    await page.close();
  });

  it('puts a batch of estates on one page, each with its own diagrams and filters', async () => {
    const folder = join(dir, 'batch');
    mkdirSync(folder);
    copyFileSync(DEMO, join(folder, 'contoso.json'));
    copyFileSync(DEMO, join(folder, 'fabrikam.json'));
    const file = join(dir, 'batch.html');
    const run = casaudit(['audit', folder, '--format', 'html', '--output', file, '--fail-on', 'none']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /wrote html report to .*batch\.html \(2 estates, 0 failed the gate\)/);

    const { page, problems } = await open(browser, file);
    assert.deepEqual(await page.locator('#estates tbody th, section[aria-labelledby="estates"] tbody th').allTextContents(), ['contoso', 'fabrikam']);
    const estates = page.locator('section.estate');
    assert.equal(await estates.count(), 2);
    const ids = await page.locator('[id]').evaluateAll((nodes) => nodes.map((n) => n.id));
    assert.equal(new Set(ids).size, ids.length, 'ids are unique on the page');
    const second = estates.nth(1);
    await second.locator('select[name="level"]').selectOption('note');
    assert.equal((await visibleRows(page, second)).length, demoCount('note'));
    assert.equal((await visibleRows(page, estates.nth(0))).length, demoCount(), 'the first estate keeps its rows');
    await second.locator('details.site', { has: page.locator('.site-title', { hasText: /^London$/ }) }).locator('> summary').click();
    await second.locator('svg.topology').waitFor();
    assert.equal(await estates.nth(0).locator('svg.topology').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
