import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';

/** The sandbox API server's TLS material, as PEM. */
export interface ServerCertificate {
  /** The CA clients trust (kubeconfig `certificate-authority`, Backstage `caFile`). */
  caFile: string;
  ca: string;
  key: string;
  cert: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** The names a certificate's subjectAltName covers, as openssl prints them. */
function coveredNames(certFile: string): Set<string> {
  const text = execFileSync(
    'openssl',
    ['x509', '-noout', '-ext', 'subjectAltName', '-in', certFile],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return new Set(
    [...text.matchAll(/(?:DNS|IP Address):([^,\s]+)/g)].map(m =>
      canonical(m[1]),
    ),
  );
}

/** A name as comparable: lower case, IPv6 addresses in their short form (openssl prints `0:0:0:0:0:0:0:1`). */
function canonical(name: string): string {
  if (isIP(name) === 6) {
    return new URL(`http://[${name}]`).hostname.replace(/^\[|\]$/g, '');
  }
  return name.toLowerCase();
}

/**
 * A CA and a server certificate it signed for `hosts`, kept in `dir` (the
 * simulator's state directory) so that clients configured with the CA keep
 * trusting the sandbox across restarts: made with the openssl CLI at the
 * first start, and again only when a file is missing or the server
 * certificate does not cover a host. kubectl sends bearer tokens over TLS
 * only, and the portal verifies the server like any EKS cluster's.
 */
export function ensureServerCertificate(
  dir: string,
  hosts: string[],
): ServerCertificate {
  fs.mkdirSync(dir, { recursive: true });
  const file = (name: string) => path.join(dir, name);
  const names = [...new Set(['localhost', '127.0.0.1', '::1', ...hosts])];
  const complete = ['ca.crt', 'ca.key', 'server.crt', 'server.key'].every(f =>
    fs.existsSync(file(f)),
  );
  const covers =
    complete &&
    (() => {
      try {
        const covered = coveredNames(file('server.crt'));
        return names.every(n => covered.has(canonical(n)));
      } catch {
        return false;
      }
    })();

  if (!covers) {
    // The CA is kept when it is there: clients already trust it.
    if (!fs.existsSync(file('ca.crt')) || !fs.existsSync(file('ca.key'))) {
      openssl(
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-sha256',
          '-days',
          '3650',
          '-subj',
          '/O=ACME sandbox/CN=ACME sandbox Kubernetes CA',
          '-addext',
          'basicConstraints=critical,CA:TRUE',
          '-addext',
          'keyUsage=critical,keyCertSign,cRLSign',
          '-keyout',
          'ca.key',
          '-out',
          'ca.crt',
        ],
        dir,
      );
    }
    const san = names.map(n => (isIP(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
    fs.writeFileSync(
      file('server.ext'),
      [
        'basicConstraints=CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        `subjectAltName=${san}`,
        '',
      ].join('\n'),
    );
    openssl(
      [
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/O=ACME sandbox/CN=kube-apiserver',
        '-keyout',
        'server.key',
        '-out',
        'server.csr',
      ],
      dir,
    );
    openssl(
      [
        'x509',
        '-req',
        '-sha256',
        '-days',
        '825',
        '-in',
        'server.csr',
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-extfile',
        'server.ext',
        '-out',
        'server.crt',
      ],
      dir,
    );
    for (const scratch of ['server.csr', 'server.ext', 'ca.srl']) {
      fs.rmSync(file(scratch), { force: true });
    }
    fs.chmodSync(file('ca.key'), 0o600);
    fs.chmodSync(file('server.key'), 0o600);
  }
  return {
    caFile: file('ca.crt'),
    ca: fs.readFileSync(file('ca.crt'), 'utf8'),
    key: fs.readFileSync(file('server.key'), 'utf8'),
    cert: fs.readFileSync(file('server.crt'), 'utf8'),
  };
}
