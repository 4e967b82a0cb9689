/*
 * DORA metrics and the release timeline, from the portal's own records:
 * what Argo CD deployed in each environment (its history), what the canary
 * did (aborted or not), and the portal's promotions. A release is a build
 * (its image tag) and the commit that first shipped it.
 */

/** The windows the DORA card offers, in days. */
export const DORA_WINDOWS = [7, 30, 90] as const;

export type DoraWindow = (typeof DORA_WINDOWS)[number];

/** How one deployment of a release ended in its environment. */
export type ReleaseOutcome =
  /** It still runs there. */
  | 'running'
  /** A newer release replaced it. */
  | 'replaced'
  /** Its canary was aborted: traffic went back to the stable version. */
  | 'aborted'
  /** Argo CD rolled the environment back to an earlier revision. */
  | 'rolled-back';

/** One bucket of the trend chart. */
export interface DoraTrendPoint {
  /** Start of the bucket (ISO-8601, UTC midnight). */
  start: string;
  deployments: number;
  failures: number;
}

/** The four keys, over one window, for production. */
export interface DoraMetrics {
  /** The service's ref, or the group's for a team. */
  entityRef: string;
  days: number;
  from: string;
  to: string;
  /** The services counted (one for a service; the team's for a group). */
  services: string[];
  /** Production deployments started in the window. */
  deployments: number;
  /** Deployments per day over the window. */
  deploymentsPerDay: number;
  /** Median commit -> running in production, in seconds; absent without a deployment. */
  leadTimeSeconds?: number;
  /** Deployments aborted or rolled back. */
  failures: number;
  /** failures / deployments (0..1); absent without a deployment. */
  changeFailureRate?: number;
  /** Median failure -> healthy again, in seconds; absent without a restored failure. */
  timeToRestoreSeconds?: number;
  /** Failures not restored yet. */
  unrestored: number;
  /** Per day for 7 days, per week for 30 and 90. */
  trend: DoraTrendPoint[];
}

/** A release reaching one environment. */
export interface ReleaseStop {
  environment: string;
  production: boolean;
  application?: string;
  /** The chart commit Argo CD deployed. */
  revision: string;
  /** When the deployment started and finished (Argo CD's history). */
  startedAt?: string;
  deployedAt?: string;
  /** Who deployed it: the person who promoted it, or Argo CD's initiator (`auto-sync`). */
  deployedBy?: string;
  /** The portal's promotion that shipped it here, if it did. */
  promotion?: { by: string; from: string; reason?: string; at: string };
  outcome: ReleaseOutcome;
  endedAt?: string;
  /** Who ended it (rolled back, aborted) or what replaced it. */
  endedBy?: string;
  /** Why it ended, in words (e.g. the failed analysis). */
  endReason?: string;
  /** Promoted from here to the next environment by the portal. */
  promotedTo?: { environment: string; by: string; at: string };
}

/** One release (image tag) of a service and every environment it reached. */
export interface Release {
  imageTag: string;
  /** The commit that first shipped it (CI's release commit in the first environment). */
  commit?: { sha: string; at?: string };
  stops: ReleaseStop[];
}

export interface ReleaseTimeline {
  entityRef: string;
  /** Newest first. */
  releases: Release[];
}

/**
 * The Backstage signal channel of an entity's deployments: the backend
 * publishes on it when something changed (a canary step, an abort, a
 * promotion); the Deployments tab reads again. The message carries no data.
 */
export function deploymentsSignalChannel(entityRef: string): string {
  return `deployments:${entityRef.toLocaleLowerCase('en-US')}`;
}
