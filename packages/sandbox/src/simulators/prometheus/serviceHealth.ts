import {
  BadRevision,
  Environment,
  ENVIRONMENTS,
  ServingRevisions,
  World,
} from '../../world/World';
import { K8S_SAFE, stableId, unitRandom } from './seededRandom';

/*
 * The one truth about how every service of the world behaves over time.
 * Prometheus answers SLI queries from it, Grafana evaluates its alert rules
 * on it and Jaeger samples its traces from it, so the three always agree: a
 * revision marked bad in the World shows in all of them from its `since` on.
 */

/**
 * Share of a service's traffic that a canary gets when no deployer recorded
 * its weight (a sandbox without Argo CD).
 */
export const CANARY_TRAFFIC_SHARE = 0.25;
/**
 * Share of failing requests of a bad revision: high enough that a canary at
 * its first 10 % step lifts the service over the 5 % error-rate alert.
 */
export const BAD_REVISION_ERROR_RATIO = 0.6;
/** How much slower a bad revision answers. */
const BAD_REVISION_SLOWDOWN = 1.8;
/** Series change every scrape interval; values in between are the same. */
export const SCRAPE_INTERVAL_MS = 15_000;

/** How one revision of a service serves its share of the traffic at one time. */
export interface RevisionHealth {
  revision: string;
  /** Requests per second. */
  requestRate: number;
  /** 0..1. */
  errorRatio: number;
  /** Seconds. */
  latencyP95: number;
  latencyP99: number;
  bad: boolean;
}

export type Health = Omit<RevisionHealth, 'revision' | 'bad'>;

/** The pod template hash of a service's stable revision in an environment. */
export function stableRevision(service: string, environment: string): string {
  return stableId(K8S_SAFE, 10, 'stable-revision', service, environment);
}

export function isEnvironment(value: string): value is Environment {
  return (ENVIRONMENTS as readonly string[]).includes(value);
}

/**
 * The revisions serving a service in an environment at `t` (ms).
 *
 * When a deployer (the Argo CD simulator) recorded what serves
 * ({@link World.recordServing}), that is the truth: the stable revision and
 * the canary with its rollout weight; a revision is bad when the World marks
 * it bad since before `t`. Without a record (a sandbox without Argo CD), the
 * stable revision is derived from the names, and every revision marked bad
 * since before `t` or `asked` by a query is a canary sharing
 * {@link CANARY_TRAFFIC_SHARE}.
 *
 * Empty for environments the world does not have; callers check that the
 * service exists (once per request: the world's list can be long).
 */
export function revisionsAt(
  world: World,
  service: string,
  environment: string,
  t: number,
  asked: string[] = [],
): RevisionHealth[] {
  if (!isEnvironment(environment)) {
    return [];
  }
  const marks = world.badRevisions(service, environment);
  const bad = marks.filter(b => b.since.getTime() <= t).map(b => b.revision);
  const serving = world.servingAt(service, environment, t);
  if (serving === null) {
    return []; // nothing deployed there at `t`
  }
  const shares = serving
    ? servingShares(serving)
    : assumedShares(service, environment, t, marks, bad, asked);
  const base = baseline(service, environment, t);
  return shares.map(({ revision, share }) => {
    const isBad = bad.includes(revision);
    const slowdown = isBad ? BAD_REVISION_SLOWDOWN : 1;
    return {
      revision,
      requestRate: base.requestRate * share,
      errorRatio: isBad
        ? BAD_REVISION_ERROR_RATIO * noise(service, environment, t, 'bad', 0.1)
        : base.errorRatio,
      latencyP95: base.latencyP95 * slowdown,
      latencyP99: base.latencyP99 * slowdown,
      bad: isBad,
    };
  });
}

interface Share {
  revision: string;
  share: number;
}

/** Traffic split as the rollout set it; a revision without traffic has no series. */
function servingShares(serving: ServingRevisions): Share[] {
  const weight = serving.canary ? serving.canary.weight / 100 : 0;
  const shares = [{ revision: serving.stable, share: 1 - weight }];
  if (serving.canary && serving.canary.revision !== serving.stable) {
    shares.push({ revision: serving.canary.revision, share: weight });
  }
  return shares.filter(s => s.share > 0);
}

function assumedShares(
  service: string,
  environment: string,
  t: number,
  marks: BadRevision[],
  bad: string[],
  asked: string[],
): Share[] {
  const stable = stableRevision(service, environment);
  // A revision marked bad from a later time did not run yet.
  const notYet = marks.filter(b => b.since.getTime() > t).map(b => b.revision);
  const canaries = [...new Set([...bad, ...asked])].filter(
    r => r !== stable && !notYet.includes(r),
  );
  return [
    {
      revision: stable,
      share: canaries.length ? 1 - CANARY_TRAFFIC_SHARE : 1,
    },
    ...canaries.map(revision => ({
      revision,
      share: CANARY_TRAFFIC_SHARE / canaries.length,
    })),
  ];
}

/** All traffic of a service in an environment at `t` (ms), or undefined for an unknown environment. */
export function healthAt(
  world: World,
  service: string,
  environment: string,
  t: number,
): Health | undefined {
  const revisions = revisionsAt(world, service, environment, t);
  return revisions.length ? combine(revisions) : undefined;
}

/** The health of several revisions' traffic taken together. */
export function combine(revisions: Health[]): Health {
  const requestRate = revisions.reduce((sum, r) => sum + r.requestRate, 0);
  // Weighted by traffic; for quantiles an approximation, good enough for charts.
  const weighted = (value: (r: Health) => number) =>
    requestRate
      ? revisions.reduce((sum, r) => sum + value(r) * r.requestRate, 0) /
        requestRate
      : NaN;
  return {
    requestRate,
    errorRatio: weighted(r => r.errorRatio),
    latencyP95: weighted(r => r.latencyP95),
    latencyP99: weighted(r => r.latencyP99),
  };
}

/** The latency (seconds) below which quantile `q` of requests finish. */
export function latencyQuantile(health: Health, q: number): number {
  if (q <= 0.95) {
    // Most requests are much faster than the 95th percentile.
    return health.latencyP95 * (0.3 + 0.7 * (q / 0.95) ** 4);
  }
  return (
    health.latencyP95 +
    ((health.latencyP99 - health.latencyP95) * (q - 0.95)) / 0.04
  );
}

/** A healthy service: traffic by environment with a daily rhythm, rare errors. */
function baseline(
  service: string,
  environment: Environment,
  t: number,
): Health {
  const scale = { dev: [0.3, 1], staging: [2, 4], prod: [20, 80] }[environment];
  const dayPhase = unitRandom('day-phase', service) * 2 * Math.PI;
  const daily = 1 + 0.3 * Math.sin((2 * Math.PI * t) / 86_400_000 + dayPhase);
  const requestRate =
    (scale[0] + scale[1] * unitRandom('rate', service, environment)) *
    daily *
    noise(service, environment, t, 'rate', 0.1);
  const errorRatio =
    (0.001 + 0.006 * unitRandom('errors', service, environment)) *
    noise(service, environment, t, 'errors', 0.3);
  const latencyP95 =
    (0.04 + 0.14 * unitRandom('p95', service)) *
    noise(service, environment, t, 'p95', 0.1);
  const latencyP99 =
    latencyP95 * (1.6 + 0.6 * unitRandom('p99', service, environment));
  return { requestRate, errorRatio, latencyP95, latencyP99 };
}

/** A factor in [1 - spread, 1 + spread) that changes every scrape interval. */
function noise(
  service: string,
  environment: string,
  t: number,
  what: string,
  spread: number,
): number {
  const bucket = Math.floor(t / SCRAPE_INTERVAL_MS);
  return 1 + spread * (2 * unitRandom(what, service, environment, bucket) - 1);
}
