/**
 * Escaping for the HTML report. Everything from the snapshot (names, DNs,
 * messages, file paths) is untrusted: it reaches the page only through these.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe as element content and inside a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON safe inside a `<script type="application/json">` block: no `<` (so no
 * `</script>` or `<!--`), and no `&`, U+2028 or U+2029. JSON.parse reads the
 * \u escapes back as the same characters.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
