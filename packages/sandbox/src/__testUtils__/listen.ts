import http from 'node:http';
import { AddressInfo } from 'node:net';
import { RequestListener } from 'node:http';

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `handler` (e.g. an express app) on a free port of 127.0.0.1. */
export async function listen(handler: RequestListener): Promise<TestServer> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close(err => (err ? reject(err) : resolve()));
      }),
  };
}
