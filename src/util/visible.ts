/**
 * Estate text (names from AD, DNS and exports) made safe for a terminal:
 * control characters are shown as escapes instead of acting. Without this an
 * ESC in a server name would recolour or rewrite the terminal, a CR or LF
 * would forge report lines, and a bidi override would show text reversed.
 */

/**
 * C0 controls and DEL, C1 controls, the bidi marks, embeddings, overrides and
 * isolates (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), and the
 * line and paragraph separators U+2028 and U+2029.
 */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/**
 * The text with each control character written as an escape: `\x1b` for
 * those below U+0100, `\u202e` for the others. Backslashes are left as they
 * are (registry keys and Windows paths are full of them), so a name that
 * holds the four characters `\x1b` reads the same as one holding ESC; that is
 * ambiguous to the eye but harmless to the terminal.
 */
export function visible(text: string): string {
  return text.replace(CONTROLS, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
