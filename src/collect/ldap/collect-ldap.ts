/**
 * Live collection from a domain controller with ldapts: TLS verified by
 * default, the configuration naming context found from the RootDSE, paged
 * searches for only the attributes the mapping reads. Every failure becomes
 * one line that names the server and the cause, and never the password.
 */
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import {
  Attribute,
  Client,
  ConfidentialityRequiredError,
  InsufficientAccessError,
  InvalidCredentialsError,
  NoSuchObjectError,
  StrongAuthRequiredError,
  type Entry,
} from 'ldapts';
import { UserError, oneLine } from '../../util/errors.js';
import { readInputFile } from '../../util/read-input.js';
import { attributeKey, type AdEntry, type AdValue } from '../ad/entry.js';
import { AD_ATTRIBUTES, AD_BINARY_ATTRIBUTES, AD_FILTER } from '../ad/query.js';
import { displayUrl, refuseUserInfo } from './ldap-url.js';

/**
 * ldapts decodes every value it receives as UTF-8 with a fatal decoder, and keeps
 * the bytes only when that throws; explicitBufferAttributes is applied later. An
 * objectGUID (16 random bytes) is rarely valid UTF-8, so every object costs a
 * thrown and caught TypeError: about half of ldapts's CPU time when reading
 * 200,000 objects. ldapts skips the decoding for ";binary" attribute types; the
 * attributes casaudit reads as bytes get the same treatment. ldapts's results do
 * not change for them (explicitBufferAttributes returns their bytes either way).
 * If a later ldapts renames this internal method, nothing is patched: only slower.
 */
const BINARY_ATTRIBUTES = new Set<string>(AD_BINARY_ATTRIBUTES.map((name) => name.toLowerCase()));
/** Their name lengths: most attribute types are ruled out without lower-casing them. */
const BINARY_LENGTHS = new Set<number>(AD_BINARY_ATTRIBUTES.map((name) => name.length));
const attributePrototype = Attribute.prototype as unknown as { _isBinaryType?: (this: Attribute) => boolean };
const ldaptsIsBinaryType = attributePrototype._isBinaryType;
if (typeof ldaptsIsBinaryType === 'function') {
  attributePrototype._isBinaryType = function isBinaryType(this: Attribute): boolean {
    return (BINARY_LENGTHS.has(this.type.length) && BINARY_ATTRIBUTES.has(this.type.toLowerCase())) || ldaptsIsBinaryType.call(this);
  };
}

export interface LdapOptions {
  /** ldaps://host[:port] or ldap://host[:port] */
  url: string;
  /** A DN or a UPN (auditor@contoso.local); anonymous when absent. */
  bindDn?: string;
  password?: string;
  caFile?: string;
  startTls: boolean;
  /** Plain ldap:// without StartTLS: the password and the data cross the network in clear. */
  insecurePlaintext: boolean;
  /** Accept any certificate. */
  insecureSkipVerify: boolean;
  /** Replaces RootDSE discovery of the configuration naming context. */
  baseDn?: string;
  timeoutMs: number;
  pageSize: number;
  progress?: (message: string) => void;
}

export interface LdapResult {
  /** The entries, unless an onEntry callback took them as they came. */
  entries: AdEntry[];
  /** How many entries the search returned. */
  objects: number;
  configurationNamingContext: string;
}

function checkTransport(options: LdapOptions): { secure: 'ldaps' | 'starttls' | 'plain'; host: string } {
  refuseUserInfo(options.url);
  let parsed: URL;
  try {
    parsed = new URL(options.url);
  } catch {
    throw new UserError(`--ldap-url ${displayUrl(options.url)}: not a URL (expected ldaps://dc01.contoso.local or ldap://dc01.contoso.local)`);
  }
  const host = parsed.hostname;
  if (parsed.protocol === 'ldaps:') {
    if (options.startTls) throw new UserError(`--ldap-url ${displayUrl(options.url)}: --starttls goes with ldap://, not ldaps://`);
    return { secure: 'ldaps', host };
  }
  if (parsed.protocol !== 'ldap:') throw new UserError(`--ldap-url ${displayUrl(options.url)}: the scheme must be ldaps:// or ldap://`);
  if (options.startTls) return { secure: 'starttls', host };
  if (!options.insecurePlaintext) {
    throw new UserError(
      `--ldap-url ${displayUrl(options.url)}: plain ldap:// sends the password and the directory data unencrypted; ` +
        'use ldaps://, add --starttls, or accept the risk with --insecure-plaintext-ldap',
    );
  }
  return { secure: 'plain', host };
}

async function tlsOptions(options: LdapOptions, host: string): Promise<ConnectionOptions> {
  const tls: ConnectionOptions = { rejectUnauthorized: !options.insecureSkipVerify };
  // SNI carries host names only (RFC 6066); for an address the certificate's IP SAN is what is checked.
  if (isIP(host) === 0) tls.servername = host;
  if (options.caFile) {
    tls.ca = await readInputFile(options.caFile, 'CA file (--ca-file)');
  }
  return tls;
}

const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
]);

/** The cause of a failure, in words an admin can act on. */
function describe(err: unknown, options: LdapOptions, base: string | undefined): string {
  if (err instanceof InvalidCredentialsError) return 'bind failed: wrong user name or password';
  if (err instanceof InsufficientAccessError) return `insufficient rights to read ${base ?? 'the directory'}`;
  if (err instanceof StrongAuthRequiredError || err instanceof ConfidentialityRequiredError) {
    return 'the server requires a protected connection: use ldaps:// or --starttls';
  }
  // Directories answer 'no such object' for entries the account may not read, too.
  if (err instanceof NoSuchObjectError) return `the base DN ${base ?? ''} does not exist on this server, or the bind account may not read it`;
  const e = err as NodeJS.ErrnoException & { code?: string | number };
  const code = typeof e?.code === 'string' ? e.code : undefined;
  if (code && TLS_CODES.has(code)) {
    return `TLS certificate not accepted (${code}): give the issuing CA with --ca-file, or connect by the name on the certificate`;
  }
  if (code === 'ECONNREFUSED') return 'connection refused (nothing listening on that port)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host name not found';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'the server closed the connection';
  const message = oneLine(String(e?.message ?? err));
  if (/timeout|timed out/i.test(message) || code === 'ETIMEDOUT') return `no answer within ${options.timeoutMs / 1000} s (time-out)`;
  if (/referral/i.test(message) || (err as { code?: number })?.code === 10) return `the server sent a referral: connect to a domain controller of the forest that holds ${base ?? 'the data'}`;
  if (/closed|socket/i.test(message)) return `the connection was lost (${message})`;
  return message;
}

/**
 * One ldapts entry as an AdEntry. `keys` caches attributeKey per attribute name
 * as the server spells it, so every entry shares one key string per attribute.
 */
function toAdEntry(entry: Entry, keys: Map<string, string>): AdEntry {
  const attributes = new Map<string, AdValue[]>();
  for (const name in entry) {
    if (name === 'dn') continue;
    const raw = entry[name]!;
    // ldapts lists every requested attribute, the absent ones as []: leave those out, as an LDIF entry does.
    if (Array.isArray(raw) && raw.length === 0) continue;
    let key = keys.get(name);
    if (key === undefined) {
      key = attributeKey(name);
      keys.set(name, key);
    }
    // Buffers are copied: a Buffer from ldapts is a view that would keep a whole socket chunk alive.
    // distinguishedName repeats the entry's DN: the entry keeps one string for both, not two.
    const values: AdValue[] = Array.isArray(raw)
      ? (raw as (string | Buffer)[]).map((value) => (typeof value === 'string' ? value : new Uint8Array(value)))
      : [typeof raw === 'string' ? (raw === entry.dn ? entry.dn : raw) : new Uint8Array(raw)];
    const list = attributes.get(key);
    if (list) for (const value of values) list.push(value);
    else attributes.set(key, values);
  }
  return { dn: entry.dn, attributes };
}

/**
 * Reads the configuration naming context. With `onEntry`, each entry goes to it
 * as its page arrives and none is kept (a 200,000-object directory need not be
 * held twice); without, they come back in `entries`.
 */
export async function collectFromLdap(options: LdapOptions, onEntry?: (entry: AdEntry) => void): Promise<LdapResult> {
  const server = displayUrl(options.url);
  const { secure, host } = checkTransport(options);
  const tls = secure === 'plain' ? undefined : await tlsOptions(options, host);
  // ldapts turns on implicit TLS whenever the constructor gets tlsOptions, so StartTLS gets them only at startTLS().
  const client = new Client({
    url: options.url,
    timeout: options.timeoutMs,
    connectTimeout: options.timeoutMs,
    ...(secure === 'ldaps' ? { tlsOptions: tls } : {}),
  });
  let base: string | undefined = options.baseDn;
  try {
    if (secure === 'starttls') await client.startTLS(tls);
    if (options.bindDn) await client.bind(options.bindDn, options.password ?? '');
    if (!base) {
      const { searchEntries } = await client.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['configurationNamingContext'] });
      const value = searchEntries[0]?.['configurationNamingContext'];
      base = (Array.isArray(value) ? value[0] : value)?.toString() || undefined;
      if (!base) throw new UserError(`${server}: the RootDSE names no configurationNamingContext; give the configuration naming context with --base-dn`);
    }
    options.progress?.(`reading ${base}`);
    const entries: AdEntry[] = [];
    const take = onEntry ?? ((entry: AdEntry) => entries.push(entry));
    let objects = 0;
    const keys = new Map<string, string>();
    const pages = client.searchPaginated(base, {
      scope: 'sub',
      filter: AD_FILTER,
      attributes: [...AD_ATTRIBUTES],
      explicitBufferAttributes: [...AD_BINARY_ATTRIBUTES],
      paged: { pageSize: options.pageSize },
    });
    // Each page is converted after the next one has been asked for, so the server reads while we convert.
    let next = pages.next();
    for (;;) {
      const page = await next;
      if (page.done) break;
      next = pages.next();
      // Its failure is thrown by the await above on the next turn; until then it must not count as unhandled.
      next.catch(() => undefined);
      for (const entry of page.value.searchEntries) take(toAdEntry(entry, keys));
      objects += page.value.searchEntries.length;
      options.progress?.(`read ${objects} objects`);
    }
    return { entries, objects, configurationNamingContext: base };
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`${server}: ${describe(err, options, base)}`);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}
