import assert from 'node:assert/strict';
import { dn, EstateBuilder } from '../support/estate.js';
import { runRule } from '../support/run-rule.js';

describe('DAG001 dag-too-few-members', () => {
  const base = () =>
    new EstateBuilder()
      .site('SiteA')
      .server('EX01', { dag: 'DAG01' })
      .server('EX02', { dag: 'DAG01' })
      .server('EX03', { dag: 'DAG02' });

  it('flags a DAG with a single member, naming it', async () => {
    const run = await runRule('DAG001', base().dag('DAG01', ['EX01', 'EX02']).dag('DAG02', ['EX03']).build());
    assert.deepEqual(run.hits, ['DAG001 DAG02']);
    const finding = run.findings[0]!;
    assert.equal(finding.level, 'warning');
    assert.equal(finding.target.kind, 'dag');
    assert.match(finding.message, /DAG DAG02 has only 1 member server \(EX03\)/);
    assert.match(finding.message, /cannot fail over/);
    assert.match(finding.remediation, /^Add-DatabaseAvailabilityGroupServer -Identity 'DAG02' -MailboxServer "<second Mailbox server>"/);
    assert.match(finding.remediation, /Remove-DatabaseAvailabilityGroup -Identity 'DAG02'/);
    assert.deepEqual(finding.related.map((r) => `${r.kind} ${r.name}`), ['server EX03']);
    assert.equal(finding.site?.name, 'SiteA');
  });

  it('counts a member listed twice, in another letter case, once', async () => {
    const snapshot = new EstateBuilder().site('SiteA').server('EX01', { dag: 'DAG01' }).dag('DAG01', ['EX01', 'EX01']).build();
    snapshot.dags[0]!.members[1] = snapshot.dags[0]!.members[1]!.toLowerCase();
    const run = await runRule('DAG001', snapshot);
    assert.deepEqual(run.hits, ['DAG001 DAG01']);
    assert.match(run.findings[0]!.message, /only 1 member server \(EX01\)/);
  });

  it('flags a DAG with no members', async () => {
    const run = await runRule('DAG001', base().dag('DAG03', []).build());
    assert.deepEqual(run.hits, ['DAG001 DAG03']);
    assert.match(run.findings[0]!.message, /DAG DAG03 has no member servers/);
    assert.deepEqual(run.findings[0]!.related, []);
  });

  it('passes a DAG with two or more members', async () => {
    const run = await runRule('DAG001', base().dag('DAG01', ['EX01', 'EX02']).build());
    assert.deepEqual(run.hits, []);
    assert.deepEqual(run.outcome.notEvaluated, []);
  });

  it('does not count members missing from the snapshot as servers: not evaluated when they could make two, named in a finding otherwise', async () => {
    // Deliberate change: a missing member used to count, so DAG01 passed.
    const run = await runRule('DAG001', base().dag('DAG01', ['EX01', 'GONE1']).dag('DAG04', ['GONE2']).dag('DAG05', ['EX02', 'EX03', 'GONE3']).build());
    assert.deepEqual(run.hits, ['DAG001 DAG04']);
    assert.match(run.findings[0]!.message, /only 1 member server \(GONE2\); GONE2 is not among the Exchange servers in the snapshot/);
    assert.deepEqual(run.findings[0]!.related, []);
    assert.deepEqual(
      run.outcome.notEvaluated.map((n) => `${n.target.name}: ${n.reason}`),
      [`DAG01: its member ${dn.server('GONE1')} is not in the directory`],
    );
  });

  it('ignores a DAG whose members are all Exchange 2013 servers', async () => {
    const run = await runRule(
      'DAG001',
      new EstateBuilder().site('SiteA').server('EX15', { version: '15.0.1497', dag: 'DAG15' }).dag('DAG15', ['EX15']).build(),
    );
    assert.deepEqual(run.hits, []);
  });

  it('is not evaluated when Active Directory data failed to collect', async () => {
    const run = await runRule('DAG001', base().dag('DAG02', ['EX03']).section('activeDirectory', 'failed').build());
    assert.equal(run.outcome.status, 'not-evaluated');
    assert.match(run.outcome.reason ?? '', /Active Directory data failed to collect/);
    assert.deepEqual(run.hits, []);
  });
});
