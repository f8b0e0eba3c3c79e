/**
 * Writing report files safely: a temp file in the same folder, then a rename,
 * so a failed run never leaves a partial report, and never over the input.
 */
import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError, oneLine } from '../errors.js';

export async function writeFileAtomically(file: string, content: string, inputs: readonly string[] = []): Promise<void> {
  const target = resolve(file);
  if (inputs.some((input) => resolve(input) === target)) {
    throw new UserError(`${file}: refusing to write the report over an input file`);
  }
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, content, { encoding: 'utf8', flag: 'wx' });
    await rename(temp, target);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'folder does not exist' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : oneLine((err as Error).message);
    throw new UserError(`${file}: cannot write report: ${why}`);
  }
}
