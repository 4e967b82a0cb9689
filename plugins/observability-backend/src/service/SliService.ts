import { Entity } from '@backstage/catalog-model';
import {
  EnvironmentSlis,
  JAEGER_SERVICE,
  PROMETHEUS_SERVICE,
  SLI_NAMES,
  SliName,
  SliRole,
  SliSeries,
  SlisResponse,
} from '@internal/plugin-observability-common';
import {
  parseSampleValue,
  PrometheusClient,
  PrometheusMatrixSeries,
  SLI_LABELS,
  sliQueries,
} from '@internal/plugin-observability-node';
import { SignalCache } from './SignalCache';
import { problemOf } from './upstream';

export interface SliQuery {
  environments: string[];
  start: Date;
  end: Date;
  /** The stable revision, when the caller knows it (the Deployments tab does). */
  stable?: string;
  /** Only these revisions in the per-revision series. */
  revisions?: string[];
}

/** Points per chart: enough for a smooth line, few enough to stay cheap. */
const TARGET_POINTS = 120;
const MIN_STEP_SECONDS = 15;

/**
 * Request rate, error ratio and p95/p99 latency of the entity's service over
 * a time range, per environment: in total and per revision (pod template
 * hash), so a canary shows next to its stable revision. Each environment
 * fails on its own.
 */
export class SliService {
  constructor(
    private readonly prometheus: Record<string, PrometheusClient>,
    private readonly cache: SignalCache,
  ) {}

  async query(entity: Entity, query: SliQuery): Promise<SlisResponse> {
    const service = prometheusServiceOf(entity);
    const rangeSeconds = (query.end.getTime() - query.start.getTime()) / 1000;
    const stepSeconds = Math.max(
      MIN_STEP_SECONDS,
      Math.ceil(rangeSeconds / TARGET_POINTS / MIN_STEP_SECONDS) *
        MIN_STEP_SECONDS,
    );
    // rate() needs a few scrapes per window; longer ranges smooth more.
    const window = rangeSeconds <= 3600 ? '1m' : '5m';
    const environments = await Promise.all(
      query.environments.map(async environment => {
        const client = this.prometheus[environment];
        if (!client) {
          return emptyEnvironment(environment, {
            system: 'prometheus',
            source: environment,
            kind: 'not-configured',
            message: `No Prometheus configured for ${environment}`,
          });
        }
        try {
          return await this.environment(client, {
            service,
            environment,
            window,
            stepSeconds,
            ...query,
          });
        } catch (error) {
          return emptyEnvironment(environment, problemOf(error, environment));
        }
      }),
    );
    return {
      service,
      start: query.start.toISOString(),
      end: query.end.toISOString(),
      stepSeconds,
      environments,
    };
  }

  private async environment(
    client: PrometheusClient,
    q: SliQuery & {
      service: string;
      environment: string;
      window: string;
      stepSeconds: number;
    },
  ): Promise<EnvironmentSlis> {
    const selector = {
      service: q.service,
      environment: q.environment,
      window: q.window,
    };
    const total = sliQueries(selector);
    const byRevision = sliQueries({
      ...selector,
      byRevision: true,
      revisions: q.revisions,
    });
    const range = { start: q.start, end: q.end, stepSeconds: q.stepSeconds };
    const run = (expr: string) =>
      this.cache.getOrLoad(
        `sli:${q.environment}:${expr}:${Math.floor(
          q.start.getTime() / 1000 / q.stepSeconds,
        )}:${Math.floor(q.end.getTime() / 1000 / q.stepSeconds)}`,
        async () => (await client.queryRange(expr, range)).result,
      );
    const results = await Promise.all(
      SLI_NAMES.map(async name => ({
        name,
        total: await run(total[name]),
        revisions: await run(byRevision[name]),
      })),
    );
    const rateByRevision = results.find(r => r.name === 'requestRate')!;
    const stable = q.stable ?? busiestRevision(rateByRevision.revisions);
    const series = {} as Record<SliName, SliSeries[]>;
    const latest = {} as EnvironmentSlis['latest'];
    for (const result of results) {
      const list: SliSeries[] = [
        ...result.total.map(s => toSeries(s, 'total')),
        ...result.revisions
          .map(s => {
            const revision = s.metric[SLI_LABELS.revision];
            return toSeries(
              s,
              revision === stable ? 'stable' : 'canary',
              revision,
            );
          })
          // The newest canary first: an older revision that served earlier in
          // the range (the one before the stable, say) is not the canary now.
          .sort(
            (a, b) =>
              roleOrder(a.role) - roleOrder(b.role) ||
              firstPointMs(b) - firstPointMs(a),
          ),
      ];
      series[result.name] = list;
      latest[result.name] = latestByRole(list, q.end.getTime());
    }
    return { environment: q.environment, series, latest };
  }
}

/** The Prometheus `service` label of the entity. */
export function prometheusServiceOf(entity: Entity): string {
  const annotations = entity.metadata.annotations ?? {};
  return (
    annotations[PROMETHEUS_SERVICE] ??
    annotations[JAEGER_SERVICE] ??
    entity.metadata.name
  );
}

function toSeries(
  series: PrometheusMatrixSeries,
  role: SliRole,
  revision?: string,
): SliSeries {
  return {
    role,
    ...(revision ? { revision } : {}),
    points: series.values.map(([t, v]) => {
      const value = parseSampleValue(v);
      return [Math.round(t * 1000), Number.isFinite(value) ? value : null];
    }),
  };
}

/** The revision that served the most requests over the range: the stable one. */
function busiestRevision(series: PrometheusMatrixSeries[]): string | undefined {
  let best: { revision?: string; sum: number } = { sum: -1 };
  for (const s of series) {
    const sum = s.values.reduce((acc, [, v]) => {
      const value = parseSampleValue(v);
      return acc + (Number.isFinite(value) ? value : 0);
    }, 0);
    if (sum > best.sum) {
      best = { revision: s.metric[SLI_LABELS.revision], sum };
    }
  }
  return best.revision;
}

/**
 * The last value of each role's series. A canary that stopped serving
 * before the end (aborted) has no current value.
 */
function latestByRole(
  list: SliSeries[],
  endMs: number,
): Partial<Record<SliRole, number | null>> {
  const latest: Partial<Record<SliRole, number | null>> = {};
  for (const s of list) {
    const last = s.points[s.points.length - 1];
    if (latest[s.role] !== undefined) {
      continue; // the first series of a role wins: the newest canary
    }
    const fresh = last && endMs - last[0] < 5 * 60_000;
    latest[s.role] = fresh ? last[1] : null;
  }
  return latest;
}

function firstPointMs(series: SliSeries): number {
  return series.points.find(([, v]) => v !== null)?.[0] ?? 0;
}

function roleOrder(role: SliRole): number {
  return { total: 0, stable: 1, canary: 2 }[role];
}

function emptyEnvironment(
  environment: string,
  error: EnvironmentSlis['error'],
): EnvironmentSlis {
  const series = {} as Record<SliName, SliSeries[]>;
  const latest = {} as EnvironmentSlis['latest'];
  for (const name of SLI_NAMES) {
    series[name] = [];
    latest[name] = {};
  }
  return { environment, series, latest, error };
}
