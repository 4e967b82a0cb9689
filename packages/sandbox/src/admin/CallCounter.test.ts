import express, { Router } from 'express';
import { listen, TestServer } from '../__testUtils__/listen';
import { CallCounter } from './CallCounter';

describe('CallCounter', () => {
  let calls: CallCounter;
  let server: TestServer;

  beforeAll(async () => {
    const things = Router();
    things.get('/things', (_req, res) => {
      res.json([]);
    });
    things.get('/things/:id', (req, res) => {
      res.json({ id: req.params.id });
    });
    things.post('/things', (_req, res) => {
      res.status(201).json({});
    });

    // Mounted as the sandbox mounts simulators; each test gets a new counter.
    const counting =
      (simulator: string): express.RequestHandler =>
      (req, res, next) =>
        calls.middleware(simulator)(req, res, next);
    const app = express();
    app.use('/things-api', counting('things-api'), things);
    // A simulator that is not an express router: only raw paths are known.
    app.use('/raw', counting('raw'), (_req, res) => {
      res.send('ok');
    });
    app.use((_req, res) => {
      res.status(404).send();
    });
    server = await listen(app);
  });

  beforeEach(() => {
    calls = new CallCounter();
  });

  afterAll(() => server.close());

  const request = async (method: string, path: string) => {
    const res = await fetch(`${server.url}${path}`, { method });
    await res.arrayBuffer();
    return res.status;
  };

  it('counts nothing before any request', () => {
    expect(calls.snapshot()).toEqual({});
  });

  it('counts calls per route pattern, not per concrete path', async () => {
    await request('GET', '/things-api/things/1');
    await request('GET', '/things-api/things/2');
    await request('GET', '/things-api/things');
    await request('POST', '/things-api/things');

    expect(calls.snapshot()).toEqual({
      'things-api': {
        'GET /things/:id': 2,
        'GET /things': 1,
        'POST /things': 1,
      },
    });
  });

  it('counts raw paths for handlers without routes', async () => {
    await request('GET', '/raw/a/b');
    await request('GET', '/raw/a/b');
    await request('GET', '/raw');

    expect(calls.snapshot()).toEqual({
      raw: { 'GET /a/b': 2, 'GET /': 1 },
    });
  });

  it('counts requests the simulator does not serve', async () => {
    expect(await request('DELETE', '/things-api/things/1')).toBe(404);

    expect(calls.snapshot('things-api')).toEqual({
      'things-api': { 'DELETE /things/1': 1 },
    });
  });

  it('filters the snapshot by simulator', async () => {
    await request('GET', '/things-api/things/1');
    await request('GET', '/raw/x');

    expect(calls.snapshot('raw')).toEqual({ raw: { 'GET /x': 1 } });
    expect(calls.snapshot('unknown')).toEqual({});
    expect(Object.keys(calls.snapshot())).toEqual(['things-api', 'raw']);
  });

  it('forgets every count on reset', async () => {
    await request('GET', '/things-api/things/1');
    calls.reset();
    expect(calls.snapshot()).toEqual({});

    await request('GET', '/things-api/things/1');
    expect(calls.snapshot()).toEqual({
      'things-api': { 'GET /things/:id': 1 },
    });
  });
});
