import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { casaudit } from './support/cli.js';
import { demoCount } from './support/demo-findings.js';
import { parseValidSarif } from './support/sarif-schema.js';
import { tempDir } from './support/tmp.js';

const DEMO = resolve('fixtures/demo/snapshot.json');

interface SarifLog {
  runs: {
    automationDetails?: { id: string };
    tool: { driver: { rules: { id: string; defaultConfiguration: { level: string } }[] } };
    results: { ruleId: string; level: string; locations: { logicalLocations: { name: string }[] }[]; suppressions?: Record<string, unknown>[]; properties?: Record<string, unknown> }[];
    invocations: { toolExecutionNotifications?: { level: string; message: { text: string }; locations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
  }[];
}

const sarifOf = (text: string) => parseValidSarif<SarifLog>(text);

const nameOf = (r: SarifLog['runs'][number]['results'][number]) => r.locations[0]!.logicalLocations[0]!.name;

/** A folder with a config file; `sub` is a folder below it to run from. */
function projectWith(config: string): { dir: string; sub: string } {
  const dir = tempDir();
  writeFileSync(join(dir, 'casaudit.config.json'), config);
  const sub = join(dir, 'ci', 'audit');
  mkdirSync(sub, { recursive: true });
  return { dir, sub };
}

const SUPPRESSING = `{
  // London's lone database is moved next month.
  "rules": { "RCA004": "off", "DNS004": "warning" },
  "suppressions": [
    { "rule": "RCA001", "target": "LON-DB05", "justification": "Moves to the array with CHG-42", "expires": "2999-12-31" },
    { "rule": "RCA001", "target": "MAN-*", "justification": "Manchester closes in 2020", "expires": "2020-06-30" },
    { "rule": "ARR002", "target": "Nowhere", "justification": "A site that no longer exists" }
  ]
}`;

describe('casaudit audit with a config file', () => {
  it('finds the config above the working folder and applies levels, off rules and suppressions to SARIF', () => {
    const { sub } = projectWith(SUPPRESSING);
    const run = casaudit(['audit', DEMO, '-f', 'sarif', '--fail-on', 'none'], { cwd: sub });
    assert.equal(run.status, 0, run.stderr);
    const [sarifRun] = sarifOf(run.stdout).runs;
    assert.ok(sarifRun);
    assert.ok(!sarifRun.tool.driver.rules.some((r) => r.id === 'RCA004'), 'RCA004 is off');
    assert.ok(!sarifRun.results.some((r) => r.ruleId === 'RCA004'));
    assert.equal(sarifRun.tool.driver.rules.find((r) => r.id === 'DNS004')!.defaultConfiguration.level, 'warning');
    assert.ok(sarifRun.results.filter((r) => r.ruleId === 'DNS004').every((r) => r.level === 'warning'));

    const rca001 = sarifRun.results.filter((r) => r.ruleId === 'RCA001');
    assert.deepEqual(rca001.map(nameOf).sort(), ['EDI-DB01', 'LON-DB05', 'MAN-DB03']);
    const suppressed = rca001.find((r) => nameOf(r) === 'LON-DB05')!;
    assert.equal(suppressed.suppressions?.length, 1);
    const [entry] = suppressed.suppressions as { kind: string; status: string; justification: string; location: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } } }[];
    assert.equal(entry!.kind, 'external');
    assert.equal(entry!.status, 'accepted');
    assert.equal(entry!.justification, 'Moves to the array with CHG-42');
    assert.match(entry!.location.physicalLocation.artifactLocation.uri, /casaudit\.config\.json$/);
    assert.equal(entry!.location.physicalLocation.region.startLine, 5);
    // The expired one suppresses nothing: MAN-DB03 is reported and says why.
    const manchester = rca001.find((r) => nameOf(r) === 'MAN-DB03')!;
    assert.equal(manchester.suppressions, undefined);
    assert.deepEqual(manchester.properties?.expiredSuppression, { justification: 'Manchester closes in 2020', expires: '2020-06-30' });

    const notes = sarifRun.invocations[0]!.toolExecutionNotifications ?? [];
    const expired = notes.find((n) => /expired on 2020-06-30/.test(n.message.text));
    assert.ok(expired, 'expired suppression reported');
    assert.equal(expired.level, 'warning');
    assert.match(expired.message.text, /RCA001 for MAN-\* \(.*casaudit\.config\.json:6\) expired on 2020-06-30; remove or renew it\. 1 finding is reported again\./);
    const unused = notes.find((n) => /matched no finding/.test(n.message.text));
    assert.ok(unused, 'unused suppression reported');
    assert.match(unused.message.text, /ARR002 for Nowhere/);
    assert.equal(unused.locations?.[0]?.physicalLocation.region.startLine, 7);
    assert.ok(notes.some((n) => n.message.text === 'RCA004 was not run: it is off in ../../casaudit.config.json.'));
  });

  it('does not fail the gate on suppressed findings, and fails it again when the suppression expires', () => {
    const errors = JSON.parse(casaudit(['audit', DEMO, '-f', 'json', '--no-config', '--fail-on', 'none']).stdout).findings.filter(
      (f: { level: string }) => f.level === 'error',
    ) as { ruleId: string; target: { name: string } }[];
    assert.ok(errors.length > 5);
    const suppressAll = (expires: string) =>
      JSON.stringify({
        suppressions: errors.map((f) => ({ rule: f.ruleId, target: f.target.name, justification: 'accepted risk', expires })),
      });
    const live = projectWith(suppressAll('2999-01-01'));
    const passing = casaudit(['audit', DEMO, '--fail-on', 'error'], { cwd: live.dir });
    assert.equal(passing.status, 0, passing.stdout);
    assert.match(passing.stdout, new RegExp(`Suppressed \\(${errors.length}\\)`));
    assert.match(passing.stdout, new RegExp(`Summary: 0 errors, .* · ${errors.length} suppressed`));
    const lapsed = projectWith(suppressAll('2001-01-01'));
    const failing = casaudit(['audit', DEMO, '--fail-on', 'error'], { cwd: lapsed.dir });
    assert.equal(failing.status, 1);
    assert.match(failing.stdout, /reported again: its suppression expired on 2001-01-01 \(accepted risk\)/);
    assert.match(failing.stdout, /Suppressions to review/);
  });

  it('takes --config FILE over the file found, and --no-config ignores both', () => {
    const { dir } = projectWith('{ "rules": { "RCA001": "off" } }');
    const other = join(dir, 'strict.json');
    writeFileSync(other, '{ "rules": { "DNS004": "error" } }');
    const rulesOf = (args: string[]) => {
      const run = casaudit(['audit', DEMO, '-f', 'json', '--fail-on', 'none', ...args], { cwd: dir });
      assert.equal(run.status, 0, run.stderr);
      const report = JSON.parse(run.stdout);
      return { report, ids: new Set(report.findings.map((f: { ruleId: string }) => f.ruleId)) };
    };
    const found = rulesOf([]);
    assert.equal(found.report.config, 'casaudit.config.json');
    assert.ok(!found.ids.has('RCA001'));
    const given = rulesOf(['--config', other]);
    assert.equal(given.report.config, 'strict.json');
    assert.ok(given.ids.has('RCA001'));
    assert.ok(given.report.findings.filter((f: { ruleId: string }) => f.ruleId === 'DNS004').every((f: { level: string }) => f.level === 'error'));
    const none = rulesOf(['--no-config']);
    assert.equal(none.report.config, null);
    assert.ok(none.ids.has('RCA001'));
  });

  it('scopes the report to sites and objects', () => {
    const { dir } = projectWith('{ "scope": { "sites": { "include": ["London"] }, "objects": { "exclude": ["LON-CAS2"] } } }');
    const run = casaudit(['audit', DEMO, '-f', 'json', '--fail-on', 'none'], { cwd: dir });
    const report = JSON.parse(run.stdout);
    const sites = new Set(report.findings.map((f: { site: string | null }) => f.site));
    assert.ok([...sites].every((s) => s === 'London' || s === null));
    assert.ok(!report.findings.some((f: { target: { name: string } }) => f.target.name === 'LON-CAS2'));
    assert.ok(report.outOfScope > 0);
    assert.equal(report.findings.length + report.outOfScope, demoCount());
  });

  it('lets --rule-option win over the config', () => {
    const { dir } = projectWith('{ "rules": { "DNS004": { "options": { "maxArrayTtl": 1 } } } }');
    const count = (args: string[]) =>
      JSON.parse(casaudit(['audit', DEMO, '-f', 'json', '--fail-on', 'none', ...args], { cwd: dir }).stdout).findings.filter(
        (f: { ruleId: string }) => f.ruleId === 'DNS004',
      ).length;
    const strict = count([]);
    const lenient = count(['--rule-option', 'DNS004.maxArrayTtl=999999']);
    assert.ok(strict > lenient, `${strict} > ${lenient}`);
    assert.equal(lenient, 0);
  });

  it('refuses a bad config with one line naming file, line and pointer, exit 2 and no report file', () => {
    const { dir } = projectWith('{\n  "rules": {\n    "DNS004": "warn"\n  }\n}');
    const run = casaudit(['audit', DEMO, '-o', 'report.sarif', '-f', 'sarif'], { cwd: dir });
    assert.equal(run.status, 2);
    assert.equal(run.stderr, 'casaudit: casaudit.config.json:3: /rules/DNS004: must be one of "error", "warning", "note", "off"\n');
    assert.equal(run.stdout, '');
    assert.ok(!existsSync(join(dir, 'report.sarif')));
    const missing = casaudit(['audit', DEMO, '--config', 'nope.json'], { cwd: dir });
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr, 'casaudit: nope.json: cannot read config: no such file\n');
  });

  it('will not write the report over the config file, given or found', () => {
    const { dir, sub } = projectWith('{}');
    const before = readFileSync(join(dir, 'casaudit.config.json'), 'utf8');
    for (const [args, cwd] of [
      [['--config', 'casaudit.config.json', '-o', 'casaudit.config.json'], dir],
      [['-o', 'casaudit.config.json'], dir],
      [['-o', '../../casaudit.config.json'], sub],
    ] as const) {
      const run = casaudit(['audit', DEMO, ...args], { cwd });
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, /refusing to write the text report over an input file/);
    }
    assert.equal(readFileSync(join(dir, 'casaudit.config.json'), 'utf8'), before);
  });

  it('refuses --config given twice with one line', () => {
    const run = casaudit(['audit', DEMO, '--config', 'a.json', '--config', 'b.json']);
    assert.equal(run.status, 2);
    assert.equal(run.stderr, 'casaudit: give --config once (see casaudit --help)\n');
  });

  it("names a single audit's SARIF run casaudit/ (its code scanning category)", () => {
    const run = casaudit(['audit', DEMO, '-f', 'sarif', '--no-config', '--fail-on', 'none']);
    assert.deepEqual(sarifOf(run.stdout).runs.map((r) => r.automationDetails?.id), ['casaudit/']);
  });
});

describe('casaudit init', () => {
  it('writes a commented config that audit uses unchanged, and never replaces one without --force', () => {
    const dir = tempDir();
    const init = casaudit(['init'], { cwd: dir });
    assert.equal(init.status, 0, init.stderr);
    const written = readFileSync(join(dir, 'casaudit.config.json'), 'utf8');
    assert.match(written, /^\/\/ casaudit configuration/);
    assert.match(written, /"\$schema": "\.\/node_modules\/casaudit\/schemas\/casaudit\.config\.schema\.json"/);
    const withConfig = casaudit(['audit', DEMO, '-f', 'json', '--fail-on', 'none'], { cwd: dir });
    const without = casaudit(['audit', DEMO, '-f', 'json', '--fail-on', 'none', '--no-config'], { cwd: dir });
    const strip = (text: string) => ({ ...JSON.parse(text), config: null });
    assert.equal(JSON.parse(withConfig.stdout).config, 'casaudit.config.json');
    assert.deepEqual(strip(withConfig.stdout), strip(without.stdout));

    writeFileSync(join(dir, 'casaudit.config.json'), '{ "rules": { "RCA001": "off" } }');
    const again = casaudit(['init'], { cwd: dir });
    assert.equal(again.status, 2);
    assert.equal(again.stderr, 'casaudit: casaudit.config.json: already exists; edit it, or give --force to replace it with the starting config\n');
    assert.equal(readFileSync(join(dir, 'casaudit.config.json'), 'utf8'), '{ "rules": { "RCA001": "off" } }');
    const forced = casaudit(['init', '--force'], { cwd: dir });
    assert.equal(forced.status, 0);
    assert.equal(readFileSync(join(dir, 'casaudit.config.json'), 'utf8'), written);
    assert.deepEqual(readdirSync(dir), ['casaudit.config.json'], 'no temp files left');
  });
});
