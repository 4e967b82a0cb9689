/*
 * The loop from the chart to Grafana: the service chart is rendered with
 * real Helm for each environment, its objects run in the sandbox's clusters
 * (a stand-in deployer reports them, as the Argo CD simulator does), and
 * the sandbox's Grafana, Prometheus and Jaeger serve the service from them:
 * the chart's dashboard and alert rules, SLIs for every PromQL expression
 * they hold, and traces of the backends its containers are wired to.
 */
import type { JsonObject } from '@backstage/types';
import {
  grafanaSimulator,
  jaegerSimulator,
  prometheusSimulator,
  startSandbox,
  type KubeObject,
  type Sandbox,
} from '@internal/sandbox';
import { join } from 'node:path';
import { FORM_CASES } from './__testUtils__/cases';
import { fillForm } from './__testUtils__/form';
import { helmTemplate } from './__testUtils__/helm';
import { parseManifests } from './__testUtils__/manifests';
import {
  loadTemplate,
  runTemplate,
  type TemplateRun,
} from './__testUtils__/scaffolder';

jest.setTimeout(60_000);

const GRAFANA_TOKEN = 'sandbox-grafana-token';

/** The chart of a form case, rendered by Helm per environment, as a deployer runs it. */
async function renderedObjects(
  typed: JsonObject,
  environments: string[],
): Promise<{ run: TemplateRun; objects: Map<string, KubeObject[]> }> {
  const template = await loadTemplate();
  const run = await runTemplate(template, fillForm(template, typed));
  const name = typed.name as string;
  const chartDir = join(run.workspacePath, 'chart');
  const objects = new Map<string, KubeObject[]>();
  for (const environment of environments) {
    const result = await helmTemplate({
      chartDir,
      environment,
      releaseName: name,
      namespace: name,
      set: {
        'image.tag': '3f2a9c1',
        'provisioned.roleArn': `arn:aws:iam::111111111111:role/${name}`,
      },
    });
    if (!result.ok) throw new Error(result.stderr);
    objects.set(
      environment,
      parseManifests(result.stdout).map(m => ({
        ...m,
        metadata: { ...m.metadata, namespace: name },
      })),
    );
  }
  return { run, objects };
}

/** A deployer that runs `objects` as the workload of `name` in each cluster. */
function deployer(name: string, objects: Map<string, KubeObject[]>) {
  return {
    workloads: (cluster: string) =>
      objects.has(cluster)
        ? [
            {
              namespace: name,
              commonLabels: {
                'app.kubernetes.io/name': name,
                'backstage.io/kubernetes-id': name,
              },
              objects: () => objects.get(cluster)!,
            },
          ]
        : [],
  };
}

describe('a service deployed from its chart, in Grafana, Prometheus and Jaeger', () => {
  // RDS and SQS, internal, dev + prod.
  const formCase = FORM_CASES.find(c => c.typed.name === 'refunds')!;
  const name = 'refunds';
  let run: TemplateRun;
  let sandbox: Sandbox;
  const now = Date.now();

  beforeAll(async () => {
    const rendered = await renderedObjects(
      formCase.typed,
      formCase.environments,
    );
    run = rendered.run;
    sandbox = await startSandbox({
      port: 0,
      simulators: [
        grafanaSimulator({ now: () => now }),
        prometheusSimulator({ now: () => now }),
        jaegerSimulator({ now: () => now }),
      ],
    });
    sandbox.world.clusters.addSource(deployer(name, rendered.objects));
  });
  afterAll(async () => {
    await sandbox?.close();
    await run?.cleanup();
  });

  const grafana = (path: string) =>
    fetch(`${sandbox.url}/grafana${path}`, {
      headers: { authorization: `Bearer ${GRAFANA_TOKEN}` },
    }).then(r => r.json());
  const prometheus = (expr: string) =>
    fetch(
      `${sandbox.url}/prometheus/api/v1/query?${new URLSearchParams({
        query: expr,
        time: String(now / 1000),
      })}`,
    ).then(r => r.json());

  it('shows the chart’s dashboard of each environment, whose every query Prometheus answers', async () => {
    const hits = await grafana(`/api/search?type=dash-db&tag=${name}`);
    expect(hits.map((h: any) => [h.title, h.folderTitle])).toEqual([
      [`${name} overview (dev)`, 'Payments'],
      [`${name} overview (prod)`, 'Payments'],
    ]);

    for (const hit of hits) {
      const { dashboard } = await grafana(`/api/dashboards/uid/${hit.uid}`);
      const exprs: string[] = dashboard.panels.flatMap((p: any) =>
        p.targets.map((t: any) => t.expr),
      );
      expect(exprs).toHaveLength(5);
      for (const expr of exprs) {
        const answer = await prometheus(expr);
        expect({ expr, status: answer.status }).toEqual({
          expr,
          status: 'success',
        });
        expect(answer.data.result.length).toBeGreaterThan(0);
      }
    }
  });

  it('evaluates the chart’s alert rules on the same series', async () => {
    const { data } = await grafana('/api/prometheus/grafana/api/v1/rules');
    const rules = data.groups
      .filter((g: any) => g.name === `${name}-slo`)
      .flatMap((g: any) => g.rules);

    expect(
      rules.map((r: any) => [r.name, r.health, r.state, r.labels.environment]),
    ).toEqual([
      [`${name} error rate (dev)`, 'ok', 'inactive', 'dev'],
      [`${name} p99 latency (dev)`, 'ok', 'inactive', 'dev'],
      [`${name} error rate (prod)`, 'ok', 'inactive', 'prod'],
      [`${name} p99 latency (prod)`, 'ok', 'inactive', 'prod'],
    ]);
    // The chart's `for: 5m` holds: this Grafana does not compress time.
    expect(rules.map((r: any) => r.duration)).toEqual([300, 300, 300, 300]);
  });

  it('traces it with the database and queue its containers are wired to', async () => {
    const services = await fetch(`${sandbox.url}/jaeger/api/v3/services`).then(
      r => r.json(),
    );
    expect(services.services).toContain(name);

    const { result } = await fetch(
      `${sandbox.url}/jaeger/api/v3/traces?${new URLSearchParams({
        'query.service_name': name,
        'query.start_time_min': new Date(now - 3_600_000).toISOString(),
        'query.start_time_max': new Date(now).toISOString(),
        'query.search_depth': '200',
      })}`,
    ).then(r => r.json());
    const attributes = (result.resourceSpans as any[]).flatMap(rs =>
      rs.scopeSpans.flatMap((s: any) =>
        s.spans.flatMap((span: any) => span.attributes ?? []),
      ),
    );
    const valuesOf = (key: string) =>
      [
        ...new Set(
          attributes
            .filter((a: any) => a.key === key)
            .map((a: any) => a.value.stringValue),
        ),
      ].sort();
    expect(valuesOf('db.system.name')).toEqual(['postgresql']);
    expect(valuesOf('messaging.system')).toEqual(['aws_sqs']);
  });
});

describe('the chart’s error-rate alert on a bad canary', () => {
  // A sample service of the World, so a revision of it can be marked bad.
  const name = 'payments-api';
  let run: TemplateRun;
  let sandbox: Sandbox;
  let clock = Date.parse('2026-03-02T12:00:00Z');

  beforeAll(async () => {
    const rendered = await renderedObjects(
      { ...FORM_CASES[0].typed, name, environments: ['prod'] },
      ['prod'],
    );
    run = rendered.run;
    sandbox = await startSandbox({
      port: 0,
      simulators: [
        // The sandbox's compressed clock: every 10 s, `for` 30 s.
        grafanaSimulator({
          now: () => clock,
          alertTiming: {
            evaluationIntervalMs: 10_000,
            pendingPeriodMs: 30_000,
          },
        }),
        prometheusSimulator({ now: () => clock }),
      ],
    });
    sandbox.world.clusters.addSource(deployer(name, rendered.objects));
  });
  afterAll(async () => {
    await sandbox?.close();
    await run?.cleanup();
  });

  const errorRule = async () => {
    const { data } = await fetch(
      `${sandbox.url}/grafana/api/prometheus/grafana/api/v1/rules`,
      { headers: { authorization: `Bearer ${GRAFANA_TOKEN}` } },
    ).then(r => r.json());
    const rules = data.groups.flatMap((g: any) => g.rules);
    return rules.find((r: any) => r.name === `${name} error rate (prod)`);
  };

  it('goes pending when the canary serves, then fires', async () => {
    const before = await errorRule();
    expect([before.state, before.query]).toEqual([
      'inactive',
      expect.stringContaining('http_response_status_code=~"5.."'),
    ]);

    sandbox.world.markRevisionBad(name, 'prod', 'b4dc4n4ry', new Date(clock));
    clock += 10_000;
    expect((await errorRule()).state).toBe('pending');
    clock += 40_000;
    const firing = await errorRule();
    expect(firing.state).toBe('firing');
    expect(firing.labels).toEqual({
      service: name,
      environment: 'prod',
      severity: 'critical',
    });
  });
});
