import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InMemoryCatalogClient } from '@backstage/catalog-client/testUtils';
import {
  parseEntityRef,
  stringifyEntityRef,
  type CompoundEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type {
  CatalogService,
  CatalogServiceRequestOptions,
} from '@backstage/plugin-catalog-node';

/** A call the catalog stub answered: which method, for whom, and the ref if it had one. */
export interface CatalogCall {
  method: keyof CatalogService;
  /** The entity ref asked for (`getEntityByRef`, `refreshEntity`), lower case. */
  ref?: string;
  credentials: BackstageCredentials;
}

export interface CatalogStub extends CatalogService {
  /** The catalog's entities: push or splice to register or delete one. */
  readonly entities: Entity[];
  readonly calls: CatalogCall[];
}

const METHODS = [
  'getEntities',
  'getEntitiesByRefs',
  'queryEntities',
  'getEntityAncestors',
  'getEntityByRef',
  'refreshEntity',
  'getEntityFacets',
  'getLocations',
  'queryLocations',
  'streamLocations',
  'getLocationById',
  'getLocationByRef',
  'addLocation',
  'removeLocationById',
  'updateLocation',
  'getLocationByEntity',
  'validateEntity',
  'analyzeLocation',
  'streamEntities',
] as const;

/**
 * The catalog over a live list of entities, answered by Backstage's own
 * `InMemoryCatalogClient` (filters, refs, ordering as the catalog has
 * them). `canRead` narrows what a caller sees, as the catalog's permission
 * check does: an entity they may not read is "not found". Answers are
 * copies, so a caller cannot change the catalog.
 */
export function catalog(
  options: {
    entities?: Entity[];
    canRead?: (entity: Entity, credentials: BackstageCredentials) => boolean;
  } = {},
): CatalogStub {
  const entities = options.entities ?? [];
  const calls: CatalogCall[] = [];
  const view = (credentials: BackstageCredentials) =>
    new InMemoryCatalogClient({
      entities: entities
        .filter(e => !options.canRead || options.canRead(e, credentials))
        .map(e => structuredClone(e)),
    });
  const refOf = (ref: unknown) =>
    typeof ref === 'string' || (ref && typeof ref === 'object')
      ? stringifyEntityRef(
          parseEntityRef(ref as string | CompoundEntityRef),
        ).toLocaleLowerCase('en-US')
      : undefined;
  const stub: Record<string, unknown> = { entities, calls };
  for (const method of METHODS) {
    stub[method] = (first: unknown, ...rest: unknown[]) => {
      const { credentials } = (rest[rest.length - 1] ??
        {}) as CatalogServiceRequestOptions;
      calls.push({
        method,
        ref:
          method === 'getEntityByRef' || method === 'refreshEntity'
            ? refOf(first)
            : undefined,
        credentials,
      });
      const client = view(credentials) as unknown as Record<
        string,
        (...args: unknown[]) => unknown
      >;
      return client[method](first, ...rest);
    };
  }
  stub.removeEntityByUid = async (
    uid: string,
    { credentials }: CatalogServiceRequestOptions,
  ) => {
    calls.push({ method: 'removeEntityByUid', credentials });
    const at = entities.findIndex(e => e.metadata.uid === uid);
    if (at >= 0) {
      entities.splice(at, 1);
    }
  };
  return stub as unknown as CatalogStub;
}
