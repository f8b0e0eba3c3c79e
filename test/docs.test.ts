/**
 * The docs as a reader meets them: what `npm run docs` derives from the
 * rules' meta and the demo audit is current, and every relative link leads
 * somewhere.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { generateDocs } from '../scripts/docs/generate.js';

describe('generated docs', () => {
  it('hold what npm run docs makes of the rules and the demo (header lines, option tables, example findings, docs/rules.md, the README sample output)', async () => {
    const { files } = await generateDocs();
    assert.ok(files.some((f) => f.file === 'docs/rules.md'));
    assert.ok(files.some((f) => f.file === 'README.md'));
    for (const { file, text } of files) assert.ok(readFileSync(file, 'utf8') === text, `${file} is stale: run npm run docs`);
  });
});

/** The Markdown files a reader follows links in. */
const DOCS = ['README.md', 'fixtures/demo/README.md', ...['docs', 'rules'].flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => `${dir}/${f}`))];

/** Links outside code: `[text](target)`, targets without a scheme. */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/^(```|~~~)[\s\S]*?^\1/gm, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((target) => !/^[a-z][a-z+.-]*:/i.test(target));
}

/** Anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  const prose = markdown.replace(/^(```|~~~)[\s\S]*?^\1/gm, '');
  for (const [, heading] of prose.matchAll(/^#{1,6}\s+(.*?)\s*#*$/gm)) {
    const slug = heading!.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return out;
}

describe('links in the docs', () => {
  it('are found in every doc that has them', () => {
    assert.ok(relativeLinks(readFileSync('README.md', 'utf8')).length > 5);
    assert.deepEqual(relativeLinks('[a](docs/x.md) `[b](no.md)` [c](https://example.com)\n```\n[d](no.md)\n```\n'), ['docs/x.md']);
    assert.deepEqual([...anchors('# Configuration: casaudit.config.json\n## Exit codes\n## Exit codes\n')], ['configuration-casauditconfigjson', 'exit-codes', 'exit-codes-1']);
  });

  it('name a file in the repository, and a heading there (README.md, docs/, rules/, the demo)', () => {
    const broken: string[] = [];
    for (const doc of DOCS) {
      for (const link of relativeLinks(readFileSync(doc, 'utf8'))) {
        const [path, anchor] = link.split('#') as [string, string | undefined];
        const target = path === '' ? doc : join(dirname(doc), decodeURIComponent(path));
        if (relative('.', resolve(target)).startsWith('..')) broken.push(`${doc}: ${link} leads out of the repository`);
        else if (!existsSync(target)) broken.push(`${doc}: ${link}: no such file`);
        else if (anchor !== undefined && statSync(target).isFile() && target.endsWith('.md') && !anchors(readFileSync(target, 'utf8')).has(anchor)) {
          broken.push(`${doc}: ${link}: no such heading in ${target}`);
        }
      }
    }
    assert.deepEqual(broken, []);
  });
});
