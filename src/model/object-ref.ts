/** How findings, suppressions and reports name an estate object. */
import type { SourceRef } from '../snapshot/model.js';

export type ObjectKind = 'site' | 'server' | 'casArray' | 'database' | 'dag';

/** An estate object as findings name it. */
export interface ObjectRef {
  kind: ObjectKind;
  dn: string;
  name: string;
  /** Where a collector read it, when it came from a file. */
  source?: SourceRef;
}

/** An object kind as a word in a sentence ("server EX01", "CAS array outlook"), as reports name objects. */
export const KIND_LABEL: Record<ObjectKind, string> = {
  site: 'site',
  server: 'server',
  casArray: 'CAS array',
  database: 'database',
  dag: 'DAG',
};

/** An object kind as a rule's doc names its target, where the short word alone would be vague. */
export const KIND_TARGET_LABEL: Record<ObjectKind, string> = {
  ...KIND_LABEL,
  site: 'AD site',
  database: 'mailbox database',
};
