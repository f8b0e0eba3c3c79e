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
