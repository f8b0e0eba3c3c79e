import assert from 'node:assert/strict';
import { coversTcp, hostEntryFor, isConverged } from '../src/model/nlb-port-rules.js';
import { ALL_VIPS } from '../src/exchange/host-settings.js';
import type { NlbPortRule, Server } from '../src/snapshot/model.js';
import { nlbCluster } from './support/estate.js';

const cluster = nlbCluster('10.1.0.50', ['EX01', 'ex02.contoso.local']);
const rule = (overrides: Partial<NlbPortRule> = {}): NlbPortRule => ({
  vip: '10.1.0.50',
  startPort: 100,
  endPort: 200,
  protocol: 'Tcp',
  filteringMode: 'Multiple',
  affinity: 'Single',
  enabled: true,
  ...overrides,
});

describe('NLB port-rule semantics', () => {
  it('covers TCP ports inside an enabled rule for the cluster IP or all VIPs', () => {
    assert.equal(coversTcp(rule(), cluster, 135), true);
    assert.equal(coversTcp(rule({ vip: ALL_VIPS, protocol: 'Both' }), cluster, 100, 200), true);
  });

  it('does not cover ports of a disabled, UDP-only, Disabled-filtering or other-VIP rule, or outside the range', () => {
    assert.equal(coversTcp(rule({ enabled: false }), cluster, 135), false);
    assert.equal(coversTcp(rule({ protocol: 'Udp' }), cluster, 135), false);
    assert.equal(coversTcp(rule({ filteringMode: 'Disabled' }), cluster, 135), false);
    assert.equal(coversTcp(rule({ vip: '10.1.0.99' }), cluster, 135), false);
    assert.equal(coversTcp(rule(), cluster, 99), false);
    assert.equal(coversTcp(rule(), cluster, 150, 201), false);
    // A rule that starts inside the required range leaves its first ports uncovered.
    assert.equal(coversTcp(rule(), cluster, 90, 150), false);
    assert.equal(coversTcp(rule({ startPort: 59532, endPort: 65535 }), cluster, 59531, 59533), false);
  });

  it('treats "Converged" and "Converged(default)" as converged, other states not', () => {
    assert.equal(isConverged({ name: 'a', state: 'Converged', hostId: 1 }), true);
    assert.equal(isConverged({ name: 'a', state: 'Converged(default)', hostId: 1 }), true);
    for (const state of ['Stopped', 'Suspended', 'Converging', 'Draining', '']) {
      assert.equal(isConverged({ name: 'a', state, hostId: 1 }), false, state);
    }
  });

  it("finds the server's own entry by NetBIOS name or FQDN, case-insensitively", () => {
    const server = (name: string, fqdn: string) => ({ name, dn: `CN=${name},CN=Servers`, fqdn }) as Server;
    assert.equal(hostEntryFor(cluster, server('ex01', 'ex01.contoso.local'))?.name, 'EX01');
    assert.equal(hostEntryFor(cluster, server('EX02', 'EX02.contoso.local.'))?.name, 'ex02.contoso.local');
    assert.equal(hostEntryFor(cluster, server('EX03', 'ex03.contoso.local')), undefined);
  });
});
