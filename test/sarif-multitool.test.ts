import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { casaudit } from './support/cli.js';
import { validateWithMultitool, type ValidatorFinding } from './support/sarif-multitool.js';
import { tempDir } from './support/tmp.js';

const DEMO = resolve('fixtures/demo/snapshot.json');
const RAW_DEMO = ['--ldif', 'northwind.ldif', '--zone', 'northwind.local.dns', '--external-zone', 'public-northwind.local.zone', '--hosts', 'hosts'].map((arg) =>
  arg.startsWith('--') ? arg : resolve('fixtures/demo', arg),
);

function audit(dir: string, output: string, args: string[]): string {
  const run = casaudit(['audit', ...args, '-f', 'sarif', '--fail-on', 'none', '-o', output], { cwd: dir });
  assert.equal(run.status, 0, run.stderr);
  return join(dir, output);
}

const problems = (findings: ValidatorFinding[]) => findings.filter((f) => f.level !== 'note');

describe("Microsoft's SARIF validator (SARIF and GitHub rule sets)", function () {
  this.timeout(180_000);

  it('accepts every kind of report casaudit writes, with no error and no warning', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'casaudit.config.json'),
      JSON.stringify({
        rules: { RCA004: 'off', DNS004: 'warning' },
        suppressions: [
          { rule: 'RCA001', target: 'LON-DB05', justification: 'moves with CHG-42', expires: '2999-01-01' },
          { rule: 'RCA001', target: 'MAN-*', justification: 'closed site', expires: '2001-01-01' },
          { rule: 'ARR002', target: 'Nowhere', justification: 'unused' },
        ],
      }),
    );
    const files = [
      audit(dir, 'raw-exports.sarif', [...RAW_DEMO, '--no-config']),
      audit(dir, 'snapshot.sarif', [DEMO, '--no-config']),
      audit(dir, 'configured.sarif', [DEMO]),
    ];
    // A baseline comparison, with new, unchanged and absent results.
    const changed = JSON.parse(readFileSync(DEMO, 'utf8'));
    changed.databases = changed.databases.filter((d: { name: string }) => d.name !== 'EDI-DB03');
    writeFileSync(join(dir, 'changed.json'), JSON.stringify(changed));
    files.push(audit(dir, 'baseline.sarif', ['changed.json', '--baseline', files[1]!, '--no-config']));
    // A batch of two estates, and an estate with no findings at all.
    mkdirSync(join(dir, 'estates'));
    copyFileSync(DEMO, join(dir, 'estates', 'contoso.json'));
    copyFileSync(join(dir, 'changed.json'), join(dir, 'estates', 'fabrikam.json'));
    files.push(audit(dir, 'batch.sarif', ['estates', '--no-config']));
    writeFileSync(join(dir, 'none.json'), JSON.stringify({ scope: { objects: { include: ['no such object'] } } }));
    files.push(audit(dir, 'empty.sarif', [DEMO, '--config', 'none.json']));

    const findings = validateWithMultitool(files);
    assert.deepEqual(problems(findings), []);
    // The validator passes some broken files without a word; each file must show it was read (SARIF2003 notes every run).
    for (const file of files) {
      const name = file.split('/').pop()!;
      assert.ok(findings.some((f) => f.file === name && f.ruleId === 'SARIF2003'), `${name} was validated`);
    }
  });

  it('reports the GitHub upload rules a broken report breaks (the check can fail)', () => {
    const dir = tempDir();
    const file = audit(dir, 'good.sarif', [DEMO, '--no-config']);
    const log = JSON.parse(readFileSync(file, 'utf8'));
    delete log.runs[0].results[0].locations;
    delete log.runs[0].tool.driver.rules[0].help;
    const broken = join(dir, 'broken.sarif');
    writeFileSync(broken, JSON.stringify(log));
    const errors = problems(validateWithMultitool([broken]));
    assert.ok(errors.every((f) => f.level === 'error' && f.ruleId.startsWith('GH')), JSON.stringify(errors));
    const texts = errors.map((f) => f.text);
    assert.ok(texts.some((t) => /^runs\[0\]\.results\[0\]: .*does not provide a 'locations' array/.test(t)), texts.join('\n'));
    assert.ok(texts.some((t) => /^runs\[0\]\.tool\.driver\.rules\[0\]: .*does not provide a 'help' object/.test(t)), texts.join('\n'));
  });
});
