import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ArgoCDClient,
  v1alpha1Application,
} from '@internal/plugin-deployments-node';
import { ApplicationIndex } from './ApplicationIndex';
import { ArgoCDInstanceConfig, DeploymentsConfig } from './DeploymentsConfig';
import { InstanceFeed } from './InstanceFeed';

/** How long past its TTL (in TTLs) an expired list may still be served while the next loads. */
const MAX_STALE_FACTOR = 3;
/** A failed list is remembered this long at most: the instance may be back soon. */
const FAILURE_TTL_MS = 5000;

/**
 * One instance's applications at one moment, or why there are none. The
 * index is live (the watch keeps changing it), so a reader that needs a
 * stable view reads it synchronously; `version` says whether it moved.
 */
export type InstanceSnapshot =
  | {
      instance: string;
      ok: true;
      fetchedAt: string;
      /** The watch stream is open: fetchedAt is now, and stays now. */
      live?: boolean;
      applications: ApplicationIndex;
      version: number;
    }
  | { instance: string; ok: false; fetchedAt: string; error: string };

export interface ArgoCDInstance {
  config: ArgoCDInstanceConfig;
  client: ArgoCDClient;
}

/**
 * The configured Argo CD instances and, per instance, an in-memory index
 * of its applications (each replica keeps its own). With
 * `deployments.argocd.watch` (the default) the index follows Argo CD's
 * watch stream after one list, so reads never wait for Argo CD and a
 * refresh costs no list at all. While the stream is down, and with the
 * watch off, reads fall back to lists: ONE list call per instance per
 * `cacheTtlSeconds` whatever the number of services, shared by concurrent
 * requests, an expired list served while the next loads. A failing
 * instance yields a failed snapshot, not an error, so that its
 * environments show "unavailable" and the rest works.
 */
export class ArgoCDInstances {
  private readonly feeds = new Map<string, InstanceFeed>();

  static create(options: {
    config: DeploymentsConfig;
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
    return new ArgoCDInstances(instances, options.config, options.logger);
  }

  private constructor(
    readonly instances: ArgoCDInstance[],
    private readonly config: DeploymentsConfig,
    logger: LoggerService,
  ) {
    for (const instance of instances) {
      this.feeds.set(
        instance.config.name,
        new InstanceFeed({
          config: instance.config,
          client: instance.client,
          logger,
          resyncMs: config.resyncMs,
        }),
      );
    }
  }

  /** Starts the watch of every instance (when `deployments.argocd.watch`). */
  start(): void {
    if (!this.config.watch) return;
    for (const feed of this.feeds.values()) feed.start();
  }

  stop(): void {
    for (const feed of this.feeds.values()) feed.stop();
  }

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
    const feed = this.feed(instance);
    if (feed.live) return this.view(feed);
    const ttl = this.config.cacheTtlMs;
    const last = feed.lastList;
    const age = Date.now() - feed.currentAt();
    if (
      last &&
      !last.ok &&
      Date.now() - last.at < Math.min(ttl, FAILURE_TTL_MS)
    ) {
      return this.view(feed);
    }
    if (last?.ok && age < ttl) return this.view(feed);
    const pending = feed.list().then(() => this.view(feed));
    // Nobody may await it when the stale index is served: never an
    // unhandled rejection (list() itself never rejects).
    pending.catch(() => {});
    // Stale-while-revalidate: an index that expired moments ago is still
    // served while the next list loads. Actions expire it, so they never
    // see it.
    if (last?.ok && age < (1 + MAX_STALE_FACTOR) * ttl) {
      return this.view(feed);
    }
    return pending;
  }

  /**
   * After a change through the portal: the watch brings it by itself;
   * without the stream the next read lists again.
   */
  async invalidate(instance: ArgoCDInstance): Promise<void> {
    const feed = this.feed(instance);
    if (!feed.live) feed.lastList = undefined;
  }

  /** The application a mutation answered, into the index at once. */
  observe(
    instance: ArgoCDInstance,
    app: v1alpha1Application,
    environment?: string,
  ): void {
    this.feed(instance).observe(app, environment);
  }

  private feed(instance: ArgoCDInstance): InstanceFeed {
    return this.feeds.get(instance.config.name)!;
  }

  private view(feed: InstanceFeed): InstanceSnapshot {
    const last = feed.lastList;
    const fetchedAt = new Date(feed.currentAt() || Date.now()).toISOString();
    if (!feed.live && last && !last.ok) {
      return {
        instance: feed.name,
        ok: false,
        fetchedAt,
        error: last.error ?? `Argo CD instance '${feed.name}' is unavailable`,
      };
    }
    return {
      instance: feed.name,
      ok: true,
      fetchedAt,
      live: feed.live,
      applications: feed.index,
      version: feed.index.version,
    };
  }
}
