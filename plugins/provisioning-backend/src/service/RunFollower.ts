import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { assertError } from '@backstage/errors';
import { isFinalPhase } from '@internal/plugin-provisioning-common';
import type {
  EngineRunState,
  ProvisioningEngine,
} from '@internal/plugin-provisioning-node';
import { RunStore, RunUpdate, StoredRun } from '../database/RunStore';
import { EngineRegistry } from './EngineRegistry';
import { refOf } from './ProvisioningService';

export interface RunFollowerOptions {
  store: RunStore;
  engines: EngineRegistry;
  logger: LoggerService;
  /** Between two looks at a moving run; defaults to 5 s. */
  checkIntervalMs?: number;
  /** Between two looks at a run waiting for a person; defaults to 30 s. */
  awaitingApprovalIntervalMs?: number;
  /** How long one replica holds a run; defaults to 2 min. */
  leaseMs?: number;
  /** Runs looked at per tick; defaults to 50. */
  batchSize?: number;
  /** Starts still unfinished after this long were interrupted; defaults to 5 min. */
  staleStartMs?: number;
  /** Identifies this replica in leases. */
  owner?: string;
  /**
   * Records applied runs' outputs in git after each pass (and releases the
   * Applications held for them); see {@link OutputRecorder}.
   */
  outputs?: { tick(): Promise<number> };
  /** Told once when a run starts waiting for a person's approval (to notify who may approve). */
  onAwaitingApproval?: (run: StoredRun) => Promise<void>;
}

/**
 * Follows unfinished runs to their end: asks the engine for each due run's
 * state and stores what changed (status timeline, plan, cost, outputs).
 * Everything lives in the database, so a restarted backend picks up where
 * the last one stopped. The scheduler runs {@link RunFollower.tick} with
 * `scope: 'global'`; each run is also leased in the database so that, even
 * if two replicas tick at once, one run is looked at by one of them.
 */
export class RunFollower {
  readonly owner: string;
  private readonly checkIntervalMs: number;
  private readonly awaitingApprovalIntervalMs: number;
  private readonly leaseMs: number;

  constructor(private readonly options: RunFollowerOptions) {
    this.owner = options.owner ?? randomUUID();
    this.checkIntervalMs = options.checkIntervalMs ?? 5_000;
    this.awaitingApprovalIntervalMs =
      options.awaitingApprovalIntervalMs ?? 30_000;
    this.leaseMs = options.leaseMs ?? 120_000;
  }

  /** One pass over the due runs; returns how many it looked at. */
  async tick(): Promise<number> {
    await this.failStaleStarts();
    const now = new Date();
    const due = await this.options.store.listDueRuns(
      now.toISOString(),
      this.options.batchSize ?? 50,
    );
    let followed = 0;
    // A few at a time: enough to keep up, few enough for the rate limits.
    const queue = [...due];
    const worker = async () => {
      for (let run = queue.shift(); run; run = queue.shift()) {
        if (
          await this.options.store.claim(
            run.id,
            this.owner,
            new Date(),
            this.leaseMs,
          )
        ) {
          followed += 1;
          try {
            await this.follow(run);
          } finally {
            await this.options.store.release(run.id, this.owner);
          }
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    // Runs that just applied are recorded in the same pass.
    await this.options.outputs?.tick();
    return followed;
  }

  private async follow(claimed: StoredRun): Promise<void> {
    // Re-read under the lease: a person may have decided meanwhile.
    const run = (await this.options.store.getRun(claimed.id)) ?? claimed;
    const ref = refOf(run);
    if (!ref || run.finishedAt) {
      return;
    }
    let engine: ProvisioningEngine;
    let state: EngineRunState;
    try {
      engine = this.options.engines.get(run.engine);
      state = await engine.getRunState(ref);
    } catch (error) {
      assertError(error);
      const failedChecks = run.failedChecks + 1;
      this.options.logger.warn(
        `Could not look at provisioning run ${run.id} (${run.workspaceName}), attempt ${failedChecks}: ${error.message}`,
      );
      // Back off (up to 5 minutes) and keep the reason visible; the run is
      // not failed for it: the upstream may just be down for a while.
      const delay = Math.min(this.checkIntervalMs * 2 ** failedChecks, 300_000);
      await this.options.store.updateRun(run.id, {
        failedChecks,
        message: `Could not reach ${run.engine} (will try again): ${error.message}`,
        nextCheckAt: new Date(Date.now() + delay).toISOString(),
      });
      return;
    }
    const update = this.updateFrom(run, state);
    await this.options.store.updateRun(run.id, update);
    if (
      update.phase === 'awaiting_approval' &&
      run.phase !== 'awaiting_approval'
    ) {
      await this.options
        .onAwaitingApproval?.(run)
        .catch(error =>
          this.options.logger.warn(
            `Could not notify about run ${run.id} waiting for approval: ${error}`,
          ),
        );
    }
  }

  private updateFrom(run: StoredRun, state: EngineRunState): RunUpdate {
    const now = new Date().toISOString();
    const timeline = Object.entries(state.statusTimestamps ?? {})
      .map(([status, at]) => ({ status, at }))
      .sort((a, b) => a.at.localeCompare(b.at));
    if (!timeline.some(event => event.status === state.rawStatus)) {
      timeline.push({ status: state.rawStatus, at: now });
    }
    const final = isFinalPhase(state.phase);
    // A run we marked applying or discarded after a decision may still read
    // as awaiting approval for a moment; don't step back.
    const phase =
      (run.phase === 'applying' || run.phase === 'discarded') &&
      state.phase === 'awaiting_approval'
        ? run.phase
        : state.phase;
    return {
      phase,
      rawStatus: state.rawStatus,
      plan: state.plan,
      costEstimate: state.costEstimate,
      outputs: state.outputs?.map(output =>
        output.sensitive
          ? { name: output.name, sensitive: true, type: output.type }
          : output,
      ),
      timeline,
      failedChecks: 0,
      // What an applied run produced goes to git next (OutputRecorder).
      ...(phase === 'applied' &&
        !run.outputsRecord && { outputsState: 'pending' }),
      message:
        state.message ??
        (run.message?.startsWith('Could not reach') ? null : undefined),
      ...(final
        ? { finishedAt: now, nextCheckAt: null }
        : {
            nextCheckAt: new Date(
              Date.now() +
                (phase === 'awaiting_approval'
                  ? this.awaitingApprovalIntervalMs
                  : this.checkIntervalMs),
            ).toISOString(),
          }),
    };
  }

  /** Runs whose start was interrupted (the backend stopped mid-request) are errored, with a retry hint. */
  private async failStaleStarts(): Promise<void> {
    const before = new Date(
      Date.now() - (this.options.staleStartMs ?? 300_000),
    ).toISOString();
    for (const run of await this.options.store.listStaleStarts(before)) {
      const at = new Date().toISOString();
      await this.options.store.updateRun(
        run.id,
        {
          phase: 'errored',
          rawStatus: 'start_interrupted',
          message:
            'The portal stopped while starting this run; retry it to start it again',
          finishedAt: at,
          timeline: [{ status: 'start_interrupted', at }],
        },
        { expectedPhase: 'starting' },
      );
    }
  }
}
