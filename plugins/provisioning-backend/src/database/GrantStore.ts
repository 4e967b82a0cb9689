import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Knex } from 'knex';

const GRANTS = 'provisioning_grants';
const USES = 'provisioning_grant_uses';

/** A stored grant (without its secret, which is never stored). */
export interface StoredGrant {
  id: string;
  taskId: string;
  entityRef: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  /** Environments it was used for already. */
  usedFor: string[];
}

const hash = (secret: string) =>
  createHash('sha256').update(secret).digest('hex');

/**
 * Grants to provision a service that is not in the catalog yet: bound to a
 * scaffolder task, a service ref and a user; they expire and are single use
 * per environment. Only a hash of the secret is kept.
 */
export class GrantStore {
  constructor(private readonly knex: Knex) {}

  async issue(grant: {
    taskId: string;
    entityRef: string;
    createdBy: string;
    expiresAt: Date;
  }): Promise<{ secret: string; grant: StoredGrant }> {
    const secret = `pg_${randomBytes(32).toString('base64url')}`;
    const row = {
      id: randomUUID(),
      secret_hash: hash(secret),
      task_id: grant.taskId,
      entity_ref: grant.entityRef,
      created_by: grant.createdBy,
      created_at: new Date().toISOString(),
      expires_at: grant.expiresAt.toISOString(),
    };
    await this.knex(GRANTS).insert(row);
    return {
      secret,
      grant: {
        id: row.id,
        taskId: row.task_id,
        entityRef: row.entity_ref,
        createdBy: row.created_by,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        usedFor: [],
      },
    };
  }

  /** The grant a secret stands for, with the environments it was used for. */
  async find(secret: string): Promise<StoredGrant | undefined> {
    const row = await this.knex(GRANTS)
      .where({ secret_hash: hash(secret) })
      .first();
    if (!row) return undefined;
    const uses = await this.knex(USES)
      .where({ grant_id: row.id })
      .select('environment');
    return {
      id: row.id,
      taskId: row.task_id,
      entityRef: row.entity_ref,
      createdBy: row.created_by,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      usedFor: uses.map((u: { environment: string }) => u.environment),
    };
  }

  /**
   * Marks the grant used for the environments, inside the request's
   * transaction. False when one of them was used already (by a request
   * that got there first): the caller rolls back.
   */
  async use(
    tx: Knex.Transaction,
    grantId: string,
    environments: string[],
    requestId: string,
  ): Promise<boolean> {
    const usedAt = new Date().toISOString();
    for (const environment of environments) {
      await tx(USES)
        .insert({
          grant_id: grantId,
          environment,
          request_id: requestId,
          used_at: usedAt,
        })
        .onConflict(['grant_id', 'environment'])
        .ignore();
      const use = await tx(USES)
        .where({ grant_id: grantId, environment })
        .first();
      if (use?.request_id !== requestId) return false;
    }
    return true;
  }
}
