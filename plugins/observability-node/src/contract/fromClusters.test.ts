import fs from 'node:fs';
import path from 'node:path';
import { targetPaths } from '@backstage/cli-common';
import type {
  GrafanaDashboardResponse,
  GrafanaSearchHit,
} from '@internal/api-grafana';
import type { PrometheusVectorSample } from '@internal/api-prometheus';
import { sliQueries } from '@internal/plugin-observability-common';
import {
  chartObjects,
  grafanaSimulator,
  jaegerSimulator,
  prometheusSimulator,
  Sandbox,
  shapeDifferences,
  startSandbox,
  Workload,
  workloadOf,
} from '@internal/sandbox';
import { GrafanaClient } from '../grafana/GrafanaClient';
import { JaegerClient } from '../jaeger/JaegerClient';
import {
  parseSampleValue,
  PrometheusClient,
} from '../prometheus/PrometheusClient';

/** The Grafana examples of specs/ (beside the repository). */
const examples = () =>
  JSON.parse(
    fs.readFileSync(
      path.resolve(
        targetPaths.rootDir,
        '..',
        'shared',
        'specs',
        'examples',
        'grafana-examples.json',
      ),
      'utf8',
    ),
  );

/*
 * Grafana, Prometheus and Jaeger over what runs in the clusters: a service
 * that only a deployer knows (no catalog entry, as one created in the
 * portal) and a sample service, both deployed with the objects the service
 * chart renders.
 */
describe('observability of what the clusters run', () => {
  let sandbox: Sandbox;
  let clock = Date.parse('2026-03-02T12:00:00Z');
  /** What the fake deployer runs per environment; tests change it. */
  let deployed: Record<string, Workload[]> = {};
  const TOKEN = 'sandbox-grafana-token';

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      simulators: [
        grafanaSimulator({
          now: () => clock,
          alertTiming: {
            evaluationIntervalMs: 10_000,
            pendingPeriodMs: 30_000,
          },
        }),
        prometheusSimulator({ now: () => clock }),
        jaegerSimulator({ now: () => clock }),
      ],
    });
    sandbox.world.clusters.addSource({
      workloads: cluster => deployed[cluster] ?? [],
    });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await fetch(`${sandbox.url}/admin/reset`, { method: 'POST' });
    deployed = {};
    for (const environment of ['dev', 'prod']) {
      deployed[environment] = [
        workloadOf(
          'walk-orders',
          chartObjects({
            service: 'walk-orders',
            environment,
            env: ['DATABASE_HOST', 'DATABASE_SECRET_ARN'],
          }),
        ),
      ];
    }
  });

  const grafana = () =>
    new GrafanaClient({ baseUrl: `${sandbox.url}/grafana`, token: TOKEN });
  const get = async (p: string) =>
    (
      await fetch(`${sandbox.url}/grafana${p}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      })
    ).json();

  it('lists the dashboards of the ConfigMaps labelled grafana_dashboard, in their folder', async () => {
    const hits: GrafanaSearchHit[] = await grafana().searchDashboards({
      tags: ['walk-orders'],
    });

    expect(hits.map(h => [h.title, h.folderTitle])).toEqual([
      ['walk-orders overview (dev)', 'Payments'],
      ['walk-orders overview (prod)', 'Payments'],
    ]);
    expect(hits[0].uid).toBe('walk-orders-dev');
    expect(hits[0].tags).toContain('environment:dev');

    const { dashboard, meta } = await grafana().getDashboard(
      'walk-orders-prod',
    );
    expect(dashboard.panels.map(p => p.title)).toEqual([
      'Request rate',
      'Error ratio',
      'Latency',
      'Error ratio by revision',
    ]);
    expect(dashboard.panels[1].targets?.[0].expr).toBe(
      sliQueries({ service: 'walk-orders', environment: 'prod' }).errorRatio,
    );
    expect(meta).toMatchObject({ folderTitle: 'Payments', canEdit: false });
  });

  it('answers a provisioned dashboard in the shape of the Grafana examples', async () => {
    const body: GrafanaDashboardResponse = await get(
      '/api/dashboards/uid/walk-orders-dev',
    );

    expect(
      shapeDifferences(
        examples()['GET /api/dashboards/uid/{uid}'].response_200,
        body,
        {
          extras: {
            dashboard: {
              editable: 'the chart provisions read-only dashboards',
              time: 'the default time range of the dashboard',
            },
            meta: {
              provisioned: 'set by Grafana for provisioned dashboards',
              provisionedExternalId: 'the file the sidecar wrote',
            },
          },
        },
      ),
    ).toEqual([]);
  });

  it('answers the rules of PrometheusRules in the shape of the Grafana examples', async () => {
    const example = examples()['GET /api/prometheus/grafana/api/v1/rules'];
    const body = await get('/api/prometheus/grafana/api/v1/rules');
    const groups = body.data.groups.filter(
      (g: any) => g.name === 'walk-orders-slo',
    );
    expect(groups).toHaveLength(1);

    const rule = 'data.groups[].rules[]';
    expect(
      shapeDifferences(
        example.response_200,
        { ...body, data: { ...body.data, groups } },
        {
          maps: [
            'data.totals',
            'data.groups[].totals',
            `${rule}.labels`,
            `${rule}.annotations`,
            `${rule}.alerts[].labels`,
            `${rule}.alerts[].annotations`,
          ],
          extras: {
            [rule]: {
              uid: 'Grafana 11+: the rule page is /alerting/grafana/<uid>/view',
              folderUid: 'Grafana 11+',
              totals: 'instances per state (prom.go AlertingRule.Totals)',
            },
          },
        },
      ),
    ).toEqual([]);
  });

  it('keeps a built-in dashboard for services whose clusters hold none', async () => {
    const hits = await grafana().searchDashboards({ tags: ['payments-api'] });

    expect(hits.map(h => h.title)).toEqual(['payments-api overview']);
  });

  it("replaces a sample service's built-in dashboard and rules with its chart's", async () => {
    deployed.prod = [
      ...deployed.prod,
      workloadOf(
        'cart-service',
        chartObjects({ service: 'cart-service', environment: 'prod' }),
      ),
    ];

    const hits = await grafana().searchDashboards({ tags: ['cart-service'] });
    const rules = await grafana().listAlertRules({
      labels: { service: 'cart-service' },
    });

    expect(hits.map(h => h.title)).toEqual(['cart-service overview (prod)']);
    expect(rules.map(r => r.name).sort()).toEqual([
      'cart-service error rate (prod)',
      'cart-service p99 latency (prod)',
    ]);
  });

  it('serves the PrometheusRule groups as alert rules, one group for all environments', async () => {
    const rules = await grafana().listAlertRules({
      labels: { service: 'walk-orders' },
    });

    expect(
      rules.map(r => [r.name, r.group, r.folder, r.state, r.labels.severity]),
    ).toEqual([
      [
        'walk-orders error rate (dev)',
        'walk-orders-slo',
        'Payments',
        'inactive',
        'warning',
      ],
      [
        'walk-orders p99 latency (dev)',
        'walk-orders-slo',
        'Payments',
        'inactive',
        'warning',
      ],
      [
        'walk-orders error rate (prod)',
        'walk-orders-slo',
        'Payments',
        'inactive',
        'critical',
      ],
      [
        'walk-orders p99 latency (prod)',
        'walk-orders-slo',
        'Payments',
        'inactive',
        'critical',
      ],
    ]);
    expect(rules[0].query).toBe(
      `(${
        sliQueries({ service: 'walk-orders', environment: 'dev' }).errorRatio
      }) > 0.05`,
    );
    expect(rules[0].annotations.summary).toBe(
      'More than 5% of walk-orders requests fail in dev',
    );
    // The sandbox's 30 s replace the chart's `for: 5m`.
    expect(rules[0].forSeconds).toBe(30);
  });

  it("takes the chart's error-rate rule to pending, then firing, on a bad canary's series", async () => {
    const service = 'cart-service';
    deployed.prod = [
      workloadOf(service, chartObjects({ service, environment: 'prod' })),
    ];
    const errorRule = async () =>
      (
        await grafana().listAlertRules({
          labels: { service, environment: 'prod' },
        })
      ).find(r => r.name === `${service} error rate (prod)`)!;
    expect((await errorRule()).state).toBe('inactive');

    sandbox.world.markRevisionBad(
      service,
      'prod',
      'b4dc4n4ry',
      new Date(clock),
    );
    clock += 10_000;
    const pending = await errorRule();
    expect(pending.state).toBe('pending');
    expect(Number(pending.alerts[0].value)).toBeGreaterThan(0.05);
    clock += 40_000;
    expect((await errorRule()).state).toBe('firing');
  });

  it('reports a rule it cannot evaluate as unhealthy and skips a dashboard that is no JSON', async () => {
    const [configMap, rule, rollout] = chartObjects({
      service: 'broken',
      environment: 'dev',
    }) as any[];
    configMap.data = { 'broken.json': '{ not json' };
    rule.spec.groups[0].rules[0].expr = 'up == 0';
    deployed.dev = [
      ...deployed.dev,
      workloadOf('broken', [configMap, rule, rollout]),
      {
        namespace: 'crashing',
        commonLabels: {},
        objects: () => {
          throw new Error('cannot render');
        },
      },
    ];

    const rules = await grafana().listAlertRules({
      labels: { service: 'broken' },
    });
    const hits = await grafana().searchDashboards({ tags: ['broken'] });

    expect(rules.map(r => [r.name, r.health])).toEqual([
      ['broken error rate (dev)', 'error'],
      ['broken p99 latency (dev)', 'ok'],
    ]);
    // No dashboard of its own, so the built-in one.
    expect(hits.map(h => h.title)).toEqual(['broken overview']);
    // Every other service is still served.
    expect(
      await grafana().searchDashboards({ tags: ['walk-orders'] }),
    ).toHaveLength(2);
  });

  it('serves the SLIs of a deployed service where it runs, and only there', async () => {
    const prometheus = new PrometheusClient({
      baseUrl: `${sandbox.url}/prometheus`,
    });
    const at = async (environment: string) =>
      (
        await prometheus.query(
          sliQueries({ service: 'walk-orders', environment }).requestRate,
          { time: new Date(clock) },
        )
      ).result as PrometheusVectorSample[];

    const [dev] = await at('dev');
    expect(parseSampleValue(dev.value[1])).toBeGreaterThan(0);
    expect(await at('staging')).toEqual([]);
  });

  it("traces a deployed service with the backends its deployment's env names", async () => {
    const jaeger = new JaegerClient({ baseUrl: `${sandbox.url}/jaeger` });

    expect(await jaeger.getServices()).toContain('walk-orders');
    const data = await jaeger.findTraces({
      service: 'walk-orders',
      start: new Date(clock - 3_600_000),
      end: new Date(clock),
      limit: 50,
    });
    const spans = (data.resourceSpans ?? []).flatMap(rs =>
      (rs.scopeSpans ?? []).flatMap(s => s.spans ?? []),
    );
    const systems = new Set(
      spans.flatMap(s =>
        (s.attributes ?? [])
          .filter(a => a.key === 'db.system.name')
          .map(a => a.value.stringValue),
      ),
    );
    expect(spans.length).toBeGreaterThan(0);
    expect([...systems]).toEqual(['postgresql']);
    const environments = new Set(
      (data.resourceSpans ?? []).flatMap(rs =>
        (rs.resource?.attributes ?? [])
          .filter(a => a.key === 'deployment.environment.name')
          .map(a => a.value.stringValue),
      ),
    );
    expect([...environments].sort()).toEqual(['dev', 'prod']);
  });
});
