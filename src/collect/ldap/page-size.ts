/** Entries per LDAP page unless --page-size says otherwise (AD caps a page at 1000). Its own module: the CLI names it without loading ldapts. */
export const DEFAULT_PAGE_SIZE = 500;
