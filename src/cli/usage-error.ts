import { UserError } from '../util/errors.js';

/** A command line casaudit cannot act on; printed with a pointer to --help. */
export class UsageError extends UserError {}
