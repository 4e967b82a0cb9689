import {
  PrometheusLabels,
  PrometheusMatrixSeries,
  PrometheusVectorSample,
  SLI_LABELS,
} from '@internal/plugin-observability-node';
import { World } from '../../world/World';
import { combine, Health, latencyQuantile, revisionsAt } from './serviceHealth';
import { SliQuery } from './sliQueryParser';

/** The value of an SLI query at `t` (ms): one sample per series. */
function evaluateAt(
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
  if (!hasService(world, query.service)) {
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
  if (!hasService(world, query.service)) {
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

/** Prometheus has no series of a service that does not exist. */
function hasService(world: World, service: string): boolean {
  return world.services().some(s => s.name === service);
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
