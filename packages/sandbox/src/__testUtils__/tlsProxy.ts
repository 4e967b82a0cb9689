import http from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';

export interface TlsProxy {
  /** e.g. https://127.0.0.1:PORT */
  url: string;
  close(): Promise<void>;
}

/**
 * An HTTPS front for a plain-HTTP test server, with a throw-away self-signed
 * certificate. kubectl (client-go) sends bearer tokens only over TLS, as
 * every real API server speaks it; the sandbox speaks HTTP.
 */
export async function startTlsProxy(target: string): Promise<TlsProxy> {
  const pems = selfsigned.generate(
    [{ name: 'commonName', value: '127.0.0.1' }],
    {
      days: 1,
      keySize: 2048,
      algorithm: 'sha256',
    },
  );
  const upstream = new URL(target);
  const server = https.createServer(
    { key: pems.private, cert: pems.cert },
    (req, res) => {
      const forward = http.request(
        {
          hostname: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        answer => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', error => {
        res.writeHead(502).end(String(error));
      });
      req.pipe(forward);
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close(err => (err ? reject(err) : resolve()));
      }),
  };
}
