import assert from 'node:assert/strict';
import path from 'node:path';
import { relativeReportPath, reportPath } from '../src/util/report-path.js';
import { fileLine } from '../src/report/places.js';

describe('paths in reports', () => {
  it('print Windows paths with forward slashes, relative ones staying relative', () => {
    assert.equal(reportPath('hosts\\LON-CAS1\\nlb-cluster.csv', path.win32), 'hosts/LON-CAS1/nlb-cluster.csv');
    assert.equal(reportPath('..\\exports\\config.ldf', path.win32), '../exports/config.ldf');
    assert.equal(reportPath('C:\\exports\\config.ldf', path.win32), 'C:/exports/config.ldf');
    assert.equal(reportPath('hosts/LON-CAS1\\ports.reg', path.win32), 'hosts/LON-CAS1/ports.reg', 'a path typed with / on Windows');
  });

  it('leave Linux paths as they are: a backslash is part of a file name there', () => {
    for (const file of ['hosts/LON-CAS1/nlb-cluster.csv', '/tmp/x/config.ldf', './a.ldf', 'odd\\name.ldf']) assert.equal(reportPath(file, path.posix), file);
    assert.equal(fileLine({ file: 'hosts/LON-CAS1/ports.reg', line: 7 }), 'hosts/LON-CAS1/ports.reg:7');
  });

  it('make SARIF paths relative to the working directory on both platforms, or say there is no relative form', () => {
    assert.equal(relativeReportPath('hosts\\LON-CAS1\\nlb.csv', path.win32, 'C:\\audit'), 'hosts/LON-CAS1/nlb.csv');
    assert.equal(relativeReportPath('C:\\audit\\exports\\config.ldf', path.win32, 'C:\\audit'), 'exports/config.ldf');
    assert.equal(relativeReportPath('C:\\exports\\config.ldf', path.win32, 'C:\\audit'), '../exports/config.ldf');
    assert.equal(relativeReportPath('D:\\exports\\config.ldf', path.win32, 'C:\\audit'), null, 'another drive');
    assert.equal(relativeReportPath('/work/audit/hosts/a.csv', path.posix, '/work/audit'), 'hosts/a.csv');
    assert.equal(relativeReportPath('./hosts/a.csv', path.posix, '/work/audit'), 'hosts/a.csv');
    assert.equal(relativeReportPath('/srv/exports/a.csv', path.posix, '/work/audit'), '../../srv/exports/a.csv');
  });
});

describe('paths in a collected snapshot', () => {
  it('name file sources and every source ref with forward slashes, and leave URLs and servers alone', async () => {
    const { portableSnapshotPaths } = await import('../src/collect/portable-paths.js');
    const snapshot = {
      collection: {
        sources: [
          { kind: 'ldif', location: 'exports\\config.ldf', status: 'collected' },
          { kind: 'hosts', location: 'C:\\exports\\hosts', status: 'collected' },
          { kind: 'dns', location: '10.0.0.53:53', status: 'collected' },
          { kind: 'ldap', location: 'ldaps://dc01.contoso.local/CN=a\\,b', status: 'collected' },
        ],
      },
      servers: [{ name: 'LON-CAS1', source: { file: 'exports\\config.ldf', line: 12 } }],
      hosts: {
        servers: [
          {
            name: 'LON-CAS1',
            nlb: { clusters: [{ ip: '10.0.0.10', source: { file: 'C:\\exports\\hosts\\LON-CAS1\\nlb-cluster.csv', line: 2 } }] },
            ports: { rpc: { raw: '59532', port: 59532, file: 'C:\\exports\\hosts\\LON-CAS1\\MSExchangeRPC.reg', line: 5 } },
          },
        ],
      },
      dns: {
        internal: [
          { name: 'outlook.contoso.local', server: 'zones\\contoso.local.dns', source: { file: 'zones\\contoso.local.dns', line: 9 } },
          { name: 'mail.contoso.local', server: '10.0.0.53:53' },
        ],
        external: null,
      },
    };
    portableSnapshotPaths(snapshot as unknown as Parameters<typeof portableSnapshotPaths>[0], path.win32);
    assert.deepEqual(
      snapshot.collection.sources.map((s) => s.location),
      ['exports/config.ldf', 'C:/exports/hosts', '10.0.0.53:53', 'ldaps://dc01.contoso.local/CN=a\\,b'],
    );
    assert.equal(snapshot.servers[0]!.source.file, 'exports/config.ldf');
    assert.equal(snapshot.hosts.servers[0]!.nlb.clusters[0]!.source.file, 'C:/exports/hosts/LON-CAS1/nlb-cluster.csv');
    assert.equal(snapshot.hosts.servers[0]!.ports.rpc.file, 'C:/exports/hosts/LON-CAS1/MSExchangeRPC.reg', 'a port setting is a place too');
    assert.deepEqual(
      snapshot.dns.internal.map((a) => [a.server, a.source?.file]),
      [
        ['zones/contoso.local.dns', 'zones/contoso.local.dns'],
        ['10.0.0.53:53', undefined],
      ],
    );
  });
});
