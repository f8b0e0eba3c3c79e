/** The snapshot JSON Schema as published in schemas/, rendered from the TypeBox model. */
import { SnapshotSchema } from './model.js';

export function snapshotSchemaJson(): string {
  // JSON.stringify drops TypeBox's symbol-keyed bookkeeping, leaving plain JSON Schema.
  const schema = { $schema: 'http://json-schema.org/draft-07/schema#', ...JSON.parse(JSON.stringify(SnapshotSchema)) };
  return JSON.stringify(schema, null, 2) + '\n';
}
