import { Knex } from 'knex';

const BINDINGS = 'provisioning_workspace_bindings';

/** A workspace and the catalog entity the portal created it for. */
export interface WorkspaceBinding {
  engine: string;
  workspaceName: string;
  service: string;
  environment: string;
  entityRef: string;
  /** The entity's uid; undefined while the entity is not in the catalog yet (a grant). */
  entityUid?: string;
  createdBy: string;
  grantId?: string;
  createdAt: string;
}

type Row = Record<string, any>;

function fromRow(row: Row): WorkspaceBinding {
  return {
    engine: row.engine,
    workspaceName: row.workspace_name,
    service: row.service,
    environment: row.environment,
    entityRef: row.entity_ref,
    entityUid: row.entity_uid ?? undefined,
    createdBy: row.created_by,
    grantId: row.grant_id ?? undefined,
    createdAt: row.created_at,
  };
}

/**
 * Which entity each workspace belongs to. Written when the portal first
 * requests the workspace, in the request's transaction; never from a name
 * or an annotation.
 */
export class BindingStore {
  constructor(private readonly knex: Knex) {}

  async get(
    engine: string,
    workspaceName: string,
    tx: Knex | Knex.Transaction = this.knex,
  ): Promise<WorkspaceBinding | undefined> {
    const row = await tx(BINDINGS)
      .where({ engine, workspace_name: workspaceName })
      .first();
    return row ? fromRow(row) : undefined;
  }

  /** Every binding of a service name's workspaces, whatever entity holds them. */
  async listOfService(service: string): Promise<WorkspaceBinding[]> {
    return (await this.knex(BINDINGS).where({ service })).map(fromRow);
  }

  /**
   * Binds a workspace to an entity unless it is bound already, and returns
   * the binding that holds (the new one, or the earlier one: the caller
   * compares). A known entity's uid fills a binding that had none.
   */
  async bind(
    binding: Omit<WorkspaceBinding, 'createdAt'>,
    tx: Knex | Knex.Transaction = this.knex,
  ): Promise<WorkspaceBinding> {
    await tx(BINDINGS)
      .insert({
        engine: binding.engine,
        workspace_name: binding.workspaceName,
        service: binding.service,
        environment: binding.environment,
        entity_ref: binding.entityRef,
        entity_uid: binding.entityUid ?? null,
        created_by: binding.createdBy,
        grant_id: binding.grantId ?? null,
        created_at: new Date().toISOString(),
      })
      .onConflict(['engine', 'workspace_name'])
      .ignore();
    if (binding.entityUid) {
      await tx(BINDINGS)
        .where({
          engine: binding.engine,
          workspace_name: binding.workspaceName,
          entity_ref: binding.entityRef,
        })
        .whereNull('entity_uid')
        .update({ entity_uid: binding.entityUid });
    }
    return (await this.get(binding.engine, binding.workspaceName, tx))!;
  }

  /** Binds a workspace to an entity, replacing any earlier binding (an admin's claim or hand-over). */
  async rebind(
    binding: Omit<WorkspaceBinding, 'createdAt'>,
  ): Promise<WorkspaceBinding | undefined> {
    return this.knex.transaction(async tx => {
      const previous = await this.get(
        binding.engine,
        binding.workspaceName,
        tx,
      );
      await tx(BINDINGS)
        .where({
          engine: binding.engine,
          workspace_name: binding.workspaceName,
        })
        .delete();
      await this.bind(binding, tx);
      return previous;
    });
  }
}
