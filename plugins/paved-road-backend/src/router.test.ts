import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { ConfigReader } from '@backstage/config';
import { mockCredentials, mockServices } from '@internal/backend-test-stubs';
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  silentLogger,
  startTestPavedRoad,
  TestPavedRoad,
} from './__testUtils__/testPavedRoad';
import { createRouter } from './router';

const LENA = 'user:default/lena.fischer'; // payments: owner of "old"
const SARA = 'user:default/sara.kim'; // storefront: not an owner

describe('the Paved road router', () => {
  let t: TestPavedRoad;
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    t = await startTestPavedRoad();
    await t.createService('old', '1.0.0');
    const app = express();
    app.use(
      createRouter({
        httpAuth: mockServices.httpAuth({
          defaultCredentials: mockCredentials.none(),
        }),
        drift: t.paved.drift,
        upgrades: t.paved.upgrades,
      }),
    );
    app.use(
      MiddlewareFactory.create({
        config: new ConfigReader({}),
        logger: silentLogger,
      }).error(),
    );
    server = http.createServer(app);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise(resolve => server?.close(resolve));
    await t?.close();
  });

  async function call(
    method: string,
    path: string,
    options: { user?: string; body?: unknown; raw?: string } = {},
  ) {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: mockCredentials.user.header(options.user ?? LENA),
        ...(options.body !== undefined || options.raw !== undefined
          ? { 'content-type': 'application/json' }
          : {}),
      },
      body:
        options.raw ??
        (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  it("answers a service's state", async () => {
    const { status, body } = await call(
      'GET',
      '/entities/component/default/old',
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      entityRef: 'component:default/old',
      state: 'behind',
      version: '1.0.0',
      currentVersion: '1.1.0',
    });
  });

  it('refuses an entity ref that is not one with 400 and says which part', async () => {
    const { status, body } = await call(
      'GET',
      '/entities/component/default/not%20a%20name',
    );
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      name: 'InputError',
      message: 'Invalid entity: name: not a name',
    });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
    const upgrade = await call(
      'POST',
      '/entities/comp%3Aonent/default/old/upgrade',
    );
    expect(upgrade.status).toBe(400);
    expect(upgrade.body.error.message).toBe('Invalid entity: kind: not a kind');
  });

  it('answers 404 for an entity the catalog does not have', async () => {
    const { status, body } = await call(
      'GET',
      '/entities/component/default/no-such-service',
    );
    expect(status).toBe(404);
    expect(body.error).toMatchObject({
      name: 'NotFoundError',
      message: 'No entity component:default/no-such-service',
    });
    const upgrade = await call(
      'POST',
      '/entities/component/default/no-such-service/upgrade',
      { user: 'user:default/priya.sharma' },
    );
    expect(upgrade.status).toBe(404);
  });

  it.each([
    ['no body', undefined, 'Invalid body: entityRefs:'],
    ['an empty selection', { entityRefs: [] }, 'Invalid body: entityRefs:'],
    ['a ref that is not one', { entityRefs: ['old'] }, 'entityRefs.0:'],
    [
      'an unknown field',
      { entityRefs: ['component:default/old'], force: true },
      'Unrecognized key',
    ],
  ])(
    'refuses a bulk upgrade with %s: 400 with the reason',
    async (_, body, message) => {
      const res = await call('POST', '/upgrades', {
        body,
        user: 'user:default/priya.sharma',
      });
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(message);
    },
  );

  it('refuses a body that is not JSON with 400', async () => {
    const res = await call('POST', '/upgrades', { raw: '{"entityRefs": [' });
    expect(res.status).toBe(400);
  });

  it('refuses the upgrade and its merge to a non-owner with 403, and audits the denial', async () => {
    const upgrade = await call(
      'POST',
      '/entities/component/default/old/upgrade',
      { user: SARA },
    );
    expect(upgrade.status).toBe(403);
    expect(upgrade.body.error).toMatchObject({
      name: 'NotAllowedError',
      message: 'You may not upgrade component:default/old: only its owners may',
    });
    expect(t.events.at(-1)).toMatchObject({
      eventId: 'paved-road-upgrade',
      outcome: 'fail',
    });
    const merge = await call(
      'POST',
      '/entities/component/default/old/upgrade/merge',
      { user: SARA },
    );
    expect(merge.status).toBe(403);
    // Nothing was opened on the repository.
    const [pull] = await t.paved.pulls.list(
      { host: new URL(t.sandbox.url).host, owner: 'acme', repo: 'old' },
      { state: 'all' },
    );
    expect(pull).toBeUndefined();
  });

  it('refuses a bulk upgrade to an owner who is not an admin with 403', async () => {
    const res = await call('POST', '/upgrades', {
      body: { entityRefs: ['component:default/old'] },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Only platform admins may upgrade several services at once',
    );
  });

  it('refuses a merge with no open upgrade pull request with 409', async () => {
    const res = await call(
      'POST',
      '/entities/component/default/old/upgrade/merge',
    );
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      'component:default/old has no open upgrade pull request',
    );
  });

  it('filters the list by owner, and refuses an unknown query parameter', async () => {
    const payments = await call(
      'GET',
      '/services?owner=group:default/payments',
    );
    expect(payments.status).toBe(200);
    expect(payments.body.items.map((i: any) => i.entityRef)).toEqual([
      'component:default/old',
    ]);
    // Another team's list reads none of these repositories.
    await fetch(`${t.sandbox.url}/admin/calls`, { method: 'DELETE' });
    const other = await call('GET', '/services?owner=group:default/storefront');
    expect(other.body.items).toEqual([]);
    const calls = await (
      await fetch(`${t.sandbox.url}/admin/calls?simulator=github`)
    ).json();
    expect(calls.github ?? {}).toEqual({});
    const bad = await call('GET', '/services?team=payments');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('Unrecognized key');
  });

  it('reads an unchanged repository once, and again once it changed', async () => {
    const admin = (method: string, path: string) =>
      fetch(`${t.sandbox.url}/admin/calls${path}`, { method });
    const archives = async () =>
      Object.entries(
        ((await (await admin('GET', '?simulator=github')).json()).github ??
          {}) as Record<string, number>,
      )
        .filter(([endpoint]) => /tarball/.test(endpoint))
        .reduce((sum, [, n]) => sum + n, 0);
    // Read once already (the tests above); the branch is the same.
    await admin('DELETE', '');
    for (let i = 0; i < 3; i++) {
      expect(
        (await call('GET', '/entities/component/default/old')).body.state,
      ).toBe('behind');
    }
    expect(await archives()).toBe(0);
    // A commit on main: read again, and its change seen.
    const file = `${t.sandbox.url}/github/api/v3/repos/acme/old/contents/chart/templates/hpa.yaml`;
    const headers = {
      authorization: 'token sandbox-github-token',
      'content-type': 'application/json',
    };
    const current = await (await fetch(file, { headers })).json();
    const put = await fetch(file, {
      method: 'PUT',
      headers,
      body: JSON.stringify({
        message: 'tuned',
        content: Buffer.from(
          `${Buffer.from(current.content, 'base64')}# tuned\n`,
        ).toString('base64'),
        sha: current.sha,
        branch: 'main',
      }),
    });
    expect(put.status).toBe(200);
    expect(
      (await call('GET', '/entities/component/default/old')).body,
    ).toMatchObject({
      state: 'diverged',
      changedFiles: ['chart/templates/hpa.yaml'],
    });
    expect(await archives()).toBe(1);
  });

  describe('when GitHub is down', () => {
    const fault = (body?: unknown) =>
      fetch(`${t.sandbox.url}/admin/faults/github`, {
        method: body ? 'PUT' : 'DELETE',
        headers: { 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      });
    beforeEach(() => fault({ status: 503 }));
    afterEach(() => fault());

    it("degrades the service's state to unknown, with the reason", async () => {
      const { status, body } = await call(
        'GET',
        '/entities/component/default/old',
      );
      expect(status).toBe(200);
      expect(body).toMatchObject({ state: 'unknown' });
      expect(body.error).toMatch(/503/);
    });

    it('answers an upgrade with 503 and what failed, never a 500', async () => {
      const { status, body } = await call(
        'POST',
        '/entities/component/default/old/upgrade',
      );
      expect(status).toBe(503);
      expect(body.error.name).toBe('ServiceUnavailableError');
      expect(body.error.message).toMatch(/GitHub/);
      const merge = await call(
        'POST',
        '/entities/component/default/old/upgrade/merge',
      );
      expect(merge.status).toBe(503);
    });
  });
});
