import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdEntry } from '../src/collect/ad/entry.js';
import { streamLdifFile } from '../src/collect/ldif/reader.js';
import { parseLdif } from '../src/collect/ldif/parse.js';
import { decodeWindowsText } from '../src/collect/windows-text.js';
import { tempDir } from './support/tmp.js';
import { assertRejectsUserError } from './support/user-error.js';

const dir = tempDir('casaudit-ldif-stream-');
let files = 0;
function writeTemp(bytes: Uint8Array): string {
  const file = join(dir, `in${files++}.ldf`);
  writeFileSync(file, bytes);
  return file;
}

/** ldifde's folding: lines longer than 78 characters go on in lines starting with a space. */
function fold(line: string, width = 78): string {
  const parts = [line.slice(0, width)];
  for (let at = width; at < line.length; at += width - 1) parts.push(` ${line.slice(at, at + width - 1)}`);
  return parts.join('\r\n');
}

const AG = 'CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Northwind,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=northwind,DC=local';
const guid = (n: number): string => Buffer.from(Array.from({ length: 16 }, (_, i) => (n * 31 + i * 7) & 0xff)).toString('base64');

/** An ldifde-style export: CRLF, folded at 78 columns, a version line, comments, base64 GUIDs. */
function ldifdeText(extra = ''): string {
  const records = [0, 1, 2].map((n) =>
    [
      fold(`dn: CN=DB0${n},CN=Databases,${AG}`),
      'changetype: add',
      'objectClass: top',
      'objectClass: msExchPrivateMDB',
      fold(`distinguishedName: CN=DB0${n},CN=Databases,${AG}`),
      `cn: DB0${n}${extra}`,
      fold(`msExchOwningServer: CN=EX0${n},CN=Servers,${AG}`),
      fold(`msExchEDBFile: D:\\Exchange Server\\Mailbox\\DB0${n}\\with a long path that ldifde folds\\DB0${n}.edb`),
      `objectGUID:: ${guid(n)}`,
    ].join('\r\n'),
  );
  return `version: 1\r\n\r\n# exported\r\n${records.join('\r\n\r\n')}\r\n\r\n`;
}

/** What the whole-file path gives: the bytes decoded at once, then parsed. */
function reference(bytes: Uint8Array, file: string): { entries: AdEntry[] } | { error: string } {
  try {
    return { entries: Array.from(parseLdif(decodeWindowsText(bytes, file, 'an LDIF file'), file)) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

async function streamed(file: string, blockBytes?: number, attributes?: ReadonlySet<string>): Promise<{ entries: AdEntry[] } | { error: string }> {
  const entries: AdEntry[] = [];
  try {
    await streamLdifFile(file, (entry) => entries.push(entry), { ...(blockBytes ? { blockBytes } : {}), ...(attributes ? { attributes } : {}) });
    return { entries };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** Read sizes that cut the file at every place near its start and at many places further on. */
function blockSizes(length: number): number[] {
  const sizes: number[] = [];
  for (let size = 2; size <= Math.min(length + 2, 64); size++) sizes.push(size);
  for (let size = 67; size <= length + 8; size += 13) sizes.push(size);
  sizes.push(1 << 20);
  return sizes;
}

/** Streaming at every read size gives exactly what decoding and parsing the whole file gives. */
async function assertStreamsLikeWholeFile(bytes: Uint8Array, expectError?: string | RegExp): Promise<void> {
  const file = writeTemp(bytes);
  const expected = reference(bytes, file);
  if (expectError === undefined) assert.ok('entries' in expected && expected.entries.length > 0, `the input parses: ${JSON.stringify(expected)}`);
  else if (typeof expectError === 'string') assert.deepEqual(expected, { error: expectError });
  else assert.ok('error' in expected && expectError.test(expected.error), JSON.stringify(expected));
  for (const size of blockSizes(bytes.length)) {
    assert.deepEqual(await streamed(file, size), expected, `read size ${size}`);
  }
}

const UTF16_BOM = Buffer.from([0xff, 0xfe]);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('LDIF streaming (read a block at a time)', () => {
  describe('gives exactly the entries of the whole-file path, whatever the read size', () => {
    it('an ldifde export: CRLF, folds, comments, version line, base64 values', async () => {
      await assertStreamsLikeWholeFile(Buffer.from(ldifdeText(), 'latin1'));
    });

    it('LF line ends, blank lines in a row, a folded comment and a last record without a blank line after it', async () => {
      const text = ldifdeText().replace(/\r\n/g, '\n').replace('# exported', '# exported\n and continued\n\n\n') + 'dn: CN=last\ncn: last\n';
      await assertStreamsLikeWholeFile(Buffer.from(text, 'latin1'));
    });

    it('the same refusal of a file cut inside its last line (no final line break), wherever the reads end', async () => {
      // Deliberate change: a record whose last line has no line break used to be read as complete.
      const text = ldifdeText().replace(/\r\n/g, '\n') + 'dn: CN=last\ncn: last\ndescription:: Wm';
      await assertStreamsLikeWholeFile(Buffer.from(text, 'latin1'), /:\d+: the file ends without a line break after its last line/);
    });

    it('UTF-8 without a byte order mark, with a character split across a fold', async () => {
      const text = ldifdeText(' Zürich €');
      const bytes = Buffer.concat([Buffer.from(text), Buffer.from('dn: CN=x\r\ndescription: Z\xc3', 'latin1'), Buffer.from('\r\n \xbcrich\r\n', 'latin1')]);
      await assertStreamsLikeWholeFile(bytes);
    });

    it('UTF-8 with a byte order mark, and a second one the parser skips', async () => {
      await assertStreamsLikeWholeFile(Buffer.concat([UTF8_BOM, UTF8_BOM, Buffer.from(ldifdeText(' Genève'))]));
    });

    it('ANSI (Windows-1252)', async () => {
      await assertStreamsLikeWholeFile(Buffer.from(ldifdeText(' Genève \x80 \x92'), 'latin1'));
    });

    it('ANSI whose first non-ASCII bytes happen to be valid UTF-8: the whole file decides', async () => {
      // "Ã©" in Windows-1252 is C3 A9, which is also UTF-8 for "é"; the \xe9 further on is not UTF-8.
      const text = `${ldifdeText(' \xc3\xa9')}dn: CN=Caf\xe9\r\ncn: Caf\xe9\r\n`;
      const bytes = Buffer.from(text, 'latin1');
      await assertStreamsLikeWholeFile(bytes);
      const { entries } = (await streamed(writeTemp(bytes), 16)) as { entries: AdEntry[] };
      assert.deepEqual(entries[0]!.attributes.get('cn'), ['DB00 Ã©']);
    });

    it('UTF-16LE (ldifde -u), with a surrogate pair split across a fold', async () => {
      const text = `${ldifdeText(' Genève')}dn: CN=x\r\ninfo: smile \ud83d\r\n \ude00!\r\n`;
      await assertStreamsLikeWholeFile(Buffer.concat([UTF16_BOM, Buffer.from(text, 'utf16le')]));
    });
  });

  describe('cuts in awkward places', () => {
    const text = ldifdeText();
    const bytes = Buffer.from(text, 'latin1');
    const file = writeTemp(bytes);
    const expected = reference(bytes, file);

    it('a read that ends between CR and LF', async () => {
      const cr = text.indexOf('\r\n', 40);
      assert.equal(text[cr], '\r');
      assert.deepEqual(await streamed(file, cr + 1), expected);
    });

    it('a read that ends inside a folded line and one that ends just before its continuation', async () => {
      const continuation = text.indexOf('\r\n ');
      assert.deepEqual(await streamed(file, continuation - 5), expected);
      assert.deepEqual(await streamed(file, continuation + 2), expected, 'after the LF, before the space');
    });

    it('a read that ends in the middle of a record, and one in the blank line between records', async () => {
      const between = text.indexOf('\r\n\r\ndn:', 100);
      assert.deepEqual(await streamed(file, between + 2), expected);
      assert.deepEqual(await streamed(file, between + 3), expected);
    });

    it('a read that ends between the two bytes of a UTF-16 code unit', async () => {
      const utf16 = Buffer.concat([UTF16_BOM, Buffer.from(text, 'utf16le')]);
      const utf16File = writeTemp(utf16);
      assert.deepEqual(await streamed(utf16File, 41), reference(utf16, utf16File));
    });
  });

  describe('errors', () => {
    it('parse errors name the line where the offending logical line starts, at every read size', async () => {
      const dnLine = ldifdeText().split('\r\n').length; // the first line after the export
      assert.equal(dnLine, 55);
      await assertStreamsLikeWholeFile(
        Buffer.from(`${ldifdeText()}dn: CN=a\r\ninfo: folded\r\n value\r\nno colon here\r\n`),
        new RegExp(`:${dnLine + 3}: expected "attribute: value" but the line has no ':': "no colon here"$`),
      );
      await assertStreamsLikeWholeFile(Buffer.from(`${ldifdeText()}dn: CN=a\r\ndescription:: Zm9v\r\n YmFy!\r\n`), new RegExp(`:${dnLine + 1}: invalid base64 value after "::"$`));
    });

    it('refuses binary data even when a parse error comes before it, as decoding the whole file first did', async () => {
      const bytes = Buffer.concat([Buffer.from(`dn: CN=a\r\nbroken\r\n${ldifdeText()}`), Buffer.from([0x50, 0x4b, 0x00, 0x01])]);
      await assertStreamsLikeWholeFile(bytes, /: not an LDIF file \(binary data\)$/);
    });

    it('refuses a truncated UTF-16 file even when a parse error comes before its end', async () => {
      const bytes = Buffer.concat([UTF16_BOM, Buffer.from(`dn: CN=a\r\nbroken\r\n${ldifdeText()}`, 'utf16le'), Buffer.from([0x41])]);
      await assertStreamsLikeWholeFile(bytes, /: truncated UTF-16 file \(odd number of bytes\)$/);
    });

    it('refuses a UTF-8 byte order mark followed by bytes that are not UTF-8, however far on', async () => {
      const bytes = Buffer.concat([UTF8_BOM, Buffer.from(`dn: CN=Zürich\r\nbroken\r\n${ldifdeText()}`), Buffer.from('cn: \xe9\r\n', 'latin1')]);
      await assertStreamsLikeWholeFile(bytes, /: not valid UTF-8 although it starts with a UTF-8 byte order mark$/);
    });

    it('hands on the entries before a parse error as it reads them', async () => {
      const records = Array.from({ length: 200 }, (_, n) => `dn: CN=E${n}\r\ncn: E${n}\r\n`).join('\r\n');
      const file = writeTemp(Buffer.from(`${records}\r\nbroken\r\n`));
      const seen: string[] = [];
      await assertRejectsUserError(() => streamLdifFile(file, (entry) => seen.push(entry.dn), { blockBytes: 256 }), `${file}:601: expected "attribute: value" but the line has no ':': "broken"`);
      assert.equal(seen.length, 200);
    });
  });

  describe('keeping only some attributes', () => {
    const keep = new Set(['cn', 'objectguid']);

    it('keeps those attributes, the dn and where each entry starts', async () => {
      const bytes = Buffer.from(ldifdeText(), 'latin1');
      const file = writeTemp(bytes);
      const all = (reference(bytes, file) as { entries: AdEntry[] }).entries;
      for (const size of [7, 64, 1 << 20]) {
        const kept = (await streamed(file, size, keep)) as { entries: AdEntry[] };
        assert.deepEqual(
          kept.entries,
          all.map((e) => ({ ...e, attributes: new Map([...e.attributes].filter(([key]) => keep.has(key))) })),
        );
      }
    });

    it('still checks the lines it drops', async () => {
      const base = 'dn: CN=a\r\ncn: a\r\n';
      const cases: [string, string][] = [
        [`${base}description:: Zm9v!\r\n`, ':3: invalid base64 value after "::"'],
        [`${base}description:: Zm9v\r\n YmFy!\r\n`, ':3: invalid base64 value after "::"'],
        [`${base}jpegPhoto:< file:///photo.jpg\r\n`, ':3: "jpegPhoto" takes its value from a URL (":<"), which is not supported: export with ldifde'],
        [`dn: CN=a\r\ndescription: x\r\nchangetype: add\r\n`, ':3: changetype must come directly after the dn line'],
        [`dn: CN=a\r\ndescription: folded\r\n  value\r\nchangetype: add\r\n`, ':4: changetype must come directly after the dn line'],
        // The second time a name is seen, its folded line is passed over without being joined.
        [`${base}description: x\r\n\r\ndn: CN=b\r\ndescription: folded\r\n  value\r\nchangetype: add\r\n`, ':8: changetype must come directly after the dn line'],
        [`${base}description: x\r\n\r\ndn: CN=b\r\ndescription:: Zm9v\r\n YmFy!\r\n`, ':6: invalid base64 value after "::"'],
        [`${base}bad name: x\r\n`, ':3: invalid attribute name "bad name"'],
        [`description: x\r\n${base}`, ':1: attribute line "description" before any dn: each record must start with a "dn:" line'],
        [`${base}\r\ndescription: x\r\n`, ':4: record without dn: it starts with "description", expected a "dn:" line'],
      ];
      for (const [text, message] of cases) {
        const file = writeTemp(Buffer.from(text));
        assert.deepEqual(await streamed(file, undefined, keep), { error: `${file}${message}` }, text);
      }
    });
  });
});
