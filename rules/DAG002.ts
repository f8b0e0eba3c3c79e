import { defineRule } from '../src/engine/rule.js';
import type { ObjectRef } from '../src/model/object-ref.js';
import { dnLeaf } from '../src/snapshot/names.js';
import { psQuote } from '../src/util/shell-quote.js';

export default defineRule({
  meta: {
    id: 'DAG002',
    name: 'database-single-copy',
    shortDescription: 'A mailbox database in a DAG has only one copy.',
    fullDescription:
      'An Exchange 2010 mailbox database whose master is a database availability group (DAG) has a single database copy. ' +
      'The DAG cannot fail it over: when the server holding that copy fails, the database dismounts and every Outlook client with a mailbox on it ' +
      'is disconnected until the server is repaired, although the DAG exists to prevent exactly that.',
    level: 'warning',
    tags: ['dag', 'availability'],
    target: 'database',
    needs: ['activeDirectory'],
  },
  check({ index, report, notEvaluated }) {
    for (const database of index.exchange2010MailboxDatabases()) {
      const target = index.ref(database);
      if (database.master === null) {
        notEvaluated(target, 'no master server or DAG was collected for it');
        continue;
      }
      const dag = index.dag(database.master);
      if (!dag) {
        // Mastered by a server (a stand-alone database), or by an object the snapshot does not hold.
        if (!index.server(database.master)) notEvaluated(target, 'its master server or DAG is not in the snapshot');
        continue;
      }
      // Every database has at least its active copy: none recorded means the copies were not collected.
      if (database.copies.length === 0) {
        notEvaluated(target, 'no database copies were collected for it');
        continue;
      }
      // The same server listed twice (in any letter case) is still one copy. A copy on a server the
      // directory does not hold (removed, or a value that is no DN) cannot be counted either way.
      const known = database.copies.filter((c) => index.server(c.server));
      if (new Set(known.map((c) => index.dnKey(c.server))).size >= 2) continue;
      const missing = database.copies.find((c) => !index.server(c.server));
      if (missing) {
        notEvaluated(target, `its copy on ${missing.server} names a server that is not in the directory`);
        continue;
      }
      const copy = database.copies[0];
      const copyServer = copy ? index.server(copy.server) : undefined;
      const copyName = copy ? copyServer?.name ?? dnLeaf(copy.server) : undefined;
      // Another DAG member to hold the second copy: prefer one the snapshot knows.
      const others = dag.members.filter((m) => !copy || !index.sameDn(m, copy.server));
      const other = others.find((m) => index.server(m)) ?? others[0];
      const otherName = other ? index.server(other)?.name ?? dnLeaf(other) : undefined;
      const related: ObjectRef[] = [index.ref(dag)];
      if (copyServer) related.push(index.ref(copyServer));
      report({
        target,
        related,
        message:
          (copyName
            ? `Mailbox database ${database.name} in DAG ${dag.name} has only one copy, on ${copyName}, so it cannot fail over; `
            : `Mailbox database ${database.name} in DAG ${dag.name} has no database copy recorded, so it cannot fail over; `) +
          (otherName
            ? `add a copy on another DAG member such as ${otherName}.`
            : `DAG ${dag.name} has no other member to hold a copy: add a Mailbox server to the DAG first, then a copy on it.`),
        remediation:
          (otherName ? '' : `Add-DatabaseAvailabilityGroupServer -Identity ${psQuote(dag.name)} -MailboxServer "<another Mailbox server>"; then `) +
          `Add-MailboxDatabaseCopy -Identity ${psQuote(database.name)} -MailboxServer ${otherName ? psQuote(otherName) : '"<another DAG member>"'} -ActivationPreference 2`,
      });
    }
  },
});
