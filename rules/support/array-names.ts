/**
 * Shared by the CAS-array rules (ARR002–ARR007): how an array is named in
 * messages, and the shell step that moves databases between arrays.
 */
import type { CasArray } from '../../src/snapshot/model.js';
import { psQuote } from '../../src/util/shell-quote.js';

/** How messages name an array: its FQDN, or its name when it has none. */
export function arrayLabel(array: CasArray): string {
  return array.fqdn ?? array.name;
}

/** An array's name with its FQDN, for messages where several arrays may share the FQDN. */
export function arrayNameAndFqdn(array: CasArray): string {
  return array.fqdn ? `${array.name} (${array.fqdn})` : array.name;
}

/** An array's FQDN as a PowerShell argument, or the placeholder the admin fills in when it has none. */
export function fqdnArgument(fqdn: string | null | undefined): string {
  return fqdn ? psQuote(fqdn) : '"<array fqdn>"';
}

/** EMS step that moves every database using one array name to another (null: an FQDN still to be chosen). */
export function repointDatabases(fromFqdn: string, toFqdn: string | null): string {
  return (
    `Get-MailboxDatabase | Where-Object { $_.RpcClientAccessServer -eq ${psQuote(fromFqdn)} } | ` +
    `Set-MailboxDatabase -RpcClientAccessServer ${fqdnArgument(toFqdn)}`
  );
}
