/**
 * Estates that several rule tests start from, unchanged. A test adds what it
 * is about (hosts, DNS answers, databases) to the builder these return; an
 * estate only one test file uses stays in that file.
 */
import { EstateBuilder } from './estate.js';

/**
 * Site SiteA with two Client Access-only servers, CAS1 and CAS2, and one CAS
 * array in SiteA (`casarray-a` unless named; its FQDN is `<name>.contoso.local`).
 */
export function casPairEstate(array = 'casarray-a'): EstateBuilder {
  return new EstateBuilder()
    .site('SiteA')
    .server('CAS1', { site: 'SiteA', roles: ['ClientAccess'] })
    .server('CAS2', { site: 'SiteA', roles: ['ClientAccess'] })
    .array(array, { site: 'SiteA' });
}

/** casPairEstate with MBX1, a Mailbox-only server, in SiteA too. */
export function casPairWithMailboxEstate(): EstateBuilder {
  return casPairEstate().server('MBX1', { site: 'SiteA', roles: ['Mailbox'] });
}

/** casPairWithMailboxEstate plus site SiteB, which has no array, with CAS3, a Client Access-only server. */
export function twoSitePortEstate(): EstateBuilder {
  return casPairWithMailboxEstate().site('SiteB').server('CAS3', { site: 'SiteB', roles: ['ClientAccess'] });
}

/**
 * Site SiteA with EX01 (Mailbox, Client Access and Hub Transport) and the
 * array casarray-a; site SiteB, with no array, with EX02, a Mailbox-only server.
 */
export function endpointEstate(): EstateBuilder {
  return new EstateBuilder()
    .site('SiteA')
    .site('SiteB')
    .server('EX01', { site: 'SiteA' })
    .server('EX02', { site: 'SiteB', roles: ['Mailbox'] })
    .array('casarray-a', { site: 'SiteA' });
}
