import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openInputFile, readInputFile } from '../src/util/read-input.js';
import { BIN, casaudit } from './support/cli.js';
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
  describe('"-" for an LDIF export on standard input (collect --ldif=-)', () => {
    const ldif = readFileSync('test/fixtures/ldif/example-contoso.ldif');
    const run = (args: string[], input: Buffer | string): { status: number | null; stderr: string } => {
      const child = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8' });
      return { status: child.status, stderr: child.stderr };
    };

    it('collects the same snapshot from a pipe as from the file, but for the source name', () => {
      const dir = tempDir();
      assert.equal(run(['collect', '--ldif=-', '-o', join(dir, 'piped.json')], ldif).status, 0);
      assert.equal(casaudit(['collect', '--ldif', 'test/fixtures/ldif/example-contoso.ldif', '-o', join(dir, 'file.json')]).status, 0);
      const servers = (file: string): unknown => (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { servers: { name: string; roles: string[] }[] }).servers.map((s) => [s.name, s.roles]);
      assert.deepEqual(servers('piped.json'), servers('file.json'));
      assert.ok((servers('piped.json') as unknown[]).length > 0);
    });

    it('names the input "-" in errors, writes nothing, and refuses "-" twice', () => {
      const dir = tempDir();
      const bad = run(['collect', '--ldif=-', '-o', join(dir, 'out.json')], 'dn: CN=a\r\ncontrol: 1.2.840.113556.1.4.805\r\n');
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /^casaudit: -:2: a "control:" line/);
      const twice = run(['collect', '--ldif=-', '--ldif=-', '-o', join(dir, 'out.json')], ldif);
      assert.equal(twice.status, 2);
      assert.match(twice.stderr, /-: cannot read LDIF: standard input is read only once/);
      assert.equal(existsSync(join(dir, 'out.json')), false);
    });
  });
});
