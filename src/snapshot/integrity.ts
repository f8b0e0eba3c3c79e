/**
 * Reference integrity of a schema-valid snapshot: every DN one object names
 * should be another object of the right kind, and each database's resolved
 * endpoint should be what its legacyExchangeDN names. Dangling references
 * happen in real estates (a deleted site, a removed server) and rules handle
 * them; `casaudit validate` lists them so an exported snapshot can be checked.
 */
import { dnKey, legacyDnKey } from './names.js';
import type { Snapshot } from './model.js';

export interface IntegrityProblem {
  /** JSON pointer of the offending value. */
  pointer: string;
  message: string;
}

export function checkIntegrity(snapshot: Snapshot): IntegrityProblem[] {
  const problems: IntegrityProblem[] = [];
  const keys = (list: readonly { dn: string }[]) => new Set(list.map((o) => dnKey(o.dn)));
  const sites = keys(snapshot.sites);
  const servers = keys(snapshot.servers);
  const arrays = keys(snapshot.casArrays);
  const dags = keys(snapshot.dags);

  const seen = new Map<string, string>();
  const sections = ['sites', 'servers', 'casArrays', 'databases', 'dags'] as const;
  for (const section of sections) {
    snapshot[section].forEach((object, i) => {
      const key = dnKey(object.dn);
      const first = seen.get(key);
      if (first) problems.push({ pointer: `/${section}/${i}/dn`, message: `duplicate DN, also at ${first}` });
      else seen.set(key, `/${section}/${i}`);
    });
  }

  const expect = (set: Set<string>, dn: string | null, pointer: string, what: string) => {
    if (dn !== null && !set.has(dnKey(dn))) problems.push({ pointer, message: `${what} ${dn} is not in the snapshot` });
  };

  snapshot.servers.forEach((s, i) => {
    expect(sites, s.site, `/servers/${i}/site`, 'site');
    expect(dags, s.dag, `/servers/${i}/dag`, 'DAG');
  });
  snapshot.casArrays.forEach((a, i) => expect(sites, a.site, `/casArrays/${i}/site`, 'site'));
  snapshot.dags.forEach((d, i) => d.members.forEach((m, j) => expect(servers, m, `/dags/${i}/members/${j}`, 'member server')));

  const endpoints = new Map<string, { kind: 'array' | 'server'; dn: string }>();
  for (const s of snapshot.servers) if (s.legacyExchangeDN) endpoints.set(legacyDnKey(s.legacyExchangeDN), { kind: 'server', dn: s.dn });
  for (const a of snapshot.casArrays) {
    const key = a.legacyExchangeDN ? legacyDnKey(a.legacyExchangeDN) : null;
    if (key && !endpoints.has(key)) endpoints.set(key, { kind: 'array', dn: a.dn });
  }

  snapshot.databases.forEach((d, i) => {
    const at = `/databases/${i}`;
    expect(servers, d.owningServer, `${at}/owningServer`, 'owning server');
    if (d.master !== null && !servers.has(dnKey(d.master)) && !dags.has(dnKey(d.master))) {
      problems.push({ pointer: `${at}/master`, message: `master ${d.master} is neither a server nor a DAG in the snapshot` });
    }
    d.copies.forEach((c, j) => expect(servers, c.server, `${at}/copies/${j}/server`, 'copy server'));
    const rca = d.rpcClientAccess;
    if (rca.resolved) {
      expect(rca.resolved.kind === 'array' ? arrays : servers, rca.resolved.target, `${at}/rpcClientAccess/resolved/target`, rca.resolved.kind === 'array' ? 'CAS array' : 'server');
    }
    const named = rca.legacyExchangeDN === null ? undefined : endpoints.get(legacyDnKey(rca.legacyExchangeDN));
    const recorded = rca.resolved ? dnKey(rca.resolved.target) : undefined;
    if ((named ? dnKey(named.dn) : undefined) !== recorded) {
      problems.push({
        pointer: `${at}/rpcClientAccess/resolved`,
        message: named
          ? `endpoint ${rca.legacyExchangeDN} names ${named.kind} ${named.dn}, but resolved says ${rca.resolved ? rca.resolved.target : 'null'}`
          : `endpoint ${rca.legacyExchangeDN ?? '(none)'} names no server or array, but resolved says ${rca.resolved?.target}`,
      });
    }
  });

  snapshot.hosts.servers.forEach((h, i) => expect(servers, h.server, `/hosts/servers/${i}/server`, 'server'));
  return problems;
}
