/**
 * Writing report files safely: a temp file in the same folder, then a rename,
 * so a failed run never leaves a partial report, and never over the input.
 */
import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../util/errors.js';
import { fileErrorReason } from '../util/read-input.js';

/**
 * `inputs` are the files and folders the user gave; the output may be none of
 * them and lie in none of the folders. `what` names the output in errors.
 */
export async function writeFileAtomically(file: string, content: string, inputs: readonly string[] = [], what = 'report'): Promise<void> {
  const target = resolve(file);
  if (inputs.some((input) => isSameOrInside(target, resolve(input)))) {
    throw new UserError(`${file}: refusing to write the ${what} over an input file`);
  }
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, content, { encoding: 'utf8', flag: 'wx' });
    await rename(temp, target);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'folder does not exist' : fileErrorReason(err);
    throw new UserError(`${file}: cannot write ${what}: ${why}`);
  }
}

function isSameOrInside(target: string, input: string): boolean {
  const path = relative(input, target);
  return path === '' || !(path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path));
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
