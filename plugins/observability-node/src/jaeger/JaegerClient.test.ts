import {
  ObservabilitySandbox,
  startObservabilitySandbox,
} from '../__testUtils__/observabilitySandbox';
import { JaegerClient, JaegerClientOptions, TraceSearch } from './JaegerClient';
import { stringAttribute, summarizeTraces } from './summarizeTraces';
import { OtlpTracesData } from '@internal/api-jaeger';
import { failure } from '../__testUtils__/failure';

const NOON = Date.parse('2026-03-02T12:00:00Z');
const LAST_HOUR = {
  start: new Date(NOON - 3_600_000),
  end: new Date(NOON),
};
const REVISION_LABEL = 'k8s.pod.labels.rollouts-pod-template-hash';

describe('JaegerClient against the Jaeger simulator', () => {
  let env: ObservabilitySandbox;

  beforeAll(async () => {
    env = await startObservabilitySandbox({ now: () => NOON });
  });
  afterAll(() => env.close());
  beforeEach(() => env.reset());

  const client = (options: Partial<JaegerClientOptions> = {}) =>
    new JaegerClient({
      baseUrl: `${env.url}/jaeger`,
      publicUrl: 'https://jaeger.example.com',
      retry: { baseDelayMs: 1 },
      ...options,
    });

  const search = (extra: Partial<TraceSearch> = {}): TraceSearch => ({
    service: 'payments-api',
    ...LAST_HOUR,
    ...extra,
  });

  /** Resource attribute values of every trace in the answer. */
  const resourceValues = (data: OtlpTracesData, key: string) =>
    (data.resourceSpans ?? []).map(rs =>
      stringAttribute(rs.resource?.attributes, key),
    );

  it("lists the world's services", async () => {
    expect(await client().getServices()).toEqual([
      'cart-service',
      'fraud-detector',
      'ledger-service',
      'notification-worker',
      'payments-api',
      'search-service',
      'storefront-web',
    ]);
  });

  it("lists a service's operations, optionally of one span kind", async () => {
    const jaeger = client();

    expect(await jaeger.getOperations('cart-service')).toEqual([
      { name: 'GET', spanKind: 'client' },
      { name: 'GET /cart', spanKind: 'server' },
      { name: 'GET /cart/{id}', spanKind: 'server' },
      { name: 'POST /cart', spanKind: 'server' },
    ]);
    expect(
      await jaeger.getOperations('notification-worker', {
        spanKind: 'producer',
      }),
    ).toEqual([{ name: 'send notification-events', spanKind: 'producer' }]);
    expect(await jaeger.getOperations('no-such-service')).toEqual([]);
  });

  it('finds the newest traces of a service, summarized per trace', async () => {
    const data = await client().findTraces(search({ limit: 10 }));
    const rows = summarizeTraces(data);

    expect(rows).toHaveLength(10);
    const starts = rows.map(r => Date.parse(r.startTime));
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    for (const row of rows) {
      expect(row.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(row.rootService).toBe('payments-api');
      expect([
        'GET /payments',
        'GET /payments/{id}',
        'POST /payments',
      ]).toContain(row.rootOperation);
      // The server span and its database call (payments-api is tagged postgres).
      expect(row.spanCount).toBe(2);
      expect(row.durationMs).toBeGreaterThan(0);
      expect(Date.parse(row.startTime)).toBeGreaterThanOrEqual(
        LAST_HOUR.start.getTime(),
      );
      expect(Date.parse(row.startTime)).toBeLessThan(NOON);
    }
    // Deterministic: the same search gives the same traces.
    expect(
      summarizeTraces(await client().findTraces(search({ limit: 10 }))),
    ).toEqual(rows);
  });

  it('filters by operation, duration and resource attributes', async () => {
    const jaeger = client();

    const posts = summarizeTraces(
      await jaeger.findTraces(
        search({ operation: 'POST /payments', limit: 20 }),
      ),
    );
    expect(posts.length).toBe(20);
    expect(new Set(posts.map(r => r.rootOperation))).toEqual(
      new Set(['POST /payments']),
    );

    const slow = summarizeTraces(
      await jaeger.findTraces(search({ minDurationMs: 60, limit: 20 })),
    );
    expect(slow.length).toBeGreaterThan(0);
    expect(slow.every(r => r.durationMs >= 60)).toBe(true);

    const staging = await jaeger.findTraces(
      search({ attributes: { 'deployment.environment.name': 'staging' } }),
    );
    const environments = resourceValues(staging, 'deployment.environment.name');
    expect(environments.length).toBe(20);
    expect(new Set(environments)).toEqual(new Set(['staging']));
  });

  it('answers an empty search with no traces instead of an error', async () => {
    const data = await client().findTraces(
      search({ attributes: { 'deployment.environment.name': 'qa' } }),
    );

    expect(data).toEqual({ resourceSpans: [] });
    expect(summarizeTraces(data)).toEqual([]);
  });

  it('gets a trace by id, and not-found for one Jaeger does not have', async () => {
    const jaeger = client();
    const [row] = summarizeTraces(
      await jaeger.findTraces(search({ limit: 1 })),
    );

    const trace = await jaeger.getTrace(row.traceId);

    expect(summarizeTraces(trace)).toEqual([row]);
    const error = await failure(
      jaeger.getTrace('0123456789abcdef0123456789abcdef'),
    );
    expect(error).toMatchObject({
      kind: 'not-found',
      status: 404,
      upstreamMessage: 'No traces found',
    });
  });

  it('maps a malformed id and an empty window to bad-request with the gateway message', async () => {
    const jaeger = client();

    const badId = await failure(jaeger.getTrace('not-a-trace-id!'));
    expect(badId).toMatchObject({ kind: 'bad-request', status: 400 });
    expect(badId.upstreamMessage).toMatch(/^malformed parameter trace_id: /);

    const badWindow = await failure(
      jaeger.findTraces(search({ start: LAST_HOUR.end })),
    );
    expect(badWindow.upstreamMessage).toBe(
      'query.startTimeMin must be before query.startTimeMax',
    );
  });

  it('shows errors in the traces of a revision marked bad, from its mark on', async () => {
    const badSince = NOON - 30 * 60_000;
    env.sandbox.world.markRevisionBad(
      'payments-api',
      'prod',
      'b4drev1s10n',
      new Date(badSince),
    );
    const jaeger = client();

    const badTraces = await jaeger.findTraces(
      search({ attributes: { [REVISION_LABEL]: 'b4drev1s10n' }, limit: 200 }),
    );
    const bad = summarizeTraces(badTraces);
    // A canary gets a quarter of prod's traffic: about 90 of 360 traces.
    expect(bad.length).toBeGreaterThan(50);
    expect(bad.every(r => Date.parse(r.startTime) >= badSince)).toBe(true);
    const badErrorShare = bad.filter(r => r.error).length / bad.length;
    // About the simulator's BAD_REVISION_ERROR_RATIO (0.6).
    expect(badErrorShare).toBeGreaterThan(0.4);
    expect(badErrorShare).toBeLessThan(0.8);
    // A failed request marks its server span and the database call that broke it.
    const failed = bad.find(r => r.error)!;
    expect(failed.errorSpanCount).toBe(2);

    const prod = summarizeTraces(
      await jaeger.findTraces(
        search({
          attributes: { 'deployment.environment.name': 'prod' },
          limit: 200,
        }),
      ),
    );
    const stable = prod.filter(r => !bad.some(b => b.traceId === r.traceId));
    expect(stable.filter(r => r.error).length / stable.length).toBeLessThan(
      0.05,
    );
  });

  it('retries a 503 and times out a slow Jaeger', async () => {
    await env.fault('jaeger', { status: 503, times: 1 });
    expect(await client().getServices()).toHaveLength(7);
    expect(await env.calls('jaeger')).toEqual({ 'GET /api/v3/services': 2 });

    await env.fault('jaeger', { latencyMs: 400 });
    const error = await failure(client({ timeoutMs: 100 }).getServices());
    expect(error.kind).toBe('timeout');
  });

  it('links to the Jaeger UI', () => {
    const jaeger = client();

    expect(jaeger.traceUrl('abc')).toBe('https://jaeger.example.com/trace/abc');
    expect(
      jaeger.searchUrl({ service: 'payments-api', operation: 'GET /payments' }),
    ).toBe(
      'https://jaeger.example.com/search?service=payments-api&operation=GET+%2Fpayments&lookback=1h',
    );
  });
});
