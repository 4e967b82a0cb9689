import { Release, ReleaseTimeline } from '@internal/plugin-deployments-common';
import { PromotionRecord, ReleaseRecord } from '../../database/ReleaseStore';

/** How many releases the timeline shows, newest first. */
export const TIMELINE_RELEASES = 20;

const time = (iso?: string) => (iso ? Date.parse(iso) : Infinity);

/**
 * The releases of one service (a build: its image tag), each with every
 * environment it reached (a history entry there), when, by whom (the person
 * who promoted it, or Argo CD's initiator) and how it ended there. A build
 * seen before its image was known (no tag) is left out: it would be a
 * release without a name.
 */
export function releaseTimeline(options: {
  entityRef: string;
  records: ReleaseRecord[];
  promotions: PromotionRecord[];
  limit?: number;
}): ReleaseTimeline {
  const byTag = new Map<string, ReleaseRecord[]>();
  for (const r of options.records) {
    if (!r.imageTag) continue;
    byTag.set(r.imageTag, [...(byTag.get(r.imageTag) ?? []), r]);
  }
  const releases: Array<Release & { first: number }> = [];
  for (const [tag, records] of byTag) {
    const sorted = [...records].sort(
      (a, b) => time(a.startedAt) - time(b.startedAt),
    );
    const origin = sorted.find(r => !r.rollback) ?? sorted[0];
    releases.push({
      imageTag: tag,
      first: time(origin.startedAt),
      commit: {
        sha: origin.revision,
        ...(origin.committedAt ? { at: origin.committedAt } : {}),
      },
      stops: sorted.map(r => {
        const promotion = options.promotions.find(
          p => p.to === r.environment && p.commitSha === r.revision,
        );
        const onward = options.promotions.find(
          p =>
            p.from === r.environment &&
            p.imageTag === tag &&
            time(p.promotedAt) >= time(r.startedAt),
        );
        return {
          environment: r.environment,
          production: r.production,
          application: r.application,
          revision: r.revision,
          startedAt: r.startedAt,
          deployedAt: r.deployedAt,
          deployedBy: r.deployedBy,
          ...(promotion
            ? {
                promotion: {
                  by: promotion.actor,
                  from: promotion.from,
                  reason: promotion.reason,
                  at: promotion.promotedAt,
                },
              }
            : {}),
          outcome: r.outcome,
          endedAt: r.endedAt,
          endedBy: r.endedBy,
          endReason: r.endReason,
          ...(onward
            ? {
                promotedTo: {
                  environment: onward.to,
                  by: onward.actor,
                  at: onward.promotedAt,
                },
              }
            : {}),
        };
      }),
    });
  }
  releases.sort((a, b) => b.first - a.first);
  return {
    entityRef: options.entityRef,
    releases: releases
      .slice(0, options.limit ?? TIMELINE_RELEASES)
      .map(({ first, ...release }) => release),
  };
}
