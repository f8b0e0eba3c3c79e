import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openInputFile, readInputFile } from '../src/util/read-input.js';
import { casaudit } from './support/cli.js';
import { tempDir } from './support/tmp.js';
import { assertRejectsUserError } from './support/user-error.js';

/** A named pipe with a shell writing `command`'s output into it; the writer is stopped afterwards. */
async function withPipe<T>(command: string, use: (fifo: string) => Promise<T>): Promise<T> {
  const fifo = join(tempDir(), 'pipe');
  execFileSync('mkfifo', [fifo]);
  const writer = spawn('sh', ['-c', `${command} > "$1" 2>/dev/null`, 'sh', fifo], { stdio: 'ignore' });
  try {
    return await use(fifo);
  } finally {
    writer.kill('SIGKILL');
  }
}

describe('reading input files', () => {
  it('refuses a device such as /dev/zero at once, whole or in pieces', async () => {
    await assertRejectsUserError(() => readInputFile('/dev/zero', 'zone file'), '/dev/zero: cannot read zone file: not a regular file (a device)');
    await assertRejectsUserError(() => openInputFile('/dev/zero', 'snapshot'), '/dev/zero: cannot read snapshot: not a regular file (a device)');
  });

  it('reads a pipe whole, but stops an endless one at the size limit', async () => {
    assert.equal((await withPipe('printf "zone text"', (fifo) => readInputFile(fifo, 'zone file'))).toString(), 'zone text');
    await withPipe('yes', (fifo) => assertRejectsUserError(() => readInputFile(fifo, 'config', 4 * 1024 * 1024), `${fifo}: cannot read config: larger than 4 MiB`));
  });

  it('refuses a pipe for a reader that reads in pieces, saying it must be a file', async () => {
    await withPipe('printf "{}"', (fifo) =>
      assertRejectsUserError(() => openInputFile(fifo, 'snapshot'), `${fifo}: cannot read snapshot: not a regular file: it is read in pieces, so it cannot come from a pipe`),
    );
  });

  it('refuses a regular file over the limit before reading it, and reads one at the limit', async () => {
    const file = join(tempDir(), 'big.dns');
    writeFileSync(file, Buffer.alloc(1024 * 1024 + 1, 0x41));
    await assertRejectsUserError(() => readInputFile(file, 'zone file', 1024 * 1024), `${file}: cannot read zone file: larger than 1 MiB`);
    assert.equal((await readInputFile(file, 'zone file', 1024 * 1024 + 1)).length, 1024 * 1024 + 1);
  });

  it('casaudit gives one line and exit 2 for /dev/zero as a snapshot, a config or an LDIF export, and writes nothing', () => {
    const out = join(tempDir(), 'report.txt');
    for (const args of [['/dev/zero'], ['fixtures/demo/snapshot.json', '--config', '/dev/zero'], ['--ldif', '/dev/zero']]) {
      const run = casaudit(['audit', ...args, '-o', out]);
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, /^casaudit: \/dev\/zero: cannot read \w+: not a regular file \(a device\)\n$/);
      assert.ok(!existsSync(out));
    }
  });
});
