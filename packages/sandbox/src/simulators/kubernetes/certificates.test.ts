import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureServerCertificate } from './certificates';

describe('ensureServerCertificate', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-certs-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('makes a CA and a server certificate it signed, for localhost and the given hosts', () => {
    const made = ensureServerCertificate(dir, ['sandbox.internal']);
    const ca = new X509Certificate(made.ca);
    const server = new X509Certificate(made.cert);
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkIssued(ca)).toBe(true);
    for (const host of ['localhost', 'sandbox.internal']) {
      expect(server.checkHost(host)).toBe(host);
    }
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(made.caFile).toBe(path.join(dir, 'ca.crt'));
    expect(fs.statSync(path.join(dir, 'ca.key')).mode & 0o077).toBe(0);
  });

  it('keeps them across starts; a new host re-signs with the same CA', () => {
    const first = ensureServerCertificate(dir, []);
    const again = ensureServerCertificate(dir, []);
    expect(again).toEqual(first);

    const wider = ensureServerCertificate(dir, ['portal.example']);
    expect(wider.ca).toBe(first.ca);
    expect(wider.cert).not.toBe(first.cert);
    expect(new X509Certificate(wider.cert).checkHost('portal.example')).toBe(
      'portal.example',
    );
  });
});
