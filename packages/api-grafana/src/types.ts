/*
 * Grafana HTTP API shapes, as Grafana 11/12 send them (docs: http_api/
 * folder_dashboard_search.md, dashboard.md; Go: ngalert/api/tooling/
 * definitions/prom.go). The sandbox's Grafana simulator answers with these
 * same types, so client and simulator cannot drift apart silently.
 */

/** One hit of `GET /api/search`. Folder fields are absent for the General folder and for folders. */
export interface GrafanaSearchHit {
  id: number;
  uid: string;
  title: string;
  /** Deprecated `db/<slug>`. */
  uri: string;
  /** Path of the dashboard, including Grafana's sub-path when it serves from one. */
  url: string;
  /** Empty in search results; the dashboard's own slug is in `url`. */
  slug: string;
  type: 'dash-db' | 'dash-folder';
  tags: string[];
  isStarred: boolean;
  folderId?: number;
  folderUid?: string;
  folderTitle?: string;
  folderUrl?: string;
  sortMeta: number;
}

/** A query of a panel or alert rule (Prometheus data source: `expr`). */
export interface GrafanaTarget {
  refId: string;
  expr?: string;
  datasource?: { type?: string; uid?: string };
  legendFormat?: string;
}

export interface GrafanaPanel {
  id: number;
  type: string;
  title: string;
  gridPos?: { h: number; w: number; x: number; y: number };
  datasource?: { type?: string; uid?: string };
  targets?: GrafanaTarget[];
  fieldConfig?: { defaults?: { unit?: string } };
}

/** A dashboard variable; the embed URL sets it with `var-<name>=<value>`. */
export interface GrafanaTemplateVariable {
  name: string;
  type: string;
  label?: string;
  query?: string;
  current?: { text?: string; value?: string };
  options?: { text: string; value: string; selected?: boolean }[];
}

/** The dashboard model of `GET /api/dashboards/uid/:uid`. */
export interface GrafanaDashboard {
  id: number;
  uid: string;
  title: string;
  tags: string[];
  timezone: string;
  schemaVersion: number;
  version: number;
  panels: GrafanaPanel[];
  templating?: { list: GrafanaTemplateVariable[] };
  time?: { from: string; to: string };
}

export interface GrafanaDashboardMeta {
  isStarred: boolean;
  url: string;
  folderId: number;
  folderUid: string;
  folderTitle: string;
  slug: string;
  type: string;
  canEdit: boolean;
}

/** `GET /api/dashboards/uid/:uid`. */
export interface GrafanaDashboardResponse {
  dashboard: GrafanaDashboard;
  meta: GrafanaDashboardMeta;
}

/**
 * An alert instance of a rule. `state` is Grafana's state with an optional
 * reason: `Normal`, `Pending`, `Alerting`, `NoData`, `Error`, `Recovering`,
 * e.g. `Normal (MissingSeries)`.
 */
export interface GrafanaAlertInstance {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: string;
  activeAt: string | null;
  /** The condition's value(s), e.g. `7.9e-02`; empty unless pending or alerting. */
  value: string;
}

/** Rule states of the Prometheus-compatible rules API. */
export type GrafanaRuleState = 'firing' | 'pending' | 'inactive' | 'recovering';

/** A rule of `GET /api/prometheus/grafana/api/v1/rules` (Go omits empty fields). */
export interface GrafanaRule {
  /** Newer Grafana (11+); the rule's page is `/alerting/grafana/<uid>/view`. */
  uid?: string;
  folderUid?: string;
  state?: GrafanaRuleState;
  name: string;
  query: string;
  /** The rule's `for`, in seconds. */
  duration?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  health: string;
  lastError?: string;
  type: 'alerting' | 'recording';
  lastEvaluation: string;
  evaluationTime: number;
  /** Earliest activeAt of the alerting instances, when the rule is firing. */
  activeAt?: string;
  alerts?: GrafanaAlertInstance[];
  /** Instances per lower-case state (`normal`, `pending`, `alerting`...). */
  totals?: Record<string, number>;
}

export interface GrafanaRuleGroup {
  name: string;
  /** The folder title (Prometheus calls it file). */
  file: string;
  /** Evaluation interval in seconds. */
  interval: number;
  lastEvaluation: string;
  evaluationTime: number;
  rules: GrafanaRule[];
  totals?: Record<string, number>;
}

/** `GET /api/prometheus/grafana/api/v1/rules`. */
export interface GrafanaRulesResponse {
  status: 'success' | 'error';
  data: {
    groups: GrafanaRuleGroup[];
    totals?: Record<string, number>;
  };
  errorType?: string;
  error?: string;
}

/** Grafana's error body. */
export interface GrafanaErrorBody {
  message: string;
  traceID?: string;
}
