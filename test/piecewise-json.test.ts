/**
 * The piecewise JSON reader must give what JSON.parse gives, whatever the
 * chunk size cuts through (strings, escapes, multi-byte characters, numbers),
 * note each object's "dn" line as the whole-text index does, and give up
 * (null) on anything that is not plain JSON so that the caller can name the error.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DnLineIndex } from '../src/util/json-locate.js';
import { openInputFile } from '../src/util/read-input.js';
import { readJsonPiecewise as readOpened, type PiecewiseJson } from '../src/snapshot/piecewise-json.js';
import { tempDir } from './support/tmp.js';

const dir = tempDir('casaudit-piecewise-');

/** The reader over a file, opened and closed as the snapshot loader does. */
async function readJsonPiecewise(file: string, chunkSize?: number): Promise<PiecewiseJson | null> {
  const input = await openInputFile(file, 'JSON');
  try {
    return await readOpened(input, chunkSize);
  } finally {
    await input.close();
  }
}
let count = 0;
function fileWith(text: string | Buffer): string {
  const file = join(dir, `doc-${count++}.json`);
  writeFileSync(file, text);
  return file;
}

/** Strings that cross every path of the scanner: quotes, runs of backslashes, braces, multi-byte UTF-8. */
const NASTY = ['plain', 'a "quoted" word', 'back\\slash', 'ends with \\', '\\\\"', '{[,:]}', 'Zürich Ωμέγα 東京 😀', '', '\\"dn\\"', 'line\nbreak\ttab'];

function sampleDocument(): unknown {
  const object = (i: number) => ({
    name: NASTY[i % NASTY.length],
    dn: `CN=${NASTY[(i + 3) % NASTY.length]},CN=Obj ${i},DC=x`,
    nested: { dn: `CN=not-noted-${i}`, list: [i, -i * 1.5e-3, true, null, { deep: [NASTY[i % NASTY.length]] }] },
    number: i * 1000003,
  });
  return {
    schemaVersion: 1,
    organization: { name: 'Org', dn: 'CN=Org,DC=x' },
    sites: Array.from({ length: 12 }, (_, i) => object(i)),
    empty: [],
    emptyObject: {},
    dns: { internal: Array.from({ length: 5 }, (_, i) => object(100 + i)), external: null },
    scalars: [1, 'two', false, 3.25e10, -0, '\u0001'],
    last: 42,
  };
}

describe('piecewise JSON reader', function () {
  // One-byte chunks mean a read call per byte.
  this.timeout(30_000);
  for (const indent of [0, 2]) {
    const text = JSON.stringify(sampleDocument(), null, indent);
    it(`reads ${indent ? 'pretty' : 'compact'} JSON as JSON.parse does, at every chunk size from 1 byte up`, async () => {
      const file = fileWith(text);
      const expected = JSON.parse(text) as unknown;
      for (const size of [1, 2, 3, 5, 7, 11, 64, 1 << 20]) {
        const read = await readJsonPiecewise(file, size);
        assert.ok(read, `chunk size ${size}`);
        assert.deepEqual(read.value, expected, `chunk size ${size}`);
      }
    });

    it(`notes the line of each object's own "dn" as the whole-text index does (${indent ? 'pretty' : 'compact'})`, async () => {
      const file = fileWith(text);
      const index = new DnLineIndex(text);
      const doc = JSON.parse(text) as { organization: { dn: string }; sites: { dn: string }[]; dns: { internal: { dn: string }[] } };
      const dns = [doc.organization.dn, ...doc.sites.map((s) => s.dn), ...doc.dns.internal.map((s) => s.dn)];
      for (const size of [1, 7, 1 << 20]) {
        const read = (await readJsonPiecewise(file, size))!;
        for (const dn of dns) assert.equal(read.dnLines.get(dn), index.lineOf(dn), `${dn} at chunk size ${size}`);
      }
    });
  }

  it('skips a UTF-8 byte-order mark and keeps "__proto__" an ordinary key, as JSON.parse does', async () => {
    const text = '{"__proto__": {"polluted": true}, "sites": [{"__proto__": 1}]}';
    const read = (await readJsonPiecewise(fileWith(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))))!;
    assert.deepEqual(read.value, JSON.parse(text));
    assert.equal(Object.getPrototypeOf(read.value), Object.prototype);
    assert.ok(Object.prototype.hasOwnProperty.call(read.value, '__proto__'));
    assert.equal(({} as { polluted?: boolean }).polluted, undefined);
  });

  it('reads a scalar or an array as the whole document', async () => {
    assert.deepEqual((await readJsonPiecewise(fileWith('  12.5 ')))!.value, 12.5);
    assert.deepEqual((await readJsonPiecewise(fileWith('12')))!.value, 12);
    assert.deepEqual((await readJsonPiecewise(fileWith('[[1,[2]],{"a":[]}]')))!.value, [[1, [2]], { a: [] }]);
  });

  const broken: [string, string][] = [
    ['an empty file', ''],
    ['a trailing comma in an outer object', '{"a": 1,}'],
    ['a trailing comma in a list', '{"a": [1, 2,]}'],
    ['a missing comma', '{"a": 1 "b": 2}'],
    ['a missing colon', '{"a" 1}'],
    ['text after the document', '{"a": 1} x'],
    ['two documents', '{} {}'],
    ['an unterminated string', '{"a": "abc'],
    ['an unclosed object', '{"a": {"b": 1}'],
    ['a bad inner value', '{"a": [{"b": tru}]}'],
    ['a bad number', '{"a": 01}'],
    ['a comment', '{"a": 1 // no\n}'],
    ['a raw line break in a string', '{"a": ["x\ny"]}'],
    ['a closing bracket for a brace', '{"a": 1]'],
  ];
  for (const [what, text] of broken) {
    it(`gives up on ${what}`, async () => {
      for (const size of [1, 3, 1 << 20]) assert.equal(await readJsonPiecewise(fileWith(text), size), null, `chunk size ${size}`);
    });
  }
});
