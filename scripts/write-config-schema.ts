/**
 * Writes schemas/casaudit.config.schema.json from the config model and the
 * rules' metadata. A test fails when the committed file and the rules drift.
 */
import { writeFileSync } from 'node:fs';
import { configSchemaJson } from '../src/config/model.js';
import { loadRules } from '../src/engine/discover.js';

const target = new URL('../schemas/casaudit.config.schema.json', import.meta.url);
writeFileSync(target, configSchemaJson((await loadRules()).map((r) => r.meta)));
console.log(`wrote ${target.pathname}`);
