import type {
  CacheService,
  CacheServiceOptions,
  CacheServiceSetOptions,
} from '@backstage/backend-plugin-api';
import { durationToMilliseconds, type JsonValue } from '@backstage/types';

function ttlMs(ttl: CacheServiceSetOptions['ttl']): number | undefined {
  if (ttl === undefined || typeof ttl === 'number') {
    return ttl;
  }
  return durationToMilliseconds(ttl);
}

/**
 * The memory store's contract: values are copied in and out (a caller
 * cannot change what is cached), and expire after their TTL (or the
 * `withOptions` default; none by default).
 */
export function cache(): CacheService {
  const entries = new Map<string, { value: JsonValue; expires: number }>();
  const make = (options: CacheServiceOptions): CacheService => ({
    async get<T extends JsonValue>(key: string) {
      const entry = entries.get(key);
      if (!entry || entry.expires <= Date.now()) {
        return undefined;
      }
      return structuredClone(entry.value) as T;
    },
    async set(key, value, setOptions) {
      const ttl = ttlMs(setOptions?.ttl ?? options.defaultTtl);
      entries.set(key, {
        value: structuredClone(value),
        expires: ttl === undefined ? Infinity : Date.now() + ttl,
      });
    },
    async delete(key) {
      entries.delete(key);
    },
    withOptions: more => make({ ...options, ...more }),
  });
  return make({});
}
