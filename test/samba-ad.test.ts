/**
 * AD fidelity: the same live collection as test/ldap-integration.test.ts, but
 * against a real Active Directory domain controller (Samba AD DC, see
 * test/support/samba-ad.ts) holding the demo directory, over LDAPS with
 * certificate verification. One Samba instance serves the whole file.
 *
 * What real AD does differently from the LDIF import, and how the comparison
 * handles it:
 * - objectGUID is assigned by the DC: GUIDs are not compared;
 * - entries come back in the DC's order, not the export's: lists are compared sorted;
 * - Samba's provisioning creates the site Default-First-Site-Name (it holds the
 *   DC's own server object, so it cannot be deleted): left out of the comparison;
 * - AD refuses a DN value naming no object, so the demo's deleted Glasgow site
 *   is really created, referenced and deleted: the array's msExchServerSite then
 *   reads back as the tombstone's name (CN=Glasgow\0ADEL:<guid>,…), which the
 *   comparison maps back to the export's value after checking that shape;
 * - DN-valued attributes read back in the target's own letter case (MAN-EX2's
 *   site was written lower-case): canonicalDirectory compares DN keys anyway.
 */
import assert from 'node:assert/strict';
import { collectSnapshot } from '../src/collect/collect.js';
import { collectFromLdap, type LdapOptions } from '../src/collect/ldap/collect-ldap.js';
import type { Snapshot } from '../src/snapshot/model.js';
import { dnKey } from '../src/snapshot/names.js';
import { canonicalDirectory } from './support/canonical.js';
import { casaudit } from './support/cli.js';
import { CONFIGURATION_NC, DC_HOST_NAME, DEFAULT_SITE_DN, startSambaAd, type SambaAd } from './support/samba-ad.js';

const LDIF = 'fixtures/demo/northwind.ldif';
const PASSWORD_ENV = 'CASAUDIT_SAMBA_PASSWORD';

type Canonical = ReturnType<typeof canonicalDirectory>;

/** Every list sorted by a stable key: AD returns objects in its own order. */
function sorted(c: Canonical): Canonical {
  const by = <T>(key: (x: T) => string) => (a: T, b: T) => key(a).localeCompare(key(b));
  return {
    organization: c.organization,
    sites: c.sites.map((s) => ({ ...s, subnets: [...s.subnets].sort() })).sort(by((s) => s.dn ?? '')),
    servers: [...c.servers].sort(by((s) => s.dn ?? '')),
    casArrays: [...c.casArrays].sort(by((a) => a.dn ?? '')),
    databases: c.databases
      .map((d) => ({ ...d, copies: [...d.copies].sort(by((x) => `${x.server}`)) }))
      .sort(by((d) => d.dn ?? '')),
    dags: c.dags.map((d) => ({ ...d, members: [...d.members].sort() })).sort(by((d) => d.dn ?? '')),
  };
}

describe('AD fidelity: live collection from a real Samba AD DC', function () {
  this.timeout(120_000);
  let dc: SambaAd;
  let startedInMs = 0;

  before(async function () {
    this.timeout(180_000);
    const started = Date.now();
    dc = await startSambaAd({ ldif: [LDIF] });
    startedInMs = Date.now() - started;
    const t = dc.timings;
    console.log(
      `      Samba AD DC ready in ${(startedInMs / 1000).toFixed(1)} s (provision ${t.provisionMs} ms, LDAPS up ${t.startMs} ms, ` +
        `schema ${t.schemaMs} ms, ${dc.objects} objects ${t.loadMs} ms)`,
    );
  });
  after(async () => dc?.stop());

  const options = (overrides: Partial<LdapOptions> = {}): LdapOptions => ({
    url: dc.url,
    caFile: dc.caFile,
    bindDn: dc.upn,
    password: dc.password,
    startTls: false,
    insecurePlaintext: false,
    insecureSkipVerify: false,
    timeoutMs: 10_000,
    pageSize: 500,
    ...overrides,
  });
  const env = () => ({ [PASSWORD_ENV]: dc.password });

  it('gives the same directory as the LDIF import of the same data (over LDAPS, verified, UPN bind)', async () => {
    const live = await collectSnapshot({ ldif: [], ldap: options() });
    const offline = await collectSnapshot({ ldif: [LDIF] });

    // The site Samba's provisioning made, which holds the DC itself.
    const defaultSite = live.sites.filter((s) => dnKey(s.dn) === dnKey(DEFAULT_SITE_DN));
    assert.equal(defaultSite.length, 1, 'Samba has its Default-First-Site-Name');
    const withoutDefault: Snapshot = { ...live, sites: live.sites.filter((s) => dnKey(s.dn) !== dnKey(DEFAULT_SITE_DN)) };

    // The deleted Glasgow site: AD names the tombstone, the export the object as it was.
    const [glasgow] = dc.deletedReferences;
    assert.ok(glasgow, 'the demo references one deleted site');
    const array = withoutDefault.casArrays.find((a) => a.name === 'outlook-gla')!;
    assert.match(array.site ?? '', /^CN=Glasgow\\0ADEL:[0-9a-f-]{36},/, 'a reference to a deleted object reads back as the tombstone');
    const tombstoneFree: Snapshot = {
      ...withoutDefault,
      casArrays: withoutDefault.casArrays.map((a) => (a === array ? { ...a, site: glasgow } : a)),
    };

    assert.deepEqual(sorted(canonicalDirectory(tombstoneFree)), sorted(canonicalDirectory(offline)));
    assert.equal(live.servers.length, 9);
    assert.equal(live.collection.sources.length, 1);
    assert.deepEqual(live.collection.sources[0], { kind: 'ldap', location: `ldaps://${DC_HOST_NAME}:636`, status: 'collected', objects: dc.objects + 1 });
    // The DC's GUIDs, not the export's.
    const guid = (s: { objectGuid?: string }) => s.objectGuid;
    assert.notDeepEqual(live.servers.map(guid).sort(), offline.servers.map(guid).sort());
    assert.ok(live.servers.every((s) => /^[0-9a-f-]{36}$/.test(s.objectGuid ?? '')));
  });

  it('binds with a user principal name or a DN, and finds the configuration NC in the RootDSE', async () => {
    const byUpn = await collectFromLdap(options({ bindDn: dc.upn }));
    const byDn = await collectFromLdap(options({ bindDn: dc.bindDn }));
    assert.equal(byUpn.configurationNamingContext, CONFIGURATION_NC);
    assert.equal(byDn.configurationNamingContext, CONFIGURATION_NC);
    assert.equal(byUpn.entries.length, dc.objects + 1);
    assert.equal(byDn.entries.length, byUpn.entries.length);
    // AD keeps the stored case of entry DNs (OpenLDAP lower-cases them).
    assert.ok(byUpn.entries.some((e) => e.dn.startsWith('CN=LON-MBX1,CN=Servers,')), 'entry DNs in AD letter case');
  });

  it('audits from the CLI over LDAPS and StartTLS with the same findings as the LDIF', () => {
    const bind = ['--bind-dn', dc.upn, '--password-env', PASSWORD_ENV, '--ca-file', dc.caFile, '-f', 'json'];
    const ids = (out: string) =>
      (JSON.parse(out).findings as { ruleId: string; target: { name: string } }[]).map((f) => `${f.ruleId} ${f.target.name}`).sort();
    const offline = casaudit(['audit', '--ldif', LDIF, '-f', 'json']);
    const ldaps = casaudit(['audit', '--no-dns', '--ldap-url', dc.url, ...bind], { env: env() });
    assert.equal(ldaps.status, 1, ldaps.stderr);
    assert.deepEqual(ids(ldaps.stdout), ids(offline.stdout));
    const starttls = casaudit(['audit', '--no-dns', '--ldap-url', dc.plainUrl, '--starttls', ...bind], { env: env() });
    assert.equal(starttls.status, 1, starttls.stderr);
    assert.deepEqual(ids(starttls.stdout), ids(offline.stdout));
    assert.ok(![ldaps, starttls].some((r) => `${r.stdout}${r.stderr}`.includes(dc.password)), 'the password is never printed');
  });

  it("reports AD's strong-auth refusal of a plaintext simple bind in one line", () => {
    const run = casaudit(['collect', '--no-dns', '--ldap-url', dc.plainUrl, '--insecure-plaintext-ldap', '--bind-dn', dc.upn, '--password-env', PASSWORD_ENV, '-q'], {
      env: env(),
    });
    assert.equal(run.status, 2, run.stderr);
    // The warning the flag always gives, then the one-line error.
    assert.deepEqual(run.stderr.split('\n'), [
      'casaudit: WARNING: --insecure-plaintext-ldap: the password and directory data cross the network unencrypted',
      `casaudit: ldap://${DC_HOST_NAME}:389: the server requires a protected connection: use ldaps:// or --starttls`,
      '',
    ]);
    assert.equal(run.stdout, '');
  });

  it("rejects Samba's certificate when connecting by address instead of the DC's name", async () => {
    const url = 'ldaps://127.0.0.1:636';
    const run = casaudit(['collect', '--no-dns', '--ldap-url', url, '--ca-file', dc.caFile, '--bind-dn', dc.upn, '--password-env', PASSWORD_ENV], { env: env() });
    assert.equal(run.status, 2);
    assert.match(
      run.stderr,
      /^casaudit: ldaps:\/\/127\.0\.0\.1:636: TLS certificate not accepted \(ERR_TLS_CERT_ALTNAME_INVALID\): give the issuing CA with --ca-file, or connect by the name on the certificate\n$/,
    );
    // Without the CA, by the right name: the issuer is unknown.
    await assert.rejects(collectFromLdap(options({ caFile: undefined })), /^UserError: ldaps:\/\/dc01\.northwind\.local:636: TLS certificate not accepted \((SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|DEPTH_ZERO_SELF_SIGNED_CERT)\)/);
  });
});
