import {
  ObservabilitySandbox,
  startObservabilitySandbox,
} from '../__testUtils__/observabilitySandbox';
import {
  parseSampleValue,
  PrometheusClient,
  PrometheusClientOptions,
} from './PrometheusClient';
import {
  canaryQueries,
  sliQueries,
} from '@internal/plugin-observability-common';
import { PrometheusVectorSample } from '@internal/api-prometheus';
import { failure } from '../__testUtils__/failure';

const NOON = new Date('2026-03-02T12:00:00Z');
const payments = { service: 'payments-api', environment: 'prod' };

describe('PrometheusClient against the Prometheus simulator', () => {
  let env: ObservabilitySandbox;

  beforeAll(async () => {
    env = await startObservabilitySandbox({ now: () => NOON.getTime() });
  });
  afterAll(() => env.close());
  beforeEach(() => env.reset());

  const client = (options: Partial<PrometheusClientOptions> = {}) =>
    new PrometheusClient({
      baseUrl: `${env.url}/prometheus`,
      retry: { baseDelayMs: 1 },
      ...options,
    });

  async function vector(expr: string, time = NOON) {
    const data = await client().query(expr, { time });
    expect(data.resultType).toBe('vector');
    return data.result as PrometheusVectorSample[];
  }

  it('answers each SLI of a healthy service with one plausible sample', async () => {
    const queries = sliQueries(payments);
    const value = async (expr: string) => {
      const [sample, ...rest] = await vector(expr);
      expect(rest).toEqual([]);
      expect(sample.metric).toEqual({});
      expect(sample.value[0]).toBe(NOON.getTime() / 1000);
      return parseSampleValue(sample.value[1]);
    };

    const rate = await value(queries.requestRate);
    const errors = await value(queries.errorRatio);
    const p95 = await value(queries.latencyP95);
    const p99 = await value(queries.latencyP99);

    expect(rate).toBeGreaterThan(10);
    expect(errors).toBeGreaterThan(0);
    expect(errors).toBeLessThan(0.02);
    expect(p95).toBeGreaterThan(0.01);
    expect(p99).toBeGreaterThan(p95);
    expect(p99).toBeLessThan(1);
  });

  it('compares a bad canary with its stable revision, one series each', async () => {
    const stable = (
      await vector(sliQueries({ ...payments, byRevision: true }).requestRate)
    )[0].metric.rollouts_pod_template_hash;
    env.sandbox.world.markRevisionBad(
      'payments-api',
      'prod',
      'c4n4ry',
      new Date(NOON.getTime() - 600_000),
    );
    const queries = canaryQueries({ ...payments, canary: 'c4n4ry', stable });

    const byRevision = async (expr: string) =>
      Object.fromEntries(
        (await vector(expr)).map(s => [
          s.metric.rollouts_pod_template_hash,
          parseSampleValue(s.value[1]),
        ]),
      );
    const errors = await byRevision(queries.errorRatio);
    const rates = await byRevision(queries.requestRate);
    const p99 = await byRevision(queries.latencyP99);

    expect(Object.keys(errors).sort()).toEqual(['c4n4ry', stable].sort());
    expect(errors.c4n4ry).toBeGreaterThan(0.2);
    expect(errors[stable]).toBeLessThan(0.02);
    // The canary takes a quarter of the traffic.
    expect(rates.c4n4ry / (rates.c4n4ry + rates[stable])).toBeCloseTo(0.25, 5);
    expect(p99.c4n4ry).toBeGreaterThan(p99[stable]);

    // The service's error ratio as a whole rises above the alert's 5 %.
    const [total] = await vector(sliQueries(payments).errorRatio);
    expect(parseSampleValue(total.value[1])).toBeGreaterThan(0.05);
  });

  it('answers a range query with a point per step, and a bad revision only from its mark on', async () => {
    const since = new Date(NOON.getTime() - 5 * 60_000);
    env.sandbox.world.markRevisionBad('payments-api', 'prod', 'c4n4ry', since);
    const start = new Date(NOON.getTime() - 10 * 60_000);

    const data = await client().queryRange(
      sliQueries({ ...payments, byRevision: true }).errorRatio,
      { start, end: NOON, stepSeconds: 60 },
    );

    expect(data.resultType).toBe('matrix');
    expect(data.warnings).toEqual([]);
    const bad = data.result.find(
      s => s.metric.rollouts_pod_template_hash === 'c4n4ry',
    )!;
    const stable = data.result.find(s => s !== bad)!;
    expect(stable.values.map(([t]) => t)).toEqual(
      Array.from({ length: 11 }, (_, i) => start.getTime() / 1000 + i * 60),
    );
    expect(bad.values.map(([t]) => t)).toEqual(
      Array.from({ length: 6 }, (_, i) => since.getTime() / 1000 + i * 60),
    );
  });

  it('has no series for a service Prometheus does not know', async () => {
    expect(
      await vector(sliQueries({ ...payments, service: 'ghost' }).requestRate),
    ).toEqual([]);
  });

  it("maps a query Prometheus refuses to bad-request with Prometheus' explanation", async () => {
    const error = await failure(client().query('up'));

    expect(error).toMatchObject({ kind: 'bad-request', status: 400 });
    expect(error.upstreamMessage).toMatch(
      /^bad_data: invalid parameter "query": /,
    );
    expect(error.message).toMatch(
      /^Prometheus GET \/api\/v1\/query failed with HTTP 400: bad_data: /,
    );
  });

  it('maps a range of too many points to bad-request', async () => {
    const error = await failure(
      client().queryRange(sliQueries(payments).requestRate, {
        start: new Date(0),
        end: NOON,
        stepSeconds: 1,
      }),
    );

    expect(error.upstreamMessage).toBe(
      'bad_data: exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
    );
  });

  it('retries a 502, and times out a slow Prometheus', async () => {
    await env.fault('prometheus', { status: 502, times: 2 });
    await expect(
      client().query(sliQueries(payments).requestRate),
    ).resolves.toMatchObject({ resultType: 'vector' });
    expect(await env.calls('prometheus')).toEqual({ 'GET /api/v1/query': 3 });

    await env.fault('prometheus', { latencyMs: 400 });
    const error = await failure(
      client({ timeoutMs: 100 }).query(sliQueries(payments).requestRate),
    );
    expect(error.kind).toBe('timeout');
  });
});

describe('parseSampleValue', () => {
  it('reads the special values Prometheus writes', () => {
    expect(parseSampleValue('0.25')).toBe(0.25);
    expect(parseSampleValue('+Inf')).toBe(Infinity);
    expect(parseSampleValue('-Inf')).toBe(-Infinity);
    expect(parseSampleValue('NaN')).toBeNaN();
  });
});
