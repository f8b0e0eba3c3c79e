/**
 * What `npm run docs` derives from the rules' meta is current.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { generateDocs } from '../scripts/docs/generate.js';

describe('generated docs', () => {
  it('hold what npm run docs makes of the rules (header lines, option tables, example findings, docs/rules.md)', async () => {
    const { files } = await generateDocs();
    assert.ok(files.some((f) => f.file === 'docs/rules.md'));
    for (const { file, text } of files) assert.ok(readFileSync(file, 'utf8') === text, `${file} is stale: run npm run docs`);
  });
});
