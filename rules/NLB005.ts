import { clusterLabel, forEachNlbMember } from './support/nlb-members.js';
import { hostEntryFor, isConverged } from '../src/model/nlb-port-rules.js';
import { defineRule } from '../src/engine/rule.js';
import type { SourceRef } from '../src/snapshot/model.js';
import { psQuote } from '../src/util/shell-quote.js';

/** The first step for a host in this NLB state. */
function firstStep(state: string, hostName: string): string {
  const host = psQuote(hostName);
  const s = state.trim().toLowerCase();
  if (s.startsWith('stopped')) return `Start-NlbClusterNode -HostName ${host}`;
  if (s.startsWith('suspended')) return `Resume-NlbClusterNode -HostName ${host}, then Start-NlbClusterNode -HostName ${host}`;
  if (s.startsWith('draining')) return `let the drain finish and service the host, then Start-NlbClusterNode -HostName ${host}`;
  if (s.startsWith('converging')) return `wait for convergence and check again with Get-NlbClusterNode -HostName ${host}`;
  return `compare the host's NLB settings with the other hosts (Get-NlbClusterNode -HostName ${host}, Get-NlbClusterPortRule -HostName ${host})`;
}

export default defineRule({
  meta: {
    id: 'NLB005',
    name: 'nlb-host-not-converged',
    shortDescription: "An Exchange 2010 server's Windows NLB host is not Converged.",
    fullDescription:
      'A Windows NLB host handles client traffic only while it is Converged. A stopped, suspended or draining host takes no new Outlook connections, ' +
      'so the array runs with less capacity and less redundancy than it appears to have; a host that keeps converging, or is misconfigured ' +
      '(port rules or settings that differ from the other hosts), disturbs the whole cluster and can break connections on every host.',
    level: 'warning',
    tags: ['nlb', 'load-balancing', 'availability'],
    target: 'server',
    needs: ['activeDirectory', 'hosts'],
  },
  check(context) {
    const { report, notEvaluated } = context;
    forEachNlbMember(context, ({ server, target, clusters }) => {
      const parts: string[] = [];
      const steps: string[] = [];
      let unlisted = false;
      let evidence: SourceRef | undefined;
      let stateless = false;
      for (const cluster of clusters) {
        const entry = hostEntryFor(cluster, server);
        if (!entry) {
          unlisted = true;
          continue;
        }
        if (entry.state.trim() === '') {
          stateless = true;
          continue;
        }
        if (isConverged(entry)) continue;
        evidence ??= entry.source ?? cluster.source;
        parts.push(`is ${entry.state.trim()} in the Windows NLB cluster ${clusterLabel(cluster)}`);
        const step = firstStep(entry.state, entry.name.trim());
        if (!steps.includes(step)) steps.push(step);
      }
      if (parts.length === 0) {
        if (unlisted) notEvaluated(target, 'its NLB export does not list this host');
        else if (stateless) notEvaluated(target, 'its NLB export gives no state for this host');
        return;
      }
      report({
        target,
        ...(evidence ? { evidence } : {}),
        message:
          `Server ${server.name} ${parts.join(' and ')}, not Converged: until it converges with the other hosts ` +
          "it does not take its share of the array's Outlook connections.",
        remediation:
          `${steps.join('; ')}; then check that Get-NlbClusterNode shows every host Converged, and if ${server.name} does not converge ` +
          'read the NLB events in its System event log for the cause.',
      });
    });
  },
});
