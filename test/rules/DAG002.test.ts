import assert from 'node:assert/strict';
import { dn, EstateBuilder } from '../support/estate.js';
import { runRule } from '../support/run-rule.js';

describe('DAG002 database-single-copy', () => {
  const base = () =>
    new EstateBuilder()
      .site('SiteA')
      .server('EX01', { dag: 'DAG01' })
      .server('EX02', { dag: 'DAG01' })
      .server('EX03')
      .dag('DAG01', ['EX01', 'EX02']);
  const inDag = dn.dag('DAG01');

  it('flags a DAG database with one copy and names another member for the second', async () => {
    const run = await runRule('DAG002', base().database('DB01', { owner: 'EX01', endpoint: 'EX01', master: inDag, copies: ['EX01'] }).build());
    assert.deepEqual(run.hits, ['DAG002 DB01']);
    const finding = run.findings[0]!;
    assert.equal(finding.level, 'warning');
    assert.equal(finding.target.kind, 'database');
    assert.match(finding.message, /DB01 in DAG DAG01 has only one copy, on EX01, so it cannot fail over; add a copy on another DAG member such as EX02/);
    assert.equal(finding.remediation, `Add-MailboxDatabaseCopy -Identity 'DB01' -MailboxServer 'EX02' -ActivationPreference 2`);
    assert.deepEqual(finding.related.map((r) => `${r.kind} ${r.name}`), ['dag DAG01', 'server EX01']);
  });

  it('passes a DAG database with two copies and a stand-alone database with one', async () => {
    const run = await runRule(
      'DAG002',
      base()
        .database('DB01', { owner: 'EX01', endpoint: 'EX01', master: inDag, copies: ['EX01', 'EX02'] })
        .database('DB02', { owner: 'EX03', endpoint: 'EX03' }) // master: the server EX03
        .build(),
    );
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated, []);
  });

  it('reports a database whose master is unknown as not evaluated', async () => {
    const run = await runRule(
      'DAG002',
      base()
        .database('DB03', { owner: 'EX01', endpoint: 'EX01', master: null, copies: ['EX01'] })
        .database('DB04', { owner: 'EX01', endpoint: 'EX01', master: dn.dag('DAG99'), copies: ['EX01'] })
        .build(),
    );
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`), [
      'DB03: no master server or DAG was collected for it',
      'DB04: its master server or DAG is not in the snapshot',
    ]);
  });

  it('matches the master DN case-insensitively and picks a member other than the copy holder', async () => {
    const snapshot = base().database('DB05', { owner: 'EX02', endpoint: 'EX02', master: inDag.toLowerCase(), copies: ['EX02'] }).build();
    snapshot.databases[0]!.copies[0]!.server = dn.server('EX02').toUpperCase();
    const run = await runRule('DAG002', snapshot);
    assert.deepEqual(run.hits, ['DAG002 DB05']);
    assert.match(run.findings[0]!.remediation, /-MailboxServer 'EX01' -ActivationPreference 2/);
  });

  it('counts the same server listed twice, in another letter case, as one copy', async () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .server('EX01', { dag: 'DAG01' })
      .server('EX02', { dag: 'DAG01' })
      .dag('DAG01', ['EX01', 'EX02'])
      .database('DB08', { owner: 'EX01', endpoint: 'EX01', master: dn.dag('DAG01'), copies: ['EX01', 'EX01'] })
      .build();
    const copies = snapshot.databases[0]!.copies;
    copies[1]!.server = copies[1]!.server.toLowerCase();
    assert.deepEqual((await runRule('DAG002', snapshot)).hits, ['DAG002 DB08']);
  });

  it('asks for a second DAG member first when the DAG has no other; no copies recorded is not evaluated', async () => {
    const snapshot = new EstateBuilder()
      .site('SiteA')
      .server('EX01', { dag: 'DAG02' })
      .dag('DAG02', ['EX01'])
      .database('DB06', { owner: 'EX01', endpoint: 'EX01', master: dn.dag('DAG02'), copies: ['EX01'] })
      .database('DB07', { owner: 'EX01', endpoint: 'EX01', master: dn.dag('DAG02'), copies: [] })
      .build();
    const run = await runRule('DAG002', snapshot);
    assert.deepEqual(run.hits, ['DAG002 DB06']);
    assert.deepEqual(run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`), ['DB07: no database copies were collected for it']);
    assert.match(run.findings[0]!.message, /DAG DAG02 has no other member to hold a copy/);
    assert.equal(
      run.findings[0]!.remediation,
      `Add-DatabaseAvailabilityGroupServer -Identity 'DAG02' -MailboxServer "<another Mailbox server>"; then ` +
        `Add-MailboxDatabaseCopy -Identity 'DB06' -MailboxServer "<another DAG member>" -ActivationPreference 2`,
    );
  });

  it('does not count a copy on a server the directory does not hold: not evaluated, naming the value', async () => {
    const snapshot = base()
      .database('DB10', { owner: 'EX01', endpoint: 'EX01', master: inDag, copies: ['EX01', 'GONE'] })
      .database('DB11', { owner: 'EX01', endpoint: 'EX01', master: inDag, copies: ['EX01', 'EX02', 'GONE'] })
      .database('DB12', { owner: 'EX01', endpoint: 'EX01', master: inDag, copies: ['EX01'] })
      .build();
    // A host server link that is not a DN at all.
    snapshot.databases.find((d) => d.name === 'DB12')!.copies.push({ server: 'not a DN', activationPreference: 2 });
    const run = await runRule('DAG002', snapshot);
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`), [
      `DB10: its copy on ${dn.server('GONE')} names a server that is not in the directory`,
      'DB12: its copy on not a DN names a server that is not in the directory',
    ]);
  });

  it('ignores Exchange 2013 and public folder databases', async () => {
    const snapshot = base()
      .server('EX15', { version: '15.0.1497', dag: 'DAG01' })
      .database('DB15', { owner: 'EX15', endpoint: 'EX15', master: inDag, copies: ['EX15'] })
      .database('PF01', { owner: 'EX01', endpoint: 'EX01', master: inDag, copies: ['EX01'], kind: 'publicFolder' })
      .build();
    assert.deepEqual((await runRule('DAG002', snapshot)).hits, []);
  });

  it('is not evaluated when Active Directory data was not collected', async () => {
    const snapshot = base()
      .database('DB01', { owner: 'EX01', endpoint: 'EX01', master: inDag, copies: ['EX01'] })
      .section('activeDirectory', 'not-collected')
      .build();
    const run = await runRule('DAG002', snapshot);
    assert.equal(run.outcome.status, 'not-evaluated');
    assert.deepEqual(run.hits, []);
  });
});
