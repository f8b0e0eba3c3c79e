/**
 * The CI and scheduler examples in examples/ (and, verbatim, in docs/ci.md)
 * run here as far as they can: every command they give casaudit runs in a
 * throw-away project that holds the demo estate, with casaudit linked in as
 * `npm install casaudit` would put it. What cannot run here: the install step
 * itself (the package comes from this working copy), the hosted upload and
 * publish steps (their inputs are checked instead), and the PowerShell and
 * schtasks lines of the Task Scheduler example (no Windows here; its
 * casaudit lines run through sh).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { DEMO_FINDINGS, demoCount } from './support/demo-findings.js';
import { parseValidSarif } from './support/sarif-schema.js';
import { tempDir } from './support/tmp.js';

const DEMO = resolve('fixtures/demo');
const INSTALL = 'npm install --no-save casaudit';

/** A project folder as the examples expect it, with casaudit installed from this working copy. */
function project(): string {
  const dir = tempDir('casaudit-ci-');
  mkdirSync(join(dir, 'estate'));
  copyFileSync(join(DEMO, 'snapshot.json'), join(dir, 'estate', 'snapshot.json'));
  mkdirSync(join(dir, 'exports'));
  copyFileSync(join(DEMO, 'northwind.ldif'), join(dir, 'exports', 'config.ldf'));
  copyFileSync(join(DEMO, 'northwind.local.dns'), join(dir, 'exports', 'contoso.local.dns'));
  cpSync(join(DEMO, 'hosts'), join(dir, 'exports', 'hosts'), { recursive: true });
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(resolve('.'), join(dir, 'node_modules', 'casaudit'));
  symlinkSync(resolve('bin/casaudit.js'), join(dir, 'node_modules', '.bin', 'casaudit'));
  return dir;
}

function sh(script: string, cwd: string, env: Record<string, string> = {}, shell = ['-e', '-c']): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync('sh', [...shell, script], {
    cwd,
    encoding: 'utf8',
    // Offline: npx must use the linked package, never the registry.
    env: { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false', NO_COLOR: '1', ...env },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const sarifFile = (file: string) => parseValidSarif<{ runs: { results: unknown[] }[] }>(readFileSync(file, 'utf8'));

const example = (name: string) => readFileSync(join('examples', name), 'utf8');

describe('CI and scheduler examples', function () {
  this.timeout(120_000);

  it('GitHub Actions: the audit fails on the demo errors, the summary and the SARIF upload still get their files', () => {
    const workflow = parse(example('ci/github-actions.yml'));
    assert.equal(workflow.permissions['security-events'], 'write');
    const steps = workflow.jobs.audit.steps as { run?: string; uses?: string; if?: string; with?: Record<string, string> }[];
    const dir = project();
    const summary = join(dir, 'step-summary.md');
    writeFileSync(summary, '');
    const statuses: (number | null)[] = [];
    let failed = false;
    for (const step of steps) {
      if (failed) assert.equal(step.if, 'always()', `a step after the gate runs with if: always(): ${JSON.stringify(step)}`);
      if (step.run === undefined || step.run === INSTALL) continue;
      const run = sh(step.run, dir, { GITHUB_STEP_SUMMARY: summary }, ['-e', '-c']);
      statuses.push(run.status);
      if (run.status !== 0) failed = true;
    }
    assert.deepEqual(statuses, [1, 0], 'audit gate fails on the demo errors; the summary step passes');
    assert.match(readFileSync(summary, 'utf8'), /^# casaudit .*estate\/snapshot\.json/);
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    assert.equal(sarifFile(join(dir, upload.with!.sarif_file!)).runs[0]!.results.length, demoCount());
  });

  it('GitLab CI: the script stops at the gate and both artifacts exist', () => {
    const job = parse(example('ci/gitlab-ci.yml')).casaudit as { script: string[]; artifacts: { when: string; paths: string[] } };
    assert.equal(job.artifacts.when, 'always');
    const dir = project();
    const statuses = job.script.filter((line) => line !== INSTALL).map((line) => sh(line, dir).status);
    assert.deepEqual(statuses, [0, 1]);
    for (const path of job.artifacts.paths) assert.ok(existsSync(join(dir, path)), path);
    assert.match(readFileSync(join(dir, 'casaudit.md'), 'utf8'), /^\| Errors \| Warnings \|/m);
    sarifFile(join(dir, 'casaudit.sarif'));
  });

  it('Azure Pipelines: the audit step fails the build and leaves the SARIF in CodeAnalysisLogs', () => {
    const pipeline = parse(example('ci/azure-pipelines.yml')) as { steps: { script?: string; task?: string; condition?: string; inputs?: Record<string, string> }[] };
    const dir = project();
    const staging = join(dir, 'staging');
    const macro = (text: string) => text.replaceAll('$(Build.ArtifactStagingDirectory)', staging);
    const scripts = pipeline.steps.filter((s) => s.script !== undefined && s.script !== INSTALL);
    assert.equal(scripts.length, 1);
    assert.equal(sh(macro(scripts[0]!.script!), dir).status, 1);
    const publish = pipeline.steps.find((s) => s.task === 'PublishBuildArtifacts@1')!;
    assert.equal(publish.condition, 'always()');
    assert.equal(publish.inputs!.ArtifactName, 'CodeAnalysisLogs');
    assert.deepEqual(readdirSync(macro(publish.inputs!.PathtoPublish!)), ['casaudit.sarif']);
    sarifFile(join(staging, 'CodeAnalysisLogs', 'casaudit.sarif'));
  });

  it('cron: the nightly script keeps dated snapshots, drift and a SARIF compared with the last run', () => {
    const dir = project();
    const script = resolve('examples/scheduled/casaudit-nightly.sh');
    const run = () => sh(script, dir, { CASAUDIT_HOME: dir }, []);
    const first = run();
    assert.equal(first.status, 1, first.stderr);
    const today = readdirSync(join(dir, 'snapshots')).find((f) => /^\d{4}-\d{2}-\d{2}\.json$/.test(f))!;
    assert.ok(today);
    const day = today.replace('.json', '');
    assert.deepEqual(readdirSync(join(dir, 'reports')).sort(), [`${day}.sarif`, 'latest.sarif']);
    // The next night nothing changed: no drift, nothing new, the gate passes.
    const second = run();
    assert.equal(second.status, 0, second.stderr);
    assert.match(readFileSync(join(dir, 'reports', `${day}-drift.txt`), 'utf8'), /no changes/i);
    // A finding the last report did not have is new and fails the night.
    const latest = JSON.parse(readFileSync(join(dir, 'reports', 'latest.sarif'), 'utf8'));
    latest.runs[0].results = latest.runs[0].results.filter((r: { ruleId: string }) => r.ruleId !== 'RCA002');
    writeFileSync(join(dir, 'reports', 'latest.sarif'), JSON.stringify(latest));
    const third = run();
    assert.equal(third.status, 1, third.stderr);
    const results = sarifFile(join(dir, 'reports', `${day}.sarif`)).runs[0]!.results as { ruleId: string; baselineState: string }[];
    assert.deepEqual(results.filter((r) => r.baselineState === 'new').map((r) => r.ruleId), ['RCA002']);
  });

  it("Task Scheduler: the script's casaudit commands run and gate on the demo errors", () => {
    const lines = example('scheduled/casaudit-nightly.ps1')
      .split(/\r?\n/)
      .filter((line) => line.startsWith('npx casaudit '));
    assert.equal(lines.length, 3);
    const dir = project();
    mkdirSync(join(dir, 'snapshots'));
    mkdirSync(join(dir, 'reports'));
    // PowerShell expands "$Today" inside double quotes as sh does.
    const statuses = lines.map((line) => sh(line, dir, { Today: '2026-11-22' }).status);
    assert.deepEqual(statuses, [0, 0, 1]);
    assert.deepEqual(readdirSync(join(dir, 'reports')).sort(), ['2026-11-22.md', '2026-11-22.sarif']);
    // Not all the demo's findings: without the public zone ARR007 is not evaluated.
    const withoutPublicZone = DEMO_FINDINGS.filter((f) => f.ruleId !== 'ARR007').length;
    assert.equal(sarifFile(join(dir, 'reports', '2026-11-22.sarif')).runs[0]!.results.length, withoutPublicZone);
  });

  it('are in docs/ci.md word for word', () => {
    const doc = readFileSync('docs/ci.md', 'utf8');
    for (const name of ['ci/github-actions.yml', 'ci/gitlab-ci.yml', 'ci/azure-pipelines.yml', 'scheduled/casaudit-nightly.sh', 'scheduled/casaudit-nightly.ps1']) {
      assert.ok(doc.includes(example(name)), `docs/ci.md holds examples/${name} as it is`);
    }
  });
});
