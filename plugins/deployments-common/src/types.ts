/*
 * The deployments backend's REST API (`/api/deployments`), shared by the
 * backend that serves it and the frontend that calls it.
 */

import type { RollbackExplanation } from './promotion';

/** Argo CD's health codes. */
export type HealthStatus =
  | 'Healthy'
  | 'Suspended'
  | 'Progressing'
  | 'Missing'
  | 'Degraded'
  | 'Unknown';

export const HEALTH_STATUSES: readonly HealthStatus[] = [
  'Healthy',
  'Suspended',
  'Progressing',
  'Missing',
  'Degraded',
  'Unknown',
];

/** Argo CD's sync status codes. */
export type SyncStatus = 'Synced' | 'OutOfSync' | 'Unknown';

/** The actions of the API; each is behind a permission (see permissions.ts). */
export type DeploymentAction =
  | 'rollback'
  | 'promote'
  | 'promote-full'
  | 'abort'
  | 'retry'
  | 'resume-auto-sync';

/** The canary actions run as Argo CD resource actions on the Rollout. */
export type RolloutActionName = 'promote' | 'promote-full' | 'abort' | 'retry';

export const ROLLOUT_ACTIONS: readonly RolloutActionName[] = [
  'promote',
  'promote-full',
  'abort',
  'retry',
];

/** An environment and the Argo CD instance that deploys to it. */
export interface EnvironmentInfo {
  name: string;
  instance: string;
  /** Actions need the stricter `.production` permissions here. */
  production: boolean;
  /** `unavailable` when its Argo CD instance did not answer. */
  status: 'ok' | 'unavailable';
  /** Why it is unavailable. */
  error?: string;
}

/** The operation (sync or rollback) Argo CD last ran or is running. */
export interface OperationSummary {
  kind: 'sync' | 'rollback';
  phase: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  /** Argo CD's account, or `auto-sync` for the controller. */
  initiatedBy?: string;
}

export interface AutoSyncSuspension {
  by: string;
  at: string;
  reason: string;
}

/** One service in one environment, as the matrix shows it. */
/** One of Argo CD's application conditions (`ComparisonError`, `SyncError`, ...). */
export interface ApplicationCondition {
  type: string;
  message: string;
}

export interface DeploymentSummary {
  environment: string;
  instance: string;
  /**
   * `deployed`: an application exists. `missing`: the instance answered but
   * has no application for this service here. `unavailable`: the instance did
   * not answer, so nothing is known.
   */
  state: 'deployed' | 'missing' | 'unavailable';
  error?: string;
  application?: string;
  /** Deep link to the application in Argo CD's UI. */
  argocdUrl?: string;
  /** The deployed git commit (the last history entry). */
  revision?: string;
  /** The commit auto-sync would deploy (the tracked branch's head). */
  targetRevision?: string;
  /** The images running (two while a canary is in flight). */
  images?: string[];
  /** The tag of the newest image, e.g. `1.4.0`. */
  imageTag?: string;
  sync?: SyncStatus;
  health?: HealthStatus;
  healthMessage?: string;
  operation?: OperationSummary;
  /** Whether a sync or rollback is running now. */
  operationRunning?: boolean;
  autoSync?: boolean;
  /** Set when the portal suspended auto-sync (for a rollback): who, when, why. */
  autoSyncSuspension?: AutoSyncSuspension;
  /**
   * What the Application waits for before its automated sync is turned on
   * (`portal.acme.example/sync-held`), e.g. `infrastructure`: its
   * environment's provisioning outputs are not recorded yet.
   */
  syncHeld?: string;
  /**
   * Argo CD's conditions on the application (`status.conditions`), e.g. a
   * `ComparisonError` when the chart cannot render: why nothing deploys.
   */
  conditions?: ApplicationCondition[];
  /** Deployed revision differs from the target and auto-sync is off. */
  rolledBack?: boolean;
  /** Whether a canary is in flight (two images serve traffic). */
  canaryInFlight?: boolean;
  deployedAt?: string;
  /** The person (or `auto-sync`) who started the last deployment. */
  deployedBy?: string;
  /**
   * `bound`: the portal created (or an admin claimed) the application for
   * this entity. `unbound`: only the entity's annotation matches it; it is
   * shown read-only and actions are refused until an admin claims it.
   */
  binding?: 'bound' | 'unbound';
}

/**
 * An application the entity's annotation matches that belongs to another
 * entity: it is not shown as the entity's own.
 */
export interface OwnershipWarning {
  environment: string;
  instance: string;
  application: string;
  /** The entity it belongs to. */
  boundTo: string;
  message: string;
}

/** One row of the matrix: a catalog entity and its deployments. */
export interface MatrixRow {
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  owner?: string;
  system?: string;
  /** Keyed by environment name. */
  deployments: Record<string, DeploymentSummary>;
  /** Applications its annotation matches that belong to other entities. */
  warnings?: OwnershipWarning[];
}

export type MatrixSortField =
  | 'name'
  | 'owner'
  | 'system'
  | 'deployedAt'
  | 'health';

export interface MatrixQuery {
  owner?: string[];
  system?: string[];
  /** Only rows deployed to one of these environments (and only these columns). */
  environment?: string[];
  /** Only rows with one of these health codes in a shown environment; `unavailable` too. */
  health?: Array<HealthStatus | 'unavailable'>;
  /** Substring of the name, title, owner, system or revision. */
  search?: string;
  sort?: MatrixSortField;
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

export interface MatrixResponse {
  environments: EnvironmentInfo[];
  rows: MatrixRow[];
  /** Rows matching the filters, before paging. */
  total: number;
  offset: number;
  limit: number;
  /** The owners and systems of all rows, for the filter pickers. */
  facets: { owners: string[]; systems: string[] };
  /** When the Argo CD data was fetched. */
  refreshedAt: string;
}

/** One `status.history` entry. */
export interface HistoryEntry {
  id: number;
  revision: string;
  deployedAt?: string;
  deployStartedAt?: string;
  /** The person (Argo CD account) or `auto-sync`. */
  initiatedBy?: string;
  /** The commit's author, when Argo CD knows it. */
  author?: string;
  message?: string;
  /** When the commit was made (its author date), when Argo CD knows it. */
  committedAt?: string;
  /** The entry that is deployed now. */
  current: boolean;
}

export interface RolloutStep {
  index: number;
  kind: 'setWeight' | 'pause' | 'analysis' | 'other';
  weight?: number;
  /** Seconds, or undefined for an indefinite pause (a person promotes). */
  pauseSeconds?: number;
  templates?: string[];
  state: 'done' | 'current' | 'pending';
}

export interface AnalysisMetricResult {
  name: string;
  phase: string;
  message?: string;
  count?: number;
  successful?: number;
  failed?: number;
  /** The last measurement's value. */
  lastValue?: string;
  /** The metric's `successCondition`, e.g. `result[0] >= 0.95`. */
  successCondition?: string;
  failureCondition?: string;
  /** Failed measurements tolerated before the metric fails. */
  failureLimit?: number;
  /** Every measurement, oldest first. */
  measurements?: Array<{ phase: string; value?: string; finishedAt?: string }>;
}

export interface AnalysisRunSummary {
  name: string;
  phase: string;
  message?: string;
  startedAt?: string;
  metrics: AnalysisMetricResult[];
}

/** An Argo Rollouts canary, read through Argo CD. */
export interface RolloutState {
  name: string;
  namespace: string;
  /** Argo Rollouts' phase: Healthy, Progressing, Paused, Degraded. */
  phase?: string;
  /** Argo CD's health of the Rollout (Paused is Suspended). */
  health: HealthStatus;
  message?: string;
  aborted: boolean;
  paused: boolean;
  pauseReasons: string[];
  currentStepIndex?: number;
  steps: RolloutStep[];
  weights: { stable: number; canary: number };
  stableImage?: string;
  canaryImage?: string;
  /** Pod template hash of the stable ReplicaSet (the `rollouts_pod_template_hash` label of its metrics). */
  stablePodHash?: string;
  /** Pod template hash of the canary ReplicaSet while a canary is in flight. */
  canaryPodHash?: string;
  analysisRuns: AnalysisRunSummary[];
  /** When the canary aborted: why, in words (see {@link RollbackExplanation}). */
  abortExplanation?: RollbackExplanation;
  /** The resource actions Argo CD offers now. */
  availableActions: RolloutActionName[];
}

/** One environment of one entity, with everything the entity tab shows. */
export interface EnvironmentDeployment extends DeploymentSummary {
  production: boolean;
  history: HistoryEntry[];
  rollout?: RolloutState;
  /** Why the detail (rollout, history) could not be read; the summary may still be there. */
  detailError?: string;
}

export interface EntityDeploymentsResponse {
  entityRef: string;
  environments: EnvironmentDeployment[];
  /** Applications its annotation matches that belong to other entities. */
  warnings?: OwnershipWarning[];
}

/** What a rollback would change, without changing anything. */
export interface RollbackPreview {
  application: string;
  environment: string;
  from: { revision?: string; image?: string; historyId?: number };
  to: {
    revision: string;
    image?: string;
    historyId: number;
    deployedAt?: string;
  };
  /** Auto-sync is on and will be suspended first. */
  suspendsAutoSync: boolean;
  /** Argo CD accepted the rollback as a dry run. */
  dryRun: 'passed';
}

export interface RollbackRequest {
  /** The history entry to roll back to. */
  id: number;
  reason: string;
}

export interface ActionRequest {
  reason?: string;
}

export interface ActionResult {
  action: DeploymentAction;
  application: string;
  environment: string;
  /** What happened, e.g. "Rolled back to abc1234; auto-sync suspended". */
  message: string;
  deployment: DeploymentSummary;
}

/** An Argo CD manifest as the scaffolder renders it. */
export interface ArgoCDManifest {
  apiVersion: 'argoproj.io/v1alpha1';
  kind: 'AppProject' | 'Application';
  metadata: { name: string; [key: string]: unknown };
  spec: { [key: string]: unknown };
}

/**
 * `POST /applications`: creates an entity's AppProject and Applications in
 * the instances deploying to their destination clusters and binds them to
 * the entity. Objects bound to another entity, or existing unbound, are
 * refused (403).
 */
export interface CreateApplicationsRequest {
  entityRef: string;
  project?: ArgoCDManifest;
  applications: ArgoCDManifest[];
  /** Replace this entity's own objects whose spec differs. */
  upsert?: boolean;
  /** Check everything (permissions, bindings), create nothing. */
  dryRun?: boolean;
  /** The scaffolder task, recorded on the bindings. */
  taskId?: string;
}

export interface CreatedApplication {
  name: string;
  environment: string;
  instance: string;
  url: string;
  /** An identical application existed already (a re-run). */
  reused: boolean;
  sync?: string;
  health?: string;
}

export interface CreateApplicationsResponse {
  entityRef: string;
  project?: string;
  applications: CreatedApplication[];
  dryRun: boolean;
}

/** `POST /bindings/claim` (admins): binds adopted objects to an entity. */
export interface ClaimBindingsRequest {
  entityRef: string;
  /** Application names; each is looked up in every instance. */
  applications: string[];
  /** AppProject names, bound in every instance that has them. */
  projects?: string[];
}

export interface ClaimBindingsResponse {
  entityRef: string;
  claimed: Array<{
    kind: 'application' | 'project';
    instance: string;
    name: string;
  }>;
  /** Already bound to this entity. */
  unchanged: Array<{
    kind: 'application' | 'project';
    instance: string;
    name: string;
  }>;
}
