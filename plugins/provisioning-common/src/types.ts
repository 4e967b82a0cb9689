/**
 * The provisioning REST API's resources, as the backend sends them and the
 * frontend (and future CLI) reads them. Engine-neutral: a Terraform Cloud run
 * and a CloudFormation change set look the same here.
 */

/** Where a run is heading (same words as the engine contract in `-node`). */
export type RunPhase =
  | 'starting' // the portal is preparing the workspace and queueing the run
  | 'pending'
  | 'planning'
  | 'awaiting_approval'
  | 'applying'
  | 'applied'
  | 'planned_and_finished'
  | 'errored'
  | 'discarded'
  | 'canceled';

/** Phases after which a run never moves again. */
export const FINAL_RUN_PHASES: readonly RunPhase[] = [
  'applied',
  'planned_and_finished',
  'errored',
  'discarded',
  'canceled',
];

/** True when the run will not move any more. */
export function isFinalPhase(phase: RunPhase): boolean {
  return FINAL_RUN_PHASES.includes(phase);
}

/** The service tiers of the `service-tiers` stack. */
export interface ServiceTiers {
  database?: 'none' | 'rds-postgres' | 'aurora-serverless-v2';
  cache?: 'none' | 'redis';
  queue?: 'none' | 'sqs';
  publicHttp?: boolean;
}

/** One status the run went through, with when the portal (or the engine) saw it. */
export interface RunStatusEvent {
  status: string;
  at: string;
}

export interface PlanSummary {
  additions: number;
  changes: number;
  destructions: number;
}

export interface CostEstimate {
  priorMonthlyCost?: string;
  proposedMonthlyCost?: string;
  deltaMonthlyCost?: string;
}

/** A stack output; sensitive outputs never carry a value. */
export interface RunOutput {
  name: string;
  sensitive: boolean;
  value?: unknown;
  type?: string;
}

/** Who applied or discarded a run, and why. */
export interface RunDecision {
  action: 'apply' | 'discard';
  by: string;
  comment: string;
  at: string;
}

/**
 * Where an applied run's non-sensitive outputs were recorded in git (the
 * service repository's `chart/values-<env>.yaml`, `provisioned:` block),
 * and whether the environment's Argo CD Applications held for them were
 * released.
 */
export interface OutputsRecord {
  /**
   * `pending` until written (or retried), `recorded` once in git,
   * `failed` with `error` (retried with back-off), `superseded` when a
   * newer run of the environment applied first.
   */
  state: 'pending' | 'recorded' | 'failed' | 'superseded';
  /** The repository's web URL. */
  repositoryUrl?: string;
  /** e.g. `chart/values-dev.yaml`. */
  file?: string;
  /** The commit that recorded them; absent when git held them already. */
  commitSha?: string;
  commitUrl?: string;
  recordedAt?: string;
  /** Why the last attempt failed (push refused, repository missing, ...). */
  error?: string;
  attempts: number;
  nextAttemptAt?: string;
  /** The environment's Argo CD Applications whose sync waited for the outputs. */
  sync?: {
    state: 'pending' | 'released' | 'notHeld' | 'failed';
    applications?: string[];
    error?: string;
    releasedAt?: string;
  };
}

export interface ProvisioningRun {
  id: string;
  entityRef: string;
  service: string;
  environment: string;
  engine: string;
  phase: RunPhase;
  /** The engine's own status word, e.g. `cost_estimated`. */
  rawStatus: string;
  workspaceName: string;
  workspaceId?: string;
  workspaceUrl?: string;
  engineRunId?: string;
  runUrl?: string;
  tiers: ServiceTiers;
  timeline: RunStatusEvent[];
  plan?: PlanSummary;
  costEstimate?: CostEstimate;
  outputs?: RunOutput[];
  decision?: RunDecision;
  /** A one-line reason when errored, canceled or not startable. */
  message?: string;
  requestedBy: string;
  /** The run this one retries. */
  retryOf?: string;
  /** Once applied: where its outputs were recorded in git. */
  outputsRecord?: OutputsRecord;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
}

/** One environment of a service on its Infrastructure tab. */
export interface EnvironmentProvisioning {
  environment: string;
  workspaceName: string;
  /**
   * Newest first; the first is the latest run. The others (history) come
   * without `outputs` and with an empty `timeline`: `GET /runs/:id` has them.
   */
  runs: ProvisioningRun[];
  /** Total number of runs stored for the environment (runs may be truncated). */
  totalRuns: number;
}

export interface ServiceProvisioning {
  entityRef: string;
  service: string;
  engine: string;
  environments: EnvironmentProvisioning[];
}

/** Body of `POST /requests`. */
export interface ProvisioningRequestBody {
  /** The service's catalog entity ref, e.g. `component:default/payments-api`. */
  entityRef: string;
  environments: string[];
  tiers: ServiceTiers;
  /** Size overrides of the stack's `sizes` variable, e.g. `{ database_min_capacity: 0.5 }`. */
  sizes?: Record<string, string | number>;
  /**
   * Further stack variables a service may set: only those the stack's
   * allow-list names (`GET /variables`); platform inputs (VPC, cluster,
   * account, `allow_destroy`...) come from the portal's configuration.
   */
  variables?: Record<string, StackVariableValue>;
  /** Secret stack variables (same allow-list): marked sensitive upstream, never stored or returned. */
  sensitiveVariables?: Record<string, string>;
  /** Same key, same answer: re-sending does not create a second workspace or run. */
  idempotencyKey?: string;
  /**
   * A grant (`POST /grants`) for a service that is not in the catalog yet:
   * what the "Create microservice" template presents before it registers
   * the entity. Single use per environment.
   */
  grant?: string;
}

/** A value of a stack variable a request may set. */
export type StackVariableValue =
  | string
  | number
  | boolean
  | Record<string, string | number | boolean>;

/** Body of `POST /grants`. */
export interface ProvisioningGrantRequest {
  /** The service-to-be's entity ref, e.g. `component:default/payments-api`. */
  entityRef: string;
  /** The scaffolder task that creates the service; the grant is bound to it. */
  taskId: string;
}

/** Answer of `POST /grants`. */
export interface ProvisioningGrant {
  /** The secret to present as `grant` in `POST /requests`. */
  grant: string;
  entityRef: string;
  taskId: string;
  expiresAt: string;
}

/** Answer of `GET /variables`: what a request may set. */
export interface StackVariablesInfo {
  /** Variables a request may set, in `variables` or `sensitiveVariables`. */
  settable: string[];
  /** Variables the portal sets itself (from the request's tiers and sizes, or from config). */
  reserved: string[];
}

/** Answer of `POST /requests`. */
export interface ProvisioningRequestResult {
  requestId: string;
  /** False when an earlier request with the same idempotency key answered. */
  created: boolean;
  runs: ProvisioningRun[];
}

/** A log line of a run (plan and apply logs, or stack events). */
export interface RunLogEntry {
  timestamp?: string;
  text: string;
}

/** Annotation listing a service's workspaces, e.g. `payments-api-dev,payments-api-prod`. */
export const PROVISIONING_WORKSPACES_ANNOTATION =
  'provisioning.acme.example/workspaces';
