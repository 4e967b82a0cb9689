import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type {
  CostEstimate,
  OutputsRecord,
  PlanSummary,
  ProvisioningRun,
  RunDecision,
  RunOutput,
  RunPhase,
  RunStatusEvent,
  ServiceTiers,
} from '@internal/plugin-provisioning-common';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-provisioning-backend',
  'migrations',
);

const RUNS = 'provisioning_runs';
const REQUESTS = 'provisioning_requests';

/** A run as stored: the API's run plus what only the backend needs. */
export interface StoredRun extends ProvisioningRun {
  requestId?: string;
  idempotencyKey: string;
  scope?: string;
  autoApply: boolean;
  /** Non-sensitive stack variables, for retries. */
  variables: Record<string, unknown>;
  failedChecks: number;
}

/** A run about to be started. */
export interface NewRun {
  id: string;
  idempotencyKey: string;
  entityRef: string;
  service: string;
  environment: string;
  engine: string;
  workspaceName: string;
  autoApply: boolean;
  tiers: ServiceTiers;
  variables: Record<string, unknown>;
  requestedBy: string;
  retryOf?: string;
}

/** What the follower (or a start, or a decision) learned about a run. */
export interface RunUpdate {
  phase?: RunPhase;
  rawStatus?: string;
  scope?: string | null;
  workspaceId?: string;
  workspaceUrl?: string;
  engineRunId?: string;
  runUrl?: string;
  plan?: PlanSummary;
  costEstimate?: CostEstimate;
  outputs?: RunOutput[];
  decision?: RunDecision;
  message?: string | null;
  finishedAt?: string;
  nextCheckAt?: string | null;
  failedChecks?: number;
  /** Appended to the timeline when it is not its last status already. */
  timeline?: RunStatusEvent[];
  /** `pending` once applied: the outputs are to be recorded in git. */
  outputsState?: OutputsRecord['state'];
}

/** What recording the outputs (and releasing the sync hold) did. */
export interface OutputsRecordUpdate {
  state?: OutputsRecord['state'];
  repositoryUrl?: string;
  file?: string;
  commitSha?: string | null;
  commitUrl?: string | null;
  recordedAt?: string;
  error?: string | null;
  attempts?: number;
  nextAttemptAt?: string | null;
  syncState?: NonNullable<OutputsRecord['sync']>['state'];
  syncApplications?: string[];
  syncError?: string | null;
  syncReleasedAt?: string;
}

type Row = Record<string, any>;

function json<T>(value: unknown): T | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? JSON.parse(value) : (value as T);
}

function optional(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}

function outputsRecordOf(row: Row): OutputsRecord | undefined {
  if (!row.outputs_state) return undefined;
  return {
    state: row.outputs_state,
    repositoryUrl: optional(row.outputs_repository),
    file: optional(row.outputs_file),
    commitSha: optional(row.outputs_commit_sha),
    commitUrl: optional(row.outputs_commit_url),
    recordedAt: optional(row.outputs_recorded_at),
    error: optional(row.outputs_error),
    attempts: Number(row.outputs_attempts ?? 0),
    nextAttemptAt: optional(row.outputs_next_attempt_at),
    ...(row.sync_state && {
      sync: {
        state: row.sync_state,
        applications: json<string[]>(row.sync_applications),
        error: optional(row.sync_error),
        releasedAt: optional(row.sync_released_at),
      },
    }),
  };
}

function fromRow(row: Row): StoredRun {
  return {
    id: row.id,
    requestId: optional(row.request_id),
    idempotencyKey: row.idempotency_key,
    entityRef: row.entity_ref,
    service: row.service,
    environment: row.environment,
    engine: row.engine,
    workspaceName: row.workspace_name,
    scope: optional(row.scope),
    workspaceId: optional(row.workspace_id),
    workspaceUrl: optional(row.workspace_url),
    engineRunId: optional(row.engine_run_id),
    runUrl: optional(row.run_url),
    phase: row.phase,
    rawStatus: row.raw_status,
    autoApply: Boolean(row.auto_apply),
    tiers: json<ServiceTiers>(row.tiers) ?? {},
    variables: json<Record<string, unknown>>(row.variables) ?? {},
    timeline: json<RunStatusEvent[]>(row.timeline) ?? [],
    plan: json<PlanSummary>(row.plan),
    costEstimate: json<CostEstimate>(row.cost_estimate),
    outputs: json<RunOutput[]>(row.outputs),
    decision: json<RunDecision>(row.decision),
    message: optional(row.message),
    requestedBy: row.requested_by,
    retryOf: optional(row.retry_of),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: optional(row.finished_at),
    failedChecks: Number(row.failed_checks ?? 0),
    outputsRecord: outputsRecordOf(row),
  };
}

/** The API's view of a stored run (nothing the backend keeps for itself). */
export function toApiRun(run: StoredRun): ProvisioningRun {
  const {
    requestId: _requestId,
    idempotencyKey: _key,
    scope: _scope,
    autoApply: _autoApply,
    variables: _variables,
    failedChecks: _failedChecks,
    ...apiRun
  } = run;
  return apiRun;
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' || // PostgreSQL
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}

/** The provisioning plugin's database: requests and runs. */
export class RunStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<RunStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new RunStore(knex);
  }

  /** For tests and migrations checks. */
  static migrationsDirectory = migrationsDir;

  constructor(private readonly knex: Knex) {}

  /**
   * Stores a request and its runs in one transaction. When the idempotency
   * key is known already, nothing is written and the earlier request's id
   * comes back with `created: false`.
   */
  async createRequest(request: {
    id: string;
    idempotencyKey: string;
    entityRef: string;
    createdBy: string;
    runs: NewRun[];
    /** More writes of the same transaction (workspace bindings, grant uses); throw to roll back. */
    within?: (tx: Knex.Transaction) => Promise<void>;
  }): Promise<{ requestId: string; created: boolean }> {
    const now = new Date().toISOString();
    try {
      await this.knex.transaction(async tx => {
        await tx(REQUESTS).insert({
          id: request.id,
          idempotency_key: request.idempotencyKey,
          entity_ref: request.entityRef,
          created_by: request.createdBy,
          created_at: now,
        });
        for (const run of request.runs) {
          await tx(RUNS).insert(this.newRunRow(run, request.id, now));
        }
        await request.within?.(tx);
      });
      return { requestId: request.id, created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.knex(REQUESTS)
        .where({ idempotency_key: request.idempotencyKey })
        .first();
      if (!existing) throw error;
      return { requestId: existing.id, created: false };
    }
  }

  /** The request stored under an idempotency key, if any. */
  async getRequestByKey(
    idempotencyKey: string,
  ): Promise<{ id: string; entityRef: string } | undefined> {
    const row = await this.knex(REQUESTS)
      .where({ idempotency_key: idempotencyKey })
      .first();
    return row ? { id: row.id, entityRef: row.entity_ref } : undefined;
  }

  /** Stores a single run (a retry); undefined when its idempotency key exists. */
  async insertRun(run: NewRun): Promise<StoredRun | undefined> {
    try {
      await this.knex(RUNS).insert(
        this.newRunRow(run, undefined, new Date().toISOString()),
      );
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
    return this.getRun(run.id);
  }

  async getRun(id: string): Promise<StoredRun | undefined> {
    const row = await this.knex(RUNS).where({ id }).first();
    return row ? fromRow(row) : undefined;
  }

  async getRunByKey(idempotencyKey: string): Promise<StoredRun | undefined> {
    const row = await this.knex(RUNS)
      .where({ idempotency_key: idempotencyKey })
      .first();
    return row ? fromRow(row) : undefined;
  }

  async listRunsOfRequest(requestId: string): Promise<StoredRun[]> {
    const rows = await this.knex(RUNS)
      .where({ request_id: requestId })
      .orderBy('environment');
    return rows.map(fromRow);
  }

  /** The newest `limit` runs of an entity per environment, and how many there are. */
  async listRunsOfEntity(
    entityRef: string,
    limit: number,
  ): Promise<{ runs: StoredRun[]; totals: Record<string, number> }> {
    const counts = await this.knex(RUNS)
      .where({ entity_ref: entityRef })
      .groupBy('environment')
      .select('environment')
      .count({ count: '*' });
    const totals: Record<string, number> = {};
    for (const row of counts as Row[]) {
      totals[row.environment] = Number(row.count);
    }
    // One query per environment keeps each one on the index and bounded.
    const perEnvironment = await Promise.all(
      Object.keys(totals).map(environment =>
        this.knex(RUNS)
          .where({ entity_ref: entityRef, environment })
          .orderBy([
            { column: 'created_at', order: 'desc' },
            { column: 'id', order: 'desc' },
          ])
          .limit(limit),
      ),
    );
    return { runs: perEnvironment.flat().map(fromRow), totals };
  }

  /** The newest runs in a phase, e.g. those waiting for approval (the home page). */
  async listRunsInPhase(phase: string, limit: number): Promise<StoredRun[]> {
    const rows = await this.knex(RUNS)
      .where({ phase })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    return rows.map(fromRow);
  }

  /** Runs the follower should look at now: started, unfinished and due. */
  async listDueRuns(now: string, limit: number): Promise<StoredRun[]> {
    const rows = await this.knex(RUNS)
      .whereNull('finished_at')
      .whereNotNull('engine_run_id')
      .where(q =>
        q.whereNull('next_check_at').orWhere('next_check_at', '<=', now),
      )
      .orderBy('next_check_at')
      .limit(limit);
    return rows.map(fromRow);
  }

  /** Runs stuck in `starting` since before `before` (the backend died while starting them). */
  async listStaleStarts(before: string): Promise<StoredRun[]> {
    const rows = await this.knex(RUNS)
      .where({ phase: 'starting' })
      .whereNull('engine_run_id')
      .where('updated_at', '<', before);
    return rows.map(fromRow);
  }

  /**
   * Takes the run's lease if nobody holds it (or theirs expired). Only the
   * replica whose update matched the row follows the run this time.
   */
  async claim(id: string, owner: string, now: Date, leaseMs: number) {
    const nowIso = now.toISOString();
    const count = await this.knex(RUNS)
      .where({ id })
      .where(q =>
        q
          .whereNull('lease_expires_at')
          .orWhere('lease_expires_at', '<', nowIso),
      )
      .update({
        lease_owner: owner,
        lease_expires_at: new Date(now.getTime() + leaseMs).toISOString(),
      });
    return count === 1;
  }

  async release(id: string, owner: string): Promise<void> {
    await this.knex(RUNS)
      .where({ id, lease_owner: owner })
      .update({ lease_owner: null, lease_expires_at: null });
  }

  /**
   * Writes what was learned about a run. With `expectedPhase`, only when
   * the run is still in that phase (compare-and-set, so two people deciding
   * at once cannot both act); returns whether it was written.
   */
  async updateRun(
    id: string,
    update: RunUpdate,
    options: { expectedPhase?: RunPhase } = {},
  ): Promise<boolean> {
    return this.knex.transaction(async tx => {
      let query = tx(RUNS).where({ id });
      if (options.expectedPhase) {
        query = query.where({ phase: options.expectedPhase });
      }
      const row = await query.first();
      if (!row) return false;
      const values: Row = { updated_at: new Date().toISOString() };
      const set = (column: string, value: unknown) => {
        if (value !== undefined) values[column] = value;
      };
      set('phase', update.phase);
      set('raw_status', update.rawStatus);
      set('scope', update.scope);
      set('workspace_id', update.workspaceId);
      set('workspace_url', update.workspaceUrl);
      set('engine_run_id', update.engineRunId);
      set('run_url', update.runUrl);
      set('plan', update.plan && JSON.stringify(update.plan));
      set(
        'cost_estimate',
        update.costEstimate && JSON.stringify(update.costEstimate),
      );
      set('outputs', update.outputs && JSON.stringify(update.outputs));
      set('decision', update.decision && JSON.stringify(update.decision));
      set('message', update.message);
      set('finished_at', update.finishedAt);
      set('next_check_at', update.nextCheckAt);
      set('failed_checks', update.failedChecks);
      set('outputs_state', update.outputsState);
      if (update.timeline?.length) {
        const timeline: RunStatusEvent[] = json(row.timeline) ?? [];
        for (const event of update.timeline) {
          if (!timeline.some(e => e.status === event.status)) {
            timeline.push(event);
          }
        }
        values.timeline = JSON.stringify(timeline);
      }
      let write = tx(RUNS).where({ id });
      if (options.expectedPhase) {
        write = write.where({ phase: options.expectedPhase });
      }
      return (await write.update(values)) === 1;
    });
  }

  /**
   * Applied runs whose outputs are still to be recorded in git, or whose
   * Applications are still to be released, and are due.
   */
  async listDueOutputRecords(now: string, limit: number): Promise<StoredRun[]> {
    const rows = await this.knex(RUNS)
      .where(q =>
        q
          .whereIn('outputs_state', ['pending', 'failed'])
          .orWhere(r =>
            r
              .where({ outputs_state: 'recorded' })
              .whereIn('sync_state', ['pending', 'failed']),
          ),
      )
      .where(q =>
        q
          .whereNull('outputs_next_attempt_at')
          .orWhere('outputs_next_attempt_at', '<=', now),
      )
      .orderBy('finished_at')
      .limit(limit);
    return rows.map(fromRow);
  }

  /** The newest applied run of an environment (whose outputs git should hold). */
  async latestAppliedRunId(
    entityRef: string,
    environment: string,
  ): Promise<string | undefined> {
    const row = await this.knex(RUNS)
      .where({ entity_ref: entityRef, environment, phase: 'applied' })
      .orderBy([
        { column: 'finished_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first('id');
    return row?.id;
  }

  async updateOutputsRecord(
    id: string,
    update: OutputsRecordUpdate,
  ): Promise<void> {
    const values: Row = { updated_at: new Date().toISOString() };
    const set = (column: string, value: unknown) => {
      if (value !== undefined) values[column] = value;
    };
    set('outputs_state', update.state);
    set('outputs_repository', update.repositoryUrl);
    set('outputs_file', update.file);
    set('outputs_commit_sha', update.commitSha);
    set('outputs_commit_url', update.commitUrl);
    set('outputs_recorded_at', update.recordedAt);
    set('outputs_error', update.error);
    set('outputs_attempts', update.attempts);
    set('outputs_next_attempt_at', update.nextAttemptAt);
    set('sync_state', update.syncState);
    set(
      'sync_applications',
      update.syncApplications && JSON.stringify(update.syncApplications),
    );
    set('sync_error', update.syncError);
    set('sync_released_at', update.syncReleasedAt);
    await this.knex(RUNS).where({ id }).update(values);
  }

  private newRunRow(run: NewRun, requestId: string | undefined, now: string) {
    return {
      id: run.id,
      request_id: requestId ?? null,
      idempotency_key: run.idempotencyKey,
      entity_ref: run.entityRef,
      service: run.service,
      environment: run.environment,
      engine: run.engine,
      workspace_name: run.workspaceName,
      phase: 'starting',
      raw_status: 'starting',
      auto_apply: run.autoApply,
      tiers: JSON.stringify(run.tiers),
      variables: JSON.stringify(run.variables),
      timeline: JSON.stringify([{ status: 'requested', at: now }]),
      requested_by: run.requestedBy,
      retry_of: run.retryOf ?? null,
      created_at: now,
      updated_at: now,
      failed_checks: 0,
    };
  }
}
