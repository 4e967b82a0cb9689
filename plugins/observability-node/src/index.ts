/**
 * Clients of the observability plugin's external systems: Grafana
 * (dashboards, alert rules, panel embeds), Jaeger (v3 Query API) and
 * Prometheus (SLI queries), for the backend plugin; with the contracts
 * (`@internal/api-grafana`, `-jaeger`, `-prometheus`) and the SLI queries
 * (observability-common) re-exported.
 *
 * @packageDocumentation
 */

export { UpstreamError } from './http/UpstreamError';
export type { UpstreamErrorKind, UpstreamSystem } from './http/UpstreamError';
export type {
  HttpOptions,
  RequestOptions,
  RetryOptions,
} from './http/HttpTransport';

export { GrafanaClient } from './grafana/GrafanaClient';
export type {
  AlertRuleFilter,
  DashboardSearch,
  GrafanaAlertRuleStatus,
  GrafanaClientOptions,
  GrafanaPanelImage,
  GrafanaPanelRef,
  GrafanaTime,
} from './grafana/GrafanaClient';
export type * from '@internal/api-grafana';

export { JaegerClient } from './jaeger/JaegerClient';
export type { JaegerClientOptions, TraceSearch } from './jaeger/JaegerClient';
export {
  isErrorSpan,
  normalizeOtlpId,
  stringAttribute,
  summarizeTraces,
} from './jaeger/summarizeTraces';
export type { TraceSummaryRow } from './jaeger/summarizeTraces';
export * from '@internal/api-jaeger';

export {
  LOG_FIELDS,
  LOG_SORT,
  LogSearchClient,
} from './elasticsearch/LogSearchClient';
export type {
  LogHit,
  LogSearch,
  LogSearchClientOptions,
} from './elasticsearch/LogSearchClient';

export {
  PrometheusClient,
  parseSampleValue,
} from './prometheus/PrometheusClient';
export type {
  PrometheusClientOptions,
  PrometheusResult,
} from './prometheus/PrometheusClient';
export {
  SLI_LABELS,
  SLI_METRIC,
  canaryQueries,
  errorRatioQuery,
  latencyQuantileQuery,
  requestRateQuery,
  sliQueries,
} from '@internal/plugin-observability-common';
export type {
  SliQuerySet,
  SliSelector,
} from '@internal/plugin-observability-common';
export type * from '@internal/api-prometheus';
