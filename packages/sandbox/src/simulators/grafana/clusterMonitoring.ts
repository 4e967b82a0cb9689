import { GrafanaDashboard } from '@internal/api-grafana';
import { KubeObject, Workload } from '../../world/ClusterWorkloads';
import { Environment, ENVIRONMENTS, World } from '../../world/World';
import {
  safeObjects,
  serviceOfObject,
  serviceOfWorkload,
} from '../prometheus/deployedServices';

/*
 * What the clusters tell Grafana, the kube-prometheus-stack way: its
 * dashboard sidecar loads every ConfigMap labelled `grafana_dashboard: "1"`
 * from every namespace (one dashboard per JSON entry of `data`, into the
 * folder the `grafana_folder` annotation names), and the services' alert
 * rules are the groups of their `PrometheusRule` objects, which Grafana
 * holds as Grafana-managed rules (as its Prometheus rule import does).
 */

/** The sidecar's label and value (kube-prometheus-stack's `sidecar.dashboards.label`/`labelValue`). */
export const DASHBOARD_LABEL = 'grafana_dashboard';
export const DASHBOARD_LABEL_VALUE = '1';
/** The sidecar's `folderAnnotation`: the folder title the dashboard goes to. */
export const FOLDER_ANNOTATION = 'grafana_folder';

/** A dashboard found in a cluster. */
export interface ProvisionedDashboard {
  /** The dashboard JSON as the ConfigMap holds it. */
  model: Partial<GrafanaDashboard> & Record<string, unknown>;
  /** Where it came from: `<namespace>/<configmap>/<key>` in the environment's cluster. */
  source: string;
  folderTitle?: string;
  service: string;
  environment: Environment;
}

/** A Prometheus alerting rule of a PrometheusRule group. */
export interface PrometheusAlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** A rule group found in a cluster (recording rules are left out: Grafana alerts on them not). */
export interface ProvisionedRuleGroup {
  name: string;
  rules: PrometheusAlertingRule[];
  /** The group's `interval`, if it sets one. */
  interval?: string;
  folderTitle?: string;
  service: string;
  environment: Environment;
}

export interface ClusterMonitoring {
  dashboards: ProvisionedDashboard[];
  ruleGroups: ProvisionedRuleGroup[];
}

/**
 * Every dashboard ConfigMap and PrometheusRule of every cluster, read now.
 * A ConfigMap entry that is not a JSON dashboard with a uid is skipped, as
 * the sidecar's Grafana refuses to provision it.
 *
 * The workloads of seeded services (`POST /admin/seed`, the World's
 * `generated` ones) are not read: they are the sandbox's own invention for
 * benchmarks, have no chart, and rendering thousands of them on every
 * request would make Grafana's search take seconds. They keep the
 * built-in dashboards and rules.
 */
export function clusterMonitoring(world: World): ClusterMonitoring {
  const dashboards: ProvisionedDashboard[] = [];
  const ruleGroups: ProvisionedRuleGroup[] = [];
  const seeded = new Set(
    world
      .services()
      .filter(s => s.generated)
      .map(s => s.name),
  );
  for (const environment of ENVIRONMENTS) {
    for (const workload of world.clusters.in(environment)) {
      if (seeded.has(serviceOfWorkload(workload))) {
        continue;
      }
      for (const object of safeObjects(workload)) {
        if (isDashboardConfigMap(object)) {
          dashboards.push(...dashboardsOf(object, workload, environment));
        } else if (isPrometheusRule(object)) {
          ruleGroups.push(...ruleGroupsOf(object, workload, environment));
        }
      }
    }
  }
  return { dashboards, ruleGroups };
}

function isDashboardConfigMap(object: KubeObject): boolean {
  return (
    object.apiVersion === 'v1' &&
    object.kind === 'ConfigMap' &&
    object.metadata.labels?.[DASHBOARD_LABEL] === DASHBOARD_LABEL_VALUE
  );
}

function isPrometheusRule(object: KubeObject): boolean {
  return (
    object.apiVersion === 'monitoring.coreos.com/v1' &&
    object.kind === 'PrometheusRule'
  );
}

function dashboardsOf(
  object: KubeObject,
  workload: Workload,
  environment: Environment,
): ProvisionedDashboard[] {
  const data = (object.data ?? {}) as Record<string, unknown>;
  const namespace = object.metadata.namespace ?? workload.namespace;
  return Object.entries(data).flatMap(([key, text]) => {
    if (typeof text !== 'string') {
      return [];
    }
    let model: unknown;
    try {
      model = JSON.parse(text);
    } catch {
      return [];
    }
    if (!isRecord(model) || typeof model.uid !== 'string' || !model.uid) {
      return [];
    }
    return [
      {
        model: model as ProvisionedDashboard['model'],
        source: `${namespace}/${object.metadata.name}/${key}`,
        folderTitle: object.metadata.annotations?.[FOLDER_ANNOTATION],
        service: serviceOfObject(object, workload),
        environment,
      },
    ];
  });
}

function ruleGroupsOf(
  object: KubeObject,
  workload: Workload,
  environment: Environment,
): ProvisionedRuleGroup[] {
  const spec = isRecord(object.spec) ? object.spec : {};
  const groups = Array.isArray(spec.groups) ? spec.groups : [];
  const service = serviceOfObject(object, workload);
  const partOf = object.metadata.labels?.['app.kubernetes.io/part-of'];
  return groups.filter(isRecord).flatMap(group => {
    const rules = (Array.isArray(group.rules) ? group.rules : [])
      .filter(isRecord)
      .filter(
        (r): r is Record<string, unknown> & PrometheusAlertingRule =>
          typeof r.alert === 'string' && typeof r.expr === 'string',
      )
      .map(r => ({
        alert: r.alert,
        expr: r.expr,
        for: typeof r.for === 'string' ? r.for : undefined,
        labels: stringRecord(r.labels),
        annotations: stringRecord(r.annotations),
      }));
    if (typeof group.name !== 'string' || !rules.length) {
      return [];
    }
    return [
      {
        name: group.name,
        rules,
        interval:
          typeof group.interval === 'string' ? group.interval : undefined,
        folderTitle:
          object.metadata.annotations?.[FOLDER_ANNOTATION] ??
          (partOf ? titleCase(partOf) : undefined),
        service,
        environment,
      },
    ];
  });
}

/** `developer-platform` -> `Developer Platform`: a system's folder title. */
export function titleCase(name: string): string {
  return name
    .split(/[-_\s]+/)
    .map(w => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, String(v)]),
  );
}
