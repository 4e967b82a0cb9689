import {
  DoraMetrics,
  DoraTrendPoint,
} from '@internal/plugin-deployments-common';
import { ReleaseRecord } from '../../database/ReleaseStore';

const DAY_MS = 86_400_000;

/** Trend buckets: daily over a week, 5-day over 30 days, 10-day over 90. */
const BUCKETS: Record<number, number> = { 7: 7, 30: 6, 90: 9 };

const ms = (iso: string | undefined) =>
  iso === undefined ? undefined : Date.parse(iso);

function median(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const failed = (r: ReleaseRecord) =>
  r.outcome === 'aborted' || r.outcome === 'rolled-back';

/**
 * The four DORA keys for production over the `days` before `now`, from the
 * records of the services (all their records, any environment: the commit
 * time of a build is the earliest commit that shipped it anywhere, and a
 * failure may be restored after the window's start).
 *
 * - deployment frequency: production deployments of a change started in
 *   the window (a rollback redeploys an old revision: not a deployment);
 * - lead time: median of commit -> running in production (healthy, or
 *   deployed when never seen healthy), for the deployments that did not fail;
 * - change failure rate: those deployments aborted or rolled back, over all;
 * - time to restore: median of failure -> the environment healthy again.
 */
export function computeDora(options: {
  entityRef: string;
  services: string[];
  records: ReleaseRecord[];
  now: Date;
  days: number;
}): DoraMetrics {
  const { records, now, days } = options;
  const to = now.getTime();
  const from = to - days * DAY_MS;
  const inWindow = (iso?: string) => {
    const t = ms(iso);
    return t !== undefined && t >= from && t <= to;
  };

  const firstCommit = new Map<string, number>();
  for (const r of records) {
    const t = ms(r.committedAt);
    if (!r.imageTag || t === undefined) continue;
    const key = `${r.entityRef}|${r.imageTag}`;
    firstCommit.set(key, Math.min(firstCommit.get(key) ?? t, t));
  }

  const deployments = records.filter(
    r => r.production && !r.rollback && inWindow(r.startedAt),
  );
  const failures = deployments.filter(failed);

  const leadTimes: number[] = [];
  // A build aborted or rolled back never ran in production: no lead time.
  for (const r of deployments.filter(d => !failed(d))) {
    const running = ms(r.healthyAt ?? r.deployedAt);
    const commit =
      (r.imageTag
        ? firstCommit.get(`${r.entityRef}|${r.imageTag}`)
        : undefined) ?? ms(r.committedAt);
    if (running !== undefined && commit !== undefined && running >= commit) {
      leadTimes.push((running - commit) / 1000);
    }
  }

  const restores: number[] = [];
  let unrestored = 0;
  for (const f of failures) {
    const failedAt = ms(f.endedAt);
    if (failedAt === undefined) continue;
    const healthy = records
      .filter(
        r =>
          r.entityRef === f.entityRef &&
          r.environment === f.environment &&
          r.historyId >= f.historyId &&
          (ms(r.healthyAt) ?? -Infinity) >= failedAt,
      )
      .map(r => ms(r.healthyAt)!);
    if (healthy.length) {
      restores.push((Math.min(...healthy) - failedAt) / 1000);
    } else {
      unrestored++;
    }
  }

  const count = BUCKETS[days] ?? Math.min(days, 10);
  const size = (days * DAY_MS) / count;
  const trend: DoraTrendPoint[] = Array.from({ length: count }, (_, i) => ({
    start: new Date(from + i * size).toISOString(),
    deployments: 0,
    failures: 0,
  }));
  for (const r of deployments) {
    const i = Math.min(count - 1, Math.floor((ms(r.startedAt)! - from) / size));
    trend[i].deployments++;
    if (failed(r)) trend[i].failures++;
  }

  const lead = median(leadTimes);
  const restore = median(restores);
  return {
    entityRef: options.entityRef,
    days,
    from: new Date(from).toISOString(),
    to: now.toISOString(),
    services: options.services,
    deployments: deployments.length,
    deploymentsPerDay: Math.round((deployments.length / days) * 1000) / 1000,
    ...(lead !== undefined ? { leadTimeSeconds: lead } : {}),
    failures: failures.length,
    ...(deployments.length
      ? {
          changeFailureRate:
            Math.round((failures.length / deployments.length) * 10000) / 10000,
        }
      : {}),
    ...(restore !== undefined ? { timeToRestoreSeconds: restore } : {}),
    unrestored,
    trend,
  };
}
