/**
 * A throw-away certificate authority for TLS tests, made with the openssl
 * command line: a CA certificate and a server certificate signed by it for
 * `localhost` and 127.0.0.1 (the addresses the test servers listen on).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCa {
  /** PEM certificate of the CA: what a client trusts (LDAPTLS_CACERT, tls `ca`). */
  caFile: string;
  /** PEM server certificate, signed by the CA. */
  certFile: string;
  /** PEM private key of the server certificate (unencrypted). */
  keyFile: string;
}

export interface TestCaOptions {
  /** DNS names in the server certificate's subjectAltName; default ['localhost']. */
  dnsNames?: string[];
  /** IP addresses in the server certificate's subjectAltName; default ['127.0.0.1']. */
  ipAddresses?: string[];
}

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await run('openssl', args, { cwd, timeout: 30_000 });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new Error('openssl is not installed: run .ci/run, or apt-get install openssl');
    }
    throw new Error(`openssl ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`);
  }
}

/** Creates the CA and the server certificate in `dir` (created if missing). ≈0.05 s with EC keys. */
export async function makeTestCa(dir: string, options: TestCaOptions = {}): Promise<TestCa> {
  await mkdir(dir, { recursive: true });
  const dnsNames = options.dnsNames ?? ['localhost'];
  const ipAddresses = options.ipAddresses ?? ['127.0.0.1'];
  const caFile = join(dir, 'ca.crt');
  const caKey = join(dir, 'ca.key');
  const certFile = join(dir, 'server.crt');
  const keyFile = join(dir, 'server.key');
  const csr = join(dir, 'server.csr');
  const ext = join(dir, 'server.ext');
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

  await openssl(
    ['req', '-x509', ...ecKey, '-keyout', caKey, '-out', caFile, '-days', '2', '-subj', '/CN=casaudit test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    dir,
  );
  await openssl(['req', '-new', ...ecKey, '-keyout', keyFile, '-out', csr, '-subj', `/CN=${dnsNames[0] ?? 'localhost'}`], dir);
  const altNames = [...dnsNames.map((n) => `DNS:${n}`), ...ipAddresses.map((a) => `IP:${a}`)].join(',');
  await writeFile(
    ext,
    [
      `subjectAltName=${altNames}`,
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      '',
    ].join('\n'),
  );
  await openssl(
    ['x509', '-req', '-in', csr, '-CA', caFile, '-CAkey', caKey, '-set_serial', `0x${randomBytes(8).toString('hex')}`,
      '-days', '2', '-extfile', ext, '-out', certFile],
    dir,
  );
  return { caFile, certFile, keyFile };
}
