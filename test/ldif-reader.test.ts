import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AdEntry } from '../src/collect/ad/entry.js';
import { parseLdif } from '../src/collect/ldif/parse.js';
import { readLdifFile, streamLdifFile } from '../src/collect/ldif/reader.js';
import { decodeWindowsText } from '../src/collect/windows-text.js';
import { tempDir } from './support/tmp.js';
import { assertUserError, assertRejectsUserError } from './support/user-error.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/ldif/${name}`, import.meta.url));
/** The project's sample ldifde export of a small Contoso organisation. */
const CONTOSO = fixture('example-contoso.ldif');
const FEATURES = fixture('features.ldif');

const parse = (text: string, file = 'in.ldif'): AdEntry[] => Array.from(parseLdif(text, file));
const bytesOf = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));
const UTF16_BOM = Buffer.from([0xff, 0xfe]);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function writeTemp(name: string, bytes: Uint8Array): string {
  const file = join(tempDir('casaudit-ldif-'), name);
  writeFileSync(file, bytes);
  return file;
}

describe('LDIF reader', () => {
  describe('the sample Contoso export', () => {
    const text = readFileSync(CONTOSO, 'utf8');
    const lines = text.split('\n');

    it('reads one entry per record, each pointing at the line of its dn', async () => {
      const entries = await readLdifFile(CONTOSO);
      const dnLines = lines.filter((line) => line.startsWith('dn:')).length;
      assert.ok(dnLines >= 30, 'the example has dozens of records');
      assert.equal(entries.length, dnLines);
      for (const entry of entries) {
        assert.equal(entry.source?.file, CONTOSO);
        assert.equal(lines[entry.source!.line - 1], `dn: ${entry.dn}`);
      }
      const root = entries[0]!;
      assert.equal(root.dn, 'DC=contoso,DC=local');
      assert.deepEqual(root.attributes.get('objectclass'), ['top', 'domain', 'domainDNS']);
      assert.equal(root.attributes.has('changetype'), false);
    });

    it('joins the folded legacyExchangeDN', async () => {
      const entries = await readLdifFile(CONTOSO);
      const ex04 = entries.find((entry) => entry.dn.startsWith('CN=EX04,CN=Servers,'));
      assert.ok(ex04);
      assert.deepEqual(ex04.attributes.get('legacyexchangedn'), [
        '/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=EX04',
      ]);
    });

    it('decodes the base64 description to the UTF-8 bytes of "Filiale Zürich"', async () => {
      const entries = await readLdifFile(CONTOSO);
      const siteB = entries.find((entry) => entry.dn === 'CN=SiteB,CN=Sites,CN=Configuration,DC=contoso,DC=local');
      assert.ok(siteB);
      const [description] = siteB.attributes.get('description') ?? [];
      assert.ok(description instanceof Uint8Array);
      assert.deepEqual(description, new Uint8Array(Buffer.from('Filiale Zürich', 'utf8')));
    });
  });

  describe('the features fixture', () => {
    it('reads version, folded comments, folded dn, options, base64 dn and empty values', async () => {
      const entries = await readLdifFile(FEATURES);
      assert.equal(entries.length, 2);
      const [server, group] = entries as [AdEntry, AdEntry];

      assert.equal(
        server.dn,
        'CN=EX01,CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,' +
          'CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=local',
      );
      assert.deepEqual(server.source, { file: FEATURES, line: 6 });
      assert.deepEqual(
        [...server.attributes.keys()],
        ['objectclass', 'cn', 'description', 'admindisplayname', 'msexchcertificate', 'serialnumber'],
      );
      assert.deepEqual(server.attributes.get('objectclass'), ['top', 'server', 'msExchExchangeServer']);
      assert.deepEqual(server.attributes.get('cn'), ['EX01'], 'leading spaces of a value are dropped');
      assert.deepEqual(server.attributes.get('description'), ['']);
      assert.deepEqual(server.attributes.get('admindisplayname'), ['']);
      assert.deepEqual(server.attributes.get('msexchcertificate'), [new Uint8Array([1, 2, 3, 255])]);

      assert.equal(group.dn, 'CN=Grüppe Zürich,DC=contoso,DC=local');
      assert.deepEqual(group.source, { file: FEATURES, line: 22 });
      assert.deepEqual(group.attributes.get('member'), [
        'CN=A,DC=contoso,DC=local',
        'CN=B,DC=contoso,DC=local',
        'CN=C,DC=contoso,DC=local',
      ]);
      assert.deepEqual(group.attributes.get('thumbnailphoto'), [new Uint8Array(0)]);
      assert.deepEqual(group.attributes.get('info'), [new Uint8Array(Buffer.from('Hello, long value'))]);
    });
  });

  describe('parseLdif', () => {
    it('keeps multi-valued attributes in file order, whatever the case of their name', () => {
      const [entry] = parse('dn: CN=x\nnetworkAddress: ncacn_ip_tcp:ex01\nNetworkAddress: ncalrpc:EX01\nnetworkaddress: ncacn_vns_spp:EX01\n');
      assert.deepEqual(entry?.attributes.get('networkaddress'), ['ncacn_ip_tcp:ex01', 'ncalrpc:EX01', 'ncacn_vns_spp:EX01']);
    });

    it('keeps colons and trailing spaces inside a value', () => {
      const [entry] = parse('dn: CN=x\nmsExchFileShareWitness: \\\\fs01.contoso.local\\DAG01 \n');
      assert.deepEqual(entry?.attributes.get('msexchfilesharewitness'), ['\\\\fs01.contoso.local\\DAG01 ']);
    });

    it('reads CRLF line ends, several blank lines and no blank line after the last record, counting physical lines', () => {
      const text = 'version: 1\r\n\r\ndn: CN=a\r\ncn: a\r\n\r\n\r\n\r\n# next\r\ndn: CN=b,\r\n DC=x\r\ncn: b\r\nsn: last' + '\r\n';
      const entries = parse(text);
      assert.deepEqual(
        entries.map((e) => [e.dn, e.source?.line]),
        [
          ['CN=a', 3],
          ['CN=b,DC=x', 9],
        ],
      );
      assert.deepEqual(entries[1]?.attributes.get('sn'), ['last']);
      assert.deepEqual(entries[0]?.attributes.get('cn'), ['a'], 'no carriage return left in values');
    });

    it('drops exactly one space per fold and joins several continuation lines', () => {
      const [entry] = parse('dn: CN=x\ninfo: one\n  two\n three\n\n');
      assert.deepEqual(entry?.attributes.get('info'), ['one twothree']);
    });

    it('joins base64 split by a fold before decoding it', () => {
      const base64 = Buffer.from('Ärger über Öl', 'utf8').toString('base64');
      const [entry] = parse(`dn: CN=x\ndescription:: ${base64.slice(0, 5)}\n ${base64.slice(5)}\n`);
      assert.deepEqual(entry?.attributes.get('description'), [new Uint8Array(Buffer.from('Ärger über Öl', 'utf8'))]);
    });

    it('treats a folded comment as part of the comment, also inside a record', () => {
      const entries = parse('# top: looks like\n an: attribute\ndn: CN=x\n# inside\n dn: CN=not-a-second-dn\ncn: x\n');
      assert.equal(entries.length, 1);
      assert.deepEqual([...entries[0]!.attributes.entries()], [['cn', ['x']]]);
    });

    it('reads a record that only has a dn, and a file without records', () => {
      assert.deepEqual(parse('dn: CN=x\n'), [{ dn: 'CN=x', attributes: new Map(), source: { file: 'in.ldif', line: 1 } }]);
      assert.deepEqual(parse(''), []);
      assert.deepEqual(parse('version: 1\n# nothing exported\n\n'), []);
    });

    it('refuses a file cut inside a line: a last line without a line break, wherever it was cut', () => {
      // Deliberate change: such a last line used to be read as a complete value.
      const whole = 'version: 1\r\n\r\ndn: CN=a\r\ncn: a\r\n\r\ndn: CN=b,\r\n DC=x\r\ndescription:: WsO8cmljaA==\r\ncn: b\r\n\r\n';
      assert.equal(parse(whole).length, 2);
      const message = (line: number) => `in.ldif:${line}: the file ends without a line break after its last line: the export looks cut off (truncated); export it again`;
      // Every cut that leaves a record's line unfinished: in the dn, a fold, a base64 value, the last value.
      for (let cut = whole.indexOf('dn: CN=a'); cut < whole.length; cut++) {
        const text = whole.slice(0, cut);
        // A cut after a CR, between CR and LF, is a cut between lines.
        if (text.endsWith('\n') || text.endsWith('\r')) continue;
        const line = text.split('\n').length;
        assert.throws(() => parse(text), (err: Error) => {
          assert.equal(err.message, message(line), `cut at ${cut}`);
          return true;
        });
      }
      // Cut between lines nothing shows the cut, and a comment may end the file: read as they are.
      assert.equal(parse(whole.slice(0, whole.indexOf('dn: CN=b'))).length, 1);
      assert.deepEqual(parse('version: 1\r\n# a comment without a line break'), []);
    });

    it('skips a byte order mark left at the start of the text', () => {
      assert.equal(parse('\ufeffdn: CN=x\n')[0]?.dn, 'CN=x');
    });

    it('yields records as it reads them', () => {
      const records = parseLdif('dn: CN=a\ncn: a\n\nbroken line\n', 'in.ldif');
      assert.equal(records.next().value?.dn, 'CN=a');
      assertUserError(() => records.next(), 'in.ldif:4: expected "attribute: value" but the line has no \':\': "broken line"');
    });
  });

  describe('parse errors name the file and the line where the offending line starts', () => {
    it('a line without a colon, after folded lines', () => {
      assertUserError(
        () => parse('dn: CN=a,\n DC=x\ninfo: folded\n value\nthis line has no colon\n'),
        'in.ldif:5: expected "attribute: value" but the line has no \':\': "this line has no colon"',
      );
    });

    it('an attribute line before any dn', () => {
      assertUserError(
        () => parse('# header\n\ncn: EX01\ndn: CN=EX01\n'),
        'in.ldif:3: attribute line "cn" before any dn: each record must start with a "dn:" line',
      );
    });

    it('a record without dn', () => {
      assertUserError(
        () => parse('dn: CN=a\ncn: a\n\n\ncn: b\n'),
        'in.ldif:5: record without dn: it starts with "cn", expected a "dn:" line',
      );
    });

    it('two records not separated by a blank line', () => {
      assertUserError(
        () => parse('dn: CN=a\ncn: a\n# b\ndn: CN=b\n'),
        'in.ldif:4: a second dn in the same record: records must be separated by a blank line',
      );
    });

    it('a changetype other than add, with its exact advice', () => {
      assertUserError(
        () => parse('dn: CN=a\nchangetype: modify\nreplace: cn\n'),
        'in.ldif:2: changetype modify is not supported: export with ldifde (changetype add)',
      );
      assertUserError(
        () => parse('version: 1\n\ndn: CN=a\nchangetype: delete\n'),
        'in.ldif:4: changetype delete is not supported: export with ldifde (changetype add)',
      );
    });

    it('a control line of a change record says what the file is and how to export instead', () => {
      const message = (line: number): string =>
        `in.ldif:${line}: a "control:" line: this is a change record with an LDAP control (input for ldapmodify or ldifde -i), not an export; casaudit reads content records: export with ldifde -f`;
      // Before changetype, as RFC 2849 has it: before, the control was taken for an attribute and the changetype was blamed.
      assertUserError(() => parse('dn: CN=a\ncontrol: 1.2.840.113556.1.4.805 true\nchangetype: delete\n'), message(2));
      assertUserError(() => parse('version: 1\n\ndn: CN=a\nControl: 1.2.840.113556.1.4.417\nchangetype: add\ncn: a\n'), message(4));
      // Folded, base64 value, and in a later record.
      assertUserError(() => parse('dn: CN=a\ncn: a\n\ndn: CN=b\ncontrol: 1.2.840.1135\n 56.1.4.805 true\n'), message(5));
      assertUserError(() => parse('dn: CN=a\ncontrol:: MS4yLjg0MC4xMTM1NTYuMS40LjgwNQ==\n'), message(2));
    });

    it('"control" after other attributes is an attribute like any other', () => {
      const [entry] = parse('dn: CN=a\ncn: a\ncontrol: x\n');
      assert.deepEqual(entry?.attributes.get('control'), ['x']);
    });

    it('changetype after attributes', () => {
      assertUserError(() => parse('dn: CN=a\ncn: a\nchangetype: add\n'), 'in.ldif:3: changetype must come directly after the dn line');
    });

    it('invalid base64, on the line where the folded value starts', () => {
      assertUserError(() => parse('dn: CN=a\ndescription:: Zm9v\n YmFy!\n'), 'in.ldif:2: invalid base64 value after "::"');
      assertUserError(() => parse('dn: CN=a\ndescription:: Zm9vY\n'), 'in.ldif:2: invalid base64 value after "::"');
      assertUserError(() => parse('dn:: Zm9v=mFy\n'), 'in.ldif:1: invalid base64 value after "::"');
    });

    it('a base64 dn that is not UTF-8', () => {
      const base64 = Buffer.from([0x43, 0x4e, 0x3d, 0xe9]).toString('base64');
      assertUserError(() => parse(`\ndn:: ${base64}\n`), 'in.ldif:2: base64 dn is not valid UTF-8');
    });

    it('a value read from a URL', () => {
      assertUserError(
        () => parse('dn: CN=a\njpegPhoto:< file:///tmp/photo.jpg\n'),
        'in.ldif:2: "jpegPhoto" takes its value from a URL (":<"), which is not supported: export with ldifde',
      );
    });

    it('an LDIF version other than 1', () => {
      assertUserError(() => parse('version: 2\n\ndn: CN=a\n'), 'in.ldif:1: LDIF version "2" is not supported (only version 1)');
    });

    it('a continuation line with nothing to continue', () => {
      assertUserError(
        () => parse('dn: CN=a\n\n continued\n'),
        'in.ldif:3: continuation line (starts with a space) but there is no line before it to continue',
      );
      assertUserError(
        () => parse(' dn: CN=a\n'),
        'in.ldif:1: continuation line (starts with a space) but there is no line before it to continue',
      );
    });

    it('an invalid attribute name, quoted on one line', () => {
      assertUserError(() => parse('dn: CN=a\nobject Class: top\n'), 'in.ldif:2: invalid attribute name "object Class"');
      assertUserError(() => parse('dn: CN=a\n\tcn\r: x\r\n'), 'in.ldif:2: invalid attribute name "\\tcn\\r"');
    });

    it('uses the file name it is given', () => {
      assertUserError(
        () => parse('garbage\r\n', 'C:\\exports\\config.ldf'),
        'C:\\exports\\config.ldf:1: expected "attribute: value" but the line has no \':\': "garbage"',
      );
    });
  });

  describe('decodeWindowsText', () => {
    const text = 'dn: CN=Genève,DC=contoso,DC=local\r\ncn: Genève\r\n\r\n';

    it('decodes UTF-16LE with a byte order mark and CRLF (ldifde -u)', () => {
      const bytes = Buffer.concat([UTF16_BOM, Buffer.from(text, 'utf16le')]);
      assert.deepEqual([...bytes.subarray(0, 6)], [0xff, 0xfe, 0x64, 0x00, 0x6e, 0x00]);
      assert.equal(decodeWindowsText(bytes, 'u.ldf', 'an LDIF file'), text);
    });

    it('decodes ANSI (Windows-1252, ldifde default) when the bytes are not UTF-8', () => {
      const bytes = Buffer.from('cn: Gen\xe8ve \xe9t\xe9 \x80 \x92 \x9f\r\n', 'latin1');
      assert.equal(bytes[7], 0xe8, 'è is the single byte E8');
      assert.equal(decodeWindowsText(bytes, 'a.ldf', 'an LDIF file'), 'cn: Genève été € \u2019 Ÿ\r\n');
    });

    it('decodes UTF-8 with and without a byte order mark', () => {
      assert.equal(decodeWindowsText(Buffer.concat([UTF8_BOM, Buffer.from(text)]), 'b.ldf', 'an LDIF file'), text);
      assert.equal(decodeWindowsText(bytesOf(text), 'c.ldf', 'an LDIF file'), text);
    });

    it('rejects a UTF-8 BOM followed by bytes that are not UTF-8', () => {
      assertUserError(
        () => decodeWindowsText(Buffer.concat([UTF8_BOM, Buffer.from('cn: \xe9\n', 'latin1')]), 'd.ldf', 'an LDIF file'),
        'd.ldf: not valid UTF-8 although it starts with a UTF-8 byte order mark',
      );
    });

    it('reads UTF-8 text whose characters are split by a fold, keeping line numbers', () => {
      // "ü" (C3 BC) and "€" (E2 82 AC) split across folds, as a byte-counting writer would.
      const bytes = Buffer.concat([
        Buffer.from('dn: CN=x\r\ndescription: Z\xc3', 'latin1'),
        Buffer.from('\r\n \xbcrich \xe2\x82', 'latin1'),
        Buffer.from('\r\n \xac5\r\n\r\nbroken\r\n', 'latin1'),
      ]);
      const records = parseLdif(decodeWindowsText(bytes, 'e.ldf', 'an LDIF file'), 'e.ldf');
      assert.deepEqual(records.next().value?.attributes.get('description'), ['Zürich €5']);
      assertUserError(() => records.next(), 'e.ldf:6: expected "attribute: value" but the line has no \':\': "broken"');
    });

    it('reads a UTF-16 surrogate pair split by a fold once the fold is joined', () => {
      const split = 'dn: CN=x\r\ninfo: smile \ud83d\r\n \ude00!\r\n';
      const bytes = Buffer.concat([UTF16_BOM, Buffer.from(split, 'utf16le')]);
      assert.deepEqual([...bytes.subarray(-16, -12)], [0x3d, 0xd8, 0x0d, 0x00], 'high surrogate, then CR');
      const [entry] = parse(decodeWindowsText(bytes, 'u.ldf', 'an LDIF file'));
      assert.deepEqual(entry?.attributes.get('info'), ['smile \u{1F600}!']);
    });

    it('rejects a truncated UTF-16 file', () => {
      const bytes = Buffer.concat([UTF16_BOM, Buffer.from(text, 'utf16le').subarray(0, 9)]);
      assertUserError(() => decodeWindowsText(bytes, 'u.ldf', 'an LDIF file'), 'u.ldf: truncated UTF-16 file (odd number of bytes)');
    });

    it('rejects binary data', () => {
      const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0x9c, 0x7a]);
      assertUserError(() => decodeWindowsText(zip, 'x.zip', 'an LDIF file'), 'x.zip: not an LDIF file (binary data)');
      const utf16WithoutBom = Buffer.from('dn: CN=x\r\n', 'utf16le');
      assertUserError(() => decodeWindowsText(utf16WithoutBom, 'y.ldf', 'an LDIF file'), 'y.ldf: not an LDIF file (binary data)');
    });
  });

  describe('readLdifFile', () => {
    it('reads a UTF-16LE export with Windows line ends', async () => {
      const text = 'dn: CN=Genève,CN=Sites,DC=contoso,DC=local\r\nchangetype: add\r\nobjectClass: site\r\n\r\n';
      const file = writeTemp('unicode.ldf', Buffer.concat([UTF16_BOM, Buffer.from(text, 'utf16le')]));
      assert.deepEqual(await readLdifFile(file), [
        { dn: 'CN=Genève,CN=Sites,DC=contoso,DC=local', attributes: new Map([['objectclass', ['site']]]), source: { file, line: 1 } },
      ]);
    });

    it('reads an ANSI export with a Windows-1252 é', async () => {
      const file = writeTemp('ansi.ldf', Buffer.from('\r\ndn: CN=Caf\xe9,DC=contoso,DC=local\r\ncn: Caf\xe9\r\n', 'latin1'));
      const [entry] = await readLdifFile(file);
      assert.equal(entry?.dn, 'CN=Café,DC=contoso,DC=local');
      assert.deepEqual(entry?.attributes.get('cn'), ['Café']);
      assert.equal(entry?.source?.line, 2);
    });

    it('reads a UTF-8 export with a byte order mark', async () => {
      const file = writeTemp('utf8.ldf', Buffer.concat([UTF8_BOM, Buffer.from('dn: CN=Zürich\ncn: Zürich\n')]));
      const [entry] = await readLdifFile(file);
      assert.equal(entry?.dn, 'CN=Zürich');
      assert.deepEqual(entry?.attributes.get('cn'), ['Zürich']);
    });

    it('names the file in decoding and parsing errors', async () => {
      const odd = writeTemp('odd.ldf', Buffer.concat([UTF16_BOM, Buffer.from([0x64, 0x00, 0x6e])]));
      await assertRejectsUserError(() => readLdifFile(odd), `${odd}: truncated UTF-16 file (odd number of bytes)`);
      const bad = writeTemp('bad.ldf', Buffer.from('dn: CN=a\nchangetype: modrdn\n'));
      await assertRejectsUserError(() => readLdifFile(bad), `${bad}:2: changetype modrdn is not supported: export with ldifde (changetype add)`);
    });

    it('refuses a control line also when only some attributes are kept (folded lines of other attributes are skipped unread)', async () => {
      // The first record has "control" as a plain attribute, so the name is known when the control line comes.
      const text = 'dn: CN=a\r\ncn: a\r\ncontrol: x\r\n\r\ndn: CN=b\r\ncontrol: 1.2.840.113556.1.4.805\r\n  true\r\nchangetype: delete\r\n';
      const file = writeTemp('control.ldf', Buffer.from(text));
      await assertRejectsUserError(
        () => streamLdifFile(file, () => undefined, { attributes: new Set(['cn']) }),
        `${file}:6: a "control:" line: this is a change record with an LDAP control (input for ldapmodify or ldifde -i), not an export; casaudit reads content records: export with ldifde -f`,
      );
    });

    it('refuses CR-only line endings with one line naming the file, in every encoding and block size', async () => {
      const text = (end: string): string => ['version: 1', '', 'dn: CN=Caf\xe9,DC=x', 'cn: a', ''].join(end);
      for (const [name, bytes] of [
        ['cr.ldf', Buffer.from(text('\r'))],
        ['cr-ansi.ldf', Buffer.from(text('\r'), 'latin1')],
        ['cr-utf16.ldf', Buffer.concat([UTF16_BOM, Buffer.from(text('\r'), 'utf16le')])],
        ['cr-bom.ldf', Buffer.concat([UTF8_BOM, Buffer.from(text('\r'))])],
        ['one-line.ldf', Buffer.from('dn: CN=a\r')],
      ] as const) {
        const file = writeTemp(name, bytes);
        for (const blockBytes of [undefined, 4]) {
          await assertRejectsUserError(() => streamLdifFile(file, () => undefined, blockBytes ? { blockBytes } : {}), `${file}: uses CR-only line endings; save it with CRLF or LF`);
        }
      }
      for (const end of ['\r\n', '\n']) {
        const entries = await readLdifFile(writeTemp('ok.ldf', Buffer.from(text(end))));
        assert.equal(entries[0]?.dn, 'CN=Café,DC=x');
      }
    });

    it('still calls binary data binary data, whatever its CRs', async () => {
      const file = writeTemp('bin.ldf', Buffer.from('dn: CN=a\r\0cn: a\r'));
      await assertRejectsUserError(() => readLdifFile(file), `${file}: not an LDIF file (binary data)`);
    });

    it('reports a missing file and a directory', async () => {
      const dir = tempDir('casaudit-ldif-');
      const missing = join(dir, 'missing.ldf');
      await assertRejectsUserError(() => readLdifFile(missing), `${missing}: cannot read LDIF: no such file`);
      const sub = join(dir, 'export.ldf');
      mkdirSync(sub);
      await assertRejectsUserError(() => readLdifFile(sub), `${sub}: cannot read LDIF: is a directory`);
    });
  });
});
