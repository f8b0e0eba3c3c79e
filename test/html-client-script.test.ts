import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { clientScriptModule, GENERATED } from '../scripts/client-script.js';
import { clientScript } from '../src/report/html/client-script.js';

describe('HTML report page script', () => {
  it('is compiled from src/report/html/client/ (run `npm run build` after changing it)', () => {
    assert.equal(readFileSync(GENERATED, 'utf8'), clientScriptModule());
  });

  it('is one function called with the constants it shares with the report, in strict mode', () => {
    const script = clientScript();
    assert.match(script, /^\(function \(C\) \{\n'use strict';\n/);
    assert.match(script, /\}\)\(\{"levels":\["error","warning","note"\],.*\}\);$/);
    assert.doesNotMatch(script, /^\s*(import|export)\s/m, 'nothing of a module is left');
  });
});
