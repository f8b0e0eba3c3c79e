/**
 * How a rule's meta reads in its doc and in docs/rules.md: the words for
 * its target kinds and the data it needs, and the doc's header line.
 */
import type { RuleMeta } from '../../src/engine/rule.js';
import { KIND_TARGET_LABEL } from '../../src/model/object-ref.js';
import { SECTION_WORDS } from '../../src/snapshot/section-words.js';

export function targetText(meta: RuleMeta): string {
  return [meta.target].flat().map((kind) => KIND_TARGET_LABEL[kind]).join(' or ');
}

export function needsText(meta: RuleMeta): string {
  return meta.needs.map((section) => SECTION_WORDS[section].doc).join(', ');
}

/** The line under a rule doc's title, e.g. `Level: error · Target: mailbox database · Needs: Active Directory`. */
export function headerLine(meta: RuleMeta): string {
  return `Level: ${meta.level} · Target: ${targetText(meta)} · Needs: ${needsText(meta)}`;
}
