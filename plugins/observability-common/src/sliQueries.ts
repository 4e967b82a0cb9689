/**
 * The PromQL of the service level indicators that entity cards show and
 * canary analysis compares. One metric naming, used by every service:
 *
 * - `http_server_request_duration_seconds` — OpenTelemetry's
 *   `http.server.request.duration` histogram (seconds) as Prometheus names it,
 *   with `_count`, `_sum` and `_bucket{le}` series and the semantic-convention
 *   label `http_response_status_code`.
 * - `service` and `environment` labels on every series (the scrape config
 *   sets them from the pod's `app.kubernetes.io/name` and the cluster).
 * - `rollouts_pod_template_hash`: Argo Rollouts' `rollouts-pod-template-hash`
 *   pod label, which tells the canary's pods from the stable ones.
 */
export const SLI_METRIC = 'http_server_request_duration_seconds';

export const SLI_LABELS = {
  service: 'service',
  environment: 'environment',
  revision: 'rollouts_pod_template_hash',
  statusCode: 'http_response_status_code',
} as const;

/** Which traffic an SLI query looks at. */
export interface SliSelector {
  service: string;
  environment: string;
  /** Only these revisions (pod template hashes). */
  revisions?: string[];
  /** One series per revision (label `rollouts_pod_template_hash`) instead of one in total. */
  byRevision?: boolean;
  /** The range of `rate()`; default `5m`. */
  window?: string;
}

export interface SliQuerySet {
  /** Requests per second. */
  requestRate: string;
  /** Share of requests answered with a 5xx status, 0..1 (NaN without traffic). */
  errorRatio: string;
  /** Seconds. */
  latencyP95: string;
  latencyP99: string;
}

/** Requests per second. */
export function requestRateQuery(selector: SliSelector): string {
  return sum(selector, [], rate(selector, 'count'));
}

/** Share of requests answered with a 5xx status, 0..1. */
export function errorRatioQuery(selector: SliSelector): string {
  const errors = rate(selector, 'count', `${SLI_LABELS.statusCode}=~"5.."`);
  return `${sum(selector, [], errors)} / ${sum(
    selector,
    [],
    rate(selector, 'count'),
  )}`;
}

/** The latency (seconds) below which `quantile` of requests finish, e.g. 0.95. */
export function latencyQuantileQuery(
  selector: SliSelector,
  quantile: number,
): string {
  if (!(quantile > 0 && quantile < 1)) {
    throw new Error(`quantile must be between 0 and 1, got ${quantile}`);
  }
  return `histogram_quantile(${quantile}, ${sum(
    selector,
    ['le'],
    rate(selector, 'bucket'),
  )})`;
}

/** Every SLI of one service in one environment. */
export function sliQueries(selector: SliSelector): SliQuerySet {
  return {
    requestRate: requestRateQuery(selector),
    errorRatio: errorRatioQuery(selector),
    latencyP95: latencyQuantileQuery(selector, 0.95),
    latencyP99: latencyQuantileQuery(selector, 0.99),
  };
}

/** The SLIs of a canary and its stable revision, one series each, to compare. */
export function canaryQueries(options: {
  service: string;
  environment: string;
  canary: string;
  stable: string;
  window?: string;
}): SliQuerySet {
  return sliQueries({
    service: options.service,
    environment: options.environment,
    revisions: [options.canary, options.stable],
    byRevision: true,
    window: options.window,
  });
}

function sum(selector: SliSelector, by: string[], expr: string): string {
  const labels = selector.byRevision ? [...by, SLI_LABELS.revision] : by;
  return labels.length
    ? `sum by (${labels.join(', ')}) (${expr})`
    : `sum(${expr})`;
}

function rate(
  selector: SliSelector,
  series: 'count' | 'bucket',
  extraMatcher?: string,
): string {
  const window = selector.window ?? '5m';
  if (!/^\d+(ms|[smhdwy])$/.test(window)) {
    throw new Error(`window must be a PromQL duration like 5m, got ${window}`);
  }
  const matchers = [
    `${SLI_LABELS.service}="${escapeString(selector.service)}"`,
    `${SLI_LABELS.environment}="${escapeString(selector.environment)}"`,
  ];
  const revisions = selector.revisions ?? [];
  if (revisions.length === 1) {
    matchers.push(`${SLI_LABELS.revision}="${escapeString(revisions[0])}"`);
  } else if (revisions.length > 1) {
    const alternatives = revisions.map(escapeRegex).join('|');
    matchers.push(`${SLI_LABELS.revision}=~"${escapeString(alternatives)}"`);
  }
  if (extraMatcher) {
    matchers.push(extraMatcher);
  }
  return `rate(${SLI_METRIC}_${series}{${matchers.join(',')}}[${window}])`;
}

/** A PromQL double-quoted string's content. */
function escapeString(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n');
}

/** A literal inside a RE2 regex (label values are matched whole). */
function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
