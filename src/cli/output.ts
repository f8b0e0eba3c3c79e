/**
 * Writing report files safely: a temp file in the same folder, then a rename,
 * so a failed or interrupted run never leaves a partial report, and never
 * over an input. A FIFO or a character device (/dev/null, a terminal) is
 * written into instead: renaming over it would replace it with a plain file.
 */
import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import { open, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError } from '../util/errors.js';
import { fileErrorReason } from '../util/read-input.js';
import { protectedInputs, realDestination, touchesInput } from './protected-inputs.js';
import { removeOnSignal } from './temp-files.js';

/** Creates `file` (which must not exist) with `content`; tests pass one that fails midway. */
export type TempWriter = (file: string, content: string) => Promise<void>;

const writeNewFile: TempWriter = (file, content) => writeFile(file, content, { encoding: 'utf8', flag: 'wx' });

/**
 * `inputs` are the files and folders the user gave; the output may be none of
 * them and lie in none of the folders. `what` names the output in errors.
 */
export async function writeFileAtomically(
  file: string,
  content: string,
  inputs: readonly string[] = [],
  what = 'report',
  writeTemp: TempWriter = writeNewFile,
): Promise<void> {
  const destination = await realDestination(file);
  if (await touchesInput(destination, await protectedInputs(inputs))) {
    throw new UserError(`${file}: refusing to write the ${what} over an input file`);
  }
  const existing = await stat(destination).catch(() => undefined);
  if (existing !== undefined && !existing.isFile()) {
    await writeIntoSpecialFile(file, destination, existing, content, what);
    return;
  }
  const temp = join(dirname(destination), `.${basename(destination)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const forget = removeOnSignal(temp);
  try {
    await writeTemp(temp, content);
    await rename(temp, destination);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'folder does not exist' : fileErrorReason(err);
    throw new UserError(`${file}: cannot write ${what}: ${why}`);
  } finally {
    forget();
  }
}

/** What the output may be besides a regular file: something a write streams into. */
function isStreamTarget(stats: Stats): boolean {
  return stats.isFIFO() || stats.isCharacterDevice();
}

function notWritableReason(stats: Stats): string {
  if (stats.isDirectory()) return 'is a directory';
  if (stats.isSocket()) return 'is a socket';
  if (stats.isBlockDevice()) return 'is a block device';
  return 'is not a regular file';
}

/**
 * Writes into a FIFO or character device in place. Opened without O_CREAT, and
 * checked again once open, so a file swapped in meanwhile is never created or
 * truncated here.
 */
async function writeIntoSpecialFile(file: string, destination: string, stats: Stats, content: string, what: string): Promise<void> {
  const refuse = (why: string) => new UserError(`${file}: cannot write ${what}: ${why}; give a regular file, a FIFO or a character device`);
  if (!isStreamTarget(stats)) throw refuse(notWritableReason(stats));
  let handle;
  try {
    handle = await open(destination, constants.O_WRONLY);
  } catch (err) {
    throw new UserError(`${file}: cannot write ${what}: ${fileErrorReason(err)}`);
  }
  try {
    const opened = await handle.stat();
    if (!isStreamTarget(opened)) throw refuse(notWritableReason(opened));
    await handle.writeFile(content, 'utf8');
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`${file}: cannot write ${what}: ${fileErrorReason(err)}`);
  } finally {
    await handle.close();
  }
}

/**
 * A command's output: with --output, written atomically (never over `inputs`)
 * and noted on stderr as "wrote WHAT to FILE (DETAIL)"; otherwise to stdout.
 */
export async function writeOutput(
  content: string,
  target: { output: string | undefined; inputs: readonly string[]; what: string; detail: () => string },
): Promise<void> {
  if (!target.output) {
    process.stdout.write(content);
    return;
  }
  await writeFileAtomically(target.output, content, target.inputs, target.what);
  process.stderr.write(`casaudit: wrote ${target.what} to ${target.output} (${target.detail()})\n`);
}
