/**
 * An audit must cost time linear in estate size. These tests count work, not
 * time: every call of an EstateIndex method and every element read of the
 * snapshot's object lists, while a rule checks an estate of size n and one of
 * size 4n. Linear work grows about fourfold; a rule that scans the estate once
 * per object grows about sixteenfold.
 */
import assert from 'node:assert/strict';
import { loadRules } from '../src/engine/discover.js';
import { EstateIndex } from '../src/model/estate-index.js';
import type { FindingInput } from '../src/engine/rule.js';
import type { Snapshot } from '../src/snapshot/model.js';
import { EstateBuilder, nlbCluster } from './support/estate.js';

interface Work {
  /** Index method calls plus snapshot list element reads. */
  count: number;
  findings: number;
  notEvaluated: number;
}

/** A list whose element reads (by index, as for..of, filter, find and the like do) are counted. */
function countedList<T>(list: T[], tally: { count: number }): T[] {
  return new Proxy(list, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) tally.count++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

/** Runs one rule over the snapshot with an index whose methods, and the snapshot lists behind it, count their use. */
async function measure(ruleId: string, snapshot: Snapshot): Promise<Work> {
  const rule = (await loadRules()).find((r) => r.meta.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  const tally = { count: 0 };
  const watched: Snapshot = {
    ...snapshot,
    sites: countedList(snapshot.sites, tally),
    servers: countedList(snapshot.servers, tally),
    casArrays: countedList(snapshot.casArrays, tally),
    databases: countedList(snapshot.databases, tally),
    dags: countedList(snapshot.dags, tally),
    dns: {
      internal: countedList(snapshot.dns.internal, tally),
      external: snapshot.dns.external && countedList(snapshot.dns.external, tally),
    },
    hosts: { ...snapshot.hosts, servers: countedList(snapshot.hosts.servers, tally) },
  };
  const index = new EstateIndex(watched);
  const methods = index as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of Object.getOwnPropertyNames(EstateIndex.prototype)) {
    const method = methods[name];
    if (name === 'constructor' || typeof method !== 'function') continue;
    methods[name] = (...args: unknown[]) => {
      tally.count++;
      return method.apply(index, args);
    };
  }
  const options: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(rule.meta.options ?? {})) options[name] = spec.default;
  tally.count = 0; // building the index is linear by construction; count the rule's own work
  const findings: FindingInput[] = [];
  let notEvaluated = 0;
  rule.check({
    index,
    options,
    report: (finding) => findings.push(finding),
    notEvaluated: () => notEvaluated++,
    skipRule: (reason) => assert.fail(`${ruleId} skipped: ${reason}`),
  });
  return { count: tally.count, findings: findings.length, notEvaluated };
}

/** Runs the rule on estates of size n and 4n: the work may grow at most fivefold. */
async function assertLinear(ruleId: string, n: number, estate: (n: number) => Snapshot, expect: (n: number, work: Work) => void) {
  const small = await measure(ruleId, estate(n));
  const large = await measure(ruleId, estate(4 * n));
  expect(n, small);
  expect(4 * n, large);
  assert.ok(
    large.count <= 5 * small.count,
    `${ruleId}: work grew from ${small.count} (n=${n}) to ${large.count} (n=${4 * n}), ${(large.count / small.count).toFixed(1)}×; linear work grows about 4×`,
  );
}

describe('rules scale linearly with the estate (work counted, not timed)', () => {
  const N = 40;

  it('PORT001: many dynamic-port Client Access servers in one site', async () => {
    await assertLinear(
      'PORT001',
      N,
      (n) => {
        const b = new EstateBuilder().site('S').array('arr', { site: 'S' });
        for (let i = 0; i < n; i++) b.server(`C${i}`, { site: 'S', roles: ['ClientAccess'] }).host(`C${i}`);
        // The one server with a port comes last, so that every other server has to look past its peers to find it.
        b.server('LAST', { site: 'S', roles: ['ClientAccess'] }).host('LAST', { rpcPort: 59600, abPort: 59601 });
        return b.build();
      },
      (n, work) => assert.equal(work.findings, n),
    );
  });

  it('PORT004: every server with both services on one port, the peers sharing it', async () => {
    await assertLinear(
      'PORT004',
      N,
      (n) => {
        const b = new EstateBuilder().site('S').array('arr', { site: 'S' });
        for (let i = 0; i < n; i++) b.server(`C${i}`, { site: 'S', roles: ['ClientAccess'] }).host(`C${i}`, { rpcPort: 59532, abPort: 59532 });
        return b.build();
      },
      (n, work) => assert.equal(work.findings, n),
    );
  });

  it('PORT005: every server on a port outside the recommended range', async () => {
    await assertLinear(
      'PORT005',
      N,
      (n) => {
        const b = new EstateBuilder().site('S').array('arr', { site: 'S' });
        for (let i = 0; i < n; i++) b.server(`C${i}`, { site: 'S', roles: ['ClientAccess'] }).host(`C${i}`, { rpcPort: 6001, abPort: 6002 });
        return b.build();
      },
      (n, work) => assert.equal(work.findings, n),
    );
  });

  it('DNS001: many arrays, and databases whose endpoint server does not resolve', async () => {
    await assertLinear(
      'DNS001',
      N,
      (n) => {
        const b = new EstateBuilder();
        for (let i = 0; i < n; i++) {
          b.site(`S${i}`).array(`a${i}`, { site: `S${i}` }).dns(`a${i}.contoso.local`, { a: ['10.0.0.1'] });
          b.server(`M${i}`, { site: `S${i}`, roles: ['Mailbox', 'ClientAccess'] }).dns(`m${i}.contoso.local`, 'NXDOMAIN');
          for (let k = 0; k < 2; k++) b.database(`D${i}_${k}`, { owner: `M${i}`, endpoint: `M${i}` });
        }
        return b.build();
      },
      (n, work) => assert.equal(work.findings, 2 * n),
    );
  });

  for (const ruleId of ['DNS002', 'DNS003']) {
    it(`${ruleId}: many arrays, each name on a server address and an unknown one, one server name not asked in DNS`, async () => {
      await assertLinear(
        ruleId,
        N,
        (n) => {
          const b = new EstateBuilder();
          for (let i = 0; i < n; i++) {
            const net = `10.${i >> 8}.${i & 255}`;
            b.site(`S${i}`).array(`a${i}`, { site: `S${i}` }).dns(`a${i}.contoso.local`, { a: [`${net}.1`, `${net}.99`] });
            for (const k of [1, 2]) {
              b.server(`C${i}x${k}`, { site: `S${i}`, roles: ['ClientAccess'] }).dns(`c${i}x${k}.contoso.local`, { a: [`${net}.${k}`] });
            }
          }
          // Last in the snapshot, so that finding some server's DNS incomplete means looking at every server.
          b.server('LAST', { site: 'S0', roles: ['ClientAccess'] });
          return b.build();
        },
        (n, work) => assert.equal(work.notEvaluated, n),
      );
    });
  }

  it('NLB002: many servers in 9-host NLB clusters', async () => {
    await assertLinear(
      'NLB002',
      9 * 5,
      (n) => {
        const b = new EstateBuilder().site('S');
        for (let c = 0; c < n / 9; c++) {
          const names = Array.from({ length: 9 }, (_, i) => `C${c}_${i}`);
          for (const name of names) {
            b.server(name, { site: 'S', roles: ['ClientAccess'] }).host(name, { nlb: [nlbCluster(`10.${c >> 8}.${c & 255}.50`, names)] });
          }
        }
        return b.build();
      },
      (n, work) => assert.equal(work.findings, n),
    );
  });
});
