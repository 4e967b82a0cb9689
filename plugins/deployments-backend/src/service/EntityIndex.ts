import {
  AuthService,
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { JsonValue } from '@backstage/types';

export const APP_SELECTOR_ANNOTATION = 'argocd/app-selector';
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';

/** A catalog entity that has deployments, with what the matrix shows of it. */
export interface DeployedEntity {
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  /** The catalog's uid: a binding belongs to one incarnation of a name. */
  uid?: string;
  title?: string;
  owner?: string;
  system?: string;
  /** The label selector its Argo CD applications carry. */
  selector: string;
}

/** The label selector of an entity's applications, from its annotations. */
export function selectorOf(entity: Entity): string | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const selector = annotations[APP_SELECTOR_ANNOTATION]?.trim();
  if (selector) return selector;
  const id = annotations[KUBERNETES_ID_ANNOTATION]?.trim();
  return id ? `${KUBERNETES_ID_ANNOTATION}=${id}` : undefined;
}

function ref(
  value: unknown,
  defaultKind: string,
  namespace: string,
): string | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace: namespace }),
    );
  } catch {
    return undefined;
  }
}

export function toDeployedEntity(entity: Entity): DeployedEntity | undefined {
  const selector = selectorOf(entity);
  if (!selector) return undefined;
  const namespace = entity.metadata.namespace ?? 'default';
  return {
    entityRef: stringifyEntityRef(entity),
    kind: entity.kind,
    namespace,
    name: entity.metadata.name,
    uid: entity.metadata.uid,
    title: entity.metadata.title,
    owner: ref(entity.spec?.owner, 'group', namespace),
    system: ref(entity.spec?.system, 'system', namespace),
    selector,
  };
}

const CACHE_KEY = 'deployed-entities';

export interface EntityList {
  fetchedAt: string;
  entities: DeployedEntity[];
}

/**
 * The catalog entities that carry a deployments annotation: one catalog
 * query (only the fields needed), cached like the Argo CD lists.
 */
export class EntityIndex {
  private inFlight?: Promise<EntityList>;
  /** In-process copy in front of the (serialising) cache, as for Argo CD lists. */
  private local?: { list: EntityList; expiresAt: number };

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      cache: CacheService;
      logger: LoggerService;
      ttlMs: number;
    },
  ) {}

  async list(): Promise<EntityList> {
    const { cache, ttlMs } = this.options;
    if (ttlMs > 0) {
      if (this.local && this.local.expiresAt > Date.now()) {
        return this.local.list;
      }
      const cached = (await cache.get(CACHE_KEY)) as EntityList | undefined;
      if (cached) {
        this.remember(cached);
        return cached;
      }
    }
    this.inFlight ??= this.load().finally(() => {
      this.inFlight = undefined;
    });
    // As for Argo CD lists: a recently expired list is served while the
    // next catalog query runs.
    if (this.local && Date.now() - this.local.expiresAt < 3 * ttlMs) {
      // Nobody awaits this load: report its failure here, not as an
      // unhandled rejection.
      this.inFlight.catch(error =>
        this.options.logger.warn(
          `Could not refresh the deployed entities from the catalog: ${error}`,
        ),
      );
      return this.local.list;
    }
    return this.inFlight;
  }

  private remember(list: EntityList) {
    const age = Date.now() - Date.parse(list.fetchedAt);
    this.local = {
      list,
      expiresAt: Date.now() + Math.max(0, this.options.ttlMs - age),
    };
  }

  private async load(): Promise<EntityList> {
    const fetchedAt = new Date().toISOString();
    const { catalog, auth, cache, ttlMs } = this.options;
    const { items } = await catalog.getEntities(
      {
        filter: [
          {
            [`metadata.annotations.${APP_SELECTOR_ANNOTATION}`]:
              CATALOG_FILTER_EXISTS,
          },
          {
            [`metadata.annotations.${KUBERNETES_ID_ANNOTATION}`]:
              CATALOG_FILTER_EXISTS,
          },
        ],
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.uid',
          'metadata.title',
          'metadata.annotations',
          'spec.owner',
          'spec.system',
        ],
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    const entities = items
      .map(toDeployedEntity)
      .filter((e): e is DeployedEntity => !!e)
      .sort((a, b) => a.entityRef.localeCompare(b.entityRef));
    const list = { fetchedAt, entities };
    if (ttlMs > 0) {
      this.remember(list);
      await cache.set(CACHE_KEY, list as unknown as JsonValue, { ttl: ttlMs });
    }
    return list;
  }
}
