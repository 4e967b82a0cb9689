/**
 * The contract every provisioning engine (Terraform Cloud, AWS CloudFormation)
 * implements, so the backend's request/follow/approve flow does not know which
 * one a service uses. An engine is stateless: everything it needs to pick up a
 * run again after a restart is in the `EngineRunRef` the backend stores.
 */

/** Where a run is heading, engine-neutral. */
export type EngineRunPhase =
  | 'pending' // queued, not planning yet
  | 'planning'
  | 'awaiting_approval' // planned; an allowed person must apply or discard
  | 'applying'
  | 'applied' // done, outputs available
  | 'planned_and_finished' // nothing to change
  | 'errored'
  | 'discarded'
  | 'canceled';

/** Identifies a unit of infrastructure: one service in one environment. */
export interface EngineTarget {
  /** Catalog entity name of the service, e.g. `payments-api`. */
  service: string;
  /** `dev`, `staging` or `prod`. */
  environment: string;
  /**
   * Tiers and sizes as the stack's input variables (`infra/stacks/service-tiers`):
   * all of them. An engine that keeps variables upstream removes the others.
   */
  variables: Record<string, unknown>;
  /**
   * Variable names whose values are secrets: marked sensitive upstream, never
   * stored or logged. Undefined (a retry: secrets are never stored) keeps the
   * sensitive ones upstream as they are; `{}` removes them.
   */
  sensitiveVariables?: Record<string, string>;
  /** Apply without a person's confirmation (dev). */
  autoApply: boolean;
  /** Tags / labels to put on the workspace or stack. */
  tags?: Record<string, string>;
}

/** What the backend stores to find a run again (workspace + run ids, stack + change set …). */
export interface EngineRunRef {
  engine: string; // 'tfc' | 'cloudformation' | …
  /** Engine's id of the long-lived container: TFC workspace id, CloudFormation stack id/name. */
  workspaceId: string;
  /** Engine's id of this run: TFC run id, CloudFormation change set id. */
  runId: string;
  /**
   * Optional: where the ids live when an engine serves several accounts,
   * e.g. the Terraform Cloud organization (each may have its own URL and
   * token), or the AWS account/region. Engines that need none leave it out.
   */
  scope?: string;
  /** Human-facing links, e.g. the run page in HCP Terraform or the console URL. */
  workspaceUrl?: string;
  runUrl?: string;
}

export interface EnginePlanSummary {
  additions: number;
  changes: number;
  destructions: number;
}

export interface EngineCostEstimate {
  /** Monthly cost in USD as strings, as HCP Terraform returns them. */
  priorMonthlyCost?: string;
  proposedMonthlyCost?: string;
  deltaMonthlyCost?: string;
}

/** One output of the provisioned stack; sensitive values are never carried. */
export interface EngineOutput {
  name: string;
  sensitive: boolean;
  /** Absent when `sensitive` is true. */
  value?: unknown;
  type?: string;
}

/** The state of a run as the engine sees it right now. */
export interface EngineRunState {
  phase: EngineRunPhase;
  /** The engine's own status word (`cost_estimated`, `CREATE_IN_PROGRESS`, …) for display. */
  rawStatus: string;
  /** Timestamps of the raw statuses seen so far (ISO), for the timeline. */
  statusTimestamps?: Record<string, string>;
  plan?: EnginePlanSummary;
  costEstimate?: EngineCostEstimate;
  /** Present once the phase is `applied`. */
  outputs?: EngineOutput[];
  /** A one-line reason when errored/canceled. */
  message?: string;
}

/** A log line or stack event, in order. */
export interface EngineLogEntry {
  timestamp?: string;
  text: string;
}

export interface ProvisioningEngine {
  /** `tfc`, `cloudformation`, … — what configuration names. */
  readonly id: string;
  /**
   * Makes sure the workspace/stack exists with the target's settings and
   * variables, then starts a plan. Idempotent on `idempotencyKey`: called
   * again with the same key it returns the run it started the first time.
   */
  startRun(target: EngineTarget, idempotencyKey: string): Promise<EngineRunRef>;
  getRunState(ref: EngineRunRef): Promise<EngineRunState>;
  /** Confirms a run waiting for approval. Throws a clear error when the run cannot be applied now. */
  applyRun(ref: EngineRunRef, comment: string): Promise<void>;
  /** Discards a run waiting for approval. */
  discardRun(ref: EngineRunRef, comment: string): Promise<void>;
  getRunLog(ref: EngineRunRef): Promise<EngineLogEntry[]>;
}
