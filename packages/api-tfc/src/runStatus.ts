import type { Run } from './types';

/**
 * Every run status Terraform Cloud reports in `data.attributes.status`: the
 * enum of the `runs` schema in the OpenAPI spec (v2-beta), in its order, plus
 * `force_canceled`, which the run states table of the API docs lists but the
 * spec's enum lacks.
 */
export const RUN_STATUSES = [
  'pending',
  'fetching',
  'fetching_completed',
  'pre_plan_running',
  'pre_plan_completed',
  'pre_plan_awaiting_decision',
  'queuing',
  'plan_queued',
  'planning',
  'planned',
  'tf_policy_checked',
  'tf_policy_override',
  'post_plan_running',
  'post_plan_completed',
  'cost_estimating',
  'cost_estimated',
  'policy_checking',
  'policy_override',
  'policy_soft_failed',
  'policy_checked',
  'confirmed',
  'pre_apply_running',
  'pre_apply_completed',
  'queuing_apply',
  'apply_queued',
  'applying',
  'post_apply_running',
  'post_apply_completed',
  'applied',
  'discarded',
  'errored',
  'canceled',
  'planned_and_finished',
  'planned_and_saved',
  'assessing',
  'assessed',
  'force_canceled',
] as const;

/** A run status (see {@link RUN_STATUSES}). */
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * Statuses after which a run never moves again. The docs call `discarded`,
 * `errored`, `planned_and_finished` and `policy_soft_failed` final; `applied`,
 * `canceled` and `force_canceled` end the run as well, and `assessed` ends a
 * health-assessment run.
 */
export const FINAL_RUN_STATUSES: ReadonlySet<RunStatus> = new Set<RunStatus>([
  'applied',
  'planned_and_finished',
  'discarded',
  'errored',
  'canceled',
  'force_canceled',
  'policy_soft_failed',
  'assessed',
]);

/** Final statuses in which the run did what it was asked to. */
export const SUCCESSFUL_RUN_STATUSES: ReadonlySet<RunStatus> =
  new Set<RunStatus>(['applied', 'planned_and_finished', 'assessed']);

/**
 * Statuses in which a run can wait for someone to confirm (apply) it: the end
 * of planning (`planned`), of cost estimation, of policy checks, of post-plan
 * run tasks, and a saved plan. Whether it really waits is told by
 * `actions.is-confirmable`: a run passes through `planned` on its way to cost
 * estimation without being confirmable.
 */
export const CONFIRMABLE_RUN_STATUSES: ReadonlySet<RunStatus> =
  new Set<RunStatus>([
    'planned',
    'cost_estimated',
    'policy_checked',
    'post_plan_completed',
    'planned_and_saved',
  ]);

/** The docs' `discardable` status group (plus `pending`, see the discard action docs). */
export const DISCARDABLE_RUN_STATUSES: ReadonlySet<RunStatus> =
  new Set<RunStatus>([
    'pending',
    'planned',
    'planned_and_saved',
    'cost_estimated',
    'policy_checked',
    'policy_override',
    'post_plan_running',
    'post_plan_completed',
  ]);

/** True for a status this version of the client knows. */
export function isRunStatus(status: string): status is RunStatus {
  return (RUN_STATUSES as readonly string[]).includes(status);
}

/**
 * True when the run will not move any more. Unknown statuses (a newer API)
 * count as not final, so callers keep polling rather than give up early.
 */
export function isFinal(status: string): boolean {
  return FINAL_RUN_STATUSES.has(status as RunStatus);
}

/** True when the run ended and did what it was asked to. */
export function isSuccessful(status: string): boolean {
  return SUCCESSFUL_RUN_STATUSES.has(status as RunStatus);
}

/** True when the run ended without doing its job (errored, canceled, discarded...). */
export function isFailed(status: string): boolean {
  return isFinal(status) && !isSuccessful(status);
}

/** True when the run is paused until someone applies (confirms) or discards it. */
export function needsConfirmation(run: Pick<Run, 'attributes'>): boolean {
  return (
    CONFIRMABLE_RUN_STATUSES.has(run.attributes.status) &&
    run.attributes.actions?.['is-confirmable'] === true
  );
}

/** True while Terraform Cloud is still working on the run (not final, not waiting for a person). */
export function isInProgress(run: Pick<Run, 'attributes'>): boolean {
  return !isFinal(run.attributes.status) && !needsConfirmation(run);
}
