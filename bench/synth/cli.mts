/**
 * npm run synth -- --sites N [--seed S] [--out DIR]
 * Writes a synthetic Northwind of N sites (see write.ts for the files).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { writeSyntheticEstate } from './write.js';

const { values } = parseArgs({
  options: {
    sites: { type: 'string' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
  },
});
const sites = Number(values.sites);
const seed = Number(values.seed);
if (!values.sites || !Number.isInteger(sites) || sites < 1) {
  console.error('usage: npm run synth -- --sites N [--seed S] [--out DIR]   (N: a whole number of sites, at least 1)');
  process.exit(2);
}
if (!Number.isInteger(seed)) {
  console.error(`--seed must be a whole number (got ${values.seed})`);
  process.exit(2);
}
const dir = values.out ?? `synth-${sites}-${seed}`;
const toolVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const started = performance.now();
try {
  const { expected } = writeSyntheticEstate({ sites, seed, dir, toolVersion });
  const c = expected.counts;
  console.log(
    `${dir}: ${c.sites} sites, ${c.servers} servers, ${c.casArrays} CAS arrays, ${c.dags} DAGs, ${c.databases} databases ` +
      `(${c.copies} copies), ${c.ldifEntries} LDIF entries, ${c.dnsNames} DNS names, ${c.hostFolders} host folders; ` +
      `${expected.defects.length} planted defects, ${expected.findings.length} expected findings ` +
      `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
} catch (err) {
  console.error(`synth: ${(err as Error).message}`);
  process.exit(2);
}
