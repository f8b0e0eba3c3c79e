import type { Snapshot } from '../../src/snapshot/model.js';
import { dnKey } from '../../src/snapshot/names.js';

/**
 * The directory sections with every DN-valued field reduced to its comparison
 * key and where each object was read from dropped: what two transports of the
 * same directory must agree on. objectGuid is dropped unless keepGuid is set.
 */
export function canonicalDirectory(
  s: Pick<Snapshot, 'organization' | 'sites' | 'servers' | 'casArrays' | 'databases' | 'dags'>,
  options: { keepGuid?: boolean } = {},
) {
  const k = (dn: string | null) => (dn === null ? null : dnKey(dn));
  const strip = <T extends { objectGuid?: string; source?: unknown }>({ objectGuid, source: _s, ...rest }: T) =>
    options.keepGuid && objectGuid ? { ...rest, objectGuid } : rest;
  return {
    organization: s.organization && { ...s.organization, dn: k(s.organization.dn) },
    sites: s.sites.map((x) => ({ ...strip(x), dn: k(x.dn) })),
    servers: s.servers.map((x) => ({ ...strip(x), dn: k(x.dn), site: k(x.site), dag: k(x.dag) })),
    casArrays: s.casArrays.map((x) => ({ ...strip(x), dn: k(x.dn), site: k(x.site) })),
    databases: s.databases.map((x) => ({
      ...strip(x),
      dn: k(x.dn),
      owningServer: k(x.owningServer),
      master: k(x.master),
      rpcClientAccess: { ...x.rpcClientAccess, resolved: x.rpcClientAccess.resolved && { ...x.rpcClientAccess.resolved, target: k(x.rpcClientAccess.resolved.target) } },
      copies: x.copies.map(({ source: _s, ...c }) => ({ ...c, server: k(c.server) })),
    })),
    dags: s.dags.map((x) => ({ ...strip(x), dn: k(x.dn), members: x.members.map(k) })),
  };
}
