import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseRegExport, type RegExport, type RegValue } from '../src/collect/hosts/reg.js';
import { decodeWindowsText } from '../src/collect/windows-text.js';
import { assertUserError } from './support/user-error.js';

const demo = (path: string): string => fileURLToPath(new URL(`../fixtures/demo/hosts/${path}`, import.meta.url));
const UTF16_BOM = Buffer.from([0xff, 0xfe]);
const HEADER = 'Windows Registry Editor Version 5.00';
const RPC_KEY = String.raw`HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\MSExchangeRPC`;
const AB_KEY = String.raw`HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\MSExchangeAB`;

/** A .reg file as reg export writes it: UTF-16LE with a BOM and CRLF line ends. */
const utf16 = (...lines: string[]): Uint8Array => new Uint8Array(Buffer.concat([UTF16_BOM, Buffer.from(lines.join('\r\n') + '\r\n', 'utf16le')]));
const crlf = (...lines: string[]): string => lines.join('\r\n') + '\r\n';

/** Reads an export the way the collector does: bytes, decodeWindowsText, parseRegExport. */
function readReg(bytes: Uint8Array, file: string): RegExport {
  return parseRegExport(decodeWindowsText(bytes, file, 'a registry export'), file);
}

function readDemo(path: string): RegExport {
  const file = demo(path);
  return readReg(readFileSync(file), file);
}

const brief = (values: RegValue[]): string[] => values.map((v) => `${v.line} ${v.name} ${v.type} ${JSON.stringify(v.data)}`);

describe('registry export parser', () => {
  describe('the demo exports (UTF-16LE, BOM, CRLF, as reg export writes them)', () => {
    it('the fixtures really are UTF-16LE with a BOM and CRLF', () => {
      const bytes = readFileSync(demo('LON-CAS1/MSExchangeRPC.reg'));
      assert.deepEqual([...bytes.subarray(0, 4)], [0xff, 0xfe, 0x57, 0x00]); // BOM, "W"
      assert.ok(bytes.includes(Buffer.from('\r\n', 'utf16le')));
      assert.equal(bytes.length % 2, 0);
    });

    it('reads the RPC Client Access export: keys, the DWORD port and its line', () => {
      const reg = readDemo('LON-CAS1/MSExchangeRPC.reg');
      assert.deepEqual(reg.keys, [
        { key: RPC_KEY, line: 3 },
        { key: `${RPC_KEY}\\ParametersSystem`, line: 15 },
        { key: `${RPC_KEY}\\Performance`, line: 18 },
      ]);
      const port = reg.values.find((v) => v.name === 'TCP/IP Port');
      assert.deepEqual(port, {
        key: `${RPC_KEY}\\ParametersSystem`,
        name: 'TCP/IP Port',
        type: 'dword',
        raw: 'dword:0000e88c',
        data: 59532,
        line: 16,
      });
    });

    it('joins the three-line hex(7) DependOnService value and keeps the later lines right', () => {
      const reg = readDemo('LON-CAS1/MSExchangeRPC.reg');
      assert.deepEqual(brief(reg.values), [
        '4 DependOnService other null',
        '7 Description string "Manages client RPC connections for Exchange."',
        '8 DisplayName string "Microsoft Exchange RPC Client Access"',
        '9 ErrorControl dword 1',
        '10 ImagePath string "\\"C:\\\\Program Files\\\\Microsoft\\\\Exchange Server\\\\V14\\\\Bin\\\\Microsoft.Exchange.RpcClientAccess.Service.exe\\""',
        '11 ObjectName string "LocalSystem"',
        '12 Start dword 2',
        '13 Type dword 16',
        '16 TCP/IP Port dword 59532',
        '19 Close string "CloseRpcClientAccessPerformanceData"',
        '20 Collect string "CollectRpcClientAccessPerformanceData"',
        '21 Open string "OpenRpcClientAccessPerformanceData"',
      ]);
      const depends = reg.values[0]!;
      assert.equal(
        depends.raw,
        'hex(7):52,00,70,00,63,00,53,00,73,00,00,00,4d,00,53,00,45,00,78,00,63,00,68,00,61,00,6e,00,67,00,65,00,41,00,44,00,54,00,6f,00,70,00,6f,00,6c,00,6f,00,67,00,79,00,00,00,00,00',
      );
    });

    it('unescapes the quoted ImagePath', () => {
      const reg = readDemo('LON-CAS1/MSExchangeAB.reg');
      const image = reg.values.find((v) => v.name === 'ImagePath')!;
      assert.equal(image.data, '"C:\\Program Files\\Microsoft\\Exchange Server\\V14\\Bin\\Microsoft.Exchange.AddressBook.Service.exe"');
      assert.equal(image.line, 6);
    });

    it('reads the Address Book RpcTcpPort string and its line', () => {
      const reg = readDemo('LON-CAS1/MSExchangeAB.reg');
      assert.deepEqual(reg.keys, [
        { key: AB_KEY, line: 3 },
        { key: `${AB_KEY}\\Parameters`, line: 11 },
      ]);
      assert.deepEqual(
        reg.values.filter((v) => v.key.endsWith('\\Parameters')),
        [
          { key: `${AB_KEY}\\Parameters`, name: 'RpcTcpPort', type: 'string', raw: '"59533"', data: '59533', line: 12 },
          { key: `${AB_KEY}\\Parameters`, name: 'NspiHttpPort', type: 'string', raw: '"6004"', data: '6004', line: 13 },
          { key: `${AB_KEY}\\Parameters`, name: 'RfrHttpPort', type: 'string', raw: '"6002"', data: '6002', line: 14 },
        ],
      );
    });

    it('reads the other servers\' ports (EDI-EX1: 6001 and 6001; MAN-EX2: no ParametersSystem key)', () => {
      const ediRpc = readDemo('EDI-EX1/MSExchangeRPC.reg').values.find((v) => v.name === 'TCP/IP Port');
      assert.deepEqual([ediRpc?.raw, ediRpc?.data, ediRpc?.line], ['dword:00001771', 6001, 16]);
      const ediAb = readDemo('EDI-EX1/MSExchangeAB.reg').values.find((v) => v.name === 'RpcTcpPort');
      assert.deepEqual([ediAb?.data, ediAb?.line], ['6001', 12]);
      const man2 = readDemo('MAN-EX2/MSExchangeRPC.reg');
      assert.equal(man2.values.find((v) => v.name === 'TCP/IP Port'), undefined);
      assert.deepEqual(man2.keys.map((k) => k.line), [3, 15]);
      assert.deepEqual(brief(man2.values).slice(-1), ['18 Open string "OpenRpcClientAccessPerformanceData"']);
    });
  });

  describe('syntax', () => {
    it('reads a REGEDIT4 file in Windows-1252 (ANSI)', () => {
      // Windows-1252: 0xFC is "\u00fc", 0x80 is the euro sign.
      const text = crlf('REGEDIT4', '', '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Test]', '"Office"="B\u00fcro Z\u00fcrich \u0080"', '"Count"=dword:0000000a');
      const ansi = Buffer.from(text, 'latin1');
      assert.ok(ansi.includes(0xfc) && ansi.includes(0x80));
      const reg = readReg(new Uint8Array(ansi), 'ansi.reg');
      assert.deepEqual(reg.keys, [{ key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Test', line: 3 }]);
      assert.deepEqual(brief(reg.values), ['4 Office string "B\u00fcro Z\u00fcrich \u20ac"', '5 Count dword 10']);
    });

    it('skips comments and blank lines, counting them', () => {
      const reg = parseRegExport(
        crlf(HEADER, '; exported by hand', '', '[HKLM\\A]', '  ; an indented comment', '', '"x"="1"', ';"y"="2"', '', '"z"=dword:00000003'),
        'c.reg',
      );
      assert.deepEqual(reg.keys, [{ key: 'HKLM\\A', line: 4 }]);
      assert.deepEqual(brief(reg.values), ['7 x string "1"', '10 z dword 3']);
    });

    it('joins a hex(7) value continued over three lines, keeps its first line, and counts the lines after it', () => {
      const reg = parseRegExport(
        crlf(HEADER, '', '[HKLM\\A]', '"Multi"=hex(7):41,00,42,00,00,00,\\', '  43,00,44,00,\\', '  00,00,00,00', '"After"="next"', '', '[HKLM\\B]', '"Last"=dword:00000001'),
        'multi.reg',
      );
      assert.deepEqual(reg.values[0], {
        key: 'HKLM\\A',
        name: 'Multi',
        type: 'other',
        raw: 'hex(7):41,00,42,00,00,00,43,00,44,00,00,00,00,00',
        data: null,
        line: 4,
      });
      assert.deepEqual(brief(reg.values.slice(1)), ['7 After string "next"', '10 Last dword 1']);
      assert.deepEqual(reg.keys, [
        { key: 'HKLM\\A', line: 3 },
        { key: 'HKLM\\B', line: 9 },
      ]);
    });

    it('reads the default value (@) with the name ""', () => {
      const reg = parseRegExport(crlf(HEADER, '[HKLM\\A]', '@="default data"', '@=dword:00000010'), 'at.reg');
      assert.deepEqual(
        reg.values.map((v) => [v.name, v.type, v.data, v.line]),
        [
          ['', 'string', 'default data', 3],
          ['', 'dword', 16, 4],
        ],
      );
    });

    it('ignores [-KEY] deletions, the values under them and "x"=- deletions', () => {
      const reg = parseRegExport(
        crlf(HEADER, '', '[-HKLM\\Gone]', '"old"=-', '', '[HKLM\\Kept]', '"removed"=-', '"kept"="yes"', '@=-'),
        'del.reg',
      );
      assert.deepEqual(reg.keys, [{ key: 'HKLM\\Kept', line: 6 }]);
      assert.deepEqual(brief(reg.values), ['8 kept string "yes"']);
    });

    it('unescapes \\" and \\\\ in value names and data, and keeps the raw text', () => {
      const reg = parseRegExport(
        crlf(HEADER, '[HKLM\\A]', String.raw`"Path"="C:\\Program Files\\App\\"`, String.raw`"Say \"hi\""="she said \"no\" \\ twice"`, String.raw`"x" = "spaced"`),
        'esc.reg',
      );
      assert.deepEqual(
        reg.values.map((v) => [v.name, v.raw, v.data, v.line]),
        [
          ['Path', String.raw`"C:\\Program Files\\App\\"`, 'C:\\Program Files\\App\\', 3],
          ['Say "hi"', String.raw`"she said \"no\" \\ twice"`, 'she said "no" \\ twice', 4],
          ['x', '"spaced"', 'spaced', 5],
        ],
      );
    });

    it('keeps values of other types as type "other" with their raw text and no data', () => {
      const reg = parseRegExport(
        crlf(HEADER, '[HKLM\\A]', '"Bin"=hex:01,ff', '"Q"=hex(b):00,00,00,00,00,00,00,00', '"Exp"=hex(2):25,00,00,00', '"None"=hex(0):', '"Big"=dword:FFFFFFFF'),
        'types.reg',
      );
      assert.deepEqual(
        reg.values.map((v) => [v.name, v.type, v.raw, v.data]),
        [
          ['Bin', 'other', 'hex:01,ff', null],
          ['Q', 'other', 'hex(b):00,00,00,00,00,00,00,00', null],
          ['Exp', 'other', 'hex(2):25,00,00,00', null],
          ['None', 'other', 'hex(0):', null],
          ['Big', 'dword', 'dword:FFFFFFFF', 0xffffffff],
        ],
      );
    });

    it('reads a file without a trailing line break, and with LF or CR line ends', () => {
      const lf = parseRegExport([HEADER, '[HKLM\\A]', '"a"="1"', '"b"="2"'].join('\n'), 'lf.reg');
      assert.deepEqual(brief(lf.values), ['3 a string "1"', '4 b string "2"']);
      const cr = parseRegExport([HEADER, '[HKLM\\A]', '', '"a"="1"'].join('\r'), 'cr.reg');
      assert.deepEqual(brief(cr.values), ['4 a string "1"']);
    });

    it('accepts "DWORD:" in upper case like regedit', () => {
      const reg = parseRegExport(crlf(HEADER, '[HKLM\\A]', '"x"=DWORD:0000000A'), 'upper.reg');
      assert.deepEqual(brief(reg.values), ['3 x dword 10']);
    });
  });

  describe('errors name the file and line', () => {
    it('refuses a file without the header', () => {
      const message = 'plain.reg:1: not a registry export (expected "Windows Registry Editor Version 5.00" or "REGEDIT4" on the first line)';
      assertUserError(() => parseRegExport(crlf('[HKLM\\A]', '"x"="1"'), 'plain.reg'), message);
      assertUserError(() => parseRegExport('', 'plain.reg'), message);
      assertUserError(() => readReg(utf16('Windows Registry Editor Version 4.00', '[HKLM\\A]'), 'plain.reg'), message);
    });

    it('refuses binary data (through decodeWindowsText), with and without NUL bytes', () => {
      const withNul = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]); // an .exe header
      assertUserError(() => readReg(withNul, 'tool.exe'), 'tool.exe: not a registry export (binary data)');
      // Without NUL bytes the bytes decode as Windows-1252, and the header check refuses them at line 1.
      const noNul = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xd8]);
      assertUserError(
        () => readReg(noNul, 'image.png'),
        'image.png:1: not a registry export (expected "Windows Registry Editor Version 5.00" or "REGEDIT4" on the first line)',
      );
    });

    it('refuses a truncated UTF-16 file (odd number of bytes)', () => {
      const whole = utf16(HEADER, '[HKLM\\A]', '"x"="1"');
      assert.deepEqual(brief(readReg(whole, 'cut.reg').values), ['3 x string "1"']);
      assertUserError(() => readReg(whole.subarray(0, whole.length - 1), 'cut.reg'), 'cut.reg: truncated UTF-16 file (odd number of bytes)');
    });

    it('refuses a line that is neither a key, a value nor a comment', () => {
      assertUserError(
        () => parseRegExport(crlf(HEADER, '', '[HKLM\\A]', '"x"="1"', 'TCP/IP Port=dword:0000e88c'), 'junk.reg'),
        'junk.reg:5: expected a [key], a "name"=value line or a ; comment',
      );
    });

    it('refuses a key line without its closing bracket and a name without "="', () => {
      assertUserError(() => parseRegExport(crlf(HEADER, '', '[HKLM\\A'), 'k.reg'), "k.reg:3: key line without a closing ']'");
      assertUserError(() => parseRegExport(crlf(HEADER, '[HKLM\\A]', '"x" "1"'), 'k.reg'), "k.reg:3: expected '=' after the value name");
    });

    it('refuses unclosed quotes in the name and in the data', () => {
      assertUserError(() => parseRegExport(crlf(HEADER, '[HKLM\\A]', '"x=dword:00000001'), 'q.reg'), 'q.reg:3: value name without a closing quote');
      assertUserError(() => parseRegExport(crlf(HEADER, '[HKLM\\A]', '', '"x"="open'), 'q.reg'), 'q.reg:4: string value without a closing quote');
      // The closing quote escaped: still open.
      assertUserError(() => parseRegExport(crlf(HEADER, '[HKLM\\A]', String.raw`"x"="open\"`), 'q.reg'), 'q.reg:3: string value without a closing quote');
      assertUserError(() => parseRegExport(crlf(HEADER, '[HKLM\\A]', '"x"="a"b'), 'q.reg'), 'q.reg:3: string value without a closing quote');
    });

    it('refuses a DWORD of more than 8 hex digits, or of none', () => {
      assertUserError(
        () => parseRegExport(crlf(HEADER, '[HKLM\\A]', '"ok"=dword:12345678', '"x"=dword:123456789'), 'd.reg'),
        'd.reg:4: a dword value must be up to 8 hex digits, found "dword:123456789"',
      );
      assertUserError(() => parseRegExport(crlf(HEADER, '[HKLM\\A]', '"x"=dword:'), 'd.reg'), 'd.reg:3: a dword value must be up to 8 hex digits, found "dword:"');
      assertUserError(() => parseRegExport(crlf(HEADER, '[HKLM\\A]', '"x"=dword:0000e88g'), 'd.reg'), 'd.reg:3: a dword value must be up to 8 hex digits, found "dword:0000e88g"');
    });

    it('refuses unrecognised data, including a continuation that never comes', () => {
      assertUserError(() => parseRegExport(crlf(HEADER, '[HKLM\\A]', '"x"=59532'), 'u.reg'), 'u.reg:3: unrecognised value data "59532"');
      assertUserError(
        () => parseRegExport(crlf(HEADER, '[HKLM\\A]', '"x"=hex(7):41,00,\\', '"y"="1"'), 'u.reg'),
        'u.reg:3: unrecognised value data "hex(7):41,00,\\"',
      );
    });

    it('refuses a value before any key, counting from the header', () => {
      assertUserError(() => parseRegExport(crlf(HEADER, '', '"x"="1"', '[HKLM\\A]'), 'v.reg'), 'v.reg:3: a value before any [key] line');
      // The same through the UTF-16 decoding the collector uses.
      assertUserError(() => readReg(utf16(HEADER, '; c', '@="1"'), 'v.reg'), 'v.reg:3: a value before any [key] line');
    });
  });
});
