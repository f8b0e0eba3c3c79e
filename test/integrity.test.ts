import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkIntegrity } from '../src/snapshot/integrity.js';
import { parseSnapshotText } from '../src/snapshot/load.js';
import { EstateBuilder, dn } from './support/estate.js';

describe('reference integrity', () => {
  it('finds in the demo estate only the planted array of the deleted Glasgow site', async () => {
    const snapshot = await parseSnapshotText(readFileSync('fixtures/demo/snapshot.json', 'utf8'), 'demo');
    assert.deepEqual(
      checkIntegrity(snapshot).map((p) => p.message),
      ['site CN=Glasgow,CN=Sites,CN=Configuration,DC=northwind,DC=local is not in the snapshot'],
    );
  });

  it('reports dangling references with their JSON pointers', () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .server('EX01', { dag: 'GoneDag' })
      .array('arr', { site: 'DeletedSite' })
      .database('DB01', { owner: 'GoneServer', endpoint: 'EX01', copies: ['EX01', 'Ghost'] })
      .build();
    const problems = checkIntegrity(snapshot).map((p) => `${p.pointer} ${p.message}`);
    assert.deepEqual(problems, [
      `/servers/0/dag DAG ${dn.dag('GoneDag')} is not in the snapshot`,
      `/casArrays/0/site site ${dn.site('DeletedSite')} is not in the snapshot`,
      `/databases/0/owningServer owning server ${dn.server('GoneServer')} is not in the snapshot`,
      `/databases/0/master master ${dn.server('GoneServer')} is neither a server nor a DAG in the snapshot`,
      `/databases/0/copies/1/server copy server ${dn.server('Ghost')} is not in the snapshot`,
    ]);
  });

  it('reports a resolved endpoint that disagrees with the legacyExchangeDN, and duplicate DNs', () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .server('EX01')
      .server('EX02')
      .database('DB01', { owner: 'EX01', endpoint: 'EX01' })
      .build();
    snapshot.databases[0]!.rpcClientAccess.resolved = { kind: 'server', target: dn.server('EX02') };
    snapshot.servers[1]!.dn = snapshot.servers[0]!.dn.toLowerCase();
    const problems = checkIntegrity(snapshot).map((p) => p.pointer);
    assert.ok(problems.includes('/servers/1/dn'), problems.join());
    assert.ok(problems.includes('/databases/0/rpcClientAccess/resolved'), problems.join());
  });
});
