/** Worker thread of a batch audit: audits the estates the main thread sends, one at a time. */
import { parentPort } from 'node:worker_threads';
import { UserError } from '../util/errors.js';
import { auditEstateFile, type BatchJob } from './estate-audit.js';

parentPort?.on('message', async (task: { file: string; job: BatchJob }) => {
  try {
    parentPort!.postMessage({ ok: true, outcome: await auditEstateFile(task.file, task.job) });
  } catch (err) {
    parentPort!.postMessage({ ok: false, message: String((err as Error)?.message ?? err), userError: err instanceof UserError });
  }
});
