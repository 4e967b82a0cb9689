import { DatabaseService } from '@backstage/backend-plugin-api';
import { ReleaseOutcome } from '@internal/plugin-deployments-common';
import { Knex } from 'knex';
import { BindingStore, normalizeRef } from './BindingStore';

const RELEASES = 'deployments_releases';
const PROMOTIONS = 'deployments_promotions';
const ACTIONS = 'deployments_actions';

/** One Argo CD history entry of an entity's application, and how it ended. */
export interface ReleaseRecord {
  entityRef: string;
  environment: string;
  production: boolean;
  application: string;
  historyId: number;
  revision: string;
  imageTag?: string;
  committedAt?: string;
  startedAt?: string;
  deployedAt?: string;
  deployedBy?: string;
  /** Argo CD redeployed an earlier revision (a rollback), not a new change. */
  rollback: boolean;
  healthyAt?: string;
  outcome: ReleaseOutcome;
  endedAt?: string;
  endedBy?: string;
  endReason?: string;
}

/** A promotion the portal committed. */
export interface PromotionRecord {
  entityRef: string;
  from: string;
  to: string;
  imageTag: string;
  commitSha: string;
  actor: string;
  reason?: string;
  promotedAt: string;
}

/** A rollback, abort or other action the portal ran on a deployment. */
export interface ActionRecord {
  entityRef: string;
  environment: string;
  action: string;
  actor: string;
  reason?: string;
  at: string;
}

type Row = Record<string, any>;

const opt = <T>(value: T | null | undefined): T | undefined =>
  value === null || value === undefined ? undefined : value;

function fromRow(row: Row): ReleaseRecord {
  return {
    entityRef: row.entity_ref,
    environment: row.environment,
    production: Boolean(row.production),
    application: row.application,
    historyId: Number(row.history_id),
    revision: row.revision,
    imageTag: opt(row.image_tag),
    committedAt: opt(row.committed_at),
    startedAt: opt(row.started_at),
    deployedAt: opt(row.deployed_at),
    deployedBy: opt(row.deployed_by),
    rollback: Boolean(row.is_rollback),
    healthyAt: opt(row.healthy_at),
    outcome: row.outcome,
    endedAt: opt(row.ended_at),
    endedBy: opt(row.ended_by),
    endReason: opt(row.end_reason),
  };
}

function toRow(record: ReleaseRecord): Row {
  return {
    entity_ref: normalizeRef(record.entityRef),
    environment: record.environment,
    production: record.production,
    application: record.application,
    history_id: record.historyId,
    revision: record.revision,
    image_tag: record.imageTag ?? null,
    committed_at: record.committedAt ?? null,
    started_at: record.startedAt ?? null,
    deployed_at: record.deployedAt ?? null,
    deployed_by: record.deployedBy ?? null,
    is_rollback: record.rollback,
    healthy_at: record.healthyAt ?? null,
    outcome: record.outcome,
    ended_at: record.endedAt ?? null,
    ended_by: record.endedBy ?? null,
    end_reason: record.endReason ?? null,
  };
}

/** The `deployments_releases` and `deployments_promotions` tables. */
export class ReleaseStore {
  /** Runs the plugin's migrations (shared with the bindings) unless skipped. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<ReleaseStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({
        directory: BindingStore.migrationsDirectory,
      });
    }
    return new ReleaseStore(knex);
  }

  constructor(private readonly knex: Knex) {}

  /** The records of one application in one environment, oldest first. */
  async ofApplication(
    entityRef: string,
    environment: string,
    application: string,
  ): Promise<ReleaseRecord[]> {
    const rows = await this.knex(RELEASES)
      .where({
        entity_ref: normalizeRef(entityRef),
        environment,
        application,
      })
      .orderBy('history_id');
    return rows.map(fromRow);
  }

  /** Inserts the records, or updates them (same application and history id). */
  async save(records: ReleaseRecord[]): Promise<void> {
    if (!records.length) return;
    await this.knex.transaction(async tx => {
      for (const record of records) {
        await tx(RELEASES)
          .insert(toRow(record))
          .onConflict([
            'entity_ref',
            'environment',
            'application',
            'history_id',
          ])
          .merge();
      }
    });
  }

  /**
   * The records of these entities started since `since` (all when absent),
   * oldest first; records without a start time are left out of a window.
   */
  async list(entityRefs: string[], since?: string): Promise<ReleaseRecord[]> {
    if (!entityRefs.length) return [];
    const query = this.knex(RELEASES)
      .whereIn('entity_ref', entityRefs.map(normalizeRef))
      .orderBy([
        { column: 'started_at', order: 'asc' },
        { column: 'history_id', order: 'asc' },
      ]);
    if (since) query.where('started_at', '>=', since);
    return (await query).map(fromRow);
  }

  /**
   * The newest record (highest history id) of each application of these
   * entities, keyed `entityRef|environment|application`.
   */
  async latest(entityRefs: string[]): Promise<Map<string, ReleaseRecord>> {
    const result = new Map<string, ReleaseRecord>();
    const refs = entityRefs.map(normalizeRef);
    // In chunks: SQLite limits the number of bound parameters.
    for (let i = 0; i < refs.length; i += 500) {
      const newest = this.knex(RELEASES)
        .select('entity_ref', 'environment', 'application')
        .max({ history_id: 'history_id' })
        .whereIn('entity_ref', refs.slice(i, i + 500))
        .groupBy('entity_ref', 'environment', 'application')
        .as('newest');
      const rows = await this.knex(RELEASES)
        .join(newest, function on() {
          this.on(`${RELEASES}.entity_ref`, 'newest.entity_ref')
            .andOn(`${RELEASES}.environment`, 'newest.environment')
            .andOn(`${RELEASES}.application`, 'newest.application')
            .andOn(`${RELEASES}.history_id`, 'newest.history_id');
        })
        .select(`${RELEASES}.*`);
      for (const row of rows) {
        const record = fromRow(row);
        result.set(
          `${record.entityRef}|${record.environment}|${record.application}`,
          record,
        );
      }
    }
    return result;
  }

  /** Records a promotion once per target and commit. */
  async addPromotion(promotion: PromotionRecord): Promise<void> {
    await this.knex(PROMOTIONS)
      .insert({
        entity_ref: normalizeRef(promotion.entityRef),
        from_environment: promotion.from,
        to_environment: promotion.to,
        image_tag: promotion.imageTag,
        commit_sha: promotion.commitSha,
        actor: promotion.actor,
        reason: promotion.reason ?? null,
        promoted_at: promotion.promotedAt,
      })
      .onConflict(['entity_ref', 'to_environment', 'commit_sha'])
      .ignore();
  }

  async addAction(action: ActionRecord): Promise<void> {
    await this.knex(ACTIONS).insert({
      entity_ref: normalizeRef(action.entityRef),
      environment: action.environment,
      action: action.action,
      actor: action.actor,
      reason: action.reason ?? null,
      at: action.at,
    });
  }

  async actions(entityRefs: string[]): Promise<ActionRecord[]> {
    if (!entityRefs.length) return [];
    const rows = await this.knex(ACTIONS)
      .whereIn('entity_ref', entityRefs.map(normalizeRef))
      .orderBy('at');
    return rows.map(row => ({
      entityRef: row.entity_ref,
      environment: row.environment,
      action: row.action,
      actor: row.actor,
      reason: opt(row.reason),
      at: row.at,
    }));
  }

  async promotions(entityRefs: string[]): Promise<PromotionRecord[]> {
    if (!entityRefs.length) return [];
    const rows = await this.knex(PROMOTIONS)
      .whereIn('entity_ref', entityRefs.map(normalizeRef))
      .orderBy('promoted_at');
    return rows.map(row => ({
      entityRef: row.entity_ref,
      from: row.from_environment,
      to: row.to_environment,
      imageTag: row.image_tag,
      commitSha: row.commit_sha,
      actor: row.actor,
      reason: opt(row.reason),
      promotedAt: row.promoted_at,
    }));
  }
}
