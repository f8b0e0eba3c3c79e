/** Server roles from the msExchCurrentServerRoles bitmask. */
import type { ServerRole } from '../snapshot/model.js';

const ROLE_BITS: readonly [ServerRole, number][] = [
  ['Cafe', 1],
  ['Mailbox', 2],
  ['ClientAccess', 4],
  ['UnifiedMessaging', 16],
  ['HubTransport', 32],
  ['Edge', 64],
  ['FrontendTransport', 16384],
];

export function decodeServerRoles(bits: number): ServerRole[] {
  return ROLE_BITS.filter(([, bit]) => (bits & bit) !== 0).map(([role]) => role);
}
