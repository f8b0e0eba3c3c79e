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
