import { CacheService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';

/**
 * A short-lived cache of upstream answers (not of decisions: the caller's
 * right to read the entity is checked on every request). Failures are not
 * cached, so a card recovers as soon as the system does.
 */
export class SignalCache {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly cache: CacheService,
    private readonly ttlMs: number,
  ) {}

  /** `T` must be plain JSON (the cache may be Redis or Memcache). */
  async getOrLoad<T>(key: string, load: () => Promise<T>): Promise<T> {
    const cached = await this.cache.get(key);
    if (cached !== undefined) {
      return cached as T;
    }
    // Cards of one page ask at once: one upstream call per key, not one per card.
    const running = this.inFlight.get(key) as Promise<T> | undefined;
    if (running) {
      return running;
    }
    const loading = load()
      .then(async value => {
        await this.cache.set(key, value as JsonValue, { ttl: this.ttlMs });
        return value;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, loading);
    return loading;
  }
}
