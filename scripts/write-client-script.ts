/**
 * Writes src/report/html/client-script.generated.ts from the page script's
 * TypeScript in src/report/html/client/. A test fails when they drift apart.
 */
import { writeFileSync } from 'node:fs';
import { clientScriptModule, GENERATED } from './client-script.js';

writeFileSync(GENERATED, clientScriptModule());
console.log(`wrote ${GENERATED.pathname}`);
