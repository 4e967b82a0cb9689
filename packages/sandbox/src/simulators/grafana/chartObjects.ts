import {
  errorRatioQuery,
  latencyQuantileQuery,
  requestRateQuery,
} from '@internal/plugin-observability-common';
import { KubeObject, Workload } from '../../world/ClusterWorkloads';

/*
 * The monitoring objects the service template's chart renders for one
 * environment (templates/microservice/skeleton/service/chart: dashboard.yaml,
 * prometheusrule.yaml, rollout.yaml), trimmed to what the simulators read.
 * The templates package renders the real chart into a sandbox the same way
 * (templates/src/observability.test.ts).
 */
export function chartObjects(options: {
  service: string;
  environment: string;
  system?: string;
  /** Env variables of the container (DATABASE_HOST for a database...). */
  env?: string[];
}): KubeObject[] {
  const { service, environment } = options;
  const system = options.system ?? 'payments';
  const selector = { service, environment };
  const labels = {
    'app.kubernetes.io/name': service,
    'app.kubernetes.io/instance': service,
    'app.kubernetes.io/part-of': system,
    'backstage.io/kubernetes-id': service,
    environment,
  };
  const target = (expr: string, legendFormat: string, refId = 'A') => ({
    refId,
    datasource: { type: 'prometheus', uid: 'prometheus' },
    expr,
    legendFormat,
  });
  const panel = (id: number, title: string, targets: object[]) => ({
    id,
    type: 'timeseries',
    title,
    gridPos: { h: 8, w: 12, x: id % 2 ? 0 : 12, y: id > 2 ? 8 : 0 },
    datasource: { type: 'prometheus', uid: 'prometheus' },
    targets,
  });
  const dashboard = {
    uid: `${service}-${environment}`,
    title: `${service} overview (${environment})`,
    tags: [
      service,
      `service:${service}`,
      `system:${system}`,
      `environment:${environment}`,
    ],
    timezone: 'browser',
    schemaVersion: 39,
    version: 1,
    editable: false,
    time: { from: 'now-6h', to: 'now' },
    panels: [
      panel(1, 'Request rate', [
        target(requestRateQuery(selector), 'requests'),
      ]),
      panel(2, 'Error ratio', [target(errorRatioQuery(selector), '5xx')]),
      panel(3, 'Latency', [
        target(latencyQuantileQuery(selector, 0.95), 'p95'),
        target(latencyQuantileQuery(selector, 0.99), 'p99', 'B'),
      ]),
      panel(4, 'Error ratio by revision', [
        target(
          errorRatioQuery({ ...selector, byRevision: true }),
          '{{rollouts_pod_template_hash}}',
        ),
      ]),
    ],
  };
  const ruleLabels = {
    service,
    environment,
    severity: environment === 'prod' ? 'critical' : 'warning',
  };
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `${service}-dashboard`,
        namespace: service,
        labels: { ...labels, grafana_dashboard: '1' },
        annotations: { grafana_folder: 'Payments' },
      },
      data: {
        [`${service}-${environment}.json`]: JSON.stringify(dashboard, null, 2),
      },
    },
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: service, namespace: service, labels },
      spec: {
        groups: [
          {
            name: `${service}-slo`,
            rules: [
              {
                alert: `${service} error rate (${environment})`,
                expr: `(${errorRatioQuery(selector)}) > 0.05`,
                for: '5m',
                labels: ruleLabels,
                annotations: {
                  summary: `More than 5% of ${service} requests fail in ${environment}`,
                },
              },
              {
                alert: `${service} p99 latency (${environment})`,
                expr: `${latencyQuantileQuery(selector, 0.99)} > 1`,
                for: '5m',
                labels: ruleLabels,
                annotations: {
                  summary: `${service} answers 1% of requests slower than 1s in ${environment}`,
                },
              },
            ],
          },
        ],
      },
    },
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: service, namespace: service, labels },
      spec: {
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'app',
                image: `registry.acme.example/${service}:3f2a9c1`,
                env: ['LOG_LEVEL', ...(options.env ?? [])].map(name => ({
                  name,
                  value: 'x',
                })),
              },
            ],
          },
        },
      },
    },
  ];
}

/** A workload of `objects`, as a deployer reports it to `world.clusters`. */
export function workloadOf(service: string, objects: KubeObject[]): Workload {
  return {
    namespace: service,
    commonLabels: {
      'app.kubernetes.io/name': service,
      'backstage.io/kubernetes-id': service,
    },
    objects: () => objects,
  };
}
