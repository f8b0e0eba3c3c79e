import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FALLBACK_TTL, parseZone, readZoneFile, type ZoneRecord } from '../src/collect/zone/parse.js';
import { tempDir } from './support/tmp.js';
import { assertUserError, assertRejectsUserError } from './support/user-error.js';

/** A Windows export in the layout of reference E.2: CRLF, Windows-1252, tabs, an aging token. */
const WINDOWS = fileURLToPath(new URL('./fixtures/zone/contoso.local.dns', import.meta.url));

const rows = (records: ZoneRecord[]): string[] => records.map((r) => `${r.line} ${r.name} ${r.ttl} ${r.type} ${r.value}`);
const lines = (...text: string[]): string => text.join('\n') + '\n';

describe('zone file parser', () => {
  describe('Windows export (dnscmd /ZoneExport layout)', () => {
    it('the fixture really is CRLF and Windows-1252', () => {
      const bytes = readFileSync(WINDOWS);
      assert.ok(bytes.includes('\r\n'));
      assert.ok(bytes.includes(Buffer.from([0x42, 0xfc, 0x72, 0x6f]))); // "Büro" in Windows-1252
      assert.ok(bytes.includes('\t'));
    });

    it('reads every record with its owner, TTL, value and line', async () => {
      const zone = await readZoneFile(WINDOWS);
      assert.equal(zone.origin, 'contoso.local');
      assert.deepEqual(rows(zone.records), [
        '6 contoso.local 3600 SOA dc01.contoso.local. hostmaster.contoso.local. 2011 900 600 86400 3600',
        '17 contoso.local 3600 NS dc01.contoso.local.',
        '18 contoso.local 3600 NS dc02.contoso.local.',
        '24 _ldap._tcp.contoso.local 600 SRV 0 100 389 dc01.contoso.local.',
        '25 casarray-a.contoso.local 3600 A 10.1.0.40',
        '26 casarray-b.contoso.local 1200 A 10.1.0.41',
        '27 dc01.contoso.local 3600 A 10.1.0.10',
        '28 dc02.contoso.local 3600 A 10.1.0.11',
        '29 mail.contoso.local 3600 A 10.1.0.50',
        '30 mail.contoso.local 3600 A 10.1.0.51',
        '31 outlook.contoso.local 300 CNAME casarray-a.contoso.local',
        '32 owa.contoso.local 3600 CNAME mail.contoso.local',
        '33 info.contoso.local 3600 TXT "Büro Zürich; Exchange"',
        '34 ipv6host.contoso.local 3600 AAAA 2001:db8::40',
      ]);
    });

    it('skips the aging token and keeps its number', async () => {
      const zone = await readZoneFile(WINDOWS);
      const aged = zone.records.filter((r) => r.agingHours !== undefined);
      assert.deepEqual(aged, [{ name: 'casarray-b.contoso.local', type: 'A', ttl: 1200, value: '10.1.0.41', line: 26, agingHours: 3652234 }]);
      // Records without the token have no agingHours key at all.
      assert.deepEqual(Object.keys(zone.records[4]!).sort(), ['line', 'name', 'ttl', 'type', 'value']);
    });

    it('accepts the aging token directly before the type, in the [Aging:…] spelling, and on a blank-owner line', () => {
      const zone = parseZone(
        lines('host 600 IN [Aging:3650000] A 10.0.0.1', '  [AGE:3650001] A 10.0.0.2', 'other [AGE:] A 10.0.0.3'),
        'z.dns',
        { origin: 'example.com' },
      );
      assert.deepEqual(
        zone.records.map((r) => [r.name, r.ttl, r.value, r.agingHours]),
        [
          ['host.example.com', 600, '10.0.0.1', 3650000],
          ['host.example.com', FALLBACK_TTL, '10.0.0.2', 3650001],
          ['other.example.com', FALLBACK_TTL, '10.0.0.3', undefined],
        ],
      );
    });

    it('reads a UTF-16LE export with a byte order mark', async () => {
      const text = readFileSync(WINDOWS, 'latin1');
      const file = join(tempDir('casaudit-zone-'), 'utf16.dns');
      writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
      const zone = await readZoneFile(file);
      assert.equal(zone.records.length, 14);
      assert.equal(zone.records[12]!.value, '"Büro Zürich; Exchange"');
    });
  });

  describe('BIND syntax', () => {
    const BIND = lines(
      '$TTL 1h', //                                      1
      '$ORIGIN Example.COM.', //                          2
      '@ IN SOA ns1 hostmaster ( 2024010101 1h 15m 1w 5m )', // 3
      '  IN NS ns1', //                                   4
      '  NS ns2.example.net.', //                         5
      '', //                                              6
      'ns1 1d IN A 192.0.2.1', //                         7
      'www IN 30m A 192.0.2.10 ; comment', //             8
      '    A 192.0.2.11', //                              9
      'WWW 1w AAAA 2001:db8::10', //                      10
      '$ORIGIN sub', //                                  11
      'host A 192.0.2.20', //                            12
      '@ MX 10 mail.example.com.', //                    13
      '$TTL 120', //                                     14
      'abs.example.org. 1W2D A 192.0.2.30', //           15
      'txt TXT "a ; b" "c \\" d"', //                    16
    );

    it('applies $ORIGIN, $TTL, units, blank owners and absolute names', () => {
      const zone = parseZone(BIND, 'bind.zone');
      assert.equal(zone.origin, 'example.com');
      assert.deepEqual(rows(zone.records), [
        '3 example.com 3600 SOA ns1 hostmaster 2024010101 1h 15m 1w 5m',
        '4 example.com 3600 NS ns1',
        '5 example.com 3600 NS ns2.example.net.',
        '7 ns1.example.com 86400 A 192.0.2.1',
        '8 www.example.com 1800 A 192.0.2.10',
        '9 www.example.com 3600 A 192.0.2.11',
        '10 www.example.com 604800 AAAA 2001:db8::10',
        '12 host.sub.example.com 3600 A 192.0.2.20',
        '13 sub.example.com 3600 MX 10 mail.example.com.',
        '15 abs.example.org 777600 A 192.0.2.30',
        '16 txt.sub.example.com 120 TXT "a ; b" "c \\" d"',
      ]);
    });

    it('takes the default TTL from the SOA MINIMUM when there is no $TTL, and 3600 before the SOA', () => {
      const zone = parseZone(
        lines('before.example.com. A 192.0.2.1', 'example.com. SOA ns1 hm ( 1 2 3 4', '  300 )', 'after A 192.0.2.2', 'late 60 A 192.0.2.3'),
        'z',
      );
      assert.deepEqual(rows(zone.records), [
        '1 before.example.com 3600 A 192.0.2.1',
        '2 example.com 300 SOA ns1 hm 1 2 3 4 300',
        '4 after.example.com 300 A 192.0.2.2',
        '5 late.example.com 60 A 192.0.2.3',
      ]);
    });

    it('uses 3600 when there is neither $TTL nor SOA', () => {
      const zone = parseZone('a A 192.0.2.1\n', 'z', { origin: 'example.com' });
      assert.equal(zone.records[0]!.ttl, 3600);
      assert.equal(FALLBACK_TTL, 3600);
    });

    it('follows a CNAME chain, relative and absolute targets, lower-case', () => {
      const zone = parseZone(
        lines('outlook CNAME CasArray', 'casarray CNAME VIP.Example.com.', 'vip A 192.0.2.40', 'alias CNAME @'),
        'z',
        { origin: 'example.com' },
      );
      const byName = new Map(zone.records.map((r) => [r.name, r]));
      let name = 'outlook.example.com';
      const chain = [name];
      while (byName.get(name)?.type === 'CNAME') chain.push((name = byName.get(name)!.value));
      assert.deepEqual(chain, ['outlook.example.com', 'casarray.example.com', 'vip.example.com']);
      assert.equal(byName.get(name)!.value, '192.0.2.40');
      assert.equal(byName.get('alias.example.com')!.value, 'example.com');
    });

    it('keeps several A records for one name, in order', () => {
      const zone = parseZone(lines('cas A 192.0.2.1', 'cas A 192.0.2.2', '    A 192.0.2.3', 'CAS.example.com. A 192.0.2.4'), 'z', {
        origin: 'example.com',
      });
      assert.deepEqual(
        zone.records.map((r) => `${r.name}=${r.value}`),
        ['cas.example.com=192.0.2.1', 'cas.example.com=192.0.2.2', 'cas.example.com=192.0.2.3', 'cas.example.com=192.0.2.4'],
      );
    });

    it('keeps other types with their RDATA joined by single spaces', () => {
      const zone = parseZone(
        lines('_autodiscover._tcp\tSRV\t0  0\t443   mail', 'x 3600 IN PTR host.example.com.', 'y TYPE65534 \\# 0', 'z WINS L1 C900 ( 10.0.0.1 )'),
        'z',
        { origin: 'example.com' },
      );
      assert.deepEqual(
        zone.records.map((r) => `${r.type}|${r.value}`),
        ['SRV|0 0 443 mail', 'PTR|host.example.com.', 'TYPE65534|\\# 0', 'WINS|L1 C900 10.0.0.1'],
      );
    });

    it('counts lines after a multi-line SOA and with CR LF line ends', () => {
      const text = ['; c', '@ IN SOA a. b. (', ' 1 ; serial', ' 2', ' 3', ' 4', ' 5 )', '', 'x A 192.0.2.1', '(', 'y', ')', 'z A 192.0.2.2'].join('\r\n');
      // The parenthesised "( y )" entry has no type and is rejected with its own line.
      assertUserError(() => parseZone(text, 'w.dns', { origin: 'example.com' }), 'w.dns:10: missing record type');
      const zone = parseZone(text.replace('(\r\ny\r\n)', 'y AAAA ( ::1 )\r\n\r\n'), 'w.dns', { origin: 'example.com' });
      assert.deepEqual(
        zone.records.map((r) => `${r.line}:${r.name}`),
        ['2:example.com', '9:x.example.com', '10:y.example.com', '13:z.example.com'],
      );
    });
  });

  describe('zone name', () => {
    const SOA = '@ SOA ns1 hm 1 2 3 4 5\nwww A 192.0.2.1\n';

    it('comes from options first, normalised', () => {
      const text = '; Database file x.dns for header.example zone.\n' + SOA;
      const zone = parseZone(text, 'z', { origin: 'Given.Example.' });
      assert.equal(zone.origin, 'given.example');
      assert.equal(zone.records[1]!.name, 'www.given.example');
    });

    it('then from the Windows header comment', () => {
      const zone = parseZone(';\n;  Database file x.dns for Header.Example zone.\n;\n' + SOA, 'z');
      assert.equal(zone.origin, 'header.example');
      assert.equal(zone.records[1]!.name, 'www.header.example');
    });

    it('then from the dnscmd /ZonePrint header, as the export header', () => {
      // The header dnscmd /ZonePrint writes above the records (CRLF, as on Windows).
      const header = ';\r\n;  Zone:   Print.Example\r\n;  Server: dc01.print.example\r\n;  Time:   Mon Dec 07 01:00:00 2026 UTC\r\n;\r\n';
      const zone = parseZone(header + SOA, 'z');
      assert.equal(zone.origin, 'print.example');
      assert.equal(zone.records[1]!.name, 'www.print.example');
      assertUserError(() => parseZone(SOA + ';  Zone:   late.example\n', 'late.dns'), 'late.dns: the zone name is unknown: give it as --zone ZONE=FILE');
    });

    it('ignores a header-like comment after the first record', () => {
      assertUserError(
        () => parseZone(SOA + '; Database file x.dns for late.example zone.\n', 'late.dns'),
        'late.dns: the zone name is unknown: give it as --zone ZONE=FILE',
      );
    });

    it('then from an absolute SOA owner, which becomes the origin', () => {
      const zone = parseZone('Soa.Example. SOA ns1 hm 1 2 3 4 5\nwww A 192.0.2.1\n', 'z');
      assert.equal(zone.origin, 'soa.example');
      assert.equal(zone.records[1]!.name, 'www.soa.example');
    });

    it('is unknown for a relative SOA owner with no header, option or $ORIGIN', () => {
      assertUserError(() => parseZone(SOA, 'C:\\dns\\x.dns'), 'C:\\dns\\x.dns: the zone name is unknown: give it as --zone ZONE=FILE');
    });

    it('is unknown when a file has only absolute names and no SOA', () => {
      assertUserError(() => parseZone('a.example. A 192.0.2.1\n', 'n.dns'), 'n.dns: the zone name is unknown: give it as --zone ZONE=FILE');
    });
  });

  describe('errors', () => {
    const opts = { origin: 'example.com' };
    const cases: Array<[string, string, string]> = [
      ['$INCLUDE', 'a A 192.0.2.1\n$INCLUDE other.zone\n', 'e.dns:2: $INCLUDE is not supported'],
      ['unknown directive', '$GENERATE 1-2 a$ A 192.0.2.$\n', "e.dns:1: unknown directive '$GENERATE'"],
      ['bad $TTL', '$TTL soon\n', 'e.dns:1: $TTL needs one TTL value'],
      ['empty $ORIGIN', '\n$ORIGIN\n', 'e.dns:2: $ORIGIN needs one domain name'],
      ['bad A address', 'a A 192.0.2.1\nb 60 A 192.0.2.256\n', "e.dns:2: invalid A address '192.0.2.256'"],
      ['IPv6 in an A record', 'a A ::1\n', "e.dns:1: invalid A address '::1'"],
      ['two A addresses', 'a A 192.0.2.1 192.0.2.2\n', "e.dns:1: invalid A address '192.0.2.1 192.0.2.2'"],
      ['bad AAAA address', '\n\na AAAA 192.0.2.1\n', "e.dns:3: invalid AAAA address '192.0.2.1'"],
      ['scoped AAAA address', 'a AAAA fe80::1%eth0\n', "e.dns:1: invalid AAAA address 'fe80::1%eth0'"],
      ['unknown type', 'a 60 IN BOGUS x\n', "e.dns:1: expected a record type, found 'BOGUS'"],
      ['missing type', 'a A 192.0.2.1\nhost 10.1.0.40\n', "e.dns:2: expected a record type, found '10.1.0.40'"],
      ['class other than IN', 'a CH A 192.0.2.1\n', "e.dns:1: expected a record type, found 'CH'"],
      ['two TTLs', 'a 60 60 A 192.0.2.1\n', "e.dns:1: expected a record type, found '60'"],
      ['owner only', 'lonely\n', 'e.dns:1: missing record type'],
      ['no data', 'a NS\n', 'e.dns:1: NS record has no data'],
      ['CNAME with two targets', 'a CNAME b c\n', "e.dns:1: CNAME needs one target name, found 'b c'"],
      ['blank owner first', '   A 192.0.2.1\n', 'e.dns:1: no owner name, and no previous record to take it from'],
      ['TTL out of range', 'a 4294967295 A 192.0.2.1\n', "e.dns:1: TTL out of range '4294967295'"],
      ['short SOA', '@ SOA ns1 hm ( 1 2 3\n 4 )\n', "e.dns:1: invalid SOA record 'ns1 hm 1 2 3 4'"],
      ['unclosed parenthesis', 'a A 192.0.2.1\n@ SOA ns1 hm ( 1 2 3 4 5\n', "e.dns:2: unclosed '('"],
      ['stray parenthesis', 'a A 192.0.2.1\n  )\n', "e.dns:2: ')' without '('"],
      ['unterminated string', 'a TXT "abc\n"\n', 'e.dns:1: unterminated quoted string'],
    ];
    for (const [title, text, message] of cases) {
      it(`rejects: ${title}`, () => assertUserError(() => parseZone(text, 'e.dns', opts), message));
    }

    it('rejects a multi-line record at the line where it starts', () => {
      assertUserError(() => parseZone('a A 192.0.2.1\nb A (\n 192.0.2.999\n )\n', 'e.dns', opts), "e.dns:2: invalid A address '192.0.2.999'");
    });

    it('rejects a relative name when the zone name is unknown', () => {
      assertUserError(() => parseZone('a.example. A 192.0.2.1\nb A 192.0.2.2\n', 'e.dns'), 'e.dns: the zone name is unknown: give it as --zone ZONE=FILE');
    });
  });

  describe('readZoneFile', () => {
    it('reports a missing file and a directory on one line', async () => {
      const dir = tempDir('casaudit-zone-');
      await assertRejectsUserError(() => readZoneFile(join(dir, 'none.dns')), `${join(dir, 'none.dns')}: cannot read zone file: no such file`);
      mkdirSync(join(dir, 'sub'));
      await assertRejectsUserError(() => readZoneFile(join(dir, 'sub')), `${join(dir, 'sub')}: cannot read zone file: is a directory`);
    });

    it('rejects binary data', async () => {
      const file = join(tempDir('casaudit-zone-'), 'bin.dns');
      writeFileSync(file, Buffer.from([0x40, 0x00, 0x41]));
      await assertRejectsUserError(() => readZoneFile(file), `${file}: not a zone file (binary data)`);
    });

    it('refuses CR-only line endings with one line that says so, in every encoding; CRLF and CR CR LF are read', async () => {
      const dir = tempDir('casaudit-zone-');
      const text = (end: string): string => ['; a comment', '@ 3600 IN SOA ns1 hm 1 2 3 4 300', 'www A 192.0.2.1', ''].join(end);
      const utf16 = (t: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]);
      for (const [name, bytes] of [
        ['cr.dns', Buffer.from(text('\r'))],
        ['cr-ansi.dns', Buffer.from(text('\r').replace('www', 'b\xfcro'), 'latin1')],
        ['cr-utf16.dns', utf16(text('\r'))],
        ['one-line.dns', Buffer.from('@ A 192.0.2.1\r')],
      ] as const) {
        const file = join(dir, name);
        writeFileSync(file, bytes);
        await assertRejectsUserError(() => readZoneFile(file, { origin: 'cr.example' }), `${file}:1: uses CR-only line endings; save it with CRLF or LF`);
      }
      for (const end of ['\r\n', '\r\r\n', '\n']) {
        const file = join(dir, 'ok.dns');
        writeFileSync(file, text(end));
        assert.deepEqual(rows((await readZoneFile(file, { origin: 'cr.example' })).records), ['2 cr.example 3600 SOA ns1 hm 1 2 3 4 300', '3 www.cr.example 300 A 192.0.2.1']);
      }
    });

    it('passes the origin option through and reads UTF-8 with a BOM', async () => {
      const file = join(tempDir('casaudit-zone-'), 'bom.dns');
      writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('@ A 192.0.2.1\n', 'utf8')]));
      const zone = await readZoneFile(file, { origin: 'bom.example' });
      assert.deepEqual(zone, { origin: 'bom.example', records: [{ name: 'bom.example', type: 'A', ttl: 3600, value: '192.0.2.1', line: 1 }] });
    });
  });

  it('reads a large zone (200,000 records, CRLF, aging stamps) to its last record and line', () => {
    const parts = ['@ SOA ns1 hm ( 1 2 3 4 300 )'];
    for (let i = 0; i < 200_000; i++) parts.push(`h${i} [AGE:3652234] A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    const zone = parseZone(parts.join('\r\n'), 'big.dns', { origin: 'big.example' });
    assert.equal(zone.records.length, 200_001);
    assert.deepEqual(zone.records[200_000], { name: 'h199999.big.example', type: 'A', ttl: 300, value: '10.3.13.63', line: 200_001, agingHours: 3652234 });
  });
});
