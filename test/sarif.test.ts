import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as sarif from 'sarif';
import { runAudit, type AuditResult } from '../src/engine/audit.js';
import { loadRules } from '../src/engine/discover.js';
import { defineRule, type Rule } from '../src/engine/rule.js';
import { ruleDocsDir, ruleHelpUri } from '../src/util/paths.js';
import { toSarif, formatSarif } from '../src/report/formats/sarif.js';
import type { AuditedInput } from '../src/report/input.js';
import { loadSnapshotFile } from '../src/snapshot/load.js';
import type { Snapshot } from '../src/snapshot/model.js';
import { dnKey } from '../src/snapshot/names.js';
import { compileSnapshotValidator } from '../src/snapshot/compile-validator.js';
import { assertValidSarif } from './support/sarif-schema.js';

const CONFIG = 'CN=Configuration,DC=contoso,DC=com';
const SITE_LON = `CN=LON,CN=Sites,${CONFIG}`;
const SERVERS = `CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,${CONFIG}`;
const CAS1 = `CN=LON-CAS1,${SERVERS}`;
const MBX1 = `CN=LON-MBX1,${SERVERS}`;
const MBX2 = `CN=LON-MBX2,${SERVERS}`;
const DAG1 = `CN=DAG1,CN=Database Availability Groups,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,${CONFIG}`;
const DB1 = `CN=DB1,CN=Databases,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,${CONFIG}`;
const LEGACY_SERVERS = '/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers';

const EX2010 = { major: 14, minor: 3, build: 123, revision: 2, text: 'Version 14.3 (Build 123.2)' };

function server(name: string, dn: string, roles: Snapshot['servers'][number]['roles'], dag: string | null): Snapshot['servers'][number] {
  return {
    name,
    dn,
    fqdn: `${name.toLowerCase()}.contoso.com`,
    legacyExchangeDN: `${LEGACY_SERVERS}/cn=${name}`,
    site: SITE_LON,
    roles,
    roleBits: null,
    version: EX2010,
    dag,
  };
}

function hostData(serverDn: string, name: string): Snapshot['hosts']['servers'][number] {
  return {
    server: serverDn,
    folder: `hosts/${name}`,
    nlb: {
      collected: true,
      clusters: [
        { name: 'CASNLB', ip: '10.0.0.50', mode: 'Unicast', hosts: [{ name, state: 'Converged', hostId: 1 }], portRules: [] },
      ],
    },
    ports: { collected: false, rpcClientAccess: null, addressBookRegistry: null, addressBookConfig: null },
  };
}

/**
 * One site with a CAS server and two DAG members, no CAS array; DB1 points
 * Outlook at LON-CAS1; LON-MBX1 runs NLB; LON-MBX2 has no host export.
 * Expected: ARR001 (site), NLB001 (LON-MBX1), RCA001 (DB1); NLB001 cannot judge LON-MBX2.
 */
function estate(): Snapshot {
  return {
    schemaVersion: 1,
    collection: {
      tool: { name: 'casaudit', version: '0.1.0' },
      collectedAt: '2024-05-01T10:00:00Z',
      sources: [],
      sections: { activeDirectory: 'collected', dns: 'collected', hosts: 'collected' },
    },
    organization: { name: 'Contoso', dn: `CN=Contoso,CN=Microsoft Exchange,CN=Services,${CONFIG}` },
    sites: [{ name: 'LON', dn: SITE_LON, subnets: ['10.0.0.0/24'] }],
    servers: [
      server('LON-CAS1', CAS1, ['ClientAccess', 'HubTransport'], null),
      server('LON-MBX1', MBX1, ['Mailbox'], DAG1),
      server('LON-MBX2', MBX2, ['Mailbox'], DAG1),
    ],
    casArrays: [],
    databases: [
      {
        name: 'DB1',
        dn: DB1,
        kind: 'mailbox',
        legacyExchangeDN: `${LEGACY_SERVERS}/cn=LON-CAS1/cn=Microsoft Private MDB`,
        owningServer: MBX1,
        master: DAG1,
        rpcClientAccess: { legacyExchangeDN: `${LEGACY_SERVERS}/cn=LON-CAS1`, resolved: { kind: 'server', target: CAS1 } },
        copies: [
          { server: MBX1, activationPreference: 1 },
          { server: MBX2, activationPreference: 2 },
        ],
      },
    ],
    dags: [{ name: 'DAG1', dn: DAG1, members: [MBX1, MBX2] }],
    dns: { internal: [], external: null },
    hosts: { servers: [hostData(MBX1, 'LON-MBX1')], unmatchedFolders: [] },
  };
}

const noFile: AuditedInput = { file: null, lineOf: () => undefined };

function checkSnapshot(snapshot: Snapshot): Snapshot {
  const validate = compileSnapshotValidator();
  assert.ok(validate(snapshot), `test snapshot is invalid: ${JSON.stringify(validate.errors)}`);
  return snapshot;
}

/** The rules these tests were written against; the catalog may grow without changing what they check. */
const RULE_IDS = ['ARR001', 'NLB001', 'PORT001', 'RCA001'];

async function audit(snapshot: Snapshot, extraRules: Rule[] = []): Promise<AuditResult> {
  const rules = (await loadRules()).filter((r) => RULE_IDS.includes(r.meta.id));
  return runAudit(checkSnapshot(snapshot), [...rules, ...extraRules]);
}

function run(log: sarif.Log): sarif.Run {
  assert.equal(log.runs.length, 1);
  return log.runs[0]!;
}

function rulesOf(log: sarif.Log): sarif.ReportingDescriptor[] {
  return run(log).tool.driver.rules ?? [];
}

function fingerprintOf(result: sarif.Result): string {
  const value = result.partialFingerprints?.['casauditObject/v1'];
  assert.ok(value, 'result has no casauditObject/v1 fingerprint');
  return value;
}

describe('SARIF report', () => {
  it('validates, and every result points at its rule by ruleIndex', async () => {
    const result = await audit(estate());
    const log = toSarif({ result, input: noFile });
    assertValidSarif(log);

    assert.equal(log.version, '2.1.0');
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    const rules = rulesOf(log);
    assert.deepEqual(
      rules.map((r) => r.id),
      result.outcomes.map((o) => o.rule.id),
    );
    const results = run(log).results ?? [];
    assert.deepEqual(
      results.map((r) => r.ruleId),
      ['ARR001', 'NLB001', 'RCA001'],
    );
    for (const r of results) {
      assert.equal(typeof r.ruleIndex, 'number');
      assert.equal(rules[r.ruleIndex!]!.id, r.ruleId);
    }

    const nlb = results.find((r) => r.ruleId === 'NLB001')!;
    assert.equal(nlb.level, 'error');
    assert.equal(nlb.message.text, result.findings.find((f) => f.ruleId === 'NLB001')!.message);
    assert.deepEqual(nlb.locations?.[0]?.logicalLocations, [{ fullyQualifiedName: MBX1, name: 'LON-MBX1', kind: 'resource' }]);
    assert.equal(nlb.locations?.[0]?.physicalLocation, undefined, 'no file, no source: no physical location');
    assert.equal(nlb.relatedLocations?.[0]?.logicalLocations?.[0]?.fullyQualifiedName, DAG1);
    assert.equal(nlb.relatedLocations?.[0]?.message?.text, 'dag DAG1');
    assert.equal((nlb.properties as Record<string, unknown>).site, 'LON');
    assert.equal((nlb.properties as Record<string, unknown>).objectKind, 'server');
    assert.match(String((nlb.properties as Record<string, unknown>).remediation), /Remove-NlbClusterNode/);
    assert.equal(run(log).originalUriBaseIds, undefined, 'no physical locations: no %SRCROOT%');

    // LON-MBX2 could not be judged: one note naming it, tied to NLB001.
    const notes = run(log).invocations?.[0]?.toolExecutionNotifications ?? [];
    assert.equal(notes.length, 1);
    assert.equal(notes[0]!.message.text, 'NLB001 was not evaluated for 1 server(s): LON-MBX2 (no host export for the server).');
    assert.deepEqual(notes[0]!.associatedRule, { id: 'NLB001', index: rules.findIndex((r) => r.id === 'NLB001') });
    assert.deepEqual(notes[0]!.locations, [{ logicalLocations: [{ fullyQualifiedName: MBX2, name: 'LON-MBX2', kind: 'resource' }] }]);
  });

  it('reports rules skipped for an uncollected hosts section as tool notifications', async () => {
    const snapshot = estate();
    snapshot.collection.sections.hosts = 'not-collected';
    snapshot.hosts.servers = [];
    const log = toSarif({ result: await audit(snapshot), input: noFile });
    assertValidSarif(log);

    const rules = rulesOf(log);
    const results = run(log).results ?? [];
    assert.ok(!results.some((r) => r.ruleId === 'NLB001' || r.ruleId === 'PORT001'));
    const invocation = run(log).invocations?.[0];
    assert.equal(invocation?.executionSuccessful, true);
    const notes = invocation?.toolExecutionNotifications ?? [];
    for (const id of ['NLB001', 'PORT001']) {
      const note = notes.find((n) => n.associatedRule?.id === id);
      assert.ok(note, `no notification for ${id}`);
      assert.equal(note.level, 'note');
      assert.equal(note.message.text, `${id} was not evaluated: host data (NLB and static ports) was not collected.`);
      assert.equal(rules[note.associatedRule!.index!]!.id, id);
    }
    assert.equal(notes.length, 2, 'only the two rules that need host data');
  });

  it('fingerprints depend on rule and object identity only', async () => {
    const first = toSarif({ result: await audit(estate()), input: noFile });

    // Same estate, every list reversed, one DN re-cased, a reworded message and other lines.
    const reversed = estate();
    for (const list of [reversed.sites, reversed.servers, reversed.databases, reversed.dags]) list.reverse();
    const mbx1 = reversed.servers.find((s) => s.name === 'LON-MBX1')!;
    mbx1.dn = mbx1.dn.toLowerCase().replace(/,/g, ', ');
    const result = await audit(reversed);
    const nlbFinding = result.findings.find((f) => f.ruleId === 'NLB001')!;
    nlbFinding.message = 'A reworded message.';
    const second = toSarif({ result, input: { file: 'elsewhere.json', lineOf: () => 4242 } });

    const byRule = (log: sarif.Log) => new Map((run(log).results ?? []).map((r) => [r.ruleId!, fingerprintOf(r)]));
    const a = byRule(first);
    const b = byRule(second);
    assert.equal(a.size, 3);
    assert.deepEqual([...b.entries()].sort(), [...a.entries()].sort());
    assert.notEqual(
      (run(second).results ?? []).find((r) => r.ruleId === 'NLB001')!.message.text,
      (run(first).results ?? []).find((r) => r.ruleId === 'NLB001')!.message.text,
    );
    assert.equal(a.get('NLB001'), createHash('sha256').update(`NLB001|${dnKey(MBX1)}`).digest('hex'));

    // The same object under another rule is another alert.
    const base = await audit(estate());
    const finding = base.findings.find((f) => f.ruleId === 'NLB001')!;
    base.findings = [finding, { ...finding, ruleId: 'PORT001' }];
    const [nlb, port] = (run(toSarif({ result: base, input: noFile })).results ?? []).map(fingerprintOf);
    assert.notEqual(nlb, port);
    // ...and so is another object under the same rule.
    assert.notEqual(a.get('ARR001'), a.get('RCA001'));
  });

  describe('physical locations', () => {
    let cwd: string;
    let work: string;

    beforeEach(() => {
      cwd = process.cwd();
      // realpath: process.cwd() reports the resolved directory (macOS /var -> /private/var).
      work = realpathSync(mkdtempSync(join(tmpdir(), 'casaudit-sarif-')));
      process.chdir(work);
    });

    afterEach(() => {
      process.chdir(cwd);
      rmSync(work, { recursive: true, force: true });
    });

    it('use the input file relative to the working directory and the line of the object', async () => {
      mkdirSync('audit input');
      const file = join('audit input', 'estate #1.json');
      const text = JSON.stringify(estate(), null, 2);
      writeFileSync(file, text);
      const loaded = await loadSnapshotFile(file);
      const log = toSarif({ result: await audit(loaded.snapshot), input: loaded });
      assertValidSarif(log);

      const lineOfDn = (dn: string) => text.split('\n').findIndex((l) => l.includes(`"dn": ${JSON.stringify(dn)}`)) + 1;
      const nlb = (run(log).results ?? []).find((r) => r.ruleId === 'NLB001')!;
      const physical = nlb.locations?.[0]?.physicalLocation;
      assert.deepEqual(physical, {
        artifactLocation: { uri: 'audit%20input/estate%20%231.json', uriBaseId: '%SRCROOT%' },
        region: { startLine: lineOfDn(MBX1) },
      });
      assert.ok(lineOfDn(MBX1) > 1);
      assert.equal(nlb.relatedLocations?.[0]?.physicalLocation?.region?.startLine, lineOfDn(DAG1));
      assert.deepEqual(run(log).originalUriBaseIds, { '%SRCROOT%': { uri: pathToFileURL(work).href + '/' } });
    });

    it("fall back to the object's source file when the input has no file", async () => {
      const snapshot = estate();
      snapshot.servers.find((s) => s.name === 'LON-MBX1')!.source = { file: join('ldif', 'config.ldf'), line: 17 };
      const log = toSarif({ result: await audit(snapshot), input: noFile });
      assertValidSarif(log);

      const results = run(log).results ?? [];
      const nlb = results.find((r) => r.ruleId === 'NLB001')!;
      assert.deepEqual(nlb.locations?.[0]?.physicalLocation, {
        artifactLocation: { uri: 'ldif/config.ldf', uriBaseId: '%SRCROOT%' },
        region: { startLine: 17 },
      });
      const rca = results.find((r) => r.ruleId === 'RCA001')!;
      assert.equal(rca.locations?.[0]?.physicalLocation, undefined, 'DB1 has no source');
      assert.ok(run(log).originalUriBaseIds?.['%SRCROOT%']);
    });
  });

  it('keeps rule descriptions within 1024 characters and emits no empty strings', async () => {
    // A rule with an overlong description (an emoji straddling the cut) and a blank short description.
    const long = defineRule({
      meta: {
        id: 'LONG999',
        name: 'overlong-description',
        shortDescription: '',
        fullDescription: 'x'.repeat(1022) + '😀'.repeat(100),
        level: 'note',
        tags: ['test', ''],
        target: 'site',
        needs: [],
      },
      check() {},
    });
    const result = await audit(estate(), [long]);
    const log = toSarif({ result, input: noFile });
    assertValidSarif(log);

    const emptyStrings: string[] = [];
    const walk = (value: unknown, path: string): void => {
      if (typeof value === 'string') {
        if (value.trim() === '') emptyStrings.push(path);
      } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
    };
    const rules = rulesOf(log);
    walk(rules, 'rules');
    assert.deepEqual(emptyStrings, []);

    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    for (const rule of rules) {
      for (const text of [rule.shortDescription?.text, rule.fullDescription?.text]) {
        assert.ok(text && text.length <= 1024, `${rule.id}: description of ${text?.length} characters`);
        assert.ok(!loneSurrogate.test(text), `${rule.id}: description splits a surrogate pair`);
      }
      assert.equal(rule.helpUri, ruleHelpUri(rule.id));
      assert.ok(rule.help?.text.includes(rule.helpUri!));
      // Rule docs are still being written: the doc when it exists, else the full description.
      const meta = result.outcomes.find((o) => o.rule.id === rule.id)!.rule;
      const docFile = join(ruleDocsDir, `${rule.id}.md`);
      const doc = existsSync(docFile) ? readFileSync(docFile, 'utf8') : '';
      assert.equal(rule.help?.markdown, doc.trim() ? doc : meta.fullDescription);
      assert.equal(rule.defaultConfiguration?.level, meta.level);
    }

    const longRule = rules.find((r) => r.id === 'LONG999')!;
    assert.equal(longRule.fullDescription?.text.length, 1023, 'cut before the split emoji, plus the ellipsis');
    assert.ok(longRule.fullDescription?.text.endsWith('x…'));
    assert.equal(longRule.shortDescription?.text, longRule.fullDescription?.text, 'blank short description falls back');
    assert.deepEqual(longRule.properties?.tags, ['test']);
  });

  it('omits tool notifications when every rule judged every object, and formats as JSON text', async () => {
    const snapshot = estate();
    snapshot.hosts.servers.push({ ...hostData(MBX2, 'LON-MBX2'), nlb: { collected: true, clusters: [] } });
    const text = formatSarif({ result: await audit(snapshot), input: noFile });
    assert.ok(text.endsWith('}\n'));
    const log = JSON.parse(text) as sarif.Log;
    assertValidSarif(log);
    const invocation = run(log).invocations?.[0];
    assert.deepEqual(invocation, { executionSuccessful: true });
  });
});
