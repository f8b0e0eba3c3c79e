/**
 * An error the user can act on: bad input, an unreachable source, a usage
 * mistake. The CLI prints its message on one line and exits with code 2.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/** Make any thrown value a single line, for messages that must stay on one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
