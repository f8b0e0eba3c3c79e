import assert from 'node:assert/strict';
import { diffSnapshots } from '../src/diff/snapshot-diff.js';
import { diffTextFormat } from '../src/report/diff/text.js';
import { EstateBuilder } from './support/estate.js';

describe('diff text: estate names with control characters', () => {
  it('shows an added server whose name holds ESC, a line break and U+202E as escapes, on one line', () => {
    const old = new EstateBuilder().site('S').server('EX01', { site: 'S' }).build();
    const next = new EstateBuilder().site('S').server('EX01', { site: 'S' }).server('EX\u001b[2J\n+ server FORGED\u202e', { site: 'S' }).build();
    const text = diffTextFormat.render(diffSnapshots(old, next), { old: 'old.json', new: 'new.json' });
    const lines = text.split('\n');
    assert.ok(lines.includes('+ server EX\\x1b[2J\\x0a+ server FORGED\\u202e'), text);
    assert.ok(!lines.includes('+ server FORGED'), text);
    assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  });
});
