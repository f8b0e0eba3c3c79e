/**
 * Part of `npm run build`: writes src/report/html/client-script.generated.ts
 * (not committed) from the page script's TypeScript in src/report/html/client/,
 * before the rest of casaudit is compiled against it.
 */
import { writeFileSync } from 'node:fs';
import { clientScriptModule, GENERATED } from './client-script.js';

writeFileSync(GENERATED, clientScriptModule());
