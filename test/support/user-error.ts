/** Assertions for the one-line UserError every input reader throws. */
import assert from 'node:assert/strict';
import { UserError } from '../../src/util/errors.js';

function checkUserError(err: unknown, message: string | RegExp): true {
  assert.ok(err instanceof UserError, `expected a UserError, got ${String(err)}`);
  if (typeof message === 'string') assert.equal(err.message, message);
  else assert.match(err.message, message);
  assert.doesNotMatch(err.message, /[\r\n]/);
  return true;
}

/** `run` throws a UserError with exactly `message` (or matching it), on one line. */
export function assertUserError(run: () => unknown, message: string | RegExp): void {
  assert.throws(run, (err: unknown) => checkUserError(err, message));
}

/** The same for a promise. */
export async function assertRejectsUserError(run: () => Promise<unknown>, message: string | RegExp): Promise<void> {
  await assert.rejects(run, (err: unknown) => checkUserError(err, message));
}
