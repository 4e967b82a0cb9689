import { HttpTransport, HttpTransportOptions } from './HttpTransport';
import { failure } from '../__testUtils__/failure';

/** A fetch that answers from a script, one entry per call. */
function scriptedFetch(script: Array<() => Response | Promise<Response>>) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const fetchFn = jest.fn(async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    const next = script.shift();
    if (!next) {
      throw new Error('unexpected call');
    }
    return next();
  });
  return { fetchFn: fetchFn as unknown as typeof fetch, calls };
}

const json = (status: number, body: unknown) => () =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

function transport(
  fetchFn: typeof fetch,
  options: Partial<HttpTransportOptions> = {},
) {
  return new HttpTransport({
    system: 'grafana',
    baseUrl: 'http://upstream.test/sub/',
    headers: { authorization: 'Bearer t' },
    errorMessageOf: body => (body as { message?: string })?.message,
    fetch: fetchFn,
    retry: { baseDelayMs: 1, random: () => 0 },
    ...options,
  });
}

describe('HttpTransport', () => {
  it('joins the base URL and a query with repeated keys, and sends the headers', async () => {
    const { fetchFn, calls } = scriptedFetch([json(200, { ok: true })]);

    await expect(
      transport(fetchFn).getJson('/api/search', {
        tag: ['a', 'b'],
        query: 'x y',
        skipped: undefined,
      }),
    ).resolves.toEqual({ ok: true });

    expect(calls[0].url).toBe(
      'http://upstream.test/sub/api/search?tag=a&tag=b&query=x+y',
    );
    expect(calls[0].init?.headers).toEqual({
      accept: 'application/json',
      authorization: 'Bearer t',
    });
  });

  it('retries 5xx answers and returns the first good one', async () => {
    const { fetchFn } = scriptedFetch([
      json(503, { message: 'busy' }),
      json(502, { message: 'bad gateway' }),
      json(200, [1]),
    ]);

    await expect(transport(fetchFn).getJson('/x')).resolves.toEqual([1]);
    expect(fetchFn).toHaveBeenCalledTimes(3);
  });

  it('gives up after the configured retries with the last status and message', async () => {
    const { fetchFn } = scriptedFetch([
      json(500, { message: 'first' }),
      json(503, { message: 'still down' }),
    ]);

    const error = await failure(
      transport(fetchFn, {
        retry: { retries: 1, baseDelayMs: 1, random: () => 0 },
      }).getJson('/api/dashboards/uid/abc'),
    );

    expect(fetchFn).toHaveBeenCalledTimes(2);
    expect(error).toMatchObject({
      kind: 'server-error',
      status: 503,
      attempts: 2,
      upstreamMessage: 'still down',
      transient: true,
    });
    expect(error.message).toBe(
      'Grafana GET /api/dashboards/uid/abc failed with HTTP 503: still down (2 attempts)',
    );
  });

  it.each([
    [400, 'bad-request'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [422, 'bad-request'],
    [429, 'rate-limited'],
    [409, 'client-error'],
  ])('does not retry HTTP %s and reports it as %s', async (status, kind) => {
    const { fetchFn } = scriptedFetch([json(status, { message: 'nope' })]);

    const error = await failure(transport(fetchFn).getJson('/x'));

    expect(fetchFn).toHaveBeenCalledTimes(1);
    expect(error).toMatchObject({ kind, status, upstreamMessage: 'nope' });
  });

  it('points at the token when the system refuses the credentials', async () => {
    const { fetchFn } = scriptedFetch([json(401, { message: 'Unauthorized' })]);

    const error = await failure(transport(fetchFn).getJson('/api/search'));

    expect(error.message).toBe(
      'Grafana GET /api/search was refused with HTTP 401: Unauthorized (check the configured token and its permissions)',
    );
  });

  it('keeps the start of a non-JSON error body as the message', async () => {
    const { fetchFn } = scriptedFetch([
      () =>
        new Response('<html>bad gateway</html>'.repeat(100), { status: 404 }),
    ]);

    const error = await failure(transport(fetchFn).getJson('/x'));

    expect(error.kind).toBe('not-found');
    expect(String(error.body)).toHaveLength(500);
    expect(error.upstreamMessage).toMatch(/^<html>bad gateway/);
  });

  it('retries network failures and names the socket error when it gives up', async () => {
    const refused = () => {
      throw new TypeError('fetch failed', {
        cause: new Error('connect ECONNREFUSED 127.0.0.1:9'),
      });
    };
    const { fetchFn } = scriptedFetch([refused, refused, refused]);

    const error = await failure(transport(fetchFn).getJson('/x'));

    expect(fetchFn).toHaveBeenCalledTimes(3);
    expect(error.kind).toBe('network');
    expect(error.message).toBe(
      'Grafana GET /x could not be sent (3 attempts): fetch failed (connect ECONNREFUSED 127.0.0.1:9)',
    );
  });

  it('reports a 200 with a body that is not JSON as an invalid response', async () => {
    const { fetchFn } = scriptedFetch([
      () => new Response('<html>login</html>'),
    ]);

    const error = await failure(transport(fetchFn).getJson('/x'));

    expect(error.kind).toBe('invalid-response');
    expect(fetchFn).toHaveBeenCalledTimes(1);
  });

  it('times out an attempt and does not retry it', async () => {
    const hanging = (_url: string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () =>
          reject(init.signal!.reason),
        );
      });
    const fetchFn = jest.fn(hanging) as unknown as typeof fetch;

    const error = await failure(
      transport(fetchFn, { timeoutMs: 50 }).getJson('/slow'),
    );

    expect(fetchFn).toHaveBeenCalledTimes(1);
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe('Grafana GET /slow timed out after 50 ms');
  });

  it("rethrows the caller's abort as is, without retrying", async () => {
    const controller = new AbortController();
    const { fetchFn } = scriptedFetch([
      () => {
        controller.abort(new Error('user left'));
        throw controller.signal.reason;
      },
    ]);

    await expect(
      transport(fetchFn).getJson('/x', undefined, {
        signal: controller.signal,
      }),
    ).rejects.toThrow('user left');
    expect(fetchFn).toHaveBeenCalledTimes(1);
  });

  it('waits a jittered, exponentially growing and capped time between attempts', async () => {
    const { fetchFn } = scriptedFetch([
      json(500, {}),
      json(500, {}),
      json(500, {}),
      json(500, {}),
    ]);
    const waits: number[] = [];
    const started: number[] = [];
    const timed: typeof fetch = async (...args) => {
      started.push(performance.now());
      return fetchFn(...args);
    };
    // random() = 0.99: each wait is just under its ceiling: 40, 80, 100 (capped).
    await failure(
      transport(timed, {
        retry: {
          retries: 3,
          baseDelayMs: 40,
          maxDelayMs: 100,
          random: () => 0.99,
        },
      }).getJson('/x'),
    );
    for (let i = 1; i < started.length; i++) {
      waits.push(started[i] - started[i - 1]);
    }

    expect(waits).toHaveLength(3);
    const ceilings = [40, 80, 100];
    waits.forEach((wait, i) => {
      expect(wait).toBeGreaterThanOrEqual(ceilings[i] * 0.99 - 2);
      expect(wait).toBeLessThan(ceilings[i] + 50);
    });
  });
});
