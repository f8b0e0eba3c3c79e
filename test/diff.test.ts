import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffSnapshots, DIFF_KINDS, hasChanges, type SnapshotDiff } from '../src/diff/snapshot-diff.js';
import type { Server, Snapshot } from '../src/snapshot/model.js';
import { casaudit } from './support/cli.js';
import { tempDir } from './support/tmp.js';

const DEMO = 'fixtures/demo/snapshot.json';
const DEMO_TEXT = readFileSync(DEMO, 'utf8');

/** A fresh deep copy of the demo snapshot, to mutate. */
function demo(): Snapshot {
  return JSON.parse(DEMO_TEXT) as Snapshot;
}

/** When the demo was collected: `npm run demo:snapshot` stamps it, so it is read, not restated. */
const DEMO_COLLECTED_AT = demo().collection.collectedAt;
/** When the changed copies were collected: any other time. */
const LATER = '2099-11-29T08:00:00.000Z';

function byName<T extends { name: string }>(items: T[], name: string): T {
  const item = items.find((i) => i.name === name);
  assert.ok(item, `no ${name} in the demo snapshot`);
  return item;
}

function writeSnapshot(dir: string, name: string, snapshot: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(snapshot, null, 2));
  return file;
}

/** Adds LON-CAS3 (a copy of LON-CAS2 without its GUID) and removes the database LON-DB06; the new server. */
function addServerRemoveDatabase(snapshot: Snapshot): Server {
  const cas = structuredClone(byName(snapshot.servers, 'LON-CAS2'));
  cas.name = 'LON-CAS3';
  cas.dn = cas.dn.replace('CN=LON-CAS2,', 'CN=LON-CAS3,');
  delete cas.objectGuid;
  snapshot.servers.push(cas);
  snapshot.databases = snapshot.databases.filter((db) => db.name !== 'LON-DB06');
  return cas;
}

/** Every change as one `kind name path` string, for compact assertions. */
function changeList(diff: SnapshotDiff): string[] {
  return DIFF_KINDS.flatMap((kind) => diff.kinds[kind].changed.flatMap((c) => c.changes.map((ch) => `${kind} ${c.name} ${ch.path}`)));
}

/** Upper- or lower-case a DN's attribute types and values, for DN-case tests. */
const flipCase = (dn: string) => (dn === dn.toUpperCase() ? dn.toLowerCase() : dn.toUpperCase());

describe('diffSnapshots', () => {
  it('finds nothing between a snapshot and its copy, and reports both collection times', () => {
    const before = demo();
    const after = demo();
    after.collection.collectedAt = LATER;
    after.collection.sources = [];
    const diff = diffSnapshots(before, after);
    assert.equal(hasChanges(diff), false);
    assert.deepEqual(diff.summary, { added: 0, removed: 0, changed: 0 });
    assert.equal(diff.oldCollectedAt, DEMO_COLLECTED_AT);
    assert.equal(diff.newCollectedAt, LATER);
    assert.deepEqual(Object.keys(diff.kinds), [...DIFF_KINDS]);
  });

  it('reports an added server and a removed database', () => {
    const before = demo();
    const after = demo();
    const cas = addServerRemoveDatabase(after);
    const diff = diffSnapshots(before, after);
    assert.deepEqual(diff.kinds.servers.added, [{ name: 'LON-CAS3', id: cas.dn }]);
    assert.deepEqual(
      diff.kinds.databases.removed.map((d) => d.name),
      ['LON-DB06'],
    );
    assert.deepEqual(diff.summary, { added: 1, removed: 1, changed: 0 });
  });

  it("reports a database's new RPC Client Access endpoint by FQDN, once", () => {
    const before = demo();
    const after = demo();
    const db = byName(after.databases, 'LON-DB01');
    const array = byName(after.casArrays, 'lon-cas1');
    db.rpcClientAccess = { legacyExchangeDN: array.legacyExchangeDN, resolved: { kind: 'array', target: array.dn } };
    db.legacyExchangeDN = `${array.legacyExchangeDN}/cn=Microsoft Private MDB`;
    const diff = diffSnapshots(before, after);
    assert.deepEqual(diff.kinds.databases.changed, [
      {
        name: 'LON-DB01',
        id: db.dn,
        changes: [{ path: 'rpcClientAccessServer', old: 'outlook-lon.northwind.local', new: 'lon-cas1.northwind.local' }],
      },
    ]);
  });

  it('reports an endpoint moving from an array to a server, with the resolved kind', () => {
    const before = demo();
    const after = demo();
    const db = byName(after.databases, 'LON-DB02');
    const server = byName(after.servers, 'LON-CAS2');
    db.rpcClientAccess = { legacyExchangeDN: server.legacyExchangeDN, resolved: { kind: 'server', target: server.dn } };
    const changes = diffSnapshots(before, after).kinds.databases.changed[0]?.changes;
    assert.deepEqual(changes, [
      { path: 'rpcClientAccessServer', old: 'outlook-lon.northwind.local', new: 'lon-cas2.northwind.local' },
      { path: 'rpcClientAccess.resolvedKind', old: 'array', new: 'server' },
    ]);
  });

  it('names endpoints by legacyExchangeDN when the two arrays share an FQDN', () => {
    const before = demo();
    const after = demo();
    const lds = byName(before.casArrays, 'outlook-lds');
    const gla = byName(after.casArrays, 'outlook-gla');
    byName(before.databases, 'MAN-DB01').rpcClientAccess = { legacyExchangeDN: lds.legacyExchangeDN, resolved: { kind: 'array', target: lds.dn } };
    byName(after.databases, 'MAN-DB01').rpcClientAccess = { legacyExchangeDN: gla.legacyExchangeDN, resolved: { kind: 'array', target: gla.dn } };
    const changes = diffSnapshots(before, after).kinds.databases.changed[0]?.changes;
    assert.deepEqual(changes, [{ path: 'rpcClientAccessServer', old: lds.legacyExchangeDN, new: gla.legacyExchangeDN }]);
  });

  it('reports a DNS TTL change on the record', () => {
    const before = demo();
    const after = demo();
    byName(after.dns.internal, 'outlook-lon.northwind.local').records[0]!.ttl = 60;
    const diff = diffSnapshots(before, after);
    assert.deepEqual(diff.kinds.dnsInternal.changed, [
      {
        name: 'outlook-lon.northwind.local',
        id: 'outlook-lon.northwind.local',
        changes: [{ path: 'records[A 10.10.1.50].ttl', old: 300, new: 60 }],
      },
    ]);
  });

  it('reports DNS records added and removed, and external answers separately from internal ones', () => {
    const before = demo();
    const after = demo();
    const answer = byName(after.dns.internal, 'outlook-lon.northwind.local');
    answer.records[0]!.value = '10.10.1.51';
    const external = byName(after.dns.external!, 'outlook-lon.northwind.local');
    external.rcode = 'NOERROR';
    const diff = diffSnapshots(before, after);
    assert.deepEqual(diff.kinds.dnsInternal.changed[0]?.changes, [
      { path: 'records[A 10.10.1.50]', old: { name: 'outlook-lon.northwind.local', type: 'A', value: '10.10.1.50', ttl: 300 }, new: null },
      { path: 'records[A 10.10.1.51]', old: null, new: { name: 'outlook-lon.northwind.local', type: 'A', value: '10.10.1.51', ttl: 300 } },
    ]);
    assert.deepEqual(diff.kinds.dnsExternal.changed[0]?.changes, [{ path: 'rcode', old: 'NXDOMAIN', new: 'NOERROR' }]);
  });

  it('reports an NLB port rule affinity change with the cluster and rule in the path', () => {
    const before = demo();
    const after = demo();
    const host = after.hosts.servers.find((h) => h.nlb.clusters.length > 0)!;
    const rule = host.nlb.clusters[0]!.portRules![0]!;
    const was = rule.affinity;
    rule.affinity = was === 'None' ? 'Single' : 'None';
    const diff = diffSnapshots(before, after);
    assert.deepEqual(changeList(diff), [
      `hosts ${host.server.split(',')[0]!.slice(3)} nlb.clusters[${host.nlb.clusters[0]!.ip}].portRules[${rule.vip}:${rule.startPort}-${rule.endPort}].affinity`,
    ]);
    const change = diff.kinds.hosts.changed[0]!.changes[0]!;
    assert.deepEqual([change.old, change.new], [was, rule.affinity]);
  });

  it('reports port rules becoming unknown as a change of its own (portRulesKnown)', () => {
    const before = demo();
    const after = demo();
    const host = after.hosts.servers.find((h) => h.nlb.clusters.some((c) => (c.portRules?.length ?? 0) > 0))!;
    const cluster = host.nlb.clusters.find((c) => (c.portRules?.length ?? 0) > 0)!;
    cluster.portRules = null;
    const diff = diffSnapshots(before, after);
    const prefix = `hosts ${host.server.split(',')[0]!.slice(3)} nlb.clusters[${cluster.ip}].`;
    assert.ok(changeList(diff).includes(`${prefix}portRulesKnown`), changeList(diff).join('\n'));
    const change = diff.kinds.hosts.changed[0]!.changes.find((c) => c.path.endsWith('portRulesKnown'))!;
    assert.deepEqual([change.old, change.new], [true, false]);
  });

  it('reports port settings, role and version changes, and a recreated object (new objectGuid)', () => {
    const before = demo();
    const after = demo();
    const host = after.hosts.servers.find((h) => h.ports.rpcClientAccess !== null)!;
    host.ports.rpcClientAccess = { ...host.ports.rpcClientAccess!, raw: '6001', port: 6001, line: 99 };
    const server = byName(after.servers, 'LON-CAS2');
    server.roles = [...server.roles, 'Mailbox'];
    server.version = { major: 14, minor: 3, build: 123, revision: 4, text: 'Version 14.3 (Build 30123.4)' };
    const site = byName(after.sites, 'London');
    assert.ok(site.objectGuid);
    site.objectGuid = '00000000-0000-0000-0000-000000000001';
    const diff = diffSnapshots(before, after);
    assert.deepEqual(changeList(diff).sort(), [
      'hosts LON-CAS1 ports.rpcClientAccess',
      'servers LON-CAS2 roles',
      'servers LON-CAS2 version',
      'sites London objectGuid',
    ]);
    const roles = diff.kinds.servers.changed[0]!.changes[0]!;
    assert.deepEqual(roles.new, ['ClientAccess', 'HubTransport', 'Mailbox']);
    assert.deepEqual(diff.kinds.hosts.changed[0]!.changes[0]!.new, { port: 6001, raw: '6001' });
  });

  it('ignores an objectGuid that only one snapshot has (a collector that does not read it)', () => {
    const before = demo();
    const after = demo();
    for (const server of after.servers) delete server.objectGuid;
    assert.equal(hasChanges(diffSnapshots(before, after)), false);
  });

  it('ignores array order and DN/FQDN case everywhere', () => {
    const before = demo();
    const after = demo();
    for (const list of [after.sites, after.servers, after.casArrays, after.databases, after.dags, after.dns.internal, after.hosts.servers]) {
      list.reverse();
    }
    for (const site of after.sites) {
      site.dn = flipCase(site.dn);
      site.subnets.reverse();
    }
    for (const server of after.servers) {
      server.dn = flipCase(server.dn);
      server.roles.reverse();
      if (server.site) server.site = flipCase(server.site);
      if (server.dag) server.dag = flipCase(server.dag);
      if (server.fqdn) server.fqdn = `${server.fqdn.toUpperCase()}.`;
    }
    for (const array of after.casArrays) {
      array.dn = flipCase(array.dn);
      if (array.legacyExchangeDN) array.legacyExchangeDN = array.legacyExchangeDN.toUpperCase();
    }
    for (const db of after.databases) {
      db.dn = flipCase(db.dn);
      if (db.owningServer) db.owningServer = flipCase(db.owningServer);
      if (db.master) db.master = flipCase(db.master);
      db.copies.reverse();
      for (const copy of db.copies) copy.server = flipCase(copy.server);
      if (db.rpcClientAccess.legacyExchangeDN) db.rpcClientAccess.legacyExchangeDN = db.rpcClientAccess.legacyExchangeDN.toLowerCase();
      if (db.rpcClientAccess.resolved) db.rpcClientAccess.resolved.target = flipCase(db.rpcClientAccess.resolved.target);
    }
    for (const dag of after.dags) {
      dag.dn = flipCase(dag.dn);
      dag.members = dag.members.reverse().map(flipCase);
    }
    for (const answer of after.dns.internal) {
      answer.name = answer.name.toUpperCase();
      answer.records.reverse();
      for (const record of answer.records) record.name = `${record.name.toUpperCase()}.`;
    }
    for (const host of after.hosts.servers) {
      host.server = flipCase(host.server);
      for (const cluster of host.nlb.clusters) {
        cluster.hosts.reverse();
        cluster.portRules!.reverse();
      }
    }
    const diff = diffSnapshots(before, after);
    assert.deepEqual(changeList(diff), []);
    assert.equal(hasChanges(diff), false);
  });

  it('ignores source files and lines, and where a port setting was read', () => {
    const before = demo();
    const after = demo();
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') {
        const object = value as Record<string, unknown>;
        if (object.source && typeof object.source === 'object') object.source = { file: 'elsewhere.ldif', line: 1 + (object.source as { line: number }).line * 2 };
        if (typeof object.file === 'string' && typeof object.line === 'number') object.line += 7;
        for (const [key, child] of Object.entries(object)) if (key !== 'source') visit(child);
      }
    };
    visit(after);
    assert.notDeepEqual(after, before);
    assert.equal(hasChanges(diffSnapshots(before, after)), false);
  });

  it('pairs duplicate DNs in order instead of losing one', () => {
    const before = demo();
    const after = demo();
    const copy = structuredClone(byName(after.dags, 'LON-DAG01'));
    after.dags.push(copy);
    const diff = diffSnapshots(before, after);
    assert.deepEqual(diff.kinds.dags.added, [{ name: 'LON-DAG01', id: copy.dn }]);
  });

  it('matches objects by key, not by position: 16,000 reordered servers give exactly the one real change', () => {
    // Speed is for the benchmarks (npm run bench), never a timed test.
    const make = (count: number) => {
      const s = demo();
      const template = s.servers[0]!;
      s.servers = Array.from({ length: count }, (_, i) => ({ ...template, name: `EX${i}`, dn: template.dn.replace(/^CN=[^,]+/, `CN=EX${i}`) }));
      return s;
    };
    const before = make(16_000);
    const after = make(16_000);
    after.servers.reverse();
    after.servers[0]!.fqdn = 'moved.northwind.local';
    const diff = diffSnapshots(before, after);
    assert.deepEqual(diff.summary, { added: 0, removed: 0, changed: 1 });
    assert.equal(diff.kinds.servers.changed[0]!.name, 'EX15999');
  });
});

describe('casaudit diff', function () {
  this.timeout(20_000); // each test runs the built binary

  /** The demo with a server added, a database removed, an endpoint and a TTL changed. */
  function changedDemo(): Snapshot {
    const after = demo();
    after.collection.collectedAt = LATER;
    addServerRemoveDatabase(after);
    const db = byName(after.databases, 'LON-DB01');
    const array = byName(after.casArrays, 'lon-cas1');
    db.rpcClientAccess = { legacyExchangeDN: array.legacyExchangeDN, resolved: { kind: 'array', target: array.dn } };
    byName(after.dns.internal, 'outlook-lon.northwind.local').records[0]!.ttl = 60;
    return after;
  }

  it('exits 0 with "No changes." for identical snapshots', () => {
    const dir = tempDir();
    const copy = writeSnapshot(dir, 'copy.json', demo());
    const run = casaudit(['diff', DEMO, copy]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^No changes\.$/m);
    assert.ok(run.stdout.includes(`collected ${DEMO_COLLECTED_AT}`), run.stdout);
    assert.equal(run.stderr, '');
  });

  it('exits 1 and lists added, removed and changed objects grouped by kind', () => {
    const dir = tempDir();
    const after = writeSnapshot(dir, 'new.json', changedDemo());
    const run = casaudit(['diff', DEMO, after]);
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.stderr, '');
    const lines = run.stdout.split('\n');
    for (const expected of [
      '+ server LON-CAS3',
      '- database LON-DB06',
      '~ database LON-DB01: rpcClientAccessServer outlook-lon.northwind.local → lon-cas1.northwind.local',
      '~ DNS name outlook-lon.northwind.local: records[A 10.10.1.50].ttl 300 → 60',
      '1 added, 1 removed, 2 changed',
    ]) {
      assert.ok(lines.includes(expected), `missing line ${JSON.stringify(expected)} in:\n${run.stdout}`);
    }
    assert.ok(lines.indexOf('Servers') < lines.indexOf('+ server LON-CAS3'));
    assert.ok(lines.indexOf('Databases') < lines.indexOf('- database LON-DB06'));
    assert.ok(run.stdout.includes(`collected ${LATER}`), run.stdout);
  });

  it('writes a stable JSON document', () => {
    const dir = tempDir();
    const after = writeSnapshot(dir, 'new.json', changedDemo());
    const run = casaudit(['diff', DEMO, after, '--format', 'json']);
    assert.equal(run.status, 1, run.stderr);
    const json = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(json), ['format', 'formatVersion', 'old', 'new', 'summary', 'kinds']);
    assert.equal(json.format, 'casaudit-diff');
    assert.equal(json.formatVersion, 1);
    assert.deepEqual(json.old, { file: DEMO, collectedAt: DEMO_COLLECTED_AT });
    assert.deepEqual(json.new, { file: after, collectedAt: LATER });
    assert.deepEqual(json.summary, { added: 1, removed: 1, changed: 2 });
    assert.deepEqual(Object.keys(json.kinds), [...DIFF_KINDS]);
    for (const kind of DIFF_KINDS) assert.deepEqual(Object.keys(json.kinds[kind]), ['added', 'removed', 'changed']);
    assert.equal(json.kinds.servers.added[0].name, 'LON-CAS3');
    assert.match(json.kinds.servers.added[0].id, /^CN=LON-CAS3,CN=Servers,/);
    assert.deepEqual(json.kinds.databases.changed[0].changes, [
      { path: 'rpcClientAccessServer', old: 'outlook-lon.northwind.local', new: 'lon-cas1.northwind.local' },
    ]);
    const same = JSON.parse(casaudit(['diff', DEMO, DEMO, '-f', 'json']).stdout);
    assert.deepEqual(same.summary, { added: 0, removed: 0, changed: 0 });
  });

  it('fails with a one-line error and exit 2 for a missing file or a schemaVersion 9 file', () => {
    const dir = tempDir();
    const v9 = writeSnapshot(dir, 'v9.json', { ...demo(), schemaVersion: 9 });
    const cases: [string[], RegExp][] = [
      [[DEMO, join(dir, 'nope.json')], /^casaudit: .*nope\.json: cannot read snapshot: no such file$/],
      [[join(dir, 'nope.json'), DEMO], /^casaudit: .*nope\.json: cannot read snapshot: no such file$/],
      [[v9, DEMO], /^casaudit: .*v9\.json:\d+: unsupported schemaVersion 9: this casaudit reads schemaVersion 1$/],
    ];
    for (const [files, expected] of cases) {
      const run = casaudit(['diff', ...files]);
      assert.equal(run.status, 2, files.join(' '));
      assert.equal(run.stdout, '');
      assert.equal(run.stderr.split('\n').filter(Boolean).length, 1, run.stderr);
      assert.match(run.stderr.trimEnd(), expected);
    }
  });

  it('writes --output atomically, leaving no temp files, and never over an input', () => {
    const dir = tempDir();
    const after = writeSnapshot(dir, 'new.json', changedDemo());
    for (const format of ['text', 'json']) {
      const out = join(dir, `drift.${format}`);
      const run = casaudit(['diff', DEMO, after, '--format', format, '--output', out]);
      assert.equal(run.status, 1, run.stderr);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, new RegExp(`wrote ${format} diff to .*\\(1 added, 1 removed, 2 changed\\)`));
    }
    assert.match(readFileSync(join(dir, 'drift.text'), 'utf8'), /^\+ server LON-CAS3$/m);
    assert.equal(JSON.parse(readFileSync(join(dir, 'drift.json'), 'utf8')).summary.changed, 2);
    const overInput = casaudit(['diff', DEMO, after, '-o', after]);
    assert.equal(overInput.status, 2);
    assert.match(overInput.stderr, /refusing to write the text diff over an input file/);
    assert.deepEqual(readdirSync(dir).sort(), ['drift.json', 'drift.text', 'new.json']);
  });

  it('has --help with examples', () => {
    const run = casaudit(['diff', '--help']);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /Examples:/);
    assert.match(run.stdout, /--format/);
  });
});
