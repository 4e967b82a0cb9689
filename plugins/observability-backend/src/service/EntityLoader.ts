import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CompoundEntityRef, Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * Reads the entity as the caller: the catalog applies `catalog.entity.read`
 * to their credentials, so whoever cannot read the entity cannot read its
 * signals either (404, as the catalog answers, so its existence does not leak).
 */
export class EntityLoader {
  constructor(private readonly catalog: CatalogService) {}

  async load(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `No entity ${ref.kind}:${ref.namespace}/${ref.name} that you can read`,
      );
    }
    return entity;
  }
}
