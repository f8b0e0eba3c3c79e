/** Kept apart from model.ts so that reading a snapshot does not load the schema builder. */
export const SNAPSHOT_SCHEMA_VERSION = 1;
export const SNAPSHOT_SCHEMA_ID = 'https://github.com/casaudit/casaudit/schemas/snapshot-v1.schema.json';
