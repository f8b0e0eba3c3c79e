/**
 * The planted defects: each one a drift real estates have, planted in one
 * site, with the findings it must give. A defect touches only its own site
 * (one also names another site's array), so the expected findings of an
 * estate are the union of its sites' lists.
 */
import {
  ADDRESS_BOOK_PORT,
  MAILBOX,
  ROLE_BITS,
  RPC_PORT,
  serverAddress,
  siteDn,
  type EstateFactory,
  type SiteBuild,
} from './estate.js';

export type FindingKind = 'site' | 'server' | 'casArray' | 'database' | 'dag';

export interface ExpectedFinding {
  ruleId: string;
  kind: FindingKind;
  name: string;
}

export interface Defect {
  id: string;
  /** What happened in the estate, as an admin would tell it. */
  story: string;
  /** Names another site's objects: planted after every site's own defect. */
  crossSite?: boolean;
  /** Whether the defect can be planted in this site (default: always). */
  applies?(build: SiteBuild, all: readonly SiteBuild[]): boolean;
  /** Rewrites the site and returns the findings the rules must report. */
  plant(build: SiteBuild, make: EstateFactory, all: readonly SiteBuild[]): ExpectedFinding[];
}

const finding = (ruleId: string, kind: FindingKind, name: string): ExpectedFinding => ({ ruleId, kind, name });

function mainArray(build: SiteBuild) {
  if (!build.array) throw new Error(`${build.code} has no array`);
  return build.array;
}

function arrayRecord(build: SiteBuild) {
  const array = mainArray(build);
  const record = build.internal.find((r) => r.label === array.name);
  if (!record) throw new Error(`${build.code} has no record for ${array.name}`);
  return record;
}

/** The Client Access servers' shared NLB cluster (each server exports the same cluster). */
function clusterOf(build: SiteBuild) {
  const nlb = build.hosts.find((h) => h.nlb)?.nlb;
  if (!nlb) throw new Error(`${build.code} has no NLB cluster`);
  return nlb;
}

function hostOf(build: SiteBuild, index: number) {
  return build.hosts.find((h) => h.server === build.cas[index])!;
}

const db = (build: SiteBuild, n: number) => build.databases[n - 1]!;

/** A site whose main array is there and in use: another site's database can point at it. */
const usableArraySite = (build: SiteBuild) => build.array !== null && build.databases.length > 0 && build.defect?.id !== 'arr-fqdn-server';

export const DEFECTS: readonly Defect[] = [
  {
    id: 'rca-server',
    story: 'a database was created with the default endpoint: a single Client Access server',
    plant(build) {
      db(build, 1).endpoint = build.cas[0]!.legacyExchangeDN;
      return [finding('RCA001', 'database', db(build, 1).name)];
    },
  },
  {
    id: 'rca-missing',
    story: 'a database still names a Client Access server that was decommissioned',
    plant(build, make) {
      db(build, 1).endpoint = make.legacyServer(`${build.code}-CAS0`);
      return [finding('RCA002', 'database', db(build, 1).name)];
    },
  },
  {
    id: 'rca-mailbox',
    story: 'a database points at a Mailbox-only server',
    plant(build) {
      db(build, 1).endpoint = build.mailbox[0]!.legacyExchangeDN;
      return [finding('RCA003', 'database', db(build, 1).name)];
    },
  },
  {
    id: 'rca-other-site',
    story: "a database was moved from another site and kept that site's array",
    crossSite: true,
    applies: (build, all) => all.some((other) => other !== build && usableArraySite(other)),
    plant(build, _make, all) {
      // The nearest site after this one whose array is in place.
      const other = [...all.slice(build.index + 1), ...all.slice(0, build.index)].find(usableArraySite)!;
      db(build, 1).endpoint = other.array!.legacyExchangeDN;
      return [finding('RCA004', 'database', db(build, 1).name)];
    },
  },
  {
    id: 'arr-missing',
    story: 'the site never got a CAS array: its databases point at a Client Access server',
    plant(build) {
      const array = mainArray(build);
      build.internal = build.internal.filter((r) => r.label !== array.name);
      build.array = null;
      for (const database of build.databases) database.endpoint = build.cas[0]!.legacyExchangeDN;
      return [finding('ARR001', 'site', build.site.name), ...build.databases.map((d) => finding('RCA001', 'database', d.name))];
    },
  },
  {
    id: 'arr-second',
    story: 'a second array was created in the site for a migration and never removed',
    plant(build, make) {
      const extra = make.array(build, `outlook2-${build.code.toLowerCase()}`);
      build.extraArrays.push(extra);
      build.internal.push({ label: extra.name, addresses: [`${build.net}.50`], ttl: 300, dynamic: false });
      return [finding('ARR002', 'site', build.site.name)];
    },
  },
  {
    id: 'arr-fqdn-server',
    story: "the array's FQDN was set to a Client Access server's own name",
    plant(build) {
      const array = mainArray(build);
      build.internal = build.internal.filter((r) => r.label !== array.name);
      array.fqdn = build.cas[0]!.fqdn;
      // The server's own record answers: one server, its registration TTL.
      return [finding('ARR004', 'casArray', array.name), finding('DNS002', 'casArray', array.name), finding('DNS004', 'casArray', array.name)];
    },
  },
  {
    id: 'arr-no-cas',
    story: 'a planned office: the site and its array exist, its servers do not yet',
    plant(build) {
      build.cas = [];
      build.mailbox = [];
      build.dags = [];
      build.databases = [];
      build.hosts = [];
      return [finding('ARR005', 'casArray', mainArray(build).name)];
    },
  },
  {
    id: 'arr-orphan',
    story: "an array was left behind when its site's object was deleted",
    plant(build, make) {
      const orphan = make.array(build, `outlook-${build.code.toLowerCase()}-old`, siteDn(`${build.site.name}-Old`));
      build.extraArrays.push(orphan);
      build.internal.push({ label: orphan.name, addresses: [`${build.net}.51`], ttl: 300, dynamic: false });
      return [finding('ARR006', 'casArray', orphan.name)];
    },
  },
  {
    id: 'arr-public',
    story: 'the array name was published in the public DNS zone',
    plant(build) {
      const array = mainArray(build);
      build.external.push({ label: array.name, addresses: [`198.51.${100 + (build.index >> 8)}.${build.index & 255}`], ttl: 3600, dynamic: false });
      return [finding('ARR007', 'casArray', array.name)];
    },
  },
  {
    id: 'dns-array-missing',
    story: "the array's A record was deleted",
    plant(build) {
      const array = mainArray(build);
      build.internal = build.internal.filter((r) => r.label !== array.name);
      return [finding('DNS001', 'casArray', array.name)];
    },
  },
  {
    id: 'dns-one-server',
    story: "the array's A record points at one Client Access server",
    plant(build) {
      arrayRecord(build).addresses = [serverAddress(build, build.cas[0]!)];
      return [finding('DNS002', 'casArray', mainArray(build).name)];
    },
  },
  {
    id: 'dns-round-robin',
    story: 'DNS round robin over the Client Access servers instead of a load balancer',
    plant(build) {
      arrayRecord(build).addresses = build.cas.map((server) => serverAddress(build, server));
      return [finding('DNS003', 'casArray', mainArray(build).name)];
    },
  },
  {
    id: 'dns-ttl',
    story: "the array's record kept the zone's default TTL of an hour",
    plant(build) {
      arrayRecord(build).ttl = 3600;
      return [finding('DNS004', 'casArray', mainArray(build).name)];
    },
  },
  {
    id: 'nlb-dag-member',
    story: 'the Client Access servers were made DAG members while Windows NLB ran on them',
    plant(build) {
      for (const server of build.cas) {
        server.roleBits |= MAILBOX;
        server.dag = build.dags[0]!.dn;
      }
      return build.cas.map((s) => finding('NLB001', 'server', s.name));
    },
  },
  {
    id: 'nlb-too-many',
    story: 'the NLB cluster is shared with seven web servers',
    plant(build) {
      const cluster = clusterOf(build);
      for (let n = 1; n <= 7; n++) cluster.hosts.push({ name: `${build.code}-WEB0${n}`, state: 'Converged', hostId: cluster.hosts.length + 1 });
      return build.cas.map((s) => finding('NLB002', 'server', s.name));
    },
  },
  {
    id: 'nlb-affinity-none',
    story: 'the TCP 135 port rule has affinity None',
    plant(build) {
      clusterOf(build).portRules[0]!.affinity = 'None';
      return build.cas.map((s) => finding('NLB003', 'server', s.name));
    },
  },
  {
    id: 'nlb-stopped',
    story: 'one NLB host was stopped for patching and never started',
    plant(build) {
      clusterOf(build).hosts[1]!.state = 'Stopped';
      return [finding('NLB005', 'server', build.cas[1]!.name)];
    },
  },
  {
    id: 'nlb-port-not-forwarded',
    story: 'the NLB port rule forwards the RPC port but not the Address Book port',
    plant(build) {
      clusterOf(build).portRules[1]!.endPort = RPC_PORT;
      return build.cas.map((s) => finding('NLB004', 'server', s.name));
    },
  },
  {
    id: 'port-rpc-dynamic',
    story: 'a rebuilt Client Access server never got its static RPC port',
    plant(build) {
      hostOf(build, 1).rpcPort = null;
      const name = build.cas[1]!.name;
      return [finding('PORT001', 'server', name), finding('NLB004', 'server', name)];
    },
  },
  {
    id: 'port-ab-dynamic',
    story: 'a rebuilt Client Access server never got its static Address Book port',
    plant(build) {
      hostOf(build, 1).addressBookPort = null;
      const name = build.cas[1]!.name;
      return [finding('PORT002', 'server', name), finding('NLB004', 'server', name)];
    },
  },
  {
    id: 'port-inconsistent',
    story: 'one Client Access server uses another Address Book port (the NLB rule covers both)',
    plant(build) {
      hostOf(build, 1).addressBookPort = ADDRESS_BOOK_PORT + 1;
      clusterOf(build).portRules[1]!.endPort = ADDRESS_BOOK_PORT + 1;
      return [finding('PORT003', 'casArray', mainArray(build).name)];
    },
  },
  {
    id: 'port-same',
    story: 'the RPC and Address Book services were given the same port',
    plant(build) {
      for (const index of [0, 1]) hostOf(build, index).addressBookPort = RPC_PORT;
      return build.cas.map((s) => finding('PORT004', 'server', s.name));
    },
  },
  {
    id: 'port-out-of-range',
    story: 'the static ports were taken from an old how-to: 6001 and 6002',
    plant(build) {
      for (const index of [0, 1]) {
        hostOf(build, index).rpcPort = 6001;
        hostOf(build, index).addressBookPort = 6002;
      }
      const rule = clusterOf(build).portRules[1]!;
      rule.startPort = 6001;
      rule.endPort = 6002;
      return build.cas.map((s) => finding('PORT005', 'server', s.name));
    },
  },
  {
    id: 'dag-one-member',
    story: 'a second DAG waits for its second server, its one database has one copy',
    plant(build, make) {
      const server = make.server(build, `${build.code}-MBX4`, ROLE_BITS.Mailbox);
      const dag = make.dag(build, `${build.code}-DAG02`);
      server.dag = dag.dn;
      build.mailbox.push(server);
      build.dags.push(dag);
      const database = make.database(build, `${build.code}-DB26`, [server], mainArray(build).legacyExchangeDN);
      database.master = dag;
      build.databases.push(database);
      build.hosts.push({ server, rpcPort: null, addressBookPort: null, nlb: null });
      return [finding('DAG001', 'dag', dag.name), finding('DAG002', 'database', database.name)];
    },
  },
  {
    id: 'db-single-copy',
    story: 'a database in a DAG lost its other copies',
    plant(build) {
      db(build, 1).copies = db(build, 1).copies.slice(0, 1);
      return [finding('DAG002', 'database', db(build, 1).name)];
    },
  },
];
