import assert from 'node:assert/strict';
import { decodeServerRoles } from '../src/exchange/roles.js';
import { parseExchangeVersion, parseSerialNumberVersion, parseVersionNumber } from '../src/exchange/version.js';

describe('Exchange versions', () => {
  it('reads the serialNumber form as stored in AD (build +30000) and as the shell shows it', () => {
    assert.deepEqual(parseSerialNumberVersion('Version 14.3 (Build 30123.4)'), { major: 14, minor: 3, build: 123, revision: 4, text: 'Version 14.3 (Build 30123.4)' });
    assert.deepEqual(parseSerialNumberVersion('Version 14.3 (Build 123.4)'), { major: 14, minor: 3, build: 123, revision: 4, text: 'Version 14.3 (Build 123.4)' });
    assert.equal(parseSerialNumberVersion('Version 14.2 (Build 10247.5)')!.build, 247);
    assert.deepEqual(parseSerialNumberVersion('version 8.3 (build 83.6)')!.major, 8);
    assert.equal(parseSerialNumberVersion('Version 15.0 (Build 31497.2)')!.build, 1497);
  });

  it('keeps the build of versions before 8 as written, and rejects text that is not a version', () => {
    assert.equal(parseSerialNumberVersion('Version 6.5 (Build 30000.1)')!.build, 30000);
    assert.equal(parseSerialNumberVersion('Windows Server 2008 R2'), null);
    assert.equal(parseSerialNumberVersion(''), null);
  });

  it('decodes versionNumber for 2007, 2010 and 2013', () => {
    assert.deepEqual(parseVersionNumber(1937997947), { major: 14, minor: 3, build: 123, revision: null, text: '1937997947' });
    assert.deepEqual(parseVersionNumber('1937801855'), { major: 14, minor: 0, build: 639, revision: null, text: '1937801855' });
    assert.equal(parseVersionNumber(1912832083)!.major, 8);
    assert.equal(parseVersionNumber(1941962752)!.major, 15);
  });

  it('rejects versionNumbers that are not packed versions', () => {
    assert.equal(parseVersionNumber(0), null);
    assert.equal(parseVersionNumber('abc'), null);
    assert.equal(parseVersionNumber(-5), null);
    assert.equal(parseVersionNumber('99999999999'), null);
  });

  it('prefers serialNumber, falls back to versionNumber', () => {
    assert.equal(parseExchangeVersion(['Version 14.1 (Build 30218.15)'], 1937997947)!.minor, 1);
    assert.equal(parseExchangeVersion(['garbage'], 1937997947)!.minor, 3);
    assert.equal(parseExchangeVersion([], undefined), null);
  });
});

describe('Exchange server roles', () => {
  it('decodes msExchCurrentServerRoles bits', () => {
    assert.deepEqual(decodeServerRoles(38), ['Mailbox', 'ClientAccess', 'HubTransport']);
    assert.deepEqual(decodeServerRoles(4), ['ClientAccess']);
    assert.deepEqual(decodeServerRoles(64), ['Edge']);
    assert.deepEqual(decodeServerRoles(0), []);
    assert.deepEqual(decodeServerRoles(16385), ['Cafe', 'FrontendTransport']);
  });
});
