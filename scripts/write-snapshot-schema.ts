/**
 * Writes schemas/snapshot-v1.schema.json from the TypeBox model in
 * src/snapshot/model.ts, the single source of truth. A test fails when the
 * committed file and the model drift apart.
 */
import { writeFileSync } from 'node:fs';
import { snapshotSchemaJson } from '../src/snapshot/schema-json.js';

const target = new URL('../schemas/snapshot-v1.schema.json', import.meta.url);
writeFileSync(target, snapshotSchemaJson());
console.log(`wrote ${target.pathname}`);
