import { sliQueries } from '@internal/plugin-observability-common';
import { shapeDifferences } from '../grafana/sameShape';
import { Sandbox, startSandbox } from '../../server';
import { prometheusSimulator } from '.';

/*
 * specs/examples has no Prometheus file; these are the examples of the
 * Prometheus HTTP API documentation
 * (https://prometheus.io/docs/prometheus/latest/querying/api/), verbatim
 * but for the error text.
 */
const INSTANT_EXAMPLE = {
  status: 'success',
  data: {
    resultType: 'vector',
    result: [
      {
        metric: {
          __name__: 'up',
          job: 'prometheus',
          instance: 'localhost:9090',
        },
        value: [1435781451.781, '1'],
      },
    ],
  },
};
const RANGE_EXAMPLE = {
  status: 'success',
  data: {
    resultType: 'matrix',
    result: [
      {
        metric: {
          __name__: 'up',
          job: 'prometheus',
          instance: 'localhost:9090',
        },
        values: [
          [1435781430.781, '1'],
          [1435781445.781, '1'],
          [1435781460.781, '1'],
        ],
      },
    ],
  },
};
const ERROR_EXAMPLE = {
  status: 'error',
  errorType: 'bad_data',
  error: '<text>',
};
const LABELS = { maps: ['data.result[].metric'] };

const NOW = Date.parse('2026-03-02T12:00:00Z');
const queries = sliQueries({
  service: 'payments-api',
  environment: 'prod',
  byRevision: true,
});

describe('Prometheus simulator, compared with the Prometheus API documentation', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      simulators: [prometheusSimulator({ now: () => NOW })],
    });
  });
  afterAll(() => sandbox.close());

  async function get(path: string, params: Record<string, string>) {
    const res = await fetch(
      `${sandbox.url}/prometheus${path}?${new URLSearchParams(params)}`,
    );
    return { status: res.status, body: await res.json() };
  }

  it('answers an instant query with a vector', async () => {
    const { status, body } = await get('/api/v1/query', {
      query: queries.errorRatio,
    });

    expect(status).toBe(200);
    expect(shapeDifferences(INSTANT_EXAMPLE, body, LABELS)).toEqual([]);
    expect(body.data.result[0].value[0]).toBe(NOW / 1000);
  });

  it('answers a range query with a matrix', async () => {
    const { status, body } = await get('/api/v1/query_range', {
      query: queries.latencyP95,
      start: String(NOW / 1000 - 600),
      end: String(NOW / 1000),
      step: '1m',
    });

    expect(status).toBe(200);
    expect(shapeDifferences(RANGE_EXAMPLE, body, LABELS)).toEqual([]);
    expect(body.data.result[0].values).toHaveLength(11);
  });

  it('reads times as RFC 3339 or unix seconds, and steps as durations or seconds', async () => {
    const rfc = await get('/api/v1/query_range', {
      query: queries.requestRate,
      start: '2026-03-02T11:50:00Z',
      end: '2026-03-02T12:00:00.000Z',
      step: '2m30s',
    });
    const unix = await get('/api/v1/query_range', {
      query: queries.requestRate,
      start: String(NOW / 1000 - 600),
      end: String(NOW / 1000),
      step: '150',
    });

    expect(rfc.body.data.result[0].values).toHaveLength(5);
    expect(unix.body).toEqual(rfc.body);
  });

  it('answers POSTed form parameters like query parameters', async () => {
    const form = await fetch(`${sandbox.url}/prometheus/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        query: queries.requestRate,
        time: String(NOW / 1000),
      }),
    });

    expect(form.status).toBe(200);
    expect(await form.json()).toEqual(
      (await get('/api/v1/query', { query: queries.requestRate })).body,
    );
  });

  it.each([
    [{ query: 'up' }, /^invalid parameter "query": /],
    [{}, /^invalid parameter "query": /],
    [
      { query: queries.requestRate, time: 'yesterday' },
      /^invalid parameter "time": cannot parse "yesterday" to a valid timestamp$/,
    ],
  ])('refuses bad input %j with 400 bad_data', async (params, message) => {
    const { status, body } = await get('/api/v1/query', params);

    expect(status).toBe(400);
    expect(shapeDifferences(ERROR_EXAMPLE, body)).toEqual([]);
    expect(body.errorType).toBe('bad_data');
    expect(body.error).toMatch(message);
  });

  it.each([
    [
      { start: '100', end: '50', step: '10' },
      'end timestamp must not be before start time',
    ],
    [
      { start: '0', end: '100', step: '0' },
      'zero or negative query resolution step widths are not accepted. Try a positive integer',
    ],
    [
      { start: '0', end: '100' },
      'invalid parameter "step": cannot parse "" to a valid duration',
    ],
    [
      { end: '100', step: '10' },
      'invalid parameter "start": cannot parse "" to a valid timestamp',
    ],
  ])('refuses a bad range %j with 400 bad_data', async (range, error) => {
    const { status, body } = await get('/api/v1/query_range', {
      query: queries.requestRate,
      ...range,
    });

    expect(status).toBe(400);
    expect(body).toEqual({ status: 'error', errorType: 'bad_data', error });
  });
});
