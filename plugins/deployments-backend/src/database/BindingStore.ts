import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-deployments-backend',
  'migrations',
);

const TABLE = 'deployments_bindings';

export type BoundObjectKind = 'application' | 'project';

/** How a binding came to be. */
export type BindingSource = 'created' | 'claimed' | 'config';

/** An Argo CD object and the catalog entity it belongs to. */
export interface Binding {
  kind: BoundObjectKind;
  instance: string;
  name: string;
  /** Lower-case entity ref. */
  entityRef: string;
  /** Set the first time the entity was resolved in the catalog. */
  entityUid?: string;
  source: BindingSource;
  taskId?: string;
  createdBy: string;
  createdAt: string;
}

export type NewBinding = Omit<Binding, 'createdAt'>;

type Row = Record<string, any>;

function fromRow(row: Row): Binding {
  return {
    kind: row.object_kind,
    instance: row.instance,
    name: row.object_name,
    entityRef: row.entity_ref,
    ...(row.entity_uid ? { entityUid: row.entity_uid } : {}),
    source: row.source,
    ...(row.task_id ? { taskId: row.task_id } : {}),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export const normalizeRef = (ref: string) => ref.toLocaleLowerCase('en-US');

/** The `deployments_bindings` table. */
export class BindingStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<BindingStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new BindingStore(knex);
  }

  /** For tests and migrations checks. */
  static migrationsDirectory = migrationsDir;

  constructor(private readonly knex: Knex) {}

  async list(): Promise<Binding[]> {
    const rows = await this.knex(TABLE).select().orderBy('id');
    return rows.map(fromRow);
  }

  async get(
    kind: BoundObjectKind,
    instance: string,
    name: string,
  ): Promise<Binding | undefined> {
    const row = await this.knex(TABLE)
      .where({ object_kind: kind, instance, object_name: name })
      .first();
    return row ? fromRow(row) : undefined;
  }

  /**
   * Records a binding unless the object is bound already; either way the
   * object's binding comes back, so the caller sees who won a race (the
   * unique index decides, not a read before the write).
   */
  async bind(
    binding: NewBinding,
  ): Promise<{ binding: Binding; created: boolean }> {
    const row = {
      object_kind: binding.kind,
      instance: binding.instance,
      object_name: binding.name,
      entity_ref: normalizeRef(binding.entityRef),
      entity_uid: binding.entityUid ?? null,
      source: binding.source,
      task_id: binding.taskId ?? null,
      created_by: binding.createdBy,
      created_at: new Date().toISOString(),
    };
    const inserted = await this.knex(TABLE)
      .insert(row)
      .onConflict(['object_kind', 'instance', 'object_name'])
      .ignore()
      .returning('id');
    const existing = await this.get(
      binding.kind,
      binding.instance,
      binding.name,
    );
    return { binding: existing!, created: inserted.length > 0 };
  }

  /**
   * Gives an object bound to an earlier entity of the same name (deleted
   * and registered again) to the entity that has the name now: the admin's
   * claim. Only that binding's row changes.
   */
  async reassign(
    current: Binding,
    to: Pick<Binding, 'entityRef' | 'entityUid' | 'source' | 'createdBy'>,
  ): Promise<void> {
    await this.knex(TABLE)
      .where({
        object_kind: current.kind,
        instance: current.instance,
        object_name: current.name,
        entity_ref: current.entityRef,
      })
      .update({
        entity_ref: normalizeRef(to.entityRef),
        entity_uid: to.entityUid ?? null,
        source: to.source,
        task_id: null,
        created_by: to.createdBy,
        created_at: new Date().toISOString(),
      });
  }

  /**
   * Records the entity's uid on its bindings that have none yet: the first
   * resolution of the entity after the scaffolder created its objects.
   */
  async recordUid(entityRef: string, uid: string): Promise<number> {
    return this.knex(TABLE)
      .where({ entity_ref: normalizeRef(entityRef) })
      .whereNull('entity_uid')
      .update({ entity_uid: uid });
  }
}
