import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EstateBuilder } from './support/estate.js';
import { BIN, casaudit } from './support/cli.js';
import { demoCount } from './support/demo-findings.js';
import { assertValidSarif } from './support/sarif-schema.js';
import { tempDir } from './support/tmp.js';

const DEMO = 'fixtures/demo/snapshot.json';

function writeSnapshot(dir: string, name: string, snapshot: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(snapshot, null, 2));
  return file;
}

describe('casaudit CLI', () => {
  describe('audit', () => {
    it('prints a text report of the demo estate and exits 1 because it has errors', () => {
      const run = casaudit(['audit', DEMO]);
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stdout, /^Site London$/m);
      assert.match(run.stdout, /error {3}RCA001 {2}Mailbox database LON-DB05/);
      assert.match(run.stdout, /^Summary: \d+ errors, \d+ warnings, \d+ notes/m);
      assert.doesNotMatch(run.stdout, /\u001b\[/, 'no colour when stdout is not a terminal');
      assert.equal(run.stderr, '');
    });

    it('applies --fail-on thresholds', () => {
      const dir = tempDir();
      const warningsOnly = writeSnapshot(dir, 'w.json', new EstateBuilder().site('SiteA').server('EX01').build()); // ARR001 warning only
      const clean = writeSnapshot(dir, 'c.json', new EstateBuilder().site('SiteA').server('EX01').array('arr').build());
      const cases: [string, string, number][] = [
        [warningsOnly, 'error', 0],
        [warningsOnly, 'warning', 1],
        [warningsOnly, 'note', 1],
        [warningsOnly, 'none', 0],
        [DEMO, 'error', 1],
        [DEMO, 'none', 0],
        [clean, 'note', 0],
      ];
      for (const [file, failOn, expected] of cases) {
        const run = casaudit(['audit', file, '--fail-on', failOn]);
        assert.equal(run.status, expected, `${file} --fail-on ${failOn}: ${run.stderr}`);
      }
    });

    it('writes SARIF and JSON to --output atomically and leaves no temp file', () => {
      const dir = tempDir();
      for (const format of ['sarif', 'json', 'text']) {
        const out = join(dir, `report.${format}`);
        const run = casaudit(['audit', DEMO, '--format', format, '--output', out]);
        assert.equal(run.status, 1, run.stderr);
        assert.equal(run.stdout, '', 'nothing on stdout when writing a file');
        assert.match(run.stderr, new RegExp(`wrote ${format} report to`));
        const content = readFileSync(out, 'utf8');
        if (format !== 'text') assert.ok(JSON.parse(content));
      }
      assert.deepEqual(readdirSync(dir).sort(), ['report.json', 'report.sarif', 'report.text']);
      const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
      assert.equal(json.summary.total, json.findings.length);
      assert.equal(json.summary.total, demoCount());
      const sarif = JSON.parse(readFileSync(join(dir, 'report.sarif'), 'utf8'));
      assertValidSarif(sarif);
      assert.equal(sarif.runs[0].results.length, json.findings.length);
      assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'fixtures/demo/snapshot.json');
    });

    it('leaves an existing report untouched when the input is bad', () => {
      const dir = tempDir();
      const out = join(dir, 'report.sarif');
      writeFileSync(out, 'previous report');
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, '{"schemaVersion": 1, ');
      const run = casaudit(['audit', bad, '-f', 'sarif', '-o', out]);
      assert.equal(run.status, 2);
      assert.equal(readFileSync(out, 'utf8'), 'previous report');
      assert.deepEqual(readdirSync(dir).sort(), ['bad.json', 'report.sarif']);
    });

    it('refuses to write the report over its input', () => {
      const dir = tempDir();
      const input = join(dir, 'snap.json');
      copyFileSync(DEMO, input);
      const before = readFileSync(input, 'utf8');
      const run = casaudit(['audit', input, '-o', input]);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /refusing to write the text report over an input file/);
      assert.equal(readFileSync(input, 'utf8'), before);
    });

    it('fails with a one-line error when the output folder does not exist, leaving nothing behind', () => {
      const dir = tempDir();
      const run = casaudit(['audit', DEMO, '-o', join(dir, 'missing', 'r.sarif')]);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /^casaudit: .*r\.sarif: cannot write text report: folder does not exist\n$/);
      assert.ok(!existsSync(join(dir, 'missing')));
    });

    it('colours a terminal report only when asked for by a TTY and never with NO_COLOR', async () => {
      const { formatText } = await import('../src/report/formats/text.js');
      const { colourFor } = await import('../src/report/style.js');
      assert.equal(colourFor({ isTTY: true }, {}), true);
      assert.equal(colourFor({ isTTY: true }, { NO_COLOR: '1' }), false);
      assert.equal(colourFor({ isTTY: false }, {}), false);
      const { runAudit } = await import('../src/engine/audit.js');
      const { loadRules } = await import('../src/engine/discover.js');
      const snapshot = new EstateBuilder().site('SiteA').server('EX01').database('DB01', { owner: 'EX01', endpoint: 'EX01' }).build();
      const report = { result: runAudit(snapshot, await loadRules()), input: { file: 'x.json', lineOf: () => undefined } };
      assert.match(formatText(report, { colour: true }), /\u001b\[31merror/);
      assert.doesNotMatch(formatText(report, { colour: false }), /\u001b\[/);
    });
  });

  describe('rule options', () => {
    const findingsOf = (args: string[]) => {
      const run = casaudit(['audit', DEMO, '-f', 'json', ...args]);
      assert.equal(run.status, 1, run.stderr);
      return (JSON.parse(run.stdout).findings as { ruleId: string; target: { name: string } }[]).map((f) => `${f.ruleId} ${f.target.name}`);
    };

    it('change what a rule judges: maxArrayTtl, externalNamespaces, recommendedPortRange', () => {
      const defaults = findingsOf([]);
      assert.ok(defaults.includes('DNS004 outlook-man'));
      assert.ok(defaults.includes('PORT005 EDI-EX1'));
      const relaxed = findingsOf(['--rule-option', 'DNS004.maxArrayTtl=3600', '--rule-option', 'PORT005.recommendedPortRange=6000-60554']);
      assert.ok(!relaxed.some((f) => f.startsWith('DNS004 ')), 'TTLs of 3600 and below pass');
      assert.ok(!relaxed.includes('PORT005 EDI-EX1'));
      const external = findingsOf(['--rule-option', 'arr007.externalNamespaces=mail.northwind.com, OUTLOOK-LON.northwind.local.']);
      assert.ok(external.includes('ARR007 outlook-lon'), 'a listed namespace is flagged, matched as an FQDN');
    });

    it('refuses unknown rules, unknown options and bad values with exit 2', () => {
      const cases: [string, RegExp][] = [
        ['XYZ001.foo=1', /unknown rule 'XYZ001'/],
        ['DNS004.maxTtl=1', /DNS004 has options maxArrayTtl, not 'maxTtl'/],
        ['RCA001.x=1', /RCA001 has no options, not 'x'/],
        ['DNS004.maxArrayTtl=five', /expected a whole number, got 'five'/],
        ['PORT005.recommendedPortRange=60554-59531', /expected a port range such as 59531-60554/],
        ['DNS004', /expected RULE_ID\.option=value/],
      ];
      for (const [assignment, expected] of cases) {
        const run = casaudit(['audit', DEMO, '--rule-option', assignment]);
        assert.equal(run.status, 2, assignment);
        assert.equal(run.stdout, '');
        assert.match(run.stderr, expected, assignment);
      }
    });
  });

  describe('bad input', () => {
    const dir = tempDir();
    const demo = JSON.parse(readFileSync(DEMO, 'utf8'));
    const cases: [string, () => string, RegExp][] = [
      ['a missing file', () => join(dir, 'nope.json'), /^casaudit: .*nope\.json: cannot read snapshot: no such file$/],
      [
        'invalid JSON',
        () => {
          const f = join(dir, 'broken.json');
          writeFileSync(f, '{\n  "schemaVersion": 1,\n  "sites": [\n    }\n');
          return f;
        },
        /^casaudit: .*broken\.json:4:5: invalid JSON: /,
      ],
      ['a wrong schemaVersion', () => writeSnapshot(dir, 'v9.json', { ...demo, schemaVersion: 9 }), /^casaudit: .*v9\.json:\d+: unsupported schemaVersion 9: this casaudit reads schemaVersion 1$/],
      [
        'a schema violation',
        () => writeSnapshot(dir, 'bad-kind.json', { ...demo, databases: [{ ...demo.databases[0], kind: 'archive' }] }),
        /^casaudit: .*bad-kind\.json:\d+: schema violation at \/databases\/0\/kind: must be one of "mailbox", "publicFolder"$/,
      ],
      [
        'a directory without snapshots',
        () => {
          const empty = join(dir, 'no-snapshots');
          mkdirSync(empty, { recursive: true });
          return empty;
        },
        /no-snapshots: holds no snapshot \(\*\.json\) files$/,
      ],
    ];
    for (const [what, makeFile, expected] of cases) {
      it(`${what}: one-line error, exit 2, nothing on stdout`, () => {
        const run = casaudit(['audit', makeFile()]);
        assert.equal(run.status, 2);
        assert.equal(run.stdout, '');
        assert.equal(run.stderr.split('\n').filter(Boolean).length, 1, run.stderr);
        assert.match(run.stderr.trimEnd(), expected);
      });
    }

    it('usage mistakes exit 2 with a pointer to --help', () => {
      for (const args of [['audit'], ['audit', DEMO, '--format', 'xml'], ['frobnicate'], [], ['audit', DEMO, '--fail-on', 'critical']]) {
        const run = casaudit(args);
        assert.equal(run.status, 2, args.join(' '));
        assert.match(run.stderr, /see casaudit --help/, args.join(' '));
      }
    });
  });

  describe('rules, explain, validate, help, version', () => {
    it('lists the rules as a table and as JSON', () => {
      const table = casaudit(['rules']);
      assert.equal(table.status, 0);
      assert.match(table.stdout, /^ID\s+LEVEL\s+NAME/);
      assert.match(table.stdout, /^RCA001\s+error\s+database-endpoint-is-server\s+database\s+AD\s/m);
      const json = JSON.parse(casaudit(['rules', '--format', 'json']).stdout);
      const nlb = json.find((r: { id: string }) => r.id === 'NLB001');
      assert.deepEqual(nlb.needs, ['activeDirectory', 'hosts']);
      assert.match(nlb.helpUri, /rules\/NLB001\.md$/);
      // An option's kind by its stable id, as scripts have read it since options were typed.
      const dns = json.find((r: { id: string }) => r.id === 'DNS004');
      assert.deepEqual(dns.options.maxArrayTtl, { description: "Highest TTL, in seconds, accepted on the array's address records.", type: 'integer', default: 300 });
      const port = json.find((r: { id: string }) => r.id === 'PORT005');
      assert.equal(port.options.recommendedPortRange.type, 'port-range');
    });

    it('explains a rule by id (any case) or name, and refuses an unknown one', () => {
      const byId = casaudit(['explain', 'rca001']);
      assert.equal(byId.status, 0);
      assert.match(byId.stdout, /^# RCA001: database-endpoint-is-server/);
      assert.equal(casaudit(['explain', 'nlb-on-dag-member']).stdout, readFileSync('rules/NLB001.md', 'utf8'));
      const unknown = casaudit(['explain', 'XYZ999']);
      assert.equal(unknown.status, 2);
      assert.match(unknown.stderr, /unknown rule 'XYZ999'/);
    });

    it('validates a snapshot with no reference problems, exit 0', () => {
      const dir = tempDir();
      const file = writeSnapshot(dir, 'ok.json', new EstateBuilder().site('SiteA').server('EX01').array('arr').build());
      const run = casaudit(['validate', file]);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /valid snapshot \(schemaVersion 1\): 1 sites, 1 servers, 1 CAS arrays, 0 databases, 0 DAGs/);
    });

    it('reports dangling references with file and line, exit 1', () => {
      const dir = tempDir();
      const snapshot = new EstateBuilder().site('SiteA').server('EX01', { site: 'Deleted' }).build();
      const file = writeSnapshot(dir, 'dangling.json', snapshot);
      const run = casaudit(['validate', file]);
      assert.equal(run.status, 1);
      const lines = readFileSync(file, 'utf8').split('\n');
      const m = /dangling\.json:(\d+): \/servers\/0\/site: site CN=Deleted,.* is not in the snapshot/.exec(run.stdout);
      assert.ok(m, run.stdout);
      assert.match(lines[Number(m[1]) - 1]!, /"site": "CN=Deleted/);
    });

    it('validate refuses an invalid file with exit 2', () => {
      const dir = tempDir();
      const run = casaudit(['validate', writeSnapshot(dir, 'x.json', { schemaVersion: 1 })]);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /schema violation at \/: missing property/);
    });

    it('stops quietly when the reader of its output goes away (casaudit ... | head)', () => {
      const run = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" audit fixtures/demo/snapshot.json --format html --fail-on none | head -c 10`], { encoding: 'utf8' });
      assert.equal(run.stdout.length, 10);
      assert.equal(run.stderr, '');
    });

    it('has --help with examples for every command, and --version', () => {
      for (const command of ['audit', 'rules', 'explain', 'validate']) {
        const run = casaudit([command, '--help']);
        assert.equal(run.status, 0, command);
        assert.match(run.stdout, /Examples:/, command);
      }
      const version = casaudit(['--version']);
      assert.equal(version.stdout.trim(), JSON.parse(readFileSync('package.json', 'utf8')).version);
    });

    it('names every command when none is given, exit 2', () => {
      const run = casaudit([]);
      assert.equal(run.status, 2);
      assert.equal(run.stderr, 'casaudit: name a command: audit, collect, diff, init, rules, explain or validate (see casaudit --help)\n');
      // --help lists diff last, the message beside collect.
      const listed = [...casaudit(['--help']).stdout.matchAll(/^ {2}casaudit (\w+)/gm)].map((m) => m[1]);
      assert.deepEqual(listed, ['audit', 'collect', 'init', 'rules', 'explain', 'validate', 'diff']);
    });
  });
});
