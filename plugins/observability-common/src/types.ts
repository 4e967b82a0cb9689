/*
 * One endpoint per card, so one system's outage degrades one card. A whole
 * card that fails answers HTTP 502 (504 on a timeout) with Backstage's error
 * body plus `upstream` ({@link UpstreamProblem}); a part of a card that fails
 * (one Grafana instance, one environment) is an entry of its `errors`.
 */

export type ObservabilitySystem =
  | 'grafana'
  | 'jaeger'
  | 'prometheus'
  | 'elasticsearch';

/** Why a system did not answer: what a card shows instead of its data. */
export interface UpstreamProblem {
  system: ObservabilitySystem;
  /** The Grafana instance or the environment, when there are several. */
  source?: string;
  /** `timeout`, `server-error`, `unauthorized`, `network`... */
  kind: string;
  message: string;
}

export interface DashboardPanel {
  id: number;
  title: string;
  /** Grafana's `/d-solo` page for an iframe (needs `allow_embedding`). */
  embedUrl: string;
  /**
   * Path under the backend plugin that renders the panel as PNG with the
   * server's token: `panels/render?...` relative to the entity's base.
   */
  imagePath: string;
}

export interface DashboardItem {
  /** Name of the Grafana instance from config. */
  instance: string;
  uid: string;
  title: string;
  /** Deep link into Grafana. */
  url: string;
  folder?: string;
  tags: string[];
  /** The first panels, to embed; empty when the dashboard could not be read. */
  panels: DashboardPanel[];
}

export interface DashboardsResponse {
  selector: string;
  dashboards: DashboardItem[];
  errors: UpstreamProblem[];
}

export type AlertState = 'firing' | 'pending' | 'inactive' | 'recovering';

export interface AlertItem {
  instance: string;
  uid?: string;
  name: string;
  state: AlertState;
  /** ISO time since when the rule is pending or firing. */
  since?: string;
  labels: Record<string, string>;
  summary?: string;
  /** The condition's value while pending or firing, e.g. `0.079`. */
  value?: string;
  /** Deep link to the rule in Grafana. */
  url?: string;
}

export interface AlertsResponse {
  selector: string;
  /** Firing first, then pending, then the others; by name within a state. */
  alerts: AlertItem[];
  errors: UpstreamProblem[];
}

export interface TraceRow {
  traceId: string;
  rootOperation: string;
  rootService: string;
  /** ISO time. */
  startTime: string;
  durationMs: number;
  spanCount: number;
  errorSpanCount: number;
  error: boolean;
  services: string[];
  /** The Jaeger UI's page of the trace. */
  traceUrl: string;
  /** The log stack's Discover, filtered by the trace id; absent without logs config. */
  logsUrl?: string;
  /** `deployment.environment.name` of the trace's resource, when it has one. */
  environment?: string;
}

export interface TracesResponse {
  service: string;
  environment?: string;
  start: string;
  end: string;
  errorsOnly: boolean;
  /** The Jaeger UI's search of the same service and lookback. */
  searchUrl: string;
  /** Newest first. */
  traces: TraceRow[];
}

export interface SpanRow {
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
  startTime: string;
  durationMs: number;
  error: boolean;
}

export interface TraceDetailResponse {
  trace: TraceRow;
  spans: SpanRow[];
}

export type SliName =
  | 'requestRate'
  | 'errorRatio'
  | 'latencyP95'
  | 'latencyP99';

export const SLI_NAMES: SliName[] = [
  'requestRate',
  'errorRatio',
  'latencyP95',
  'latencyP99',
];

/**
 * `total`: all traffic. Split by revision: `stable` (the given stable
 * revision, else the one serving most traffic) and `canary` (any other).
 */
export type SliRole = 'total' | 'stable' | 'canary';

export interface SliSeries {
  role: SliRole;
  /** Pod template hash, for `stable` and `canary`. */
  revision?: string;
  /** [unix ms, value]; value null where Prometheus had none (NaN). */
  points: Array<[number, number | null]>;
}

export interface EnvironmentSlis {
  environment: string;
  /** Per SLI: the total series, then one per revision. */
  series: Record<SliName, SliSeries[]>;
  /** The last value of each series, by role. */
  latest: Record<SliName, Partial<Record<SliRole, number | null>>>;
  /** Set when Prometheus failed for this environment: the card shows it there. */
  error?: UpstreamProblem;
}

export interface SlisResponse {
  service: string;
  start: string;
  end: string;
  stepSeconds: number;
  environments: EnvironmentSlis[];
}

export interface LogLink {
  environment: string;
  url: string;
}

export interface LogsResponse {
  service: string;
  start: string;
  end: string;
  /** Empty when no log stack is configured. */
  links: LogLink[];
}

/** Time windows the cards offer (and the backend accepts as `window`). */
export const TIME_WINDOWS = ['15m', '1h', '6h', '24h', '7d'] as const;
export type TimeWindow = (typeof TIME_WINDOWS)[number];

/** Milliseconds of a {@link TimeWindow}. */
export function windowMs(window: TimeWindow): number {
  const n = Number(window.slice(0, -1));
  const unit = window.slice(-1);
  const ms = { m: 60_000, h: 3_600_000, d: 86_400_000 }[unit] ?? 0;
  return n * ms;
}

/** The levels a log search filters on (`log.level`), most verbose first. */
export const LOG_LEVELS = [
  'trace',
  'debug',
  'info',
  'warn',
  'error',
  'fatal',
] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** One log line from Elasticsearch. */
export interface LogLine {
  /** `_index/_id`: unique across the indices of a search. */
  id: string;
  /** ISO time (`@timestamp`). */
  timestamp: string;
  /** `log.level`, lower case; `unknown` when the line has none. */
  level: string;
  message: string;
  pod?: string;
  traceId?: string;
  /** Every field of the line, flattened (`kubernetes.pod.name`), as text. */
  fields: Record<string, string>;
}

/** A page of the entity's log lines in one environment, newest first. */
export interface LogSearchResponse {
  service: string;
  environment: string;
  start: string;
  end: string;
  lines: LogLine[];
  /** Pass as `cursor` for the next (older) page; absent on the last page. */
  nextCursor?: string;
  /** Kibana's Discover with the same query and time range, when configured. */
  kibanaUrl?: string;
  /** Elasticsearch ran into its time limit: the page may miss lines. */
  partial: boolean;
}
