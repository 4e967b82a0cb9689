import {
  FINAL_RUN_STATUSES,
  type RunActions,
  type RunStatus,
} from '@internal/api-tfc';
import { newId, RunRecord, TfcStore } from './TfcStore';
import { Desired, desiredState, diff, ResourceSet } from './tiers';

/** The answer to a run action: done, or why the run's state refuses it (a 409). */
export type ActionResult = { ok: true } | { ok: false; detail: string };

/** The contract's final statuses (the simulator never reaches the policy and assessment ones). */
const FINAL = FINAL_RUN_STATUSES;

const CANCELABLE: ReadonlySet<RunStatus> = new Set<RunStatus>([
  'pending',
  'plan_queued',
  'planning',
  'cost_estimating',
  'confirmed',
  'apply_queued',
  'applying',
]);

const FORCE_ERROR = 'force-error';

/**
 * Moves runs through Terraform Cloud's statuses on timers, one step every
 * `stepMs`:
 *
 * pending -> plan_queued -> planning -> planned [-> cost_estimating ->
 * cost_estimated] -> (waits for apply) -> confirmed -> apply_queued ->
 * applying -> applied
 *
 * A plan without changes ends in planned_and_finished; auto-apply confirms by
 * itself; `force-error` in the run message or in a workspace variable makes
 * planning error. Runs of a workspace go one at a time: later ones stay
 * pending (and discardable) until the earlier one is final. Configuration
 * version uploads are processed on the same clock.
 */
export class RunEngine {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly store: TfcStore,
    private readonly options: {
      stepMs: number;
      outputsProcessingMs: number;
      /** Called after every change the clock makes (to save the state). */
      onChange?: () => void;
      /** Where a step's error goes instead of crashing the process. */
      onError?: (error: unknown) => void;
    },
  ) {}

  /** Stops every timer (the store's reset forgets the runs). */
  reset(): void {
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
  }

  /** Runs `fn` after `delayMs` unless reset first. */
  later(delayMs: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      try {
        fn();
      } catch (error) {
        // A step that fails must not take the sandbox down with it.
        (this.options.onError ?? console.error)(error);
      } finally {
        this.options.onChange?.();
      }
    }, delayMs);
    // The sandbox's HTTP server keeps the process alive, not pending runs.
    timer.unref();
    this.timers.add(timer);
  }

  /** Starts a run the routes just stored. */
  start(run: RunRecord): void {
    run.timestamps['plan-queueable-at'] = now();
    this.scheduleStep(run);
  }

  /**
   * After a restart: every run that was moving goes on from the status it
   * was saved in (a run in `applying` applies, one in `planning` plans
   * again), one step later, in creation order; runs waiting for
   * confirmation or for an earlier run keep waiting.
   */
  resume(): void {
    const moving = [...this.store.runs.values()]
      .filter(run => !FINAL.has(run.status))
      .sort((a, b) => a.sequence - b.sequence);
    for (const run of moving) {
      this.scheduleStep(run);
    }
  }

  isFinal(run: RunRecord): boolean {
    return FINAL.has(run.status);
  }

  actions(run: RunRecord): RunActions {
    return {
      'is-cancelable': CANCELABLE.has(run.status),
      'is-confirmable': this.isConfirmable(run),
      'is-discardable':
        this.isConfirmable(run) ||
        (run.status === 'pending' && this.isBlocked(run)),
      'is-force-cancelable': false,
    };
  }

  apply(run: RunRecord): ActionResult {
    if (!this.isConfirmable(run)) {
      return {
        ok: false,
        detail: 'Run was not paused for confirmation; apply not allowed.',
      };
    }
    this.enter(run, 'confirmed');
    this.scheduleStep(run);
    return { ok: true };
  }

  discard(run: RunRecord): ActionResult {
    if (!this.actions(run)['is-discardable']) {
      return {
        ok: false,
        detail:
          'Run was not paused for confirmation or priority; discard not allowed.',
      };
    }
    this.enter(run, 'discarded');
    return { ok: true };
  }

  cancel(run: RunRecord): ActionResult {
    if (!CANCELABLE.has(run.status)) {
      return {
        ok: false,
        detail: 'Run was not planning or applying; cancel not allowed.',
      };
    }
    run.canceledAt = now();
    this.enter(run, 'canceled');
    return { ok: true };
  }

  private costEstimation(run: RunRecord): boolean {
    return run.costEstimateId !== undefined;
  }

  /** The status in which a run with changes waits for someone to apply it. */
  private isConfirmable(run: RunRecord): boolean {
    const gate = this.costEstimation(run) ? 'cost_estimated' : 'planned';
    return (
      run.status === gate && run.hasChanges && !run.planOnly && !run.autoApply
    );
  }

  /** An earlier run of the workspace still holds it (plan-only runs hold nothing). */
  private isBlocked(run: RunRecord): boolean {
    if (run.planOnly) {
      return false;
    }
    return this.store
      .runsOf(run.workspaceId)
      .some(
        other =>
          other.sequence < run.sequence &&
          !other.planOnly &&
          !FINAL.has(other.status),
      );
  }

  private scheduleStep(run: RunRecord): void {
    const expected = run.status;
    this.later(this.options.stepMs, () => {
      // Reset, or moved on by an action (discard, cancel) meanwhile.
      if (this.store.runs.get(run.id) !== run || run.status !== expected) {
        return;
      }
      this.step(run);
    });
  }

  private step(run: RunRecord): void {
    const next = this.nextStatus(run);
    if (!next) {
      return; // blocked (woken by wakeNext), or waiting for confirmation
    }
    this.enter(run, next);
    if (!FINAL.has(run.status)) {
      this.scheduleStep(run);
    }
  }

  private nextStatus(run: RunRecord): RunStatus | undefined {
    switch (run.status) {
      case 'pending':
        return this.isBlocked(run) ? undefined : 'plan_queued';
      case 'plan_queued':
        return 'planning';
      case 'planning':
        return this.plan(run) ? 'planned' : 'errored';
      case 'planned':
        return this.costEstimation(run)
          ? 'cost_estimating'
          : this.afterChecks(run);
      case 'cost_estimating':
        return 'cost_estimated';
      case 'cost_estimated':
        return this.afterChecks(run);
      case 'confirmed':
        return 'apply_queued';
      case 'apply_queued':
        return 'applying';
      case 'applying':
        return 'applied';
      default:
        return undefined;
    }
  }

  private afterChecks(run: RunRecord): RunStatus | undefined {
    if (!run.hasChanges || run.planOnly) {
      return 'planned_and_finished';
    }
    return run.autoApply ? 'confirmed' : undefined;
  }

  /** Computes the plan from the variables; false when planning fails. */
  private plan(run: RunRecord): boolean {
    const workspace = this.store.workspaces.get(run.workspaceId)!;
    const workspaceVariables = this.store.variablesOf(run.workspaceId);
    const forced =
      run.message.includes(FORCE_ERROR) ||
      [...workspaceVariables, ...run.variables].some(
        v => v.key.includes(FORCE_ERROR) || v.value.includes(FORCE_ERROR),
      );
    if (forced) {
      run.failure = `Error: forced failure: "${FORCE_ERROR}" found in the run message or the workspace variables`;
      return false;
    }
    const terraformVariables = new Map(
      workspaceVariables
        .filter(v => v.category === 'terraform')
        .map(v => [v.key, v.value]),
    );
    for (const v of run.variables) {
      terraformVariables.set(v.key, v.value);
    }
    const current: ResourceSet = workspace.currentStateVersionId
      ? this.store.stateVersions.get(workspace.currentStateVersionId)!.resources
      : new Map();
    const desired: Desired = run.isDestroy
      ? { resources: new Map(), outputs: [], monthlyCost: 0 }
      : desiredState(terraformVariables, workspace.attributes.name);
    const counts = diff(current, desired.resources);
    const plan = this.store.plans.get(run.planId)!;
    plan.additions = counts.additions;
    plan.changes = counts.changes;
    plan.destructions = counts.destructions;
    run.hasChanges =
      counts.additions + counts.changes + counts.destructions > 0;
    run.desired = desired;
    if (run.costEstimateId) {
      const estimate = this.store.costEstimates.get(run.costEstimateId)!;
      estimate.priorMonthlyCost = workspace.currentStateVersionId
        ? this.store.stateVersions.get(workspace.currentStateVersionId)!
            .monthlyCost
        : 0;
      estimate.proposedMonthlyCost = desired.monthlyCost;
      estimate.resourcesCount = desired.resources.size;
    }
    return true;
  }

  /** Sets a run's status and everything that changes with it. */
  private enter(run: RunRecord, status: RunStatus): void {
    const at = now();
    run.status = status;
    run.timestamps[`${status.replace(/_/g, '-')}-at`] = at;
    const plan = this.store.plans.get(run.planId)!;
    const apply = this.store.applies.get(run.applyId)!;
    const estimate = run.costEstimateId
      ? this.store.costEstimates.get(run.costEstimateId)
      : undefined;
    const unreachable = () => {
      for (const phase of [plan, apply]) {
        if (['pending', 'queued'].includes(phase.status)) {
          phase.status = 'unreachable';
        }
      }
      if (estimate && ['pending', 'queued'].includes(estimate.status)) {
        estimate.status = 'unreachable';
      }
    };

    switch (status) {
      case 'plan_queued':
        plan.status = 'queued';
        plan.timestamps['queued-at'] = at;
        break;
      case 'planning':
        plan.status = 'running';
        plan.timestamps['started-at'] = at;
        break;
      case 'planned':
        plan.status = 'finished';
        plan.timestamps['finished-at'] = at;
        break;
      case 'errored':
        plan.status = 'errored';
        plan.timestamps['finished-at'] = at;
        unreachable();
        break;
      case 'cost_estimating':
        estimate!.status = 'queued';
        estimate!.timestamps['queued-at'] = at;
        break;
      case 'cost_estimated':
        estimate!.status = 'finished';
        estimate!.timestamps['finished-at'] = at;
        break;
      case 'planned_and_finished':
        unreachable();
        break;
      case 'apply_queued':
        apply.status = 'queued';
        apply.timestamps['queued-at'] = at;
        break;
      case 'applying':
        apply.status = 'running';
        apply.timestamps['started-at'] = at;
        break;
      case 'applied':
        apply.status = 'finished';
        apply.timestamps['finished-at'] = at;
        apply.additions = plan.additions;
        apply.changes = plan.changes;
        apply.destructions = plan.destructions;
        this.recordState(run);
        break;
      case 'canceled':
        for (const phase of [plan, apply]) {
          if (phase.status === 'running') {
            phase.status = 'canceled';
            phase.timestamps['finished-at'] = at;
          }
        }
        unreachable();
        break;
      case 'discarded':
        unreachable();
        break;
      default:
        break;
    }
    if (FINAL.has(status)) {
      this.wakeNext(run.workspaceId);
    }
  }

  /** The apply wrote a new state: it becomes the workspace's current state. */
  private recordState(run: RunRecord): void {
    const workspace = this.store.workspaces.get(run.workspaceId)!;
    const desired = run.desired!;
    const id = newId('sv');
    this.store.stateVersions.set(id, {
      id,
      workspaceId: workspace.id,
      runId: run.id,
      createdAt: now(),
      resources: desired.resources,
      monthlyCost: desired.monthlyCost,
      outputs: desired.outputs.map(output => ({
        ...output,
        id: newId('wsout'),
      })),
      processedAt: Date.now() + this.options.outputsProcessingMs,
    });
    workspace.currentStateVersionId = id;
    workspace.attributes['resource-count'] = desired.resources.size;
    workspace.attributes['latest-change-at'] = now();
    workspace.attributes['updated-at'] = now();
  }

  /** A run of the workspace ended: the oldest pending one may start. */
  private wakeNext(workspaceId: string): void {
    const pending = this.store
      .runsOf(workspaceId)
      .filter(r => r.status === 'pending')
      .sort((a, b) => a.sequence - b.sequence)[0];
    if (pending && !this.isBlocked(pending)) {
      this.scheduleStep(pending);
    }
  }
}

function now(): string {
  return new Date().toISOString();
}
