import { Router } from 'express';
import net, { AddressInfo } from 'node:net';
import { Sandbox, startSandbox } from './server';
import { SimulatorContext, SimulatorFactory } from './simulators/types';

/**
 * A stand-in simulator: the real identity simulator needs oidc-provider, an
 * ES module jest cannot load (it is tested end-to-end in a child process).
 */
function inventorySimulator() {
  const state = {
    resets: 0,
    context: undefined as SimulatorContext | undefined,
  };
  const factory: SimulatorFactory = {
    name: 'inventory',
    async create(context) {
      state.context = context;
      const router = Router();
      router.get('/items', (_req, res) => {
        res.json(context.world.services().map(s => s.name));
      });
      router.get('/items/:id', (req, res) => {
        res.json({ id: req.params.id });
      });
      return {
        handler: router,
        reset: () => {
          state.resets += 1;
        },
      };
    },
  };
  return { factory, state };
}

async function freePort(): Promise<AddressInfo> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return address;
}

describe('startSandbox when a simulator cannot start', () => {
  it('rejects and frees the port', async () => {
    const { port } = await freePort();
    const failing: SimulatorFactory = {
      name: 'broken',
      create: async () => {
        throw new Error('no licence for broken');
      },
    };

    await expect(startSandbox({ port, simulators: [failing] })).rejects.toThrow(
      'no licence for broken',
    );

    const sandbox = await startSandbox({ port, simulators: [] });
    expect(sandbox.url).toBe(`http://localhost:${port}`);
    await sandbox.close();
  });
});

describe('startSandbox', () => {
  let sandbox: Sandbox;
  let inventory: ReturnType<typeof inventorySimulator>;

  beforeAll(async () => {
    inventory = inventorySimulator();
    sandbox = await startSandbox({ port: 0, simulators: [inventory.factory] });
  });

  afterAll(() => sandbox.close());

  beforeEach(async () => {
    await call('POST', '/admin/reset');
    inventory.state.resets = 0;
  });

  async function call(method: string, path: string, body?: unknown) {
    const res = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      body: text ? JSON.parse(text) : undefined,
    };
  }

  it('listens on a free port and mounts each simulator under its name', async () => {
    expect(sandbox.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(sandbox.url).not.toBe('http://localhost:0');
    expect(inventory.state.context).toEqual({
      world: sandbox.world,
      baseUrl: sandbox.url,
      mountUrl: `${sandbox.url}/inventory`,
      stateDir: expect.stringMatching(/inventory$/),
    });

    const items = await call('GET', '/inventory/items/42');
    expect(items).toMatchObject({ status: 200, body: { id: '42' } });
  });

  describe('GET /admin/health', () => {
    it('lists the simulators', async () => {
      expect(await call('GET', '/admin/health')).toMatchObject({
        status: 200,
        body: { status: 'ok', simulators: ['inventory'] },
      });
    });
  });

  describe('POST /admin/seed', () => {
    it('rejects a services count that is not a number', async () => {
      const res = await call('POST', '/admin/seed', { services: 'x' });

      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(
        /^services: .*expected number, received string/,
      );
    });

    it('rejects a negative services count', async () => {
      const res = await call('POST', '/admin/seed', { services: -1 });

      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/^services: .*>=0/);
    });

    it('rejects a missing body', async () => {
      const res = await call('POST', '/admin/seed');

      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(
        /^services: .*expected number, received undefined/,
      );
    });

    it('rejects malformed JSON with a JSON error', async () => {
      const res = await fetch(`${sandbox.url}/admin/seed`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"services": 10',
      });

      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect((await res.json()).error).toMatch(/^body: invalid JSON/);
      expect(sandbox.world.services()).toHaveLength(7);
    });

    it('adds generated services that /admin/world and the simulators see', async () => {
      expect(await call('POST', '/admin/seed', { services: 10 })).toEqual({
        status: 200,
        contentType: expect.stringContaining('application/json'),
        body: { services: 17 },
      });

      const world = await call('GET', '/admin/world');
      expect(world.status).toBe(200);
      expect(world.body.services).toHaveLength(17);
      expect(world.body.services[16]).toMatchObject({
        name: 'svc-0010',
        generated: true,
      });
      expect(world.body.users).toContainEqual({
        name: 'lena.fischer',
        email: 'lena.fischer@acme.example',
        groups: ['group:default/payments'],
      });

      const items = await call('GET', '/inventory/items');
      expect(items.body).toHaveLength(17);
    });
  });

  describe('PUT /admin/faults/:simulator', () => {
    it('rejects a status that is neither 429 nor 5xx', async () => {
      const res = await call('PUT', '/admin/faults/inventory', { status: 404 });

      expect(res.status).toBe(400);
      expect(res.body.error).toBe('status: status must be 429 or a 5xx code');
    });

    it('rejects a fault with neither latency nor status', async () => {
      const res = await call('PUT', '/admin/faults/inventory', { times: 1 });

      expect(res.status).toBe(400);
      expect(res.body.error).toBe('body: give latencyMs and/or status');
    });

    it('answers 404 for an unknown simulator', async () => {
      const res = await call('PUT', '/admin/faults/github', { status: 500 });

      expect(res.status).toBe(404);
      expect(res.body.error).toBe(
        "unknown simulator 'github'; known: inventory",
      );
      expect((await call('GET', '/admin/faults')).body).toEqual({});
    });

    it("fails the simulator's next request while the admin API keeps working", async () => {
      const set = await call('PUT', '/admin/faults/inventory', {
        status: 503,
        times: 1,
      });
      expect(set).toMatchObject({
        status: 200,
        body: { inventory: { status: 503, times: 1 } },
      });

      const failed = await call('GET', '/inventory/items/1');
      expect(failed.status).toBe(503);
      expect(failed.body.errors[0].title).toBe('Injected fault');

      expect((await call('GET', '/admin/health')).status).toBe(200);
      expect((await call('GET', '/inventory/items/1')).status).toBe(200);
      expect((await call('GET', '/admin/faults')).body).toEqual({});
    });

    it('is removed by DELETE', async () => {
      await call('PUT', '/admin/faults/inventory', { status: 500 });
      expect((await call('GET', '/inventory/items/1')).status).toBe(500);

      expect(await call('DELETE', '/admin/faults/inventory')).toMatchObject({
        status: 200,
        body: {},
      });
      expect((await call('GET', '/inventory/items/1')).status).toBe(200);
    });
  });

  describe('GET /admin/calls', () => {
    it('counts simulator calls per endpoint, but not admin calls', async () => {
      await call('GET', '/inventory/items/a');
      await call('GET', '/inventory/items/b');
      await call('GET', '/inventory/items');
      await call('GET', '/admin/health');

      const expected = {
        inventory: { 'GET /items/:id': 2, 'GET /items': 1 },
      };
      expect((await call('GET', '/admin/calls')).body).toEqual(expected);
      expect(
        (await call('GET', '/admin/calls?simulator=inventory')).body,
      ).toEqual(expected);
      expect((await call('GET', '/admin/calls?simulator=other')).body).toEqual(
        {},
      );
    });

    it('counts requests failed by a fault, by their concrete path', async () => {
      // The fault answers before the simulator routes the request, so its
      // route pattern is unknown.
      await call('PUT', '/admin/faults/inventory', { status: 429, times: 1 });
      expect((await call('GET', '/inventory/items/a')).status).toBe(429);
      expect((await call('GET', '/inventory/items/b')).status).toBe(200);

      expect((await call('GET', '/admin/calls')).body).toEqual({
        inventory: { 'GET /items/a': 1, 'GET /items/:id': 1 },
      });
    });

    it('is cleared by DELETE', async () => {
      await call('GET', '/inventory/items/a');
      await call('DELETE', '/admin/calls');

      expect((await call('GET', '/admin/calls')).body).toEqual({});
    });
  });

  describe('POST /admin/reset', () => {
    it('drops seeded services, faults and call counts and resets the simulators', async () => {
      await call('POST', '/admin/seed', { services: 10 });
      await call('PUT', '/admin/faults/inventory', { latencyMs: 10 });
      await call('GET', '/inventory/items/a');

      expect(await call('POST', '/admin/reset')).toMatchObject({
        status: 200,
        body: { status: 'reset' },
      });

      expect((await call('GET', '/admin/world')).body.services).toHaveLength(7);
      expect(sandbox.world.services()).toHaveLength(7);
      expect((await call('GET', '/admin/faults')).body).toEqual({});
      expect((await call('GET', '/admin/calls')).body).toEqual({});
      expect(inventory.state.resets).toBe(1);
    });
  });

  describe('unknown paths', () => {
    it.each([
      ['GET', '/nowhere'],
      ['POST', '/admin/nothing-here'],
    ])('%s %s gives a JSON 404', async (method, path) => {
      expect(await call(method, path)).toEqual({
        status: 404,
        contentType: expect.stringContaining('application/json'),
        body: { error: `no simulator serves ${method} ${path}` },
      });
    });
  });
});
