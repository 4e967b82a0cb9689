import {
  PrometheusLabels,
  PrometheusMatrixSeries,
  PrometheusVectorSample,
} from '@internal/api-prometheus';
import { SLI_LABELS } from '@internal/plugin-observability-common';
import { World } from '../../world/World';
import { deployedService } from './deployedServices';
import { combine, Health, latencyQuantile, revisionsAt } from './serviceHealth';
import { SliQuery } from './sliQueryParser';

/**
 * The value of an SLI query at `t` (ms): one sample per series. Callers
 * check once that the service runs there ({@link isObserved}).
 */
export function evaluateAt(
  world: World,
  query: SliQuery,
  t: number,
): { metric: PrometheusLabels; value: number }[] {
  const revisions = revisionsAt(
    world,
    query.service,
    query.environment,
    t,
    query.revisions,
  ).filter(r => !query.revisions || query.revisions.includes(r.revision));
  if (!revisions.length) {
    return [];
  }
  if (query.byRevision) {
    return revisions.map(r => ({
      metric: { [SLI_LABELS.revision]: r.revision },
      value: valueOf(query, r),
    }));
  }
  return [{ metric: {}, value: valueOf(query, combine(revisions)) }];
}

/** An instant query's vector. */
export function instantVector(
  world: World,
  query: SliQuery,
  t: number,
): PrometheusVectorSample[] {
  if (!isObserved(world, query.service, query.environment)) {
    return [];
  }
  return evaluateAt(world, query, t).map(s => ({
    metric: s.metric,
    value: [t / 1000, formatSample(s.value)],
  }));
}

/** A range query's matrix; a series has points only where it existed. */
export function rangeMatrix(
  world: World,
  query: SliQuery,
  range: { start: number; end: number; step: number },
): PrometheusMatrixSeries[] {
  if (!isObserved(world, query.service, query.environment)) {
    return [];
  }
  const series = new Map<string, PrometheusMatrixSeries>();
  for (let t = range.start; t <= range.end; t += range.step) {
    for (const sample of evaluateAt(world, query, t)) {
      const key = JSON.stringify(sample.metric);
      const entry = series.get(key) ?? { metric: sample.metric, values: [] };
      entry.values.push([t / 1000, formatSample(sample.value)]);
      series.set(key, entry);
    }
  }
  return [...series.values()];
}

/** A sample value as Prometheus writes it: decimal, `NaN`, `+Inf`, `-Inf`. */
export function formatSample(value: number): string {
  if (Number.isNaN(value)) {
    return 'NaN';
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? '+Inf' : '-Inf';
  }
  // Go's FormatFloat(v, 'f', -1, 64) never uses an exponent; JS does below 1e-6.
  return Math.abs(value) < 1e-6 && value !== 0
    ? value.toFixed(20).replace(/0+$/, '')
    : String(value);
}

/**
 * Prometheus has series of a service only where it runs: a service of the
 * World, or one deployed to that environment's cluster.
 */
export function isObserved(
  world: World,
  service: string,
  environment: string,
): boolean {
  const known = deployedService(world, service);
  return (
    !!known && (known.environments as readonly string[]).includes(environment)
  );
}

function valueOf(query: SliQuery, health: Health): number {
  switch (query.kind) {
    case 'requestRate':
      return health.requestRate;
    case 'errorRatio':
      return health.errorRatio;
    default:
      return latencyQuantile(health, query.quantile ?? 0.5);
  }
}
