import { defineRule } from '../src/engine/rule.js';
import type { ObjectRef } from '../src/model/object-ref.js';
import { dnLeaf } from '../src/snapshot/names.js';
import { psQuote } from '../src/util/shell-quote.js';

export default defineRule({
  meta: {
    id: 'DAG001',
    name: 'dag-too-few-members',
    shortDescription: 'A database availability group has fewer than 2 member servers.',
    fullDescription:
      'A database availability group (DAG) protects mailbox databases only when it has at least two Mailbox servers to hold copies. ' +
      'With one member, or none, no database in it can fail over: losing that server takes every mailbox on it offline, ' +
      'and Outlook clients stay disconnected until the server is back, however healthy the CAS array is.',
    level: 'warning',
    tags: ['dag', 'availability'],
    target: 'dag',
    needs: ['activeDirectory'],
  },
  check({ index, report, notEvaluated }) {
    for (const dag of index.snapshot.dags) {
      // The same server listed twice (in any letter case) is one member.
      const distinct = [...new Map(dag.members.map((dn) => [index.dnKey(dn), dn])).values()];
      const members = distinct.map((dn) => ({ dn, server: index.server(dn) }));
      // Exchange 2007 has no DAGs and a DAG never mixes versions: one whose members are all known non-2010 servers is out of scope.
      if (members.length > 0 && members.every((m) => m.server && !index.isExchange2010(m.server))) continue;
      const known = members.filter((m) => m.server);
      if (known.length >= 2) continue;
      // Two members or more, but some are not in the directory (removed, or a value that is no DN): they may or may not be servers.
      if (members.length >= 2) {
        notEvaluated(index.ref(dag), `its member ${members.find((m) => !m.server)!.dn} is not in the directory`);
        continue;
      }
      const missing = members.filter((m) => !m.server).map((m) => dnLeaf(m.dn));
      const names = members.map((m) => m.server?.name ?? dnLeaf(m.dn));
      const has =
        members.length === 0 ? 'no member servers' : `only 1 member server (${names.join(', ')})`;
      const gone = missing.length ? `; ${missing.join(', ')} is not among the Exchange servers in the snapshot` : '';
      const related: ObjectRef[] = members.flatMap((m) => (m.server ? [index.ref(m.server)] : []));
      report({
        target: index.ref(dag),
        related,
        message:
          `DAG ${dag.name} has ${has}${gone}, so its databases cannot fail over to another server; ` +
          'add a second Mailbox server to it, or remove the DAG if it is no longer used.',
        remediation:
          `Add-DatabaseAvailabilityGroupServer -Identity ${psQuote(dag.name)} -MailboxServer "<second Mailbox server>"; ` +
          `then Add-MailboxDatabaseCopy for each of its databases (or, if the DAG is unused: Remove-DatabaseAvailabilityGroup -Identity ${psQuote(dag.name)})`,
      });
    }
  },
});
