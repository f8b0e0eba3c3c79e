import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../src/util/errors.js';
import { loadSnapshotFile, parseSnapshotText } from '../src/snapshot/load.js';
import { EstateBuilder } from './support/estate.js';
import { tempDir } from './support/tmp.js';

const demoText = readFileSync('fixtures/demo/snapshot.json', 'utf8');

async function rejection(text: string): Promise<string> {
  try {
    await parseSnapshotText(text, 'snap.json');
  } catch (err) {
    assert.ok(err instanceof UserError, `expected a UserError, got ${String(err)}`);
    assert.doesNotMatch(err.message, /\n/, 'error messages are one line');
    return err.message;
  }
  assert.fail('the snapshot was accepted');
}

describe('snapshot loading', () => {
  it('loads the demo estate and finds the line of an object by its DN', async () => {
    const loaded = await loadSnapshotFile('fixtures/demo/snapshot.json');
    assert.equal(loaded.snapshot.schemaVersion, 1);
    const db = loaded.snapshot.databases.find((d) => d.name === 'LON-DB05')!;
    const line = loaded.lineOf(db.dn)!;
    assert.ok(line > 1);
    assert.ok(demoText.split('\n')[line - 1]!.includes(JSON.stringify(db.dn)), 'the line holds the object DN');
  });

  it('names the file when it does not exist', async () => {
    await assert.rejects(loadSnapshotFile('does/not/exist.json'), /^UserError: does\/not\/exist\.json: cannot read snapshot: no such file$/);
  });

  it('names the line and column of a JSON syntax error', async () => {
    const broken = demoText.replace('"sites": [', '"sites": [,');
    const expectedLine = demoText.slice(0, demoText.indexOf('"sites": [')).split('\n').length;
    assert.match(await rejection(broken), new RegExp(`^snap\\.json:${expectedLine}:\\d+: invalid JSON: `));
  });

  it('names the end of a truncated file', async () => {
    const message = await rejection(demoText.slice(0, 200));
    assert.match(message, /^snap\.json:\d+:\d+: invalid JSON: /);
  });

  it('refuses another schemaVersion with the version it reads', async () => {
    const message = await rejection(demoText.replace('"schemaVersion": 1', '"schemaVersion": 2'));
    assert.match(message, /^snap\.json:\d+: unsupported schemaVersion 2: this casaudit reads schemaVersion 1$/);
  });

  it('refuses a file without schemaVersion or with a non-object top level', async () => {
    assert.match(await rejection('{"sites": []}'), /schemaVersion is missing/);
    assert.match(await rejection('[1, 2]'), /top level must be a JSON object/);
  });

  it('names the JSON pointer and line of a schema violation', async () => {
    const snapshot = JSON.parse(demoText);
    snapshot.servers[2].roles = ['Mailbox', 'Toaster'];
    const text = JSON.stringify(snapshot, null, 2);
    const message = await rejection(text);
    const match = /^snap\.json:(\d+): schema violation at \/servers\/2\/roles\/1: /.exec(message);
    assert.ok(match, message);
    assert.match(text.split('\n')[Number(match[1]) - 1]!, /"Toaster"/);
  });

  it('names an unknown property and a missing one', async () => {
    const snapshot = new EstateBuilder().site('SiteA').server('EX01').build() as unknown as Record<string, any>;
    snapshot.servers[0].colour = 'blue';
    assert.match(await rejection(JSON.stringify(snapshot, null, 2)), /\/servers\/0: unknown property "colour"/);
    delete snapshot.servers[0].colour;
    delete snapshot.servers[0].fqdn;
    assert.match(await rejection(JSON.stringify(snapshot, null, 2)), /\/servers\/0: missing property "fqdn"/);
  });

  it('accepts a UTF-8 byte order mark', async () => {
    const dir = tempDir();
    const file = join(dir, 'bom.json');
    writeFileSync(file, '\ufeff' + demoText);
    const loaded = await loadSnapshotFile(file);
    assert.deepEqual(loaded.snapshot.sites.map((s) => s.name), ['London', 'Manchester', 'Edinburgh', 'Dublin', 'Leeds']);
  });

  it('refuses JSON nested too deep for its readers with the file, line and column, read whole or piecewise', async () => {
    const deep = `{"schemaVersion": 1,\n"sites": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const expected = /^snap\.json:2:\d+: invalid JSON: nested deeper than 512 levels$/;
    assert.match(await rejection(deep), expected);
    const file = join(tempDir(), 'snap.json');
    writeFileSync(file, deep);
    await assert.rejects(loadSnapshotFile(file), (err: unknown) => err instanceof UserError && new RegExp(`^${file.replace(/[.\\/]/g, '\\$&')}:2:\\d+: invalid JSON: nested deeper than 512 levels$`).test(err.message));
  });

  it('counts only brackets outside strings as nesting', async () => {
    const snapshot = JSON.parse(demoText);
    snapshot.sites[0].name = '['.repeat(2000) + '\\"{'.repeat(600);
    const file = join(tempDir(), 'brackets.json');
    writeFileSync(file, JSON.stringify(snapshot, null, 2));
    assert.equal((await loadSnapshotFile(file)).snapshot.sites[0]!.name, snapshot.sites[0].name);
    assert.equal((await parseSnapshotText(JSON.stringify(snapshot), 'snap.json')).sites[0]!.name, snapshot.sites[0].name);
  });
});
