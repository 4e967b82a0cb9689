import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';
import { ArgoCDClient, ArgoCDError } from '@internal/plugin-deployments-node';
import { ArgoCDInstanceConfig, DeploymentsConfig } from './DeploymentsConfig';
import { ApplicationRecord, environmentOf, summarize } from './summarize';

/** How long past its TTL (in TTLs) an expired list may still be served while the next loads. */
const MAX_STALE_FACTOR = 3;

/** One instance's applications from one list call, or why there are none. */
export type InstanceSnapshot =
  | {
      instance: string;
      ok: true;
      fetchedAt: string;
      applications: ApplicationRecord[];
    }
  | { instance: string; ok: false; fetchedAt: string; error: string };

export interface ArgoCDInstance {
  config: ArgoCDInstanceConfig;
  client: ArgoCDClient;
}

/**
 * The configured Argo CD instances and their application lists. A refresh is
 * ONE list call per instance, whatever the number of services; the result is
 * kept in Backstage's cache for `cacheTtlSeconds`, and concurrent requests
 * share one call in flight. A failing instance yields a failed snapshot, not
 * an error, so that its environments show "unavailable" and the rest works.
 */
export class ArgoCDInstances {
  private readonly inFlight = new Map<string, Promise<InstanceSnapshot>>();
  /**
   * In-process copies (level 1) in front of Backstage's cache (level 2,
   * shared by replicas): the cache store serialises values, and decoding
   * thousands of applications on every request would cost more than the
   * matrix itself.
   */
  private readonly local = new Map<
    string,
    { snapshot: InstanceSnapshot; expiresAt: number }
  >();

  static create(options: {
    config: DeploymentsConfig;
    cache: CacheService;
    logger: LoggerService;
    /** For tests: the fetch the clients use. */
    fetch?: typeof fetch;
  }): ArgoCDInstances {
    const instances = options.config.instances.map(config => ({
      config,
      client: new ArgoCDClient({
        baseUrl: config.baseUrl,
        token: config.token,
        timeoutMs: config.timeoutMs,
        fetch: options.fetch,
      }),
    }));
    return new ArgoCDInstances(
      instances,
      options.config,
      options.cache,
      options.logger,
    );
  }

  private constructor(
    readonly instances: ArgoCDInstance[],
    private readonly config: DeploymentsConfig,
    private readonly cache: CacheService,
    private readonly logger: LoggerService,
  ) {}

  /** Every environment in configuration order, with its instance. */
  environments(): Array<{
    name: string;
    instance: string;
    production: boolean;
  }> {
    return this.instances.flatMap(i =>
      i.config.environments.map(name => ({
        name,
        instance: i.config.name,
        production: this.config.productionEnvironments.includes(name),
      })),
    );
  }

  isProduction(environment: string): boolean {
    return this.config.productionEnvironments.includes(environment);
  }

  forEnvironment(environment: string): ArgoCDInstance | undefined {
    return this.instances.find(i =>
      i.config.environments.includes(environment),
    );
  }

  async snapshots(): Promise<InstanceSnapshot[]> {
    return Promise.all(this.instances.map(i => this.snapshot(i)));
  }

  async snapshot(instance: ArgoCDInstance): Promise<InstanceSnapshot> {
    const key = this.cacheKey(instance);
    if (this.config.cacheTtlMs > 0) {
      const local = this.local.get(key);
      if (local && local.expiresAt > Date.now()) {
        return local.snapshot;
      }
      const cached = (await this.cache.get(key)) as
        | InstanceSnapshot
        | undefined;
      if (cached) {
        // Another replica listed it; keep it until it would have expired.
        this.remember(key, cached);
        return cached;
      }
    }
    const pending = this.refresh(instance);
    // Stale-while-revalidate: a list that expired moments ago is still
    // served while the next one loads, so no page waits for a refresh of
    // thousands of applications. Actions invalidate, so they never see it.
    const stale = this.local.get(key);
    if (
      stale?.snapshot.ok &&
      Date.now() - stale.expiresAt < MAX_STALE_FACTOR * this.config.cacheTtlMs
    ) {
      return stale.snapshot;
    }
    return pending;
  }

  /** One list call in flight per instance, whoever asks. */
  private refresh(instance: ArgoCDInstance): Promise<InstanceSnapshot> {
    const key = this.cacheKey(instance);
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.load(instance).finally(() => this.inFlight.delete(key));
      // Served stale, nobody may await it: never an unhandled rejection.
      pending.catch(error =>
        this.logger.warn(
          `Listing Argo CD instance '${instance.config.name}' failed: ${error}`,
        ),
      );
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /** After a change through the portal, the next read lists again. */
  async invalidate(instance: ArgoCDInstance): Promise<void> {
    this.local.delete(this.cacheKey(instance));
    await this.cache.delete(this.cacheKey(instance));
  }

  private ttl(snapshot: InstanceSnapshot): number {
    // A failure is remembered for a shorter time: the instance may be back soon.
    return snapshot.ok
      ? this.config.cacheTtlMs
      : Math.min(this.config.cacheTtlMs, 5000);
  }

  private remember(key: string, snapshot: InstanceSnapshot) {
    const age = Date.now() - Date.parse(snapshot.fetchedAt);
    this.local.set(key, {
      snapshot,
      expiresAt: Date.now() + Math.max(0, this.ttl(snapshot) - age),
    });
  }

  private cacheKey(instance: ArgoCDInstance) {
    return `argocd-applications:${instance.config.name}`;
  }

  private async load(instance: ArgoCDInstance): Promise<InstanceSnapshot> {
    const { config, client } = instance;
    const fetchedAt = new Date().toISOString();
    let snapshot: InstanceSnapshot;
    try {
      const list = await client.listApplications({ selector: config.selector });
      const wanted = new Set(config.environments);
      const applications: ApplicationRecord[] = [];
      for (const app of list.items) {
        const environment = environmentOf(app);
        if (environment && wanted.has(environment)) {
          applications.push(summarize(app, config, environment));
        }
      }
      snapshot = { instance: config.name, ok: true, fetchedAt, applications };
    } catch (error) {
      const message =
        error instanceof ArgoCDError
          ? error.message
          : `Argo CD instance '${config.name}' failed: ${String(
              (error as Error)?.message ?? error,
            )}`;
      this.logger.warn(
        `Argo CD instance '${config.name}' is unavailable: ${message}`,
      );
      snapshot = {
        instance: config.name,
        ok: false,
        fetchedAt,
        error: `Argo CD instance '${config.name}' is unavailable: ${message}`,
      };
    }
    if (this.config.cacheTtlMs > 0) {
      this.remember(this.cacheKey(instance), snapshot);
      await this.cache.set(
        this.cacheKey(instance),
        snapshot as unknown as JsonValue,
        { ttl: this.ttl(snapshot) },
      );
    }
    return snapshot;
  }
}
