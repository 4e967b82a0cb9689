import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  ActivityEvent,
  ActivityFacets,
  ActivityPage,
  ActivityQuery,
} from '@internal/plugin-activity-common';
import { Knex } from 'knex';
import { normalizeEntityRef } from '../service/fromAuditorEvent';

/** A filter's ref as the rows hold it (a bare name is a Component's). */
const fullRef = (ref: string) =>
  normalizeEntityRef(ref) ?? ref.toLocaleLowerCase('en-US');

const migrationsDir = resolvePackagePath(
  '@internal/plugin-activity-backend',
  'migrations',
);

const TABLE = 'activity_events';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

interface Row {
  id: string;
  occurred_at: string;
  plugin: string;
  action: string;
  severity: string;
  result: string;
  actor: string | null;
  entity_ref: string | null;
  environment: string | null;
  reason: string | null;
  before: string | null;
  after: string | null;
  error: string | null;
  meta: string | null;
}

/** Which events a reader gets; every field narrows. */
export interface ActivityFilter extends ActivityQuery {
  /** Only events on one of these entities, or (with `orActor`) by the actor. */
  entityRefs?: string[];
  orActor?: string;
}

const json = (value: unknown) =>
  value === undefined ? null : JSON.stringify(value);
const parsed = (text: string | null) =>
  text === null ? undefined : JSON.parse(text);

function toEvent(row: Row): ActivityEvent {
  return {
    id: row.id,
    occurredAt: row.occurred_at,
    plugin: row.plugin,
    action: row.action,
    severity: row.severity as ActivityEvent['severity'],
    result: row.result as ActivityEvent['result'],
    actor: row.actor ?? undefined,
    entityRef: row.entity_ref ?? undefined,
    environment: row.environment ?? undefined,
    reason: row.reason ?? undefined,
    before: parsed(row.before),
    after: parsed(row.after),
    error: row.error ?? undefined,
    meta: parsed(row.meta),
  };
}

/** The activity plugin's database: one row per finished audit event. */
export class ActivityStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<ActivityStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new ActivityStore(knex);
  }

  /** For tests and migrations checks. */
  static migrationsDirectory = migrationsDir;

  private constructor(private readonly knex: Knex) {}

  async insert(event: ActivityEvent): Promise<void> {
    const row: Row = {
      id: event.id,
      occurred_at: event.occurredAt,
      plugin: event.plugin,
      action: event.action,
      severity: event.severity,
      result: event.result,
      actor: event.actor ?? null,
      entity_ref: event.entityRef ?? null,
      environment: event.environment ?? null,
      reason: event.reason ?? null,
      before: json(event.before),
      after: json(event.after),
      error: event.error ?? null,
      meta: json(event.meta),
    };
    // The events bus may deliver an event twice: the id keeps one row.
    await this.knex(TABLE).insert(row).onConflict('id').ignore();
  }

  async list(filter: ActivityFilter): Promise<ActivityPage> {
    const offset = filter.offset ?? 0;
    const limit = Math.min(filter.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    if (
      filter.entityRefs &&
      filter.entityRefs.length === 0 &&
      !filter.orActor
    ) {
      return { events: [], total: 0, offset, limit };
    }
    const where = (query: Knex.QueryBuilder) => {
      if (filter.entityRefs) {
        const refs = filter.entityRefs.map(r => r.toLocaleLowerCase('en-US'));
        query.where(q => {
          // Chunked: SQLite allows ~32k bound parameters, PostgreSQL 65k.
          for (let i = 0; i < refs.length; i += 500) {
            q.orWhereIn('entity_ref', refs.slice(i, i + 500));
          }
          if (filter.orActor) q.orWhere('actor', filter.orActor);
        });
      }
      if (filter.entityRef) {
        query.where('entity_ref', fullRef(filter.entityRef));
      }
      if (filter.actor) query.where('actor', filter.actor);
      if (filter.plugin) query.where('plugin', filter.plugin);
      if (filter.action) query.where('action', filter.action);
      if (filter.result) query.where('result', filter.result);
      if (filter.from) query.where('occurred_at', '>=', filter.from);
      if (filter.to) query.where('occurred_at', '<', filter.to);
      return query;
    };
    const [{ count }] = await where(this.knex(TABLE)).count({ count: '*' });
    const rows: Row[] = await where(this.knex(TABLE).select('*'))
      .orderBy([
        { column: 'occurred_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .offset(offset)
      .limit(limit);
    return { events: rows.map(toEvent), total: Number(count), offset, limit };
  }

  async facets(): Promise<ActivityFacets> {
    const distinct = async (column: string) =>
      (await this.knex(TABLE).distinct(column).whereNotNull(column))
        .map(r => r[column] as string)
        .sort();
    return {
      actors: await distinct('actor'),
      plugins: await distinct('plugin'),
      actions: await distinct('action'),
      entityRefs: await distinct('entity_ref'),
    };
  }

  /** Deletes the events that happened before `before`; returns how many. */
  async deleteOlderThan(before: Date): Promise<number> {
    return this.knex(TABLE)
      .where('occurred_at', '<', before.toISOString())
      .delete();
  }
}
