import { EnvironmentDeployment } from '@internal/plugin-deployments-common';
import {
  ActionRecord,
  PromotionRecord,
  ReleaseRecord,
} from '../../database/ReleaseStore';
import { imageTag } from '../summarize';

/**
 * The build the current history entry deployed: the canary's while one is
 * in flight or was aborted (the stable image is the previous build then),
 * otherwise the newest image running.
 */
function currentTag(env: EnvironmentDeployment): string | undefined {
  const rollout = env.rollout;
  if (rollout?.aborted) {
    return imageTag(
      rollout.abortExplanation?.canaryImage ?? rollout.canaryImage,
    );
  }
  if (rollout?.canaryImage && env.canaryInFlight) {
    return imageTag(rollout.canaryImage);
  }
  return env.imageTag ?? imageTag(env.images?.[env.images.length - 1]);
}

/** Field by field, whatever the key order. */
function same(a: ReleaseRecord, b: ReleaseRecord): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every(k => (a as any)[k] === (b as any)[k]);
}

const settled = (env: EnvironmentDeployment) =>
  env.health === 'Healthy' &&
  !env.canaryInFlight &&
  !env.operationRunning &&
  !env.rollout?.aborted;

/**
 * What one observation of an environment adds to its records: a record per
 * Argo CD history entry, the build of the current one, and how each earlier
 * one ended (replaced, or rolled back when the next entry redeploys an
 * earlier revision); the current one aborted when its canary was, healthy
 * from the first time it is seen settled. Returns only the records that
 * changed. Pure, so the rules are tested from known histories.
 */
export function observeEnvironment(options: {
  entityRef: string;
  env: EnvironmentDeployment;
  existing: ReleaseRecord[];
  /** The portal's promotions of the entity: who shipped which commit. */
  promotions?: PromotionRecord[];
  /** The portal's rollbacks and aborts of the entity: who ended a release. */
  actions?: ActionRecord[];
  now: Date;
}): ReleaseRecord[] {
  const { entityRef, env, existing, now } = options;
  const promotions = options.promotions ?? [];
  // The person behind a portal action of this environment between two times.
  const actor = (action: string, from?: string, to?: string) =>
    [...(options.actions ?? [])]
      .reverse()
      .find(
        a =>
          a.environment === env.environment &&
          a.action === action &&
          (!from || a.at >= from) &&
          (!to || a.at <= to),
      );
  const application = env.application;
  if (!application || env.state !== 'deployed' || !env.history.length) {
    return [];
  }
  const at = now.toISOString();
  const byId = new Map(existing.map(r => [r.historyId, r]));
  const entries = [...env.history].sort((a, b) => a.id - b.id);
  const changed: ReleaseRecord[] = [];
  const records: ReleaseRecord[] = [];

  for (const [i, entry] of entries.entries()) {
    const before = byId.get(entry.id);
    const earlier = [
      ...existing.filter(r => r.historyId < entry.id),
      ...records,
    ];
    const sameRevision = [...earlier]
      .reverse()
      .find(r => r.revision === entry.revision);
    const record: ReleaseRecord = {
      entityRef,
      environment: env.environment,
      production: env.production,
      application,
      historyId: entry.id,
      revision: entry.revision,
      rollback: before?.rollback ?? Boolean(sameRevision),
      outcome: before?.outcome ?? 'running',
      ...(before ?? {}),
    };
    record.startedAt =
      entry.deployStartedAt ?? entry.deployedAt ?? before?.startedAt;
    record.deployedAt = entry.deployedAt ?? before?.deployedAt;
    record.committedAt = entry.committedAt ?? before?.committedAt;
    // The portal's promotion names the person; Argo CD says `auto-sync`.
    const promotion = promotions.find(
      p => p.to === env.environment && p.commitSha === entry.revision,
    );
    record.deployedBy =
      promotion?.actor ?? before?.deployedBy ?? entry.initiatedBy;
    record.imageTag =
      before?.imageTag ??
      (entry.current ? currentTag(env) : undefined) ??
      sameRevision?.imageTag;

    const next = entries[i + 1];
    if (next && record.outcome === 'running') {
      const redeploys = [...earlier, record].some(
        r => r.revision === next.revision && r.historyId < next.id,
      );
      record.outcome =
        redeploys && next.revision !== record.revision
          ? 'rolled-back'
          : 'replaced';
      record.endedAt = next.deployStartedAt ?? next.deployedAt ?? at;
      if (record.outcome === 'rolled-back') {
        const by = actor('rollback', record.startedAt, next.deployedAt ?? at);
        record.endedBy = by?.actor ?? next.initiatedBy;
        record.endReason = `Rolled back to ${next.revision.slice(0, 7)}${
          by?.reason ? `: ${by.reason}` : ''
        }`;
      }
    }
    if (entry.current) {
      const rollout = env.rollout;
      if (rollout?.aborted && record.outcome === 'running') {
        const explanation = rollout.abortExplanation;
        record.outcome = 'aborted';
        record.endedAt = explanation?.at ?? at;
        record.endedBy = explanation?.automatic
          ? 'analysis'
          : actor('abort', record.startedAt)?.actor;
        record.endReason =
          explanation?.summary ?? rollout.message ?? 'The canary was aborted';
      }
      if (settled(env) && !record.healthyAt) {
        // Seen for the first time already settled: it was healthy by the
        // time it finished deploying, as far as anyone can know.
        record.healthyAt = before ? at : record.deployedAt ?? at;
      }
    }
    records.push(record);
    if (!before || !same(before, record)) {
      changed.push(record);
    }
  }
  return changed;
}
