/**
 * The snapshot model: the one definition from which both the JSON Schema
 * (schemas/snapshot-v1.schema.json, written by `npm run schema`) and the
 * TypeScript types are derived. Edit here, never in the JSON file.
 *
 * Objects refer to each other by distinguished name (DN); DNs compare
 * case-insensitively: every match goes through `dnKey` (names.ts).
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

import { SNAPSHOT_SCHEMA_ID, SNAPSHOT_SCHEMA_VERSION } from './version.js';

export { SNAPSHOT_SCHEMA_ID, SNAPSHOT_SCHEMA_VERSION };

/** RFC 3339 date-time; a pattern rather than a format so the precompiled validator needs no format plugin. */
const DATE_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$';

const strict = { additionalProperties: false } as const;
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A string from a fixed set: `enum` in the schema (ajv then names the allowed values), a literal union in TypeScript. */
const StringEnum = <const T extends readonly string[]>(values: T, options: { description?: string } = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

const Dn = Type.String({ minLength: 1, description: 'Distinguished name; compared case-insensitively.' });
const Fqdn = Type.String({ minLength: 1, description: 'Fully qualified domain name; compared case-insensitively, without a trailing dot.' });

export const SourceRefSchema = Type.Object(
  {
    file: Type.String({ minLength: 1, description: 'Path of the file the object was read from, as given to the collector.' }),
    line: Type.Integer({ minimum: 1, description: 'Line (1-based) where the object starts in that file.' }),
  },
  { ...strict, description: 'Where a collector read the object, when it came from a file.' },
);

const optionalSource = Type.Optional(SourceRefSchema);

/** AD's objectGUID as text (the binary attribute decoded), when the collector read it. */
const optionalGuid = Type.Optional(
  Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$', description: 'objectGUID, lower-case text form.' }),
);

// ---------------------------------------------------------------- collection

export const SourceKindSchema = StringEnum(['ldap', 'ldif', 'dns', 'zone', 'hosts'], {
  description: 'Transport a collector used.',
});

export const SectionStatusSchema = StringEnum(['collected', 'failed', 'not-collected'], {
  description: 'Whether a section of the estate was collected. Rules that need a section that is not collected are not evaluated.',
});

export const CollectionSourceSchema = Type.Object(
  {
    kind: SourceKindSchema,
    location: Type.String({ minLength: 1, description: 'LDAP URL, DNS server, or file/folder path. Never carries credentials.' }),
    status: SectionStatusSchema,
    error: Type.Optional(Type.String({ description: 'Why the source failed or was not collected.' })),
    objects: Type.Optional(Type.Integer({ minimum: 0, description: 'How many objects the source yielded.' })),
  },
  strict,
);

export const CollectionSchema = Type.Object(
  {
    tool: Type.Object({ name: Type.Literal('casaudit'), version: Type.String() }, strict),
    collectedAt: Type.String({ format: 'date-time', pattern: DATE_TIME }),
    sources: Type.Array(CollectionSourceSchema),
    sections: Type.Object(
      {
        activeDirectory: SectionStatusSchema,
        dns: SectionStatusSchema,
        hosts: SectionStatusSchema,
      },
      { ...strict, description: 'Coverage of each data section; what rules may rely on.' },
    ),
  },
  strict,
);

// ------------------------------------------------------------ directory data

export const SiteSchema = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    dn: Dn,
    subnets: Type.Array(Type.String(), { description: 'Subnets (CIDR) whose siteObject names this site.' }),
    objectGuid: optionalGuid,
    source: optionalSource,
  },
  strict,
);

export const ServerRoleSchema = StringEnum(
  ['Mailbox', 'ClientAccess', 'UnifiedMessaging', 'HubTransport', 'Edge', 'Cafe', 'FrontendTransport'],
  { description: 'Role names decoded from msExchCurrentServerRoles.' },
);

export const VersionSchema = Type.Object(
  {
    major: Type.Integer({ minimum: 0 }),
    minor: Type.Integer({ minimum: 0 }),
    build: Type.Integer({ minimum: 0 }),
    revision: Nullable(Type.Integer({ minimum: 0 })),
    text: Type.String({ description: 'The original value (serialNumber text or versionNumber).' }),
  },
  strict,
);

export const ServerSchema = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    dn: Dn,
    fqdn: Nullable(Fqdn),
    legacyExchangeDN: Nullable(Type.String()),
    site: Nullable(Dn),
    roles: Type.Array(ServerRoleSchema),
    roleBits: Nullable(Type.Integer({ minimum: 0, description: 'Raw msExchCurrentServerRoles.' })),
    version: Nullable(VersionSchema),
    dag: Nullable(Dn),
    objectGuid: optionalGuid,
    source: optionalSource,
  },
  strict,
);

export const CasArraySchema = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    dn: Dn,
    fqdn: Nullable(Fqdn),
    legacyExchangeDN: Nullable(Type.String()),
    site: Nullable(Dn),
    objectGuid: optionalGuid,
    source: optionalSource,
  },
  strict,
);

export const EndpointKindSchema = StringEnum(['array', 'server']);

export const RpcClientAccessSchema = Type.Object(
  {
    legacyExchangeDN: Nullable(Type.String({ description: "The endpoint's legacyExchangeDN: the database's legacyExchangeDN without its last /cn= part." })),
    resolved: Nullable(
      Type.Object(
        { kind: EndpointKindSchema, target: Dn },
        { ...strict, description: 'The array or server whose legacyExchangeDN matches (target is its DN); null when none does.' },
      ),
    ),
  },
  strict,
);

export const DatabaseCopySchema = Type.Object(
  {
    server: Dn,
    activationPreference: Nullable(Type.Integer({ minimum: 0 })),
    source: optionalSource,
  },
  strict,
);

export const DatabaseSchema = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    dn: Dn,
    kind: StringEnum(['mailbox', 'publicFolder']),
    legacyExchangeDN: Nullable(Type.String()),
    owningServer: Nullable(Dn),
    master: Nullable(Dn),
    rpcClientAccess: RpcClientAccessSchema,
    copies: Type.Array(DatabaseCopySchema),
    objectGuid: optionalGuid,
    source: optionalSource,
  },
  strict,
);

export const DagSchema = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    dn: Dn,
    members: Type.Array(Dn, { description: 'Member servers, from their msExchMDBAvailabilityGroupLink.' }),
    objectGuid: optionalGuid,
    source: optionalSource,
  },
  strict,
);

// ------------------------------------------------------------------------ DNS

export const DnsRecordSchema = Type.Object(
  {
    name: Fqdn,
    type: StringEnum(['A', 'AAAA', 'CNAME']),
    value: Type.String({ minLength: 1 }),
    ttl: Type.Integer({ minimum: 0 }),
    source: optionalSource,
  },
  strict,
);

export const DnsAnswerSchema = Type.Object(
  {
    name: Fqdn,
    status: StringEnum(['answered', 'not-collected'], {
      description: 'answered: the server gave an authoritative answer (possibly NXDOMAIN or no data). not-collected: time-out, SERVFAIL, refused.',
    }),
    rcode: Nullable(Type.String({ description: 'Response code, e.g. NOERROR, NXDOMAIN, SERVFAIL.' })),
    server: Nullable(Type.String({ description: 'DNS server or zone file that answered.' })),
    records: Type.Array(DnsRecordSchema),
    error: Type.Optional(Type.String()),
    source: optionalSource,
  },
  strict,
);

export const DnsSchema = Type.Object(
  {
    internal: Type.Array(DnsAnswerSchema, { description: 'Answers from the internal resolvers or zone files.' }),
    external: Nullable(Type.Array(DnsAnswerSchema, { description: 'Answers from the external resolver; null when none was asked.' })),
  },
  strict,
);

// ---------------------------------------------------------------------- hosts

export const PortSettingSchema = Type.Object(
  {
    raw: Type.String({ description: 'The value as written in the export.' }),
    port: Nullable(Type.Integer({ description: 'The value as a number; null when it is not a whole number.' })),
    file: Type.String({ minLength: 1 }),
    line: Type.Integer({ minimum: 1 }),
  },
  strict,
);

export const NlbHostSchema = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    state: Type.String({ description: 'NLB host state as exported, e.g. Converged, Stopped, Suspended.' }),
    hostId: Nullable(Type.Integer()),
    source: optionalSource,
  },
  strict,
);

export const NlbPortRuleSchema = Type.Object(
  {
    vip: Type.String({ description: 'Virtual IP the rule applies to; 255.255.255.255 means all.' }),
    startPort: Type.Integer({ minimum: 0, maximum: 65535 }),
    endPort: Type.Integer({ minimum: 0, maximum: 65535 }),
    protocol: StringEnum(['Tcp', 'Udp', 'Both']),
    filteringMode: StringEnum(['Single', 'Multiple', 'Disabled']),
    affinity: StringEnum(['None', 'Single', 'Network']),
    enabled: Type.Boolean(),
    source: optionalSource,
  },
  strict,
);

export const NlbClusterSchema = Type.Object(
  {
    name: Type.String(),
    ip: Type.String({ minLength: 1 }),
    mode: Type.String({ description: 'Unicast, Multicast or IgmpMulticast, as exported.' }),
    hosts: Type.Array(NlbHostSchema),
    portRules: Type.Union([Type.Array(NlbPortRuleSchema), Type.Null()], {
      description: 'null when unknown: no port-rules export beside the cluster export, or an empty one. NLB003 and NLB004 are then not evaluated.',
    }),
    source: optionalSource,
  },
  strict,
);

export const HostDataSchema = Type.Object(
  {
    server: Dn,
    folder: Type.String({ description: 'The export folder the data came from.' }),
    nlb: Type.Object(
      {
        collected: Type.Boolean({ description: 'false when the folder held no NLB export: NLB rules are not evaluated for the server.' }),
        error: Type.Optional(Type.String({ description: 'Why an NLB export that is there could not be read (file:line: cause).' })),
        clusters: Type.Array(NlbClusterSchema),
      },
      strict,
    ),
    ports: Type.Object(
      {
        collected: Type.Boolean({ description: 'false when the folder held no registry or config export: port rules are not evaluated.' }),
        error: Type.Optional(Type.String({ description: 'Why a registry or config export that is there could not be read (file:line: cause).' })),
        rpcClientAccess: Nullable(PortSettingSchema),
        addressBookRegistry: Nullable(PortSettingSchema),
        addressBookConfig: Nullable(PortSettingSchema),
      },
      strict,
    ),
  },
  strict,
);

export const HostsSchema = Type.Object(
  {
    servers: Type.Array(HostDataSchema),
    unmatchedFolders: Type.Array(Type.String(), { description: 'Export folders that match no Exchange server.' }),
  },
  strict,
);

// -------------------------------------------------------------------- snapshot

export const SnapshotSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    schemaVersion: Type.Literal(SNAPSHOT_SCHEMA_VERSION),
    collection: CollectionSchema,
    organization: Nullable(Type.Object({ name: Type.String(), dn: Dn }, strict)),
    sites: Type.Array(SiteSchema),
    servers: Type.Array(ServerSchema),
    casArrays: Type.Array(CasArraySchema),
    databases: Type.Array(DatabaseSchema),
    dags: Type.Array(DagSchema),
    dns: DnsSchema,
    hosts: HostsSchema,
  },
  {
    ...strict,
    $id: SNAPSHOT_SCHEMA_ID,
    title: 'casaudit snapshot',
    description: 'One Exchange 2010 estate as casaudit collected it: directory objects, DNS answers and host settings, with what was and was not collected.',
  },
);

export type SourceRef = Static<typeof SourceRefSchema>;
export type SourceKind = Static<typeof SourceKindSchema>;
export type SectionStatus = Static<typeof SectionStatusSchema>;
export type CollectionSource = Static<typeof CollectionSourceSchema>;
export type Collection = Static<typeof CollectionSchema>;
export type Site = Static<typeof SiteSchema>;
export type ServerRole = Static<typeof ServerRoleSchema>;
export type Version = Static<typeof VersionSchema>;
export type Server = Static<typeof ServerSchema>;
export type CasArray = Static<typeof CasArraySchema>;
export type EndpointKind = Static<typeof EndpointKindSchema>;
export type Database = Static<typeof DatabaseSchema>;
export type DatabaseCopy = Static<typeof DatabaseCopySchema>;
export type Dag = Static<typeof DagSchema>;
export type DnsRecord = Static<typeof DnsRecordSchema>;
export type DnsAnswer = Static<typeof DnsAnswerSchema>;
export type PortSetting = Static<typeof PortSettingSchema>;
export type NlbHost = Static<typeof NlbHostSchema>;
export type NlbPortRule = Static<typeof NlbPortRuleSchema>;
export type NlbCluster = Static<typeof NlbClusterSchema>;
export type HostData = Static<typeof HostDataSchema>;
export type Snapshot = Static<typeof SnapshotSchema>;

/** Names of the snapshot's data sections, as rules declare what they need. */
export type DataSection = keyof Collection['sections'];
