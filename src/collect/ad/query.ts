/**
 * What casaudit reads from the configuration naming context: the same
 * filter and attributes for a live search and for the ldifde command
 * docs/collecting.md gives (test/ldap-options.test.ts keeps the two identical).
 */
export const AD_OBJECT_CLASSES = [
  'msExchOrganizationContainer',
  'site',
  'subnet',
  'msExchExchangeServer',
  'msExchMDB',
  'msExchMDBCopy',
  'msExchMDBAvailabilityGroup',
] as const;

export const AD_FILTER = `(|${AD_OBJECT_CLASSES.map((c) => `(objectClass=${c})`).join('')})`;

export const AD_ATTRIBUTES = [
  'objectClass',
  'cn',
  'distinguishedName',
  'objectGUID',
  'networkAddress',
  'serialNumber',
  'versionNumber',
  'msExchCurrentServerRoles',
  'msExchServerSite',
  'msExchMDBAvailabilityGroupLink',
  'msExchMDBAvailabilityGroupName',
  'legacyExchangeDN',
  'siteObject',
  'msExchOwningServer',
  'msExchMasterServerOrAvailabilityGroup',
  'msExchHostServerLink',
  'msExchActivationPreference',
] as const;

/** Attributes whose values are bytes, not text. */
export const AD_BINARY_ATTRIBUTES = ['objectGUID'] as const;
