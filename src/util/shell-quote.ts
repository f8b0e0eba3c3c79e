/**
 * Values from the estate (AD names, DNS names, export values) as they appear
 * in the commands a remediation tells an administrator to paste. A name such
 * as DB$(Stop-Computer) must stay a name, whichever shell runs the command.
 */

/**
 * A PowerShell argument: single quotes, with each single quote doubled.
 * Inside single quotes PowerShell expands nothing ($, `, $(...) are text);
 * it also takes the typographic quotes ‘ ’ ‚ ‛ as single quotes, so those are
 * doubled as well.
 */
export function psQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

/**
 * Characters with no meaning to cmd.exe or PowerShell when a native program
 * (dnscmd, reg) is run from either: letters, digits, and . - _ : * (DNS names,
 * IP addresses, wildcards).
 */
const PLAIN_ARGUMENT = /^[A-Za-z0-9._:*-]+$/;

/**
 * An argument to a native program such as dnscmd, written bare. cmd.exe has
 * no quoting that survives both its own parser and PowerShell's: inside
 * double quotes cmd.exe still expands %VAR% and cannot escape a `"`, and
 * PowerShell expands $(...). So a value made only of plain characters is
 * written as it is, and any other value is replaced by the placeholder
 * (`<what>`), which the admin fills in from the finding's message; a
 * placeholder is never run.
 */
export function cmdArgument(value: string, what: string): string {
  return PLAIN_ARGUMENT.test(value) ? value : `<${what}>`;
}
