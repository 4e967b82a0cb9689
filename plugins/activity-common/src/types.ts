/*
 * The activity backend's REST API (`/api/activity`): the audited actions of
 * the portal's plugins, as stored from Backstage's auditor.
 */

/** `denied`: the action failed because the caller was not allowed. */
export type ActivityResult = 'succeeded' | 'failed' | 'denied';

export const ACTIVITY_RESULTS: readonly ActivityResult[] = [
  'succeeded',
  'failed',
  'denied',
];

/** One audited action: who did what, why, when, to what, and how it ended. */
export interface ActivityEvent {
  id: string;
  /** ISO-8601, UTC. */
  occurredAt: string;
  /** The plugin that audited it, e.g. `deployments`. */
  plugin: string;
  /** The auditor's event id, e.g. `deployment-rollback`. */
  action: string;
  severity: 'low' | 'medium' | 'high' | 'critical';
  result: ActivityResult;
  /** The user's entity ref, or the service's subject. */
  actor?: string;
  entityRef?: string;
  environment?: string;
  /** The reason or comment the actor gave. */
  reason?: string;
  before?: unknown;
  after?: unknown;
  /** Why it failed or was denied. */
  error?: string;
  /** Everything the plugin recorded with the event. */
  meta?: Record<string, unknown>;
}

export interface ActivityPage {
  events: ActivityEvent[];
  /** Events matching the filters, before paging. */
  total: number;
  offset: number;
  limit: number;
}

/** The filters of the admin page. */
export interface ActivityQuery {
  actor?: string;
  entityRef?: string;
  plugin?: string;
  action?: string;
  result?: ActivityResult;
  /** ISO-8601 lower bound (inclusive). */
  from?: string;
  /** ISO-8601 upper bound (exclusive). */
  to?: string;
  offset?: number;
  limit?: number;
}

/** What the admin page's filters offer. */
export interface ActivityFacets {
  actors: string[];
  plugins: string[];
  actions: string[];
  /** The entities (services) that have activity, as full refs. */
  entityRefs: string[];
}
