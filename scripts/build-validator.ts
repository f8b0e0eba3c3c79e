/**
 * Build step: precompiles the snapshot validator from the TypeBox model into
 * dist/src/snapshot/, beside the compiled loader that imports it.
 */
import { writeFileSync } from 'node:fs';
import { snapshotValidatorSource } from '../src/snapshot/compile-validator.js';
import { PRECOMPILED_VALIDATOR } from '../src/snapshot/validator.js';

const target = new URL(`../src/snapshot/${PRECOMPILED_VALIDATOR}`, import.meta.url);
writeFileSync(target, snapshotValidatorSource());
