import {
  canaryQueries,
  GrafanaClient,
  JaegerClient,
  parseSampleValue,
  PrometheusClient,
  PrometheusVectorSample,
  sliQueries,
  stringAttribute,
} from '..';
import {
  argocdSimulator,
  grafanaSimulator,
  jaegerSimulator,
  prometheusSimulator,
  Sandbox,
  startSandbox,
} from '@internal/sandbox';

/*
 * One story across simulators: a release marked bad in Argo CD makes its
 * canary's error ratio rise in Prometheus, its traces fail in Jaeger and the
 * service's error-rate alert fire in Grafana, while the canary serves.
 */
describe('a bad Argo CD release in Prometheus, Jaeger and Grafana', () => {
  let sandbox: Sandbox;
  // One clock for every simulator, moved by hand (Argo CD ticks are 10 s).
  let clock = Date.parse('2026-03-02T12:00:00Z');
  const service = 'cart-service';
  const environment = 'prod';

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      simulators: [
        argocdSimulator({ tickMs: 0, now: () => new Date(clock) }),
        grafanaSimulator({
          now: () => clock,
          alertTiming: {
            evaluationIntervalMs: 10_000,
            pendingPeriodMs: 30_000,
          },
        }),
        jaegerSimulator({ now: () => clock }),
        prometheusSimulator({ now: () => clock }),
      ],
    });
  });
  afterAll(() => sandbox.close());

  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${sandbox.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBeLessThan(300);
    return res.json();
  };
  const tick = async (ticks = 1) => {
    for (let i = 0; i < ticks; i++) {
      clock += 10_000;
      await post('/argocd/_sandbox/tick', {});
    }
  };
  const prometheus = () =>
    new PrometheusClient({ baseUrl: `${sandbox.url}/prometheus` });
  const byRevision = async (expr: string) =>
    Object.fromEntries(
      (
        (await prometheus().query(expr, { time: new Date(clock) }))
          .result as PrometheusVectorSample[]
      ).map(s => [
        s.metric.rollouts_pod_template_hash,
        parseSampleValue(s.value[1]),
      ]),
    );

  it('follows the canary from release to abort', async () => {
    const before = await byRevision(
      sliQueries({ service, environment, byRevision: true }).requestRate,
    );
    const [stable] = Object.keys(before);
    expect(Object.keys(before)).toHaveLength(1);

    await post('/argocd/_sandbox/release', { service, environment, bad: true });
    // Sync starts, then finishes and shifts 10 % to the canary (then pauses:
    // prod waits for a person).
    await tick(3);

    const errors = await byRevision(
      sliQueries({ service, environment, byRevision: true }).errorRatio,
    );
    const canary = Object.keys(errors).find(r => r !== stable)!;
    expect(Object.keys(errors).sort()).toEqual([canary, stable].sort());
    expect(errors[canary]).toBeGreaterThan(0.4);
    expect(errors[stable]).toBeLessThan(0.02);
    expect(sandbox.world.isRevisionBad(service, environment, canary)).toBe(
      true,
    );
    const rates = await byRevision(
      canaryQueries({ service, environment, canary, stable }).requestRate,
    );
    expect(rates[canary] / (rates[canary] + rates[stable])).toBeCloseTo(0.1, 5);
    const [total] = (
      await prometheus().query(
        sliQueries({ service, environment }).errorRatio,
        {
          time: new Date(clock),
        },
      )
    ).result as PrometheusVectorSample[];
    expect(parseSampleValue(total.value[1])).toBeGreaterThan(0.05);

    // Grafana: pending at once, firing after the 30 s pending period.
    const grafana = new GrafanaClient({
      baseUrl: `${sandbox.url}/grafana`,
      token: 'sandbox-grafana-token',
    });
    const errorRule = async () =>
      (await grafana.listAlertRules({ labels: { service, environment } })).find(
        r => r.name === `${service} error rate (${environment})`,
      )!;
    expect((await errorRule()).state).toBe('pending');
    clock += 40_000;
    expect((await errorRule()).state).toBe('firing');

    // Jaeger: the canary's traces fail far more often than the stable ones.
    // (at 10 % of one trace per 5 s, five minutes hold some 6 canary traces)
    clock += 300_000;
    const jaeger = new JaegerClient({ baseUrl: `${sandbox.url}/jaeger` });
    const data = await jaeger.findTraces({
      service,
      start: new Date(clock - 300_000),
      end: new Date(clock),
      limit: 100,
      attributes: { 'deployment.environment.name': environment },
    });
    const failedByRevision: Record<string, { all: number; failed: number }> =
      {};
    for (const rs of data.resourceSpans ?? []) {
      const revision = stringAttribute(
        rs.resource?.attributes,
        'k8s.pod.labels.rollouts-pod-template-hash',
      );
      if (!revision) continue;
      const spans = (rs.scopeSpans ?? []).flatMap(s => s.spans ?? []);
      const root = spans.find(s => !s.parentSpanId);
      if (!root) continue;
      const entry = (failedByRevision[revision] ??= { all: 0, failed: 0 });
      entry.all += 1;
      entry.failed += root.status?.code === 2 ? 1 : 0;
    }
    expect(Object.keys(failedByRevision).sort()).toEqual(
      [canary, stable].sort(),
    );
    const failedShare = (r: string) =>
      failedByRevision[r].failed / failedByRevision[r].all;
    expect(failedShare(stable)).toBeLessThan(0.05);
    expect(failedShare(canary)).toBeGreaterThan(0.3);

    // A person resumes; the analysis fails and the Rollout aborts: the canary
    // gets no traffic any more and the charts show the stable one alone.
    const resumed = await fetch(
      `${sandbox.url}/argocd/api/v1/applications/${service}-${environment}/resource/actions?group=argoproj.io&kind=Rollout&version=v1alpha1&namespace=${service}&resourceName=${service}`,
      {
        method: 'POST',
        headers: {
          authorization: 'Bearer sandbox-argocd-token',
          'content-type': 'application/json',
        },
        body: JSON.stringify('resume'),
      },
    );
    expect(resumed.status).toBe(200);
    await tick(6);
    const after = await byRevision(
      sliQueries({ service, environment, byRevision: true }).requestRate,
    );
    expect(Object.keys(after)).toEqual([stable]);
  });
});
