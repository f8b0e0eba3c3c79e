/**
 * The one way casaudit writes a message to stderr: prefixed with its name,
 * on one line, with control characters made visible. Messages quote names
 * from AD, DNS and exports, and an ESC or a newline in such a name must not
 * act on the terminal or forge a line.
 */
import { visible } from '../util/visible.js';

export function stderrLine(message: string): void {
  process.stderr.write(`casaudit: ${visible(message)}\n`);
}
