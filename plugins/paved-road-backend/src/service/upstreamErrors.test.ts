import { GitHubWriteError } from '@internal/plugin-deployments-node';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { ConfigReader } from '@backstage/config';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../__testUtils__/testPavedRoad';
import { asUpstreamError } from './upstreamErrors';

/** The status and body Backstage's error middleware answers an error with. */
async function answer(error: unknown) {
  const app = express();
  app.get('/', () => {
    throw error;
  });
  app.use(
    MiddlewareFactory.create({
      config: new ConfigReader({}),
      logger: silentLogger,
    }).error(),
  );
  const server = http.createServer(app);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  try {
    const res = await fetch(
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    );
    return { status: res.status, body: await res.json() };
  } finally {
    await new Promise(resolve => server.close(resolve));
  }
}

describe('asUpstreamError', () => {
  it.each([
    ['unavailable', undefined, 503],
    ['unavailable', 502, 503],
    ['notFound', 404, 404],
    ['conflict', 409, 409],
    ['notMergeable', 405, 409],
    // The portal's token, not the user's: never GitHub's 401/403 as theirs.
    ['unauthenticated', 401, 502],
    ['forbidden', 403, 502],
    ['badRequest', 422, 502],
  ] as const)(
    'answers GitHub %s (%s) with %s and its message',
    async (reason, status, expected) => {
      const res = await answer(
        asUpstreamError(
          new GitHubWriteError(
            reason,
            `GitHub refused to do it: ${reason}`,
            status,
          ),
        ),
      );
      expect(res.status).toBe(expected);
      expect(res.body.error.message).toBe(`GitHub refused to do it: ${reason}`);
    },
  );

  it('answers a repository the URL reader cannot read with 503, a missing one with 404', async () => {
    const down = await answer(
      asUpstreamError(
        new Error('Request failed, 503 Service Unavailable'),
        'x/tree/main',
      ),
    );
    expect(down.status).toBe(503);
    expect(down.body.error.message).toBe(
      'GitHub did not give x/tree/main: Request failed, 503 Service Unavailable',
    );
    const missing = await answer(
      asUpstreamError(new NotFoundError('no such branch'), 'x/tree/main'),
    );
    expect(missing.status).toBe(404);
  });

  it("leaves the portal's own errors as they are", () => {
    const denied = new NotAllowedError('no');
    expect(asUpstreamError(denied)).toBe(denied);
  });
});
