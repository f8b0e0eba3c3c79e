/**
 * A directory entry as both transports deliver it (an LDIF file, a live
 * LDAP search), so that one mapping turns either into a snapshot.
 */
import type { SourceRef } from '../../snapshot/model.js';

/** Text, or raw bytes for values that arrived base64-encoded or binary (objectGUID). */
export type AdValue = string | Uint8Array;

export interface AdEntry {
  dn: string;
  /** Attribute names lower-cased, options (";binary", ";range=0-1499") removed; values in order. */
  attributes: Map<string, AdValue[]>;
  /** Where the entry starts, when it came from a file. */
  source?: SourceRef;
}

/** The attribute's key in AdEntry.attributes: the name lower-cased, options (";binary", ";range=0-1499") removed. */
export function attributeKey(name: string): string {
  const semicolon = name.indexOf(';');
  return (semicolon === -1 ? name : name.slice(0, semicolon)).toLowerCase();
}

const utf8 = new TextDecoder('utf-8');

/** A value as text: bytes are decoded as UTF-8, which is what base64 LDIF values and LDAP strings carry. */
export function valueText(value: AdValue): string {
  return typeof value === 'string' ? value : utf8.decode(value);
}
