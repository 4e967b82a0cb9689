import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

import { APP_SELECTOR_ANNOTATION, EntityIndex } from './EntityIndex';

const TTL_MS = 10_000;
const LOAD_MS = 2_000;

/** A cache with TTLs on the fake clock that counts what it served. */
function countingCache() {
  const entries = new Map<string, { value: unknown; until: number }>();
  const stats = { hits: 0, sets: [] as number[] };
  const cache = {
    async get(key: string) {
      const entry = entries.get(key);
      if (!entry || entry.until <= Date.now()) return undefined;
      stats.hits += 1;
      // A serialising cache hands out a copy.
      return JSON.parse(JSON.stringify(entry.value));
    },
    async set(key: string, value: unknown, options?: { ttl?: number }) {
      stats.sets.push(options?.ttl ?? 0);
      entries.set(key, { value, until: Date.now() + (options?.ttl ?? 1e9) });
    },
    async delete(key: string) {
      entries.delete(key);
    },
    withOptions() {
      return cache;
    },
  };
  return { cache, stats };
}

const entity = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      [APP_SELECTOR_ANNOTATION]: `app.kubernetes.io/name=${name}`,
    },
  },
  spec: { owner: 'group:default/team-a' },
});

describe('EntityIndex', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('does not read the cached list again on every request once it expired', async () => {
    const { cache, stats } = countingCache();
    let loads = 0;
    const catalog = {
      // A catalog read that takes LOAD_MS on the clock.
      getEntities: jest.fn(async () => {
        loads += 1;
        jest.setSystemTime(Date.now() + LOAD_MS);
        return { items: [entity('payments-api'), entity(`svc-${loads}`)] };
      }),
      getEntitiesByRefs: jest.fn(async () => ({ items: [] })),
    } as unknown as CatalogService;
    const index = new EntityIndex({
      catalog,
      auth: {
        getOwnServiceCredentials: async () => ({}),
      } as unknown as AuthService,
      cache: cache as never,
      logger: { warn: jest.fn() } as unknown as LoggerService,
      ttlMs: TTL_MS,
    });

    const first = await index.list();
    expect(first.entities.map(e => e.name)).toEqual(['payments-api', 'svc-1']);
    // The shared copy lives as long as the local one: until fetchedAt + ttl.
    expect(stats.sets).toEqual([TTL_MS - LOAD_MS]);

    // Just past the ttl, many requests: the stale list is served while one
    // catalog read runs; the cache is not deserialised for each of them.
    jest.setSystemTime(Date.parse(first.fetchedAt) + TTL_MS + 1);
    const served = await Promise.all(
      Array.from({ length: 20 }, () => index.list()),
    );
    expect(served.every(l => l === first)).toBe(true);
    expect(stats.hits).toBe(0);
    await jest.advanceTimersByTimeAsync(0);
    expect(catalog.getEntities).toHaveBeenCalledTimes(2);
    const next = await index.list();
    expect(next.entities.map(e => e.name)).toEqual(['payments-api', 'svc-2']);
  });

  it('loads the list again for an entity created since it was read, at most once a second', async () => {
    const { cache } = countingCache();
    const inCatalog = [entity('payments-api')];
    const catalog = {
      getEntities: jest.fn(async () => ({ items: [...inCatalog] })),
      getEntitiesByRefs: jest.fn(async () => ({ items: [] })),
      getEntityByRef: jest.fn(async (ref: string) =>
        inCatalog.find(e => `component:default/${e.metadata.name}` === ref),
      ),
    } as unknown as CatalogService;
    const index = new EntityIndex({
      catalog,
      auth: {
        getOwnServiceCredentials: async () => ({}),
      } as unknown as AuthService,
      cache: cache as never,
      logger: { warn: jest.fn() } as unknown as LoggerService,
      ttlMs: TTL_MS,
    });
    await index.list();

    // Created a moment later: not in the list, within its TTL.
    inCatalog.push(entity('new-svc'));
    jest.setSystemTime(Date.now() + 500);
    expect(await index.reloadFor('component:default/new-svc')).toBe(false);
    jest.setSystemTime(Date.now() + 1_000);
    expect(await index.reloadFor('component:default/new-svc')).toBe(true);
    expect((await index.list()).entities.map(e => e.name)).toEqual([
      'new-svc',
      'payments-api',
    ]);
    expect(catalog.getEntities).toHaveBeenCalledTimes(2);

    // A name the catalog does not have costs one lookup, no list.
    jest.setSystemTime(Date.now() + 2_000);
    expect(await index.reloadFor('component:default/nope')).toBe(false);
    expect(catalog.getEntities).toHaveBeenCalledTimes(2);
  });
});
