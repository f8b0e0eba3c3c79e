import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addressBookPortFromConfig } from '../src/collect/hosts/ab-config.js';
import { ADDRESS_BOOK_CONFIG } from '../src/exchange/host-settings.js';
import { portSetting, portsFromRegistry, type RegFile } from '../src/collect/hosts/ports.js';
import { parseRegExport } from '../src/collect/hosts/reg.js';
import { decodeWindowsText } from '../src/collect/windows-text.js';
import { assertUserError } from './support/user-error.js';

const demo = (path: string): string => fileURLToPath(new URL(`../fixtures/demo/hosts/${path}`, import.meta.url));

/** A registry export the way the collector reads it: bytes, decodeWindowsText, parseRegExport. */
function demoReg(path: string): RegFile {
  const file = demo(path);
  return { file, ...parseRegExport(decodeWindowsText(readFileSync(file), file, 'a registry export'), file) };
}

const HEADER = 'Windows Registry Editor Version 5.00';
const SERVICES = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services';
const RPC = `[${SERVICES}\\MSExchangeRPC\\ParametersSystem]`;
const AB = `[${SERVICES}\\MSExchangeAB\\Parameters]`;

/** A registry export from its lines after the header line (so the first of them is line 2). */
const reg = (file: string, ...lines: string[]): RegFile => ({ file, ...parseRegExport([HEADER, ...lines].join('\r\n') + '\r\n', file) });

const config = (...lines: string[]): string => lines.join('\r\n') + '\r\n';
const appSettings = (...adds: string[]): string =>
  config('<?xml version="1.0" encoding="utf-8"?>', '<configuration>', '  <appSettings>', ...adds.map((a) => `    ${a}`), '  </appSettings>', '</configuration>');

describe('RPC ports from registry exports and the Address Book config', () => {
  describe('the demo exports', () => {
    it('reads LON-CAS1: the RPC port as a DWORD and the Address Book port as a string, with file and line', () => {
      const rpc = demoReg('LON-CAS1/MSExchangeRPC.reg');
      const ab = demoReg('LON-CAS1/MSExchangeAB.reg');
      assert.deepEqual(portsFromRegistry([rpc, ab]), {
        rpcClientAccess: { raw: 'dword:0000e88c', port: 59532, file: rpc.file, line: 16 },
        addressBookRegistry: { raw: '59533', port: 59533, file: ab.file, line: 12 },
        coversRpcService: true,
        coversAddressBookService: true,
      });
    });

    it('reads EDI-EX1 (both ports 6001) whichever order the files come in', () => {
      const rpc = demoReg('EDI-EX1/MSExchangeRPC.reg');
      const ab = demoReg('EDI-EX1/MSExchangeAB.reg');
      for (const files of [
        [rpc, ab],
        [ab, rpc],
      ]) {
        const ports = portsFromRegistry(files);
        assert.deepEqual(ports.rpcClientAccess, { raw: 'dword:00001771', port: 6001, file: rpc.file, line: 16 });
        assert.deepEqual(ports.addressBookRegistry, { raw: '6001', port: 6001, file: ab.file, line: 12 });
      }
    });

    it('reads MAN-EX2: the RPC service key without ParametersSystem gives no RPC port, but covers the service', () => {
      const ports = portsFromRegistry([demoReg('MAN-EX2/MSExchangeRPC.reg'), demoReg('MAN-EX2/MSExchangeAB.reg')]);
      assert.equal(ports.rpcClientAccess, null);
      assert.equal(ports.addressBookRegistry?.port, 59600);
      assert.equal(ports.coversRpcService, true);
      assert.equal(ports.coversAddressBookService, true);
    });

    it('reads OLD-CAS9 and LON-MBX1, which export only MSExchangeRPC', () => {
      const old = portsFromRegistry([demoReg('OLD-CAS9/MSExchangeRPC.reg')]);
      assert.deepEqual([old.rpcClientAccess?.port, old.addressBookRegistry, old.coversRpcService, old.coversAddressBookService], [59532, null, true, false]);
      const mbx = portsFromRegistry([demoReg('LON-MBX1/MSExchangeRPC.reg')]);
      assert.deepEqual(mbx, { rpcClientAccess: null, addressBookRegistry: null, coversRpcService: true, coversAddressBookService: false });
    });
  });

  describe('registry values', () => {
    it('reads "TCP/IP Port" as a DWORD or as a string', () => {
      assert.deepEqual(portsFromRegistry([reg('a.reg', RPC, '"TCP/IP Port"=dword:0000e88c')]).rpcClientAccess, {
        raw: 'dword:0000e88c',
        port: 59532,
        file: 'a.reg',
        line: 3,
      });
      assert.deepEqual(portsFromRegistry([reg('a.reg', '', RPC, '"TCP/IP Port"="59532"')]).rpcClientAccess, { raw: '59532', port: 59532, file: 'a.reg', line: 4 });
    });

    it('keeps the text of a port that is not a whole number, with port null', () => {
      const ports = portsFromRegistry([reg('a.reg', RPC, '"TCP/IP Port"="59532x"', AB, '"RpcTcpPort"="99999999999999999999"')]);
      assert.deepEqual(ports.rpcClientAccess, { raw: '59532x', port: null, file: 'a.reg', line: 3 });
      assert.deepEqual(ports.addressBookRegistry, { raw: '99999999999999999999', port: null, file: 'a.reg', line: 5 });
    });

    it('keeps the raw text of a value of another type, with port null', () => {
      const ports = portsFromRegistry([reg('a.reg', AB, '"RpcTcpPort"=hex(2):35,00,39,00,00,00')]);
      assert.deepEqual(ports.addressBookRegistry, { raw: 'hex(2):35,00,39,00,00,00', port: null, file: 'a.reg', line: 3 });
    });

    it('accepts ControlSetNNN and HKLM, and key and value names in any case', () => {
      const ports = portsFromRegistry([
        reg(
          'cs.reg',
          '[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\MSExchangeRPC\\ParametersSystem]',
          '"tcp/ip port"=dword:00001771',
          '[hklm\\system\\controlset002\\services\\msexchangeab\\parameters]',
          '"RPCTCPPORT"="6002"',
        ),
      ]);
      assert.deepEqual(ports, {
        rpcClientAccess: { raw: 'dword:00001771', port: 6001, file: 'cs.reg', line: 3 },
        addressBookRegistry: { raw: '6002', port: 6002, file: 'cs.reg', line: 5 },
        coversRpcService: true,
        coversAddressBookService: true,
      });
    });

    it('ignores the same names under other keys', () => {
      const ports = portsFromRegistry([
        reg(
          'other.reg',
          '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSExchangeRPC\\ParametersSystem]',
          '"TCP/IP Port"=dword:0000e88c',
          '[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet1\\Services\\MSExchangeRPC\\ParametersSystem]',
          '"TCP/IP Port"=dword:0000e88c',
          `[${SERVICES}\\MSExchangeRPC\\ParametersSystem\\Sub]`,
          '"TCP/IP Port"=dword:0000e88c',
          `[${SERVICES}\\MSExchangeAB]`,
          '"RpcTcpPort"="59533"',
          `[HKEY_CURRENT_USER\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeAB\\Parameters]`,
          '"RpcTcpPort"="59533"',
        ),
      ]);
      assert.equal(ports.rpcClientAccess, null);
      assert.equal(ports.addressBookRegistry, null);
      // MSExchangeRPC\ParametersSystem\Sub lies under the RPC service key; the SOFTWARE key does not.
      assert.equal(ports.coversRpcService, true);
      assert.equal(ports.coversAddressBookService, true);
    });

    it('says which service keys the exports cover', () => {
      const covers = (key: string) => {
        const ports = portsFromRegistry([reg('k.reg', `[${key}]`)]);
        return [ports.coversRpcService, ports.coversAddressBookService];
      };
      assert.deepEqual(covers(`${SERVICES}\\MSExchangeRPC`), [true, false]);
      assert.deepEqual(covers(`${SERVICES}\\MSExchangeAB\\Parameters`), [false, true]);
      assert.deepEqual(covers(`${SERVICES}\\MSExchangeRPCX`), [false, false]);
      assert.deepEqual(covers(`${SERVICES}\\MSExchangeABC`), [false, false]);
      assert.deepEqual(covers('HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSExchangeRPC'), [false, false]);
      assert.deepEqual(portsFromRegistry([]), { rpcClientAccess: null, addressBookRegistry: null, coversRpcService: false, coversAddressBookService: false });
    });

    it('accepts the same value exported twice with the same data, keeping the first place', () => {
      const ports = portsFromRegistry([reg('a.reg', RPC, '"TCP/IP Port"=dword:0000e88c'), reg('b.reg', '', '', RPC, '"TCP/IP Port"=dword:0000e88c')]);
      assert.deepEqual(ports.rpcClientAccess, { raw: 'dword:0000e88c', port: 59532, file: 'a.reg', line: 3 });
    });

    it('refuses the same value with different data, naming both places', () => {
      assertUserError(
        () => portsFromRegistry([reg('a.reg', RPC, '"TCP/IP Port"=dword:0000e88c'), reg('b.reg', '', RPC, '"TCP/IP Port"=dword:00001771')]),
        'b.reg:4: "TCP/IP Port" is dword:00001771 here but dword:0000e88c at a.reg:3; export the key once, from the server as it runs',
      );
      // Across control sets, the current one wins (see the control set tests below).
      const ports = portsFromRegistry([
        reg('one.reg', AB, '"RpcTcpPort"="59533"', '', '[HKLM\\SYSTEM\\ControlSet002\\Services\\MSExchangeAB\\Parameters]', '"RpcTcpPort"="6001"'),
      ]);
      assert.equal(ports.addressBookRegistry?.port, 59533);
    });
  });

  describe('portSetting', () => {
    it('gives the number of a DWORD and of a whole-number string', () => {
      assert.deepEqual(portSetting('dword:0000e88c', 59532, 'f', 7), { raw: 'dword:0000e88c', port: 59532, file: 'f', line: 7 });
      assert.deepEqual(portSetting('"60000"', '60000', 'f', 1), { raw: '60000', port: 60000, file: 'f', line: 1 });
      assert.deepEqual(portSetting('" 60000 "', ' 60000 ', 'f', 1), { raw: ' 60000 ', port: 60000, file: 'f', line: 1 });
    });

    it('gives port null, keeping the text, when the data is not a whole number', () => {
      for (const text of ['59532x', '6.5', '-5', '+5', '', '0x1771', '5 9']) {
        assert.deepEqual(portSetting(`"${text}"`, text, 'f', 2), { raw: text, port: null, file: 'f', line: 2 }, text);
      }
      assert.deepEqual(portSetting('hex:01', null, 'f', 2), { raw: 'hex:01', port: null, file: 'f', line: 2 });
    });

    it('gives port null when the number is not a safe integer', () => {
      assert.equal(portSetting('"99999999999999999999"', '99999999999999999999', 'f', 1).port, null);
      assert.equal(portSetting('"9007199254740993"', '9007199254740993', 'f', 1).port, null);
      assert.equal(portSetting('"9007199254740991"', '9007199254740991', 'f', 1).port, 9007199254740991);
      assert.equal(portSetting('x', 2 ** 53, 'f', 1).port, null);
    });
  });

  describe('Microsoft.Exchange.AddressBook.Service.exe.config', () => {
    it('has the file name the collector looks for', () => {
      assert.equal(ADDRESS_BOOK_CONFIG, 'Microsoft.Exchange.AddressBook.Service.exe.config');
    });

    it('reads the RpcTcpPort appSetting with its line', () => {
      const text = appSettings('<add key="MaxSessionsPerUser" value="50" />', '<add key="RpcTcpPort" value="59533" />');
      assert.deepEqual(addressBookPortFromConfig(text, 'ab.config'), { raw: '59533', port: 59533, file: 'ab.config', line: 5 });
    });

    it('reads a key in any case, a later entry winning, and keeps a value that is not a number', () => {
      const text = appSettings('<add key="rpctcpport" value="6001" />', '<add key="NspiHttpPort" value="6004" />', '<add key="RpcTcpPort" value="59533 &amp; more" />');
      assert.deepEqual(addressBookPortFromConfig(text, 'ab.config'), { raw: '59533 & more', port: null, file: 'ab.config', line: 6 });
      const twice = appSettings('<add key="RpcTcpPort" value="6001" />', '<add key="RpcTcpPort" value="6002" />');
      assert.deepEqual(addressBookPortFromConfig(twice, 'ab.config'), { raw: '6002', port: 6002, file: 'ab.config', line: 5 });
    });

    it('honours <remove> and <clear/> in order, as .NET does: a later one cancels an earlier <add>, a later <add> wins again', () => {
      const add = (port: number): string => `<add key="RpcTcpPort" value="${port}" />`;
      assert.equal(addressBookPortFromConfig(appSettings(add(6001), '<remove key="RpcTcpPort" />'), 'ab.config'), null);
      assert.equal(addressBookPortFromConfig(appSettings(add(6001), '<remove key="rpcTCPport"></remove>'), 'ab.config'), null);
      assert.equal(addressBookPortFromConfig(appSettings(add(6001), '<clear />'), 'ab.config'), null);
      assert.deepEqual(addressBookPortFromConfig(appSettings(add(6001), '<remove key="RpcTcpPort" />', add(6002)), 'ab.config'), {
        raw: '6002',
        port: 6002,
        file: 'ab.config',
        line: 6,
      });
      assert.deepEqual(addressBookPortFromConfig(appSettings('<clear />', add(6003)), 'ab.config'), { raw: '6003', port: 6003, file: 'ab.config', line: 5 });
      // Another key's removal, or a <remove> outside appSettings, changes nothing.
      assert.deepEqual(addressBookPortFromConfig(appSettings(add(6001), '<remove key="NspiHttpPort" />'), 'ab.config'), { raw: '6001', port: 6001, file: 'ab.config', line: 4 });
      const outside = config('<configuration>', '  <appSettings>', `    ${add(6001)}`, '  </appSettings>', '  <other><remove key="RpcTcpPort" /></other>', '</configuration>');
      assert.deepEqual(addressBookPortFromConfig(outside, 'ab.config'), { raw: '6001', port: 6001, file: 'ab.config', line: 3 });
    });

    it('refuses a file with two root elements, naming the line of the second', () => {
      const text = appSettings('<add key="RpcTcpPort" value="6001" />') + '<configuration><appSettings><add key="RpcTcpPort" value="6002" /></appSettings></configuration>\r\n';
      assertUserError(() => addressBookPortFromConfig(text, 'two.config'), 'two.config:7: not a well-formed XML file (a second root element <configuration>)');
      assertUserError(() => addressBookPortFromConfig('<a/><configuration/>', 'ab.config'), 'ab.config:1: not a well-formed XML file (a second root element <configuration>)');
    });

    it('gives null without an RpcTcpPort setting, and ignores <add> elements outside appSettings', () => {
      assert.equal(addressBookPortFromConfig(appSettings('<add key="NspiHttpPort" value="6004" />'), 'ab.config'), null);
      assert.equal(addressBookPortFromConfig(config('<configuration>', '</configuration>'), 'ab.config'), null);
      const outside = config('<configuration>', '  <add key="RpcTcpPort" value="1" />', '  <other><appSettings><add key="RpcTcpPort" value="2" /></appSettings></other>', '</configuration>');
      assert.equal(addressBookPortFromConfig(outside, 'ab.config'), null);
    });

    it('reads the demo LON-CAS2 config (UTF-8 with a BOM), which has no RpcTcpPort', () => {
      const file = demo('LON-CAS2/Microsoft.Exchange.AddressBook.Service.exe.config');
      const bytes = readFileSync(file);
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      assert.equal(addressBookPortFromConfig(decodeWindowsText(bytes, file, 'an XML file'), file), null);
    });

    it('reads a config with a UTF-8 BOM, decoded or not, and one in UTF-16LE', () => {
      const text = appSettings('<add key="RpcTcpPort" value="59533" />');
      const expected = { raw: '59533', port: 59533, file: 'bom.config', line: 4 };
      const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
      assert.deepEqual(addressBookPortFromConfig(decodeWindowsText(utf8, 'bom.config', 'an XML file'), 'bom.config'), expected);
      assert.deepEqual(addressBookPortFromConfig(`\uFEFF${text}`, 'bom.config'), expected);
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace('utf-8', 'utf-16'), 'utf16le')]);
      assert.deepEqual(addressBookPortFromConfig(decodeWindowsText(utf16, 'bom.config', 'an XML file'), 'bom.config'), expected);
    });

    it('refuses malformed XML with the line of the fault', () => {
      assertUserError(
        () => addressBookPortFromConfig(appSettings('<add key="RpcTcpPort" value="59533">'), 'bad.config'),
        'bad.config:5: not a well-formed XML file (Unexpected close tag)',
      );
      assertUserError(
        () => addressBookPortFromConfig(config('<configuration>', '  <appSettings>', '    <add key="RpcTcpPort" value="6001 & 6002" />', '  </appSettings>', '</configuration>'), 'amp.config'),
        'amp.config:3: not a well-formed XML file (Invalid character in entity name)',
      );
      assertUserError(
        () => addressBookPortFromConfig(config('<configuration>', '  <appSettings>', '    <add key="RpcTcpPort" value="6001" />', '  </appSetting>', '</configuration>'), 'tag.config'),
        'tag.config:4: not a well-formed XML file (Unexpected close tag)',
      );
      assertUserError(() => addressBookPortFromConfig('not xml\r\n', 'text.config'), 'text.config:1: not a well-formed XML file (Non-whitespace before first tag.)');
    });
  });
});

describe('portsFromRegistry: control sets and equal data', () => {
  const header = 'Windows Registry Editor Version 5.00';
  const rpc = (set: string, data: string) => [`[HKEY_LOCAL_MACHINE\\SYSTEM\\${set}\\Services\\MSExchangeRPC\\ParametersSystem]`, `"TCP/IP Port"=${data}`];
  const file = (name: string, lines: string[]) => ({ file: name, ...parseRegExport([header, '', ...lines, ''].join('\r\n'), name) });

  it('takes CurrentControlSet over older control sets in a whole-SYSTEM export', () => {
    const ports = portsFromRegistry([file('system.reg', [...rpc('ControlSet002', 'dword:00001771'), '', ...rpc('CurrentControlSet', 'dword:0000e88c')])]);
    assert.equal(ports.rpcClientAccess?.port, 59532);
    assert.equal(ports.rpcClientAccess?.line, 7);
  });

  it('treats a DWORD and a string with the same port as the same value', () => {
    const ports = portsFromRegistry([file('a.reg', rpc('CurrentControlSet', 'dword:0000E88C')), file('b.reg', rpc('CurrentControlSet', '"59532"'))]);
    assert.equal(ports.rpcClientAccess?.port, 59532);
    assert.equal(ports.rpcClientAccess?.file, 'a.reg');
  });

  it('still refuses two control sets that disagree when no CurrentControlSet is exported', () => {
    assert.throws(
      () => portsFromRegistry([file('offline.reg', [...rpc('ControlSet001', 'dword:0000e88c'), '', ...rpc('ControlSet002', 'dword:00001771')])]),
      /offline\.reg:7: "TCP\/IP Port" is dword:00001771 here but dword:0000e88c at offline\.reg:4/,
    );
  });
});
