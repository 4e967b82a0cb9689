import {
  canaryQueries,
  GrafanaClient,
  JaegerClient,
  parseSampleValue,
  PrometheusClient,
  PrometheusVectorSample,
  sliQueries,
  summarizeTraces,
} from '..';
import {
  DEFAULT_WORLD_DIR,
  grafanaSimulator,
  jaegerSimulator,
  prometheusSimulator,
  Sandbox,
  stableRevision,
  startSandbox,
  World,
} from '@internal/sandbox';

describe('World: bad revisions and service tags', () => {
  let world: World;

  beforeEach(() => {
    world = World.fromCatalogDirectory(DEFAULT_WORLD_DIR);
  });

  it('marks, lists, replaces and clears bad revisions', () => {
    const since = new Date('2026-03-02T11:00:00Z');

    expect(world.markRevisionBad('cart-service', 'prod', 'r1', since)).toEqual({
      service: 'cart-service',
      environment: 'prod',
      revision: 'r1',
      since,
    });
    world.markRevisionBad('cart-service', 'dev', 'r2', since);
    const later = new Date('2026-03-02T12:00:00Z');
    world.markRevisionBad('cart-service', 'prod', 'r1', later);

    expect(world.badRevisions().map(b => [b.environment, b.revision])).toEqual([
      ['dev', 'r2'],
      ['prod', 'r1'],
    ]);
    expect(world.badRevisions('cart-service', 'prod')[0].since).toBe(later);
    expect(world.isRevisionBad('cart-service', 'prod', 'r1')).toBe(true);
    expect(world.isRevisionBad('cart-service', 'prod', 'r1', since)).toBe(
      false,
    );
    expect(world.isRevisionBad('cart-service', 'staging', 'r1')).toBe(false);

    world.clearBadRevision('cart-service', 'prod', 'r1');
    expect(world.badRevisions('cart-service', 'prod')).toEqual([]);
    world.reset();
    expect(world.badRevisions()).toEqual([]);
  });

  it('refuses a service, environment or revision the world does not have', () => {
    expect(() => world.markRevisionBad('ghost', 'prod', 'r1')).toThrow(
      "unknown service 'ghost'",
    );
    expect(() =>
      world.markRevisionBad('cart-service', 'qa' as 'prod', 'r1'),
    ).toThrow("unknown environment 'qa'; known: dev, staging, prod");
    expect(() => world.markRevisionBad('cart-service', 'prod', '')).toThrow(
      'revision must not be empty',
    );
  });

  it('knows the catalog tags of sample services, none of generated ones', () => {
    world.seed(1);

    expect(world.tagsOf('payments-api')).toEqual([
      'typescript',
      'http',
      'postgres',
    ]);
    expect(world.tagsOf('svc-0001')).toEqual([]);
    expect(world.tagsOf('ghost')).toEqual([]);
  });
});

describe('a bad revision, as Prometheus, Grafana and Jaeger tell it', () => {
  const NOW = Date.parse('2026-03-02T12:00:20Z');
  const since = new Date('2026-03-02T11:50:30Z');
  let sandbox: Sandbox;

  beforeAll(async () => {
    const now = () => NOW;
    sandbox = await startSandbox({
      port: 0,
      simulators: [
        grafanaSimulator({ now }),
        jaegerSimulator({ now }),
        prometheusSimulator({ now }),
      ],
    });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => fetch(`${sandbox.url}/admin/reset`, { method: 'POST' }));

  const hook = (method: string, body: unknown) =>
    fetch(`${sandbox.url}/prometheus/_sandbox/bad-revisions`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('is marked and cleared through /prometheus/_sandbox/bad-revisions', async () => {
    const mark = {
      service: 'payments-api',
      environment: 'prod',
      revision: 'c4n4ry',
      since: since.toISOString(),
    };

    const created = await hook('POST', mark);
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual(mark);
    expect(sandbox.world.isRevisionBad('payments-api', 'prod', 'c4n4ry')).toBe(
      true,
    );

    const listed = await fetch(
      `${sandbox.url}/prometheus/_sandbox/bad-revisions`,
    );
    expect(await listed.json()).toEqual([mark]);

    const cleared = await hook('DELETE', mark);
    expect(await cleared.json()).toEqual([]);
  });

  it.each([
    [
      { service: 'ghost', environment: 'prod', revision: 'x' },
      "unknown service 'ghost'",
    ],
    [
      { service: 'payments-api', environment: 'qa', revision: 'x' },
      /^environment: /,
    ],
    [{ service: 'payments-api', environment: 'prod' }, /^revision: /],
    [
      {
        service: 'payments-api',
        environment: 'prod',
        revision: 'x',
        since: 'soon',
      },
      /^since: /,
    ],
  ])('refuses the mark %j with 400', async (body, message) => {
    const res = await hook('POST', body);

    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(message);
  });

  it('shows in metrics, alerts and traces alike, from its mark on', async () => {
    await hook('POST', {
      service: 'payments-api',
      environment: 'prod',
      revision: 'c4n4ry',
      since: since.toISOString(),
    });
    const stable = stableRevision('payments-api', 'prod');
    const prometheus = new PrometheusClient({
      baseUrl: `${sandbox.url}/prometheus`,
    });
    const grafana = new GrafanaClient({
      baseUrl: `${sandbox.url}/grafana`,
      token: 'sandbox-grafana-token',
    });
    const jaeger = new JaegerClient({ baseUrl: `${sandbox.url}/jaeger` });
    const payments = { service: 'payments-api', environment: 'prod' };
    const errorRatio = async (expr: string, time: Date) =>
      Object.fromEntries(
        (
          (await prometheus.query(expr, { time }))
            .result as PrometheusVectorSample[]
        ).map(s => [
          s.metric.rollouts_pod_template_hash ?? 'all',
          parseSampleValue(s.value[1]),
        ]),
      );

    // Prometheus: the canary fails, the stable revision does not.
    const canary = canaryQueries({ ...payments, canary: 'c4n4ry', stable });
    const now = await errorRatio(canary.errorRatio, new Date(NOW));
    expect(now.c4n4ry).toBeGreaterThan(0.25);
    expect(now[stable]).toBeLessThan(0.01);
    const before = await errorRatio(
      canary.errorRatio,
      new Date(since.getTime() - 1000),
    );
    expect(Object.keys(before)).toEqual([stable]);

    // Grafana: pending from the first evaluation after the mark (11:51), firing 5 minutes later.
    const [rule] = await grafana.listAlertRules({ labels: payments });
    expect(rule).toMatchObject({
      name: 'payments-api error rate (prod)',
      state: 'firing',
      activeAt: '2026-03-02T11:56:00.000Z',
    });
    // ...because the error ratio was above the threshold at every evaluation since.
    for (let t = Date.parse('2026-03-02T11:51:00Z'); t <= NOW; t += 60_000) {
      const total = await errorRatio(
        sliQueries(payments).errorRatio,
        new Date(t),
      );
      expect(total.all).toBeGreaterThan(0.05);
    }
    const at1150 = await errorRatio(
      sliQueries(payments).errorRatio,
      new Date('2026-03-02T11:50:00Z'),
    );
    expect(at1150.all).toBeLessThan(0.05);

    // Jaeger: the canary's traces carry errors, and none started before the mark.
    const rows = summarizeTraces(
      await jaeger.findTraces({
        service: 'payments-api',
        start: new Date(NOW - 3_600_000),
        end: new Date(NOW),
        limit: 200,
        attributes: { 'k8s.pod.labels.rollouts-pod-template-hash': 'c4n4ry' },
      }),
    );
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.some(r => r.error)).toBe(true);
    expect(
      Math.min(...rows.map(r => Date.parse(r.startTime))),
    ).toBeGreaterThanOrEqual(since.getTime());
  });
});
