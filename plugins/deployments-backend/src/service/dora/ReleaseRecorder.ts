import { LoggerService } from '@backstage/backend-plugin-api';
import { EntityDeploymentsResponse } from '@internal/plugin-deployments-common';
import {
  ActionRecord,
  PromotionRecord,
  ReleaseRecord,
  ReleaseStore,
} from '../../database/ReleaseStore';
import { normalizeRef } from '../../database/BindingStore';
import { DeploymentsJoin } from '../DeploymentsJoin';
import { EntityDeployments } from '../EntityDeployments';
import { DeploymentNotifier } from '../notify/DeploymentNotifier';
import { observeEnvironment } from './observeEnvironment';

/**
 * What an open Deployments tab shows of an entity, without times that move
 * by themselves: a change here is worth a signal.
 */
function liveState(response: EntityDeploymentsResponse): string {
  return JSON.stringify(
    response.environments.map(e => [
      e.environment,
      e.state,
      e.revision,
      e.imageTag,
      e.images,
      e.health,
      e.sync,
      e.operationRunning,
      e.canaryInFlight,
      e.autoSync,
      e.history.length,
      e.rollout && [
        e.rollout.phase,
        e.rollout.currentStepIndex,
        e.rollout.weights,
        e.rollout.aborted,
        e.rollout.paused,
        e.rollout.analysisRuns.map(r => [
          r.name,
          r.phase,
          r.metrics.map(m => m.count),
        ]),
      ],
    ]),
  );
}

/** Entities read from Argo CD per sweep at most, so a sweep stays cheap at 10,000 services. */
export const SWEEP_BATCH = 50;

const message = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/**
 * Keeps the deployment records: observes an entity's environments (its
 * bound applications' Argo CD history and canary) into the release store,
 * and records the portal's promotions. Observations come from a periodic
 * sweep of the entities whose deployments changed since their last record,
 * and from every read of the records (the DORA card, the timeline), so what
 * a person just did is counted when they look.
 */
export class ReleaseRecorder {
  constructor(
    private readonly options: {
      store: ReleaseStore;
      entities: Pick<EntityDeployments, 'get'>;
      join?: Pick<DeploymentsJoin, 'current'>;
      logger: LoggerService;
      now?: () => Date;
      /** Told when a canary just aborted and whenever an entity's deployments changed. */
      notifier?: Pick<DeploymentNotifier, 'changed' | 'canaryAborted'>;
    },
  ) {}

  /** The last state seen of each entity, to signal open tabs only on a change. */
  private readonly states = new Map<string, string>();
  private cursor = 0;

  private now() {
    return this.options.now?.() ?? new Date();
  }

  /** Reads the entity from Argo CD and records what changed. */
  async refresh(entityRef: string): Promise<ReleaseRecord[]> {
    return this.observe(await this.options.entities.get(entityRef));
  }

  /** Records one reading of an entity's environments; returns what changed. */
  async observe(response: EntityDeploymentsResponse): Promise<ReleaseRecord[]> {
    const { store } = this.options;
    const entityRef = normalizeRef(response.entityRef);
    const [promotions, actions] = await Promise.all([
      store.promotions([entityRef]),
      store.actions([entityRef]),
    ]);
    const changed: ReleaseRecord[] = [];
    const aborted: ReleaseRecord[] = [];
    for (const env of response.environments) {
      if (env.binding !== 'bound' || !env.application) continue;
      const existing = await store.ofApplication(
        entityRef,
        env.environment,
        env.application,
      );
      const records = observeEnvironment({
        entityRef,
        env,
        existing,
        promotions,
        actions,
        now: this.now(),
      });
      changed.push(...records);
      aborted.push(
        ...records.filter(
          r =>
            r.outcome === 'aborted' &&
            existing.find(e => e.historyId === r.historyId)?.outcome !==
              'aborted',
        ),
      );
    }
    await store.save(changed);
    const state = liveState(response);
    const stateChanged = this.states.get(entityRef) !== state;
    this.states.set(entityRef, state);
    const { notifier } = this.options;
    if (notifier) {
      for (const record of aborted) await notifier.canaryAborted(record);
      if (changed.length || stateChanged) {
        await notifier.changed(entityRef, 'deployments');
      }
    }
    return changed;
  }

  async recordPromotion(promotion: PromotionRecord): Promise<void> {
    await this.options.store.addPromotion(promotion);
    await this.options.notifier?.changed(promotion.entityRef, 'promotion');
  }

  /** A rollback or abort the portal ran: the person, for the timeline. */
  async recordAction(action: ActionRecord): Promise<void> {
    await this.options.store.addAction(action);
    await this.options.notifier?.changed(action.entityRef, action.action);
  }

  /**
   * One sweep: the entities with a bound deployment whose revision has no
   * record yet, or whose newest record is still unsettled (not yet healthy,
   * so it may still abort or roll back), read from Argo CD, at most
   * {@link SWEEP_BATCH} of them.
   */
  async sweep(): Promise<{ observed: number; changed: number }> {
    const { join, store, logger } = this.options;
    if (!join) return { observed: 0, changed: 0 };
    const joined = await join.current();
    const candidates = joined.rows.filter(row =>
      Object.values(row.deployments).some(
        d => d.binding === 'bound' && d.state === 'deployed',
      ),
    );
    const latest = await store.latest(candidates.map(r => r.entityRef));
    const due = candidates.filter(row =>
      Object.values(row.deployments).some(d => {
        if (d.binding !== 'bound' || d.state !== 'deployed') return false;
        const last = latest.get(
          `${normalizeRef(row.entityRef)}|${d.environment}|${d.application}`,
        );
        return (
          !last ||
          last.revision !== d.revision ||
          (last.outcome === 'running' && !last.healthyAt) ||
          (last.outcome === 'running' && d.health !== 'Healthy')
        );
      }),
    );
    let changed = 0;
    // Round robin, so a large backlog does not starve its tail.
    const start = due.length > SWEEP_BATCH ? this.cursor % due.length : 0;
    const batch = [...due.slice(start), ...due.slice(0, start)].slice(
      0,
      SWEEP_BATCH,
    );
    this.cursor = start + batch.length;
    for (const row of batch) {
      try {
        changed += (await this.refresh(row.entityRef)).length;
      } catch (error) {
        logger.warn(
          `Could not record the deployments of ${row.entityRef}: ${message(
            error,
          )}`,
        );
      }
    }
    return { observed: Math.min(due.length, SWEEP_BATCH), changed };
  }
}
