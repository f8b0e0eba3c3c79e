import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileAtomically, type TempWriter } from '../src/cli/output.js';
import { casaudit } from './support/cli.js';
import { tempDir } from './support/tmp.js';
import { assertRejectsUserError } from './support/user-error.js';

const REPORT = 'new report\n'.repeat(1000);

/** A folder holding `input.json`, the file the write must never touch. */
function withInput(): { dir: string; input: string } {
  const dir = tempDir();
  const input = join(dir, 'input.json');
  writeFileSync(input, '{"input": true}\n');
  return { dir, input };
}

/** Writes half the content to the file it is given, then fails as a full disk would. */
const failsMidway: TempWriter = async (file, content) => {
  await writeFile(file, content.slice(0, content.length / 2), { flag: 'wx' });
  throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
};

/** A writer that must not be called: the write should never go through a temp file. */
const noTempFile: TempWriter = async (file) => {
  throw new Error(`a temp file ${file} was about to be renamed over a special file`);
};

describe('writing --output', () => {
  describe('never over an input, compared as real files', () => {
    it('refuses an output that reaches an input through a symlinked folder', async () => {
      const { dir, input } = withInput();
      symlinkSync(dir, join(dir, 'via'));
      const out = join(dir, 'via', 'input.json');
      await assertRejectsUserError(() => writeFileAtomically(out, REPORT, [input]), `${out}: refusing to write the report over an input file`);
      assert.equal(readFileSync(input, 'utf8'), '{"input": true}\n');
    });

    it('refuses the real file behind an input given through a symlink', async () => {
      const { dir, input } = withInput();
      const link = join(dir, 'link.json');
      symlinkSync(input, link);
      await assertRejectsUserError(() => writeFileAtomically(input, REPORT, [link]), /refusing to write the report over an input file/);
      assert.equal(readFileSync(input, 'utf8'), '{"input": true}\n');
      assert.ok(lstatSync(link).isSymbolicLink());
    });

    it('refuses a hard link to an input', async () => {
      const { dir, input } = withInput();
      const hard = join(dir, 'hard.json');
      linkSync(input, hard);
      await assertRejectsUserError(() => writeFileAtomically(hard, REPORT, [input]), /refusing to write the report over an input file/);
      assert.equal(readFileSync(input, 'utf8'), '{"input": true}\n');
    });

    it('protects everything in a folder input, also through symlinks to and inside it', async () => {
      const root = tempDir();
      const hosts = join(root, 'hosts');
      const elsewhere = join(root, 'elsewhere');
      mkdirSync(join(hosts, 'EX01'), { recursive: true });
      mkdirSync(elsewhere);
      writeFileSync(join(hosts, 'EX01', 'ports.csv'), 'ports\n');
      writeFileSync(join(elsewhere, 'nlb.json'), '{}\n');
      symlinkSync(elsewhere, join(hosts, 'EX02')); // a server folder that is a symlink
      symlinkSync(hosts, join(root, 'hosts-link'));
      const outputs = [
        join(root, 'hosts-link', 'EX01', 'ports.csv'), // the folder input through a symlink
        join(elsewhere, 'nlb.json'), // the file a symlink inside the folder input leads to
        join(root, 'hosts-link', 'new.txt'), // a new file inside the folder input
      ];
      for (const out of outputs) {
        await assertRejectsUserError(() => writeFileAtomically(out, REPORT, [hosts]), `${out}: refusing to write the report over an input file`);
      }
      assert.equal(readFileSync(join(hosts, 'EX01', 'ports.csv'), 'utf8'), 'ports\n');
      assert.equal(readFileSync(join(elsewhere, 'nlb.json'), 'utf8'), '{}\n');
      assert.deepEqual(readdirSync(hosts).sort(), ['EX01', 'EX02']);
      // A file beside the inputs, reached through the same symlinks, is fine.
      await writeFileAtomically(join(root, 'report.txt'), REPORT, [join(root, 'hosts-link')]);
      assert.equal(readFileSync(join(root, 'report.txt'), 'utf8'), REPORT);
    });

    it('refuses it from the command line too: -o through a symlinked folder', () => {
      const { dir } = withInput();
      const input = join(dir, 'snap.json');
      writeFileSync(input, readFileSync('fixtures/demo/snapshot.json'));
      symlinkSync(dir, join(dir, 'via'));
      const run = casaudit(['audit', input, '-o', join(dir, 'via', 'snap.json')]);
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, /^casaudit: .*via\/snap\.json: refusing to write the text report over an input file\n$/);
      assert.equal(readFileSync(input, 'utf8'), readFileSync('fixtures/demo/snapshot.json', 'utf8'));
    });
  });

  describe('onto something that is not a regular file', () => {
    it('updates the file behind a symlinked report and keeps the symlink', async () => {
      const dir = tempDir();
      const real = join(dir, 'real.txt');
      writeFileSync(real, 'old report\n');
      const link = join(dir, 'report.txt');
      symlinkSync(real, link);
      await writeFileAtomically(link, REPORT);
      assert.ok(lstatSync(link).isSymbolicLink(), 'the symlink is kept');
      assert.equal(readFileSync(real, 'utf8'), REPORT);
      assert.deepEqual(readdirSync(dir).sort(), ['real.txt', 'report.txt']);
    });

    it('writes into a FIFO and leaves it a FIFO', async () => {
      const dir = tempDir();
      const fifo = join(dir, 'pipe');
      assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
      // The reader is a child process, so a write that never opens the FIFO cannot hang this one.
      const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
      let read = '';
      reader.stdout.on('data', (data: Buffer) => (read += data.toString()));
      const readerDone = new Promise((done) => reader.on('close', done));
      await writeFileAtomically(fifo, REPORT, [], 'report', noTempFile).catch((err: unknown) => {
        reader.kill();
        throw err;
      });
      await readerDone;
      assert.equal(read, REPORT);
      assert.ok(lstatSync(fifo).isFIFO(), 'still a FIFO');
      assert.deepEqual(readdirSync(dir), ['pipe']);
    });

    it('writes into a character device, or fails with one line, without replacing it', async () => {
      // noTempFile fails before any rename could happen, so a regression cannot replace a device here.
      assert.ok(lstatSync('/dev/zero').isCharacterDevice(), 'precondition: /dev/zero is a character device');
      await writeFileAtomically('/dev/zero', REPORT, [], 'report', noTempFile);
      assert.ok(lstatSync('/dev/zero').isCharacterDevice());
      // /dev/full refuses every write as a full disk would.
      assert.ok(lstatSync('/dev/full').isCharacterDevice(), 'precondition: /dev/full is a character device');
      await assertRejectsUserError(() => writeFileAtomically('/dev/full', REPORT, [], 'report', noTempFile), /^\/dev\/full: cannot write report: ENOSPC: no space left on device/);
      assert.ok(lstatSync('/dev/full').isCharacterDevice());
    });

    it('refuses a socket, a folder, with one line, and leaves them as they were', async () => {
      const dir = tempDir();
      const socket = join(dir, 'sock');
      const server = createServer();
      await new Promise<void>((done) => server.listen(socket, done));
      try {
        await assertRejectsUserError(
          () => writeFileAtomically(socket, REPORT, [], 'report', noTempFile),
          `${socket}: cannot write report: is a socket; give a regular file, a FIFO or a character device`,
        );
        assert.ok(lstatSync(socket).isSocket());
      } finally {
        await new Promise((done) => server.close(done));
      }
      const folder = join(dir, 'folder');
      mkdirSync(folder);
      await assertRejectsUserError(() => writeFileAtomically(folder, REPORT, [], 'report', noTempFile), /^.*folder: cannot write report: is a directory; /);
      assert.ok(statSync(folder).isDirectory());
    });
  });

  describe('atomically', () => {
    it('keeps the previous report when a write fails midway, and leaves no temp file', async () => {
      const dir = tempDir();
      const report = join(dir, 'report.txt');
      writeFileSync(report, 'previous report\n');
      await assertRejectsUserError(
        () => writeFileAtomically(report, REPORT, [], 'report', failsMidway),
        `${report}: cannot write report: ENOSPC: no space left on device, write`,
      );
      assert.equal(readFileSync(report, 'utf8'), 'previous report\n');
      assert.deepEqual(readdirSync(dir), ['report.txt']);
    });

    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      it(`removes the temp file when ${signal} ends the run mid-write`, async () => {
        const dir = tempDir();
        const report = join(dir, 'report.txt');
        writeFileSync(report, 'previous report\n');
        const child = await startStalledWrite(report);
        assert.equal(readdirSync(dir).filter((name) => name.endsWith('.tmp')).length, 1, 'the write has a temp file');
        const ended = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, by) => done(by)));
        child.kill(signal);
        assert.equal(await ended, signal, 'the process still ends by the signal');
        assert.deepEqual(readdirSync(dir), ['report.txt']);
        assert.equal(readFileSync(report, 'utf8'), 'previous report\n');
      });
    }
  });
});

/**
 * A child process whose write has created its temp file and then stalls; it
 * prints "ready" once the temp file holds half the report.
 */
async function startStalledWrite(report: string): Promise<ReturnType<typeof spawn>> {
  const script = join(tempDir(), 'stall.mts');
  writeFileSync(
    script,
    `import { writeFile } from 'node:fs/promises';
import { writeFileAtomically } from ${JSON.stringify(pathToFileURL(resolve('src/cli/output.ts')).href)};
setInterval(() => undefined, 1000); // keeps the process alive while the write stalls
await writeFileAtomically(${JSON.stringify(report)}, 'x'.repeat(100000), [], 'report', async (file, content) => {
  await writeFile(file, content.slice(0, 50000), { flag: 'wx' });
  process.stdout.write('ready\\n');
  await new Promise(() => undefined);
});
`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
  child.on('exit', () => clearTimeout(timer));
  await new Promise<void>((ready, failed) => {
    child.stdout!.on('data', (data: Buffer) => {
      if (data.toString().includes('ready')) ready();
    });
    child.on('exit', () => failed(new Error('the child ended before its write stalled')));
  });
  return child;
}
