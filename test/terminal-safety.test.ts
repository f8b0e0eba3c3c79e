/**
 * Names from the estate reach stderr and the text report with their control
 * characters shown as escapes: an ESC cannot recolour the terminal, a newline
 * cannot forge a line, a bidi override cannot reverse what follows.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { visible } from '../src/util/visible.js';
import { casaudit } from './support/cli.js';
import { tempDir } from './support/tmp.js';

const LDIF = 'fixtures/demo/northwind.ldif';
const HOSTILE = 'OLD\u001b[31m\nFORGED\u202e';
const SHOWN = 'OLD\\x1b[31m\\x0aFORGED\\u202e';
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('terminal safety', () => {
  it('visible() escapes C0, DEL, C1, bidi and line separators and leaves the rest alone', () => {
    assert.equal(visible('a\u0000\t\r\n\u001b\u007f\u0085\u009b'), 'a\\x00\\x09\\x0d\\x0a\\x1b\\x7f\\x85\\x9b');
    assert.equal(visible('\u061c\u200e\u200f\u2028\u2029\u202a\u202e\u2066\u2069'), '\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a\\u202e\\u2066\\u2069');
    assert.equal(visible('HKLM\\SYSTEM “Zürich” 東京 é'), 'HKLM\\SYSTEM “Zürich” 東京 é');
  });

  it('writes a collect warning about a hostile folder name on one line, escaped, and the text report likewise', () => {
    const hosts = tempDir();
    mkdirSync(join(hosts, HOSTILE));
    const run = casaudit(['audit', '--ldif', LDIF, '--hosts', hosts]);
    assert.equal(run.status, 1, run.stderr);
    assert.doesNotMatch(run.stderr, CONTROLS);
    assert.ok(
      run.stderr.split('\n').includes(`casaudit: warning: ${join(hosts, SHOWN)}: the folder name matches no Exchange server in the directory; its exports are not used`),
      run.stderr,
    );
    assert.ok(!run.stderr.split('\n').some((line) => line.startsWith('FORGED')), run.stderr);
    assert.doesNotMatch(run.stdout, CONTROLS);
    assert.ok(run.stdout.includes(`${SHOWN}: the folder name matches no Exchange server`), run.stdout);
  });

  it('escapes a hostile file name in the one-line failure message', () => {
    const missing = join(tempDir(), 'gone\u001b]0;pwned\u0007\r.ldif');
    const run = casaudit(['audit', '--ldif', missing]);
    assert.equal(run.status, 2);
    assert.doesNotMatch(run.stderr, CONTROLS);
    assert.equal(run.stderr.split('\n').length, 2, run.stderr);
    assert.ok(run.stderr.includes('gone\\x1b]0;pwned\\x07 .ldif'), run.stderr); // oneLine() has made the CR a space already
  });
});
