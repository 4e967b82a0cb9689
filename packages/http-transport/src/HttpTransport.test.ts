import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { Clock } from './backoff';
import { HttpTransport, HttpTransportOptions } from './HttpTransport';
import { isUpstreamError, UpstreamError } from './upstreamError';

type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
) => void;

/*
 * The transport against a real HTTP server on a free port, answering from a
 * script: one handler per request, the last one repeated.
 */
describe('HttpTransport', () => {
  let server: Server;
  let baseUrl: string;
  let script: Handler[] = [];
  let received: {
    method: string;
    url: string;
    headers: IncomingMessage['headers'];
    body: string;
  }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', chunk => {
        body += chunk;
      });
      req.on('end', () => {
        received.push({
          method: req.method!,
          url: req.url!,
          headers: req.headers,
          body,
        });
        const handler = script.length > 1 ? script.shift()! : script[0];
        handler(req, res, body);
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });

  beforeEach(() => {
    script = [];
    received = [];
  });

  const answer =
    (
      status: number,
      body: unknown = {},
      headers: Record<string, string> = {},
    ): Handler =>
    (_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
  const never: Handler = () => {
    // Never answers: the client's timeout or abort must end the call.
  };

  /** A clock whose sleeps are recorded and pass at once. */
  function fakeClock() {
    const sleeps: number[] = [];
    let now = Date.parse('2026-01-10T10:00:00Z');
    const clock: Clock = {
      now: () => now,
      sleep: async ms => {
        sleeps.push(ms);
        now += ms;
      },
    };
    return { clock, sleeps };
  }

  function transport(options: Partial<HttpTransportOptions> = {}) {
    const { clock, sleeps } = fakeClock();
    const logs: string[] = [];
    const t = new HttpTransport({
      system: 'Upstream',
      baseUrl,
      headers: { authorization: 'Bearer t' },
      clock,
      random: () => 0.5,
      retry: { retries: 2, baseDelayMs: 100, maxDelayMs: 1000 },
      logger: { debug: () => {}, warn: m => logs.push(m) },
      ...options,
    });
    return { t, sleeps, logs };
  }

  const failure = async (promise: Promise<unknown>): Promise<UpstreamError> => {
    const error = await promise.then(
      () => undefined,
      e => e,
    );
    expect(isUpstreamError(error)).toBe(true);
    return error;
  };

  it('sends the method, query, headers and JSON body, and reads the answer', async () => {
    script = [answer(201, { id: 'x' })];
    const { t } = transport();

    const result = await t.json<{ id: string }>({
      method: 'POST',
      path: '/things',
      query: { tag: ['a', 'b'], skipped: undefined },
      json: { name: 'n' },
    });

    expect(result).toEqual({ id: 'x' });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      method: 'POST',
      url: '/api/things?tag=a&tag=b',
      body: '{"name":"n"}',
    });
    expect(received[0].headers).toMatchObject({
      authorization: 'Bearer t',
      'content-type': 'application/json',
      accept: 'application/json',
    });
  });

  it('retries an idempotent call after a 5xx with full-jitter back-off', async () => {
    script = [answer(502), answer(500), answer(200, { ok: 1 })];
    const { t, sleeps, logs } = transport();

    await expect(t.json({ method: 'GET', path: '/x' })).resolves.toEqual({
      ok: 1,
    });

    expect(received).toHaveLength(3);
    // random() = 0.5 of 100 ms, then of 200 ms.
    expect(sleeps).toEqual([50, 100]);
    expect(logs[0]).toBe('Upstream GET /x answered 502; retry 1 of 2 in 50 ms');
  });

  it('does not retry a 5xx of a call that is not idempotent, and says why', async () => {
    script = [answer(500, { message: 'boom' })];
    const { t, sleeps } = transport();

    const error = await failure(t.request({ method: 'POST', path: '/runs' }));

    expect(received).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error.upstream).toMatchObject({
      upstreamStatus: 500,
      upstreamMessage: 'boom',
      attempts: 1,
    });
    expect(error.message).toBe(
      'Upstream POST /runs failed with HTTP 500: boom (not retried: Upstream may have acted on the request)',
    );
  });

  it('retries a POST when the caller says it is idempotent', async () => {
    script = [answer(503), answer(200, {})];
    const { t } = transport();

    await t.request({ method: 'POST', path: '/requests', idempotent: true });

    expect(received).toHaveLength(2);
  });

  it('waits as long as Retry-After asks on a 429 and a 503', async () => {
    script = [
      answer(429, {}, { 'retry-after': '3' }),
      answer(503, {}, { 'retry-after': '1' }),
      answer(200, {}),
    ];
    const { t, sleeps, logs } = transport();

    await t.request({ method: 'GET', path: '/x' });

    expect(sleeps).toEqual([3000, 1000]);
    expect(logs[0]).toBe(
      'Upstream rate-limited GET /x; retry 1 of 2 in 3000 ms',
    );
  });

  it('does not retry a 429 that does not say when, nor one that asks too long', async () => {
    script = [answer(429, { message: 'slow down' })];
    const { t } = transport();
    const error = await failure(t.request({ method: 'GET', path: '/x' }));
    expect(error.name).toBe('ServiceUnavailableError');
    expect(received).toHaveLength(1);

    script = [answer(429, {}, { 'retry-after': '600' })];
    await failure(t.request({ method: 'GET', path: '/x' }));
    expect(received).toHaveLength(2);
  });

  it('retries any 429 of a system that rejects rate-limited calls before acting', async () => {
    script = [answer(429), answer(201, {})];
    const { t, sleeps } = transport({
      retry: { retries: 2, baseDelayMs: 100, rateLimitedCallsAreNotRun: true },
    });

    await t.request({ method: 'POST', path: '/runs' });

    expect(received).toHaveLength(2);
    expect(sleeps).toEqual([50]);
  });

  it('gives up after its retries with the last status', async () => {
    script = [answer(502, { message: 'down' })];
    const { t } = transport();

    const error = await failure(t.request({ method: 'GET', path: '/x' }));

    expect(received).toHaveLength(3);
    expect(error.message).toBe(
      'Upstream GET /x failed with HTTP 502: down (3 attempts)',
    );
    expect(error.upstream.attempts).toBe(3);
  });

  it.each([
    [400, 'InputError', 400],
    [422, 'InputError', 400],
    [401, 'AuthenticationError', 401],
    [403, 'NotAllowedError', 403],
    [404, 'NotFoundError', 404],
    [409, 'ConflictError', 409],
    [501, 'ServiceUnavailableError', 503],
  ])(
    'maps HTTP %s to %s, without retrying it',
    async (status, name, answered) => {
      script = [answer(status, { message: 'nope' })];
      const { t } = transport();

      const error = await failure(t.request({ method: 'GET', path: '/x' }));

      expect(received).toHaveLength(1);
      expect(error.name).toBe(name);
      expect(error.upstream).toMatchObject({
        upstreamStatus: status,
        upstreamMessage: 'nope',
      });
      // `status` is what the portal answers with, never the upstream's.
      expect(error.status).toBe(answered);
    },
  );

  it('accepts only the statuses the call names as success', async () => {
    script = [answer(200, {})];
    const { t } = transport();

    const error = await failure(
      t.request({ method: 'GET', path: '/x', ok: [204] }),
    );

    expect(error.upstream.upstreamStatus).toBe(200);
  });

  it('times out an attempt, body included, and retries it only when told to', async () => {
    script = [never];
    const { t } = transport({ timeoutMs: 50 });

    const error = await failure(t.request({ method: 'GET', path: '/slow' }));

    expect(received).toHaveLength(1);
    expect(error.upstream.kind).toBe('timeout');
    expect(error.message).toBe('Upstream GET /slow timed out after 50 ms');

    const stalled: Handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
    };
    script = [stalled];
    const retrying = transport({
      timeoutMs: 50,
      retry: { retries: 1, timeouts: true },
    });
    const again = await failure(
      retrying.t.request({ method: 'GET', path: '/slow' }),
    );
    expect(received).toHaveLength(3);
    expect(again.message).toBe(
      'Upstream GET /slow timed out after 50 ms (2 attempts)',
    );
  });

  it("rethrows the caller's abort as it is, during a call and during a wait", async () => {
    script = [never];
    const { t } = transport();
    const controller = new AbortController();
    const reason = new Error('page closed');
    setTimeout(() => controller.abort(reason), 20);

    await expect(
      t.request({ method: 'GET', path: '/x', signal: controller.signal }),
    ).rejects.toBe(reason);

    script = [answer(503)];
    const waiting = new HttpTransport({
      system: 'Upstream',
      baseUrl,
      retry: { baseDelayMs: 10_000, maxDelayMs: 10_000 },
      random: () => 0.9,
    });
    const late = new AbortController();
    const call = waiting.request({
      method: 'GET',
      path: '/x',
      signal: late.signal,
    });
    setTimeout(() => late.abort(reason), 50);
    await expect(call).rejects.toBe(reason);
    expect(received.length).toBe(2);
  });

  it('retries a refused connection even for a call that is not idempotent', async () => {
    const closed = createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise(resolve => closed.close(resolve));
    const { t, sleeps } = transport({ baseUrl: `http://127.0.0.1:${port}` });

    const error = await failure(t.request({ method: 'POST', path: '/runs' }));

    expect(sleeps).toHaveLength(2);
    expect(error.upstream).toMatchObject({ kind: 'network', attempts: 3 });
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error.message).toMatch(
      /^Upstream POST \/runs could not be sent \(3 attempts\): fetch failed \(.*ECONNREFUSED/,
    );
  });

  it('reports a success whose body is not JSON as an invalid answer', async () => {
    script = [answer(200, '<html>login</html>')];
    const { t } = transport();

    const error = await failure(t.json({ method: 'GET', path: '/x' }));

    expect(error.upstream.kind).toBe('invalid-response');
    expect(error.name).toBe('ServiceUnavailableError');
  });

  it('lets a client map failures to its own errors', async () => {
    script = [answer(404, { message: 'gone' })];
    const { t } = transport({
      errorOf: f => new Error(`${f.operation}: ${f.status} ${f.text}`),
    });

    await expect(t.request({ method: 'GET', path: '/x' })).rejects.toThrow(
      'GET /x: 404 {"message":"gone"}',
    );
  });
});
