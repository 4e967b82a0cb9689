import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  AlertsResponse,
  DashboardsResponse,
  LogLevel,
  LogSearchResponse,
  LogsResponse,
  SlisResponse,
  TimeWindow,
  TraceDetailResponse,
  TracesResponse,
} from '@internal/plugin-observability-common';

export interface TracesQuery {
  window: TimeWindow;
  environment?: string;
  limit?: number;
  errorsOnly?: boolean;
}

export interface SlisQuery {
  window: TimeWindow;
  environment?: string;
  /** Pod template hashes of a rollout in flight: the charts label them. */
  stable?: string;
  canary?: string;
}

/** A log search: one environment, a window or a range, optional filters. */
export interface LogSearchQuery {
  environment: string;
  window?: TimeWindow;
  /** ISO times, instead of `window`. */
  start?: string;
  end?: string;
  levels?: LogLevel[];
  /** Free text (simple query syntax: `"phrase"`, `-not`, `a | b`, `prefix*`). */
  q?: string;
  traceId?: string;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  limit?: number;
}

/** The observability backend, one call per card; entities by ref (`component:default/x`). */
export interface ObservabilityApi {
  getDashboards(entityRef: string): Promise<DashboardsResponse>;
  /** A panel PNG rendered by the backend (with its Grafana token), as a Blob. */
  getPanelImage(
    entityRef: string,
    imagePath: string,
    window: TimeWindow,
  ): Promise<Blob>;
  getAlerts(entityRef: string): Promise<AlertsResponse>;
  getTraces(entityRef: string, query: TracesQuery): Promise<TracesResponse>;
  getTrace(entityRef: string, traceId: string): Promise<TraceDetailResponse>;
  getSlis(entityRef: string, query: SlisQuery): Promise<SlisResponse>;
  getLogs(entityRef: string, window: TimeWindow): Promise<LogsResponse>;
  /** The entity's log lines from Elasticsearch, newest first. */
  searchLogs(
    entityRef: string,
    query: LogSearchQuery,
  ): Promise<LogSearchResponse>;
}

export const observabilityApiRef = createApiRef<ObservabilityApi>({
  id: 'plugin.observability.service',
});
