/** What casaudit accepts in --ldap-url, and how it shows one without its secrets. */
import { UserError } from '../../util/errors.js';

/** Anything between "//" and "@" before the host: user info, which may hold a password. */
const USER_INFO = /\/\/[^@/]*@/;

/** The URL as the report shows it: scheme, host and port only (never user info). */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return url.replace(USER_INFO, '//');
  }
}

/**
 * Refuses a URL with a user name or password in it: ldapts would ignore them
 * (the bind takes --bind-dn), and a password there sits in shell history and
 * process lists. The message never repeats them.
 */
export function refuseUserInfo(url: string): void {
  let userInfo = USER_INFO.test(url);
  try {
    const parsed = new URL(url);
    userInfo = parsed.username !== '' || parsed.password !== '';
  } catch {
    // Not a URL: the transport check says so; the regular expression above decided.
  }
  if (userInfo) {
    throw new UserError(
      `--ldap-url ${displayUrl(url)}: a user name or password in the URL is not used; give the user with --bind-dn and the password with --password-env or --password-file`,
    );
  }
}
