/** How casaudit names a snapshot's data sections, by where the name is read. */
import type { DataSection } from './model.js';

export interface SectionWords {
  /** The `rules` table's NEEDS column, joined with '+': "AD+DNS". */
  short: string;
  /** A rule doc's "Needs:" and docs/rules.md: "Active Directory, host exports". */
  doc: string;
  /** A not-evaluated reason: "DNS data was not collected". */
  reason: string;
}

export const SECTION_WORDS: Record<DataSection, SectionWords> = {
  activeDirectory: { short: 'AD', doc: 'Active Directory', reason: 'Active Directory data' },
  dns: { short: 'DNS', doc: 'DNS', reason: 'DNS data' },
  hosts: { short: 'hosts', doc: 'host exports', reason: 'host data (NLB and static ports)' },
};
