/**
 * The DNS names the rules need answered: every CAS array FQDN and every
 * Exchange server FQDN (database endpoints are servers or arrays, and server
 * addresses tell a load-balanced VIP from a single server). Live resolvers
 * and zone files answer the same list.
 */
import type { DirectoryData } from '../ad/map.js';
import { fqdnKey } from '../../snapshot/names.js';

export function dnsQuestions(directory: Pick<DirectoryData, 'casArrays' | 'servers'>): string[] {
  const names = new Set<string>();
  for (const object of [...directory.casArrays, ...directory.servers]) if (object.fqdn) names.add(fqdnKey(object.fqdn));
  return [...names];
}
