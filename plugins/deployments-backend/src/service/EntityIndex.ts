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
import { normalizeRef } from '../database/BindingStore';
import type { BindingIndex } from './BindingIndex';

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

/**
 * The selector of an entity that has no deployments annotation but bound
 * applications: it matches no application, so the entity has exactly what
 * was created or claimed for it (`in ()` is an empty set).
 */
export const BOUND_ONLY_SELECTOR = `${KUBERNETES_ID_ANNOTATION} in ()`;

export function toDeployedEntity(
  entity: Entity,
  /** For an entity without annotation: the selector it gets (bound entities). */
  fallbackSelector?: string,
): DeployedEntity | undefined {
  const selector = selectorOf(entity) ?? fallbackSelector;
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
const RELOAD_FOR_MIN_AGE_MS = 1000;

export interface EntityList {
  fetchedAt: string;
  entities: DeployedEntity[];
  /** Refs with bindings that the catalog did not have when this was fetched. */
  unresolved?: string[];
}

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
  'spec.system',
];

/**
 * The catalog entities that have deployments: those that carry a
 * deployments annotation (one catalog query, only the fields needed) and
 * those that applications are bound to (created or claimed for them, or
 * bound by the platform's config) without one. Cached like the Argo CD
 * lists; a binding to an entity the list lacks loads it again.
 */
export class EntityIndex {
  private inFlight?: Promise<EntityList>;
  /** In-process copy in front of the (serialising) cache, as for Argo CD lists. */
  private local?: { list: EntityList; expiresAt: number };
  /** The list last checked against the bindings, and their version then. */
  private checked?: { list: EntityList; version: number };

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      cache: CacheService;
      logger: LoggerService;
      ttlMs: number;
      /** The bindings, whose entities are deployed entities too. */
      bindings?: BindingIndex;
    },
  ) {}

  async list(): Promise<EntityList> {
    const list = await this.cachedList();
    return (await this.lacksBoundEntities(list)) ? this.reload() : list;
  }

  /** Whether an entity got bindings since the list was loaded. */
  private async lacksBoundEntities(list: EntityList): Promise<boolean> {
    const { bindings } = this.options;
    if (!bindings) return false;
    const snapshot = await bindings.current();
    if (
      this.checked?.list === list &&
      this.checked.version === snapshot.version
    ) {
      return false;
    }
    const known = new Set([
      ...list.entities.map(e => normalizeRef(e.entityRef)),
      ...(list.unresolved ?? []),
    ]);
    const lacks = [...snapshot.byEntity.keys()].some(
      entityRef => !known.has(entityRef),
    );
    if (!lacks) this.checked = { list, version: snapshot.version };
    return lacks;
  }

  /**
   * Loads the list again when the catalog has an entity with deployments
   * that the list lacks: a service created a moment ago shows its
   * deployments now, not once the list's TTL ran out. At most one catalog
   * list per second however often such an entity is asked for.
   */
  async reloadFor(entityRef: string): Promise<boolean> {
    const { catalog, auth } = this.options;
    const list = await this.cachedList();
    if (Date.now() - Date.parse(list.fetchedAt) < RELOAD_FOR_MIN_AGE_MS) {
      return false;
    }
    const entity = await catalog.getEntityByRef(entityRef, {
      credentials: await auth.getOwnServiceCredentials(),
    });
    if (!entity || !toDeployedEntity(entity)) return false;
    await this.reload();
    return true;
  }

  private reload(): Promise<EntityList> {
    this.inFlight ??= this.load().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async cachedList(): Promise<EntityList> {
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
    const loading = this.reload();
    // As for Argo CD lists: a recently expired list is served while the
    // next catalog query runs.
    if (this.local && Date.now() - this.local.expiresAt < 3 * ttlMs) {
      // Nobody awaits this load: report its failure here, not as an
      // unhandled rejection.
      loading.catch(error =>
        this.options.logger.warn(
          `Could not refresh the deployed entities from the catalog: ${error}`,
        ),
      );
      return this.local.list;
    }
    return loading;
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
    const { catalog, auth, cache, ttlMs, bindings } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const [{ items }, snapshot] = await Promise.all([
      catalog.getEntities(
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
          fields: FIELDS,
        },
        { credentials },
      ),
      bindings?.current(),
    ]);
    const entities = items
      .map(e => toDeployedEntity(e))
      .filter((e): e is DeployedEntity => !!e);
    // Entities with bindings but no annotation: by ref, in one call.
    const annotated = new Set(entities.map(e => normalizeRef(e.entityRef)));
    const boundOnly = [...(snapshot?.byEntity.keys() ?? [])].filter(
      entityRef => !annotated.has(entityRef),
    );
    const unresolved: string[] = [];
    if (boundOnly.length > 0) {
      const { items: bound } = await catalog.getEntitiesByRefs(
        { entityRefs: boundOnly, fields: FIELDS },
        { credentials },
      );
      bound.forEach((entity, i) => {
        const deployed =
          entity && toDeployedEntity(entity, BOUND_ONLY_SELECTOR);
        if (deployed) entities.push(deployed);
        else unresolved.push(boundOnly[i]);
      });
    }
    entities.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
    const list: EntityList = { fetchedAt, entities, unresolved };
    if (ttlMs > 0) {
      this.remember(list);
      // Until fetchedAt + ttl, as the local copy: an entry that outlived it
      // by the load's duration was read and thrown away again by every
      // request in between (a whole catalog list deserialised each time).
      const ttl = ttlMs - (Date.now() - Date.parse(fetchedAt));
      if (ttl > 0) {
        await cache.set(CACHE_KEY, list as unknown as JsonValue, { ttl });
      }
    }
    return list;
  }
}
