/**
 * Build step: precompiles the snapshot and config validators into dist/src/,
 * beside the compiled modules that import them.
 */
import { writeFileSync } from 'node:fs';
import { configValidatorSource } from '../src/config/compile-validator.js';
import { PRECOMPILED_CONFIG_VALIDATOR } from '../src/config/validator.js';
import { loadRules } from '../src/engine/discover.js';
import { snapshotValidatorSource } from '../src/snapshot/compile-validator.js';
import { PRECOMPILED_VALIDATOR } from '../src/snapshot/validator.js';

writeFileSync(new URL(`../src/snapshot/${PRECOMPILED_VALIDATOR}`, import.meta.url), snapshotValidatorSource());
const rules = (await loadRules()).map((r) => r.meta);
writeFileSync(new URL(`../src/config/${PRECOMPILED_CONFIG_VALIDATOR}`, import.meta.url), configValidatorSource(rules));
