/**
 * Shared by the CAS-array rules (ARR002–ARR007): how an array is named in
 * messages, and the shell step that moves databases between arrays.
 */
import type { CasArray } from '../../src/snapshot/model.js';

/** How messages name an array: its FQDN, or its name when it has none. */
export function arrayLabel(array: CasArray): string {
  return array.fqdn ?? array.name;
}

/** An array's name with its FQDN, for messages where several arrays may share the FQDN. */
export function arrayNameAndFqdn(array: CasArray): string {
  return array.fqdn ? `${array.name} (${array.fqdn})` : array.name;
}

/** EMS step that moves every database using one array name to another; both arguments are already PowerShell-quoted (psQuote) or a quoted placeholder. */
export function repointDatabases(fromFqdn: string, toFqdn: string): string {
  return (
    `Get-MailboxDatabase | Where-Object { $_.RpcClientAccessServer -eq ${fromFqdn} } | ` +
    `Set-MailboxDatabase -RpcClientAccessServer ${toFqdn}`
  );
}
