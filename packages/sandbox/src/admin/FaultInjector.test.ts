import express from 'express';
import { listen, TestServer } from '../__testUtils__/listen';
import { FaultInjector } from './FaultInjector';

/** Two simulators that answer 200 `{ simulator }` unless a fault says otherwise. */
async function startApp(faults: FaultInjector): Promise<TestServer> {
  const app = express();
  for (const simulator of ['sim', 'other']) {
    app.use(`/${simulator}`, faults.middleware(simulator), (_req, res) => {
      res.json({ simulator });
    });
  }
  return listen(app);
}

describe('FaultInjector', () => {
  let server: TestServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function start(faults: FaultInjector) {
    server = await startApp(faults);
    return (path: string) => fetch(`${server!.url}${path}`);
  }

  it('passes requests through when no fault is set', async () => {
    const get = await start(new FaultInjector());

    const res = await get('/sim/anything');

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ simulator: 'sim' });
  });

  it('delays requests by latencyMs and then lets the simulator answer', async () => {
    const faults = new FaultInjector();
    const get = await start(faults);
    faults.set('sim', { latencyMs: 300 });

    const started = performance.now();
    const res = await get('/sim/slow');
    const elapsed = performance.now() - started;

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ simulator: 'sim' });
    expect(elapsed).toBeGreaterThanOrEqual(300);

    const otherStarted = performance.now();
    await get('/other/fast');
    expect(performance.now() - otherStarted).toBeLessThan(300);
  });

  it('answers 429 with Retry-After and an error body', async () => {
    const faults = new FaultInjector();
    const get = await start(faults);
    faults.set('sim', { status: 429 });

    const res = await get('/sim/limited');

    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await res.json()).toEqual({
      errors: [
        {
          status: '429',
          title: 'Injected fault',
          detail: 'The sandbox injected HTTP 429 into sim',
        },
      ],
    });
  });

  it('answers a 5xx status without Retry-After, only for the faulty simulator', async () => {
    const faults = new FaultInjector();
    const get = await start(faults);
    faults.set('sim', { status: 503 });

    const res = await get('/sim/broken');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBeNull();

    expect((await get('/other/fine')).status).toBe(200);
  });

  it('combines latency with a status', async () => {
    const faults = new FaultInjector();
    const get = await start(faults);
    faults.set('sim', { latencyMs: 200, status: 502 });

    const started = performance.now();
    const res = await get('/sim/slow-and-broken');

    expect(res.status).toBe(502);
    expect(performance.now() - started).toBeGreaterThanOrEqual(200);
  });

  it('fails only the requests for which the random function falls below rate', async () => {
    const draws = [0.1, 0.7, 0.29];
    const random = jest.fn(() => draws.shift()!);
    const faults = new FaultInjector(random);
    const get = await start(faults);
    faults.set('sim', { status: 500, rate: 0.3 });

    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await get('/sim/flaky')).status);
    }

    expect(statuses).toEqual([500, 200, 500]);
    expect(random).toHaveBeenCalledTimes(3);
  });

  it('affects exactly `times` requests and then removes the fault', async () => {
    const faults = new FaultInjector();
    const get = await start(faults);
    faults.set('sim', { status: 503, times: 2 });
    expect(faults.list()).toEqual({ sim: { status: 503, times: 2 } });

    expect((await get('/sim/1')).status).toBe(503);
    expect(faults.list()).toEqual({ sim: { status: 503, times: 1 } });
    expect((await get('/sim/2')).status).toBe(503);
    expect(faults.list()).toEqual({});
    expect((await get('/sim/3')).status).toBe(200);
    expect((await get('/sim/4')).status).toBe(200);
  });

  it('keeps a fault without `times` until it is cleared', async () => {
    const faults = new FaultInjector();
    const get = await start(faults);
    faults.set('sim', { status: 500 });
    faults.set('other', { status: 503 });

    for (let i = 0; i < 5; i++) {
      expect((await get('/sim/again')).status).toBe(500);
    }

    faults.clear('sim');
    expect(faults.list()).toEqual({ other: { status: 503 } });
    expect((await get('/sim/again')).status).toBe(200);
    expect((await get('/other/again')).status).toBe(503);

    faults.clear();
    expect(faults.list()).toEqual({});
    expect((await get('/other/again')).status).toBe(200);
  });

  it('replaces the previous fault of a simulator when set again', async () => {
    const faults = new FaultInjector();
    const get = await start(faults);
    faults.set('sim', { status: 500, times: 5 });
    faults.set('sim', { status: 429 });

    expect(faults.list()).toEqual({ sim: { status: 429 } });
    expect((await get('/sim/x')).status).toBe(429);
  });
});
