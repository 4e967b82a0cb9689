import {
  startTestActionsRegistry,
  TestActionsRegistry,
} from '@internal/test-databases';
import { OUTSIDER, startTestApp, TestApp } from '../__testUtils__/testApp';
import { createObservabilityActions } from './createObservabilityActions';

const NOON = Date.parse('2026-03-02T12:00:00Z');
const LENA = 'user:default/lena.fischer';

describe('observability actions, through the actions registry', () => {
  let app: TestApp;
  let registry: TestActionsRegistry;

  beforeAll(async () => {
    app = await startTestApp({ now: NOON, timeoutMs: 3000 });
    registry = await startTestActionsRegistry({
      pluginId: 'observability',
      register: r =>
        createObservabilityActions({ registry: r, ...app.routerOptions }),
    });
  });
  afterAll(async () => {
    await registry.close();
    await app.close();
  });
  beforeEach(() => app.reset());

  it('registers read-only actions', async () => {
    const actions = await registry.list();
    expect(actions.map(a => [a.id, a.attributes])).toEqual([
      [
        'observability:get-slis',
        { readOnly: true, idempotent: true, destructive: false },
      ],
      [
        'observability:list-error-traces',
        { readOnly: true, idempotent: true, destructive: false },
      ],
    ]);
  });

  it('gives the latest SLIs per environment, the series only when asked', async () => {
    const res = await registry.invoke(
      'observability:get-slis',
      { entity: 'payments-api', window: '1h' },
      LENA,
    );
    expect(res.status).toBe(200);
    expect(res.output.environments.map((e: any) => e.environment)).toEqual([
      'dev',
      'staging',
      'prod',
    ]);
    const prod = res.output.environments[2];
    expect(prod.series).toBeUndefined();
    expect(prod.latest.errorRatio.total).toBeLessThan(0.02);
    expect(prod.latest.latencyP99.total).toBeGreaterThan(
      prod.latest.latencyP95.total,
    );
    const series = await registry.invoke(
      'observability:get-slis',
      { entity: 'payments-api', environment: 'prod', includeSeries: true },
      LENA,
    );
    expect(series.output.environments).toHaveLength(1);
    expect(
      series.output.environments[0].series.errorRatio[0].points,
    ).toHaveLength(121);
  });

  it('lists recent failed traces only', async () => {
    const res = await registry.invoke(
      'observability:list-error-traces',
      { entity: 'payments-api', environment: 'prod', window: '15m', limit: 5 },
      LENA,
    );
    expect(res.status).toBe(200);
    expect(res.output.errorsOnly).toBe(true);
    expect(res.output.traces.length).toBeGreaterThan(0);
    expect(res.output.traces.length).toBeLessThanOrEqual(5);
    expect(
      res.output.traces.every((t: any) => t.error && t.errorSpanCount > 0),
    ).toBe(true);
  });

  it('is 404 for a user who cannot read the entity, and asks nobody upstream', async () => {
    for (const id of [
      'observability:get-slis',
      'observability:list-error-traces',
    ]) {
      const res = await registry.invoke(
        id,
        { entity: 'payments-api' },
        OUTSIDER,
      );
      expect(res).toEqual({
        status: 404,
        error: {
          name: 'NotFoundError',
          message: 'No entity component:default/payments-api that you can read',
        },
      });
    }
    const calls = await app.calls();
    expect(Object.values(calls).flatMap(c => Object.keys(c))).toEqual([]);
  });

  it('refuses bad input, and says which system is down', async () => {
    const env = await registry.invoke('observability:get-slis', {
      entity: 'payments-api',
      environment: 'qa',
    });
    expect(env.error?.message).toBe(
      'environment: must be one of dev, staging, prod',
    );
    const window = await registry.invoke('observability:list-error-traces', {
      entity: 'payments-api',
      window: '2y',
    });
    expect(window.status).toBe(400);
    expect(window.error?.message).toMatch(/^window: must be one of 15m, 1h/);
    const limit = await registry.invoke('observability:list-error-traces', {
      entity: 'payments-api',
      limit: 1000,
    });
    expect(limit.error?.message).toBe('limit: must be between 1 and 100');

    await app.fault('jaeger', { status: 503 });
    const down = await registry.invoke('observability:list-error-traces', {
      entity: 'payments-api',
      window: '15m',
    });
    expect(down.status).toBe(503);
    expect(down.error?.name).toBe('ServiceUnavailableError');
    expect(down.error?.message).toMatch(/Jaeger/);
  });
});
