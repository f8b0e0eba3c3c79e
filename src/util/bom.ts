/** Windows editors and PowerShell like to start a text file with a byte order mark; no parser wants it. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
