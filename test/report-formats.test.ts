/**
 * The format registries are the one place formats live: the CLI offers
 * exactly their names, and what it writes for one estate, for a batch and
 * for a diff is what the registered format renders.
 */
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { summarize } from '../src/engine/audit.js';
import { diffSnapshots } from '../src/diff/snapshot-diff.js';
import { DIFF_FORMATS, diffFormat } from '../src/report/diff/formats.js';
import { FORMATS, reportFormat, type Format } from '../src/report/formats.js';
import type { BatchEstate } from '../src/report/report-format.js';
import { auditEstate, type EstateJob } from '../src/cli/estate-audit.js';
import { loadSnapshotFile } from '../src/snapshot/load.js';
import { casaudit } from './support/cli.js';
import { tempDir } from './support/tmp.js';

const DEMO = 'fixtures/demo/snapshot.json';

/** The values of `--format` a command's help lists. */
function formatChoices(command: string): string[] {
  const help = casaudit([command, '--help']).stdout;
  const line = help.split('\n').findIndex((l) => /--format\b/.test(l));
  const choices = /\[choices: ([^\]]*)\]/.exec(help.split('\n').slice(line, line + 3).join(' '));
  assert.ok(choices, `${command} --help lists the --format choices`);
  return choices[1]!.split(', ').map((c) => JSON.parse(c) as string);
}

const jobFor = (format: Format): EstateJob => ({ format, colour: false, settings: {}, gate: { failOn: 'error', onlyNew: false } });

async function audited(file: string, format: Format) {
  const loaded = await loadSnapshotFile(file);
  return auditEstate(loaded.snapshot, loaded, jobFor(format));
}

describe('report format registries', () => {
  it('offers exactly the registered report formats as audit --format', () => {
    assert.deepEqual(formatChoices('audit'), [...FORMATS]);
  });

  it("lists exactly the registered formats in the README's usage synopsis", () => {
    const readme = readFileSync('README.md', 'utf8');
    const listed = (command: string) => {
      const match = new RegExp(`^casaudit ${command} [^\\n]*?--format ([a-z|]+)\\]`, 'm').exec(readme);
      assert.ok(match, `README's synopsis shows ${command} --format`);
      return match[1]!.split('|');
    };
    assert.deepEqual(listed('audit'), [...FORMATS]);
    assert.deepEqual(listed('diff'), [...DIFF_FORMATS]);
  });

  it('offers exactly the registered diff formats as diff --format', () => {
    assert.deepEqual(formatChoices('diff'), [...DIFF_FORMATS]);
  });

  for (const name of FORMATS) {
    describe(`--format ${name}`, () => {
      it('renders the demo estate as the CLI writes it', async () => {
        const { report } = await audited(DEMO, name);
        const rendered = reportFormat(name).render(report, { colour: false });
        const run = casaudit(['audit', DEMO, '-f', name, '--no-config']);
        assert.equal(run.status, 1, run.stderr);
        assert.ok(rendered.length > 0);
        assert.equal(rendered, run.stdout);
      });

      it('renders a two-estate batch from parts that cross threads, as the CLI writes it', async () => {
        const dir = tempDir();
        const files = ['north', 'south'].map((id) => {
          const file = join(dir, `${id}.json`);
          copyFileSync(DEMO, file);
          return { id, file: relative(process.cwd(), file) };
        });
        const format = reportFormat(name);
        const estates: BatchEstate<unknown>[] = [];
        for (const [index, { id, file }] of files.entries()) {
          const { report, failed } = await audited(file, name);
          const part = format.part(report, { index, id, count: files.length }, { colour: false });
          // What a worker thread posts back must arrive as it left.
          assert.deepEqual(structuredClone(part), part);
          estates.push({ id, failed, summary: summarize(report.result), part: structuredClone(part) });
        }
        const run = casaudit(['audit', ...files.map((f) => f.file), '-f', name, '--no-config']);
        assert.equal(run.status, 1, run.stderr);
        assert.equal(format.combine(estates), run.stdout);
      });
    });
  }

  for (const name of DIFF_FORMATS) {
    it(`renders a diff as diff --format ${name} writes it`, async () => {
      const dir = tempDir();
      const older = join(dir, 'old.json');
      const snapshot = JSON.parse(readFileSync(DEMO, 'utf8'));
      snapshot.databases.pop(); // one database added since
      writeFileSync(older, JSON.stringify(snapshot));
      const files = { old: relative(process.cwd(), older), new: DEMO };
      const diff = diffSnapshots((await loadSnapshotFile(files.old)).snapshot, (await loadSnapshotFile(files.new)).snapshot);
      const run = casaudit(['diff', files.old, files.new, '-f', name]);
      assert.equal(run.status, 1, run.stderr);
      assert.equal(diffFormat(name).render(diff, files), run.stdout);
    });
  }
});
