/**
 * How a rule's meta reads in its doc and in docs/rules.md: the words for
 * its target kinds and the data it needs, and the doc's header line.
 */
import type { RuleMeta } from '../../src/engine/rule.js';
import type { ObjectKind } from '../../src/model/object-ref.js';
import type { DataSection } from '../../src/snapshot/model.js';

const TARGET_WORDS: Record<ObjectKind, string> = {
  site: 'AD site',
  server: 'server',
  casArray: 'CAS array',
  database: 'mailbox database',
  dag: 'DAG',
};

const NEEDS_WORDS: Record<DataSection, string> = {
  activeDirectory: 'Active Directory',
  dns: 'DNS',
  hosts: 'host exports',
};

export function targetText(meta: RuleMeta): string {
  return [meta.target].flat().map((kind) => TARGET_WORDS[kind]).join(' or ');
}

export function needsText(meta: RuleMeta): string {
  return meta.needs.map((section) => NEEDS_WORDS[section]).join(', ');
}

/** The line under a rule doc's title, e.g. `Level: error · Target: mailbox database · Needs: Active Directory`. */
export function headerLine(meta: RuleMeta): string {
  return `Level: ${meta.level} · Target: ${targetText(meta)} · Needs: ${needsText(meta)}`;
}
