import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ArgoCDClient,
  ArgoCDError,
  v1alpha1Application,
} from '@internal/plugin-deployments-node';
import { ApplicationIndex } from './ApplicationIndex';
import { ArgoCDInstanceConfig } from './DeploymentsConfig';
import { ApplicationRecord, environmentOf, summarize } from './summarize';

const MAX_BACKOFF_MS = 30_000;

/** The outcome of the last full list. */
export interface ListOutcome {
  ok: boolean;
  at: number;
  error?: string;
}

export interface FeedOptions {
  config: ArgoCDInstanceConfig;
  client: ArgoCDClient;
  logger: LoggerService;
  /** A full list this often even while the stream runs (0: never). */
  resyncMs: number;
  /** First delay of the reconnect back-off (doubling, full jitter). */
  backoffMs?: number;
  random?: () => number;
}

/**
 * Keeps one instance's ApplicationIndex current: one list (read item by
 * item, so 30,000 apps neither block the event loop nor sit in memory as
 * one string), then Argo CD's watch stream from the list's
 * resourceVersion. A dropped stream reconnects with back-off and resumes
 * from the last version it saw; "too old" lists again. A full resync every
 * `resyncMs` covers what a resume cannot: Argo CD's server does not replay
 * changes made while nobody watched (server/application/application.go).
 */
export class InstanceFeed {
  readonly index = new ApplicationIndex();
  /** The stream is open: the index follows Argo CD as it changes. */
  private open = false;
  /** When the stream last closed: the index was current until then. */
  private closedAt = 0;
  lastList?: ListOutcome;
  private listing?: Promise<ListOutcome>;
  private resourceVersion?: string;
  private stopped = true;
  private watch?: AbortController;
  private resyncTimer?: NodeJS.Timeout;
  private readonly wanted: Set<string>;

  constructor(private readonly options: FeedOptions) {
    this.wanted = new Set(options.config.environments);
  }

  get name(): string {
    return this.options.config.name;
  }

  get live(): boolean {
    return this.open;
  }

  private set live(value: boolean) {
    if (this.open && !value) this.closedAt = Date.now();
    this.open = value;
  }

  /** Until when the index is known to match Argo CD (now, while live). */
  currentAt(): number {
    if (this.open) return Date.now();
    return Math.max(this.closedAt, this.lastList?.ok ? this.lastList.at : 0);
  }

  /** Starts following the instance (in the background; never throws). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.run().catch(error =>
      this.options.logger.error(
        `The Argo CD watch of '${this.name}' stopped: ${error}`,
      ),
    );
    if (this.options.resyncMs > 0) {
      this.resyncTimer = setInterval(() => {
        // Lists again and watches from the new version.
        this.resourceVersion = undefined;
        this.watch?.abort();
      }, this.options.resyncMs);
      this.resyncTimer.unref();
    }
  }

  stop(): void {
    this.stopped = true;
    this.live = false;
    clearInterval(this.resyncTimer);
    this.watch?.abort();
  }

  /** One full list into the index; concurrent callers share it. */
  list(): Promise<ListOutcome> {
    this.listing ??= this.load().finally(() => {
      this.listing = undefined;
    });
    return this.listing;
  }

  /** The application from a mutation's answer, ahead of its watch event. */
  observe(app: v1alpha1Application, environment?: string): void {
    const env = environment ?? environmentOf(app);
    if (!env || !this.wanted.has(env) || !app.metadata?.name) return;
    this.index.upsert(
      summarize(app, this.options.config, env),
      app.metadata.resourceVersion,
    );
  }

  private async load(): Promise<ListOutcome> {
    const { config, client, logger } = this.options;
    const at = Date.now();
    const listed = new Map<
      string,
      { record: ApplicationRecord; resourceVersion?: string }
    >();
    try {
      const { resourceVersion } = await client.forEachApplication(
        { selector: config.selector },
        app => {
          const record = this.record(app);
          if (record) {
            listed.set(record.name, {
              record,
              resourceVersion: app.metadata?.resourceVersion,
            });
          }
        },
      );
      await this.index.replaceAll(listed);
      this.resourceVersion = resourceVersion;
      this.lastList = { ok: true, at };
    } catch (error) {
      const message =
        error instanceof ArgoCDError
          ? error.message
          : `Argo CD instance '${config.name}' failed: ${String(
              (error as Error)?.message ?? error,
            )}`;
      logger.warn(
        `Argo CD instance '${config.name}' is unavailable: ${message}`,
      );
      this.lastList = {
        ok: false,
        at,
        error: `Argo CD instance '${config.name}' is unavailable: ${message}`,
      };
    }
    return this.lastList;
  }

  private record(app: v1alpha1Application): ApplicationRecord | undefined {
    const environment = environmentOf(app);
    if (!environment || !this.wanted.has(environment)) return undefined;
    return summarize(app, this.options.config, environment);
  }

  private async run(): Promise<void> {
    const { client, config, logger } = this.options;
    const state = { attempt: 0 };
    const opened = () => {
      this.live = true;
      state.attempt = 0;
    };
    while (!this.stopped) {
      if (this.resourceVersion === undefined) {
        const outcome = await this.list();
        if (!outcome.ok || this.resourceVersion === undefined) {
          await this.backOff(state.attempt++);
          continue;
        }
      }
      this.watch = new AbortController();
      try {
        for await (const event of client.watchApplications({
          selector: config.selector,
          resourceVersion: this.resourceVersion,
          signal: this.watch.signal,
          onOpen: opened,
        })) {
          this.apply(event.type, event.application);
        }
        // The server ended the stream (a restart, a proxy's timeout):
        // resume soon from the last version seen.
        this.live = false;
        if (!this.stopped) await this.backOff(0);
      } catch (error) {
        this.live = false;
        if (this.stopped) return;
        if (error instanceof ArgoCDError && error.reason === 'expired') {
          logger.info(`${error.message} (Argo CD instance '${config.name}')`);
          this.resourceVersion = undefined;
          continue;
        }
        if (!this.watch.signal.aborted) {
          logger.warn(
            `The Argo CD watch of '${config.name}' failed, reconnecting: ${error}`,
          );
          await this.backOff(state.attempt++);
        }
      } finally {
        this.live = false;
      }
    }
  }

  private apply(type: string, app: v1alpha1Application): void {
    const name = app.metadata?.name;
    if (!name) return;
    const version = app.metadata?.resourceVersion;
    if (version && /^\d+$/.test(version)) {
      if (
        !this.resourceVersion ||
        Number(version) > Number(this.resourceVersion)
      ) {
        this.resourceVersion = version;
      }
    }
    if (type === 'DELETED') {
      this.index.delete(name);
      return;
    }
    const record = this.record(app);
    if (record) this.index.upsert(record, version);
    else this.index.delete(name); // its environment is not ours (any more)
  }

  private async backOff(attempt: number): Promise<void> {
    const base = this.options.backoffMs ?? 1000;
    const ceiling = Math.min(MAX_BACKOFF_MS, base * 2 ** attempt);
    const delay = Math.round((this.options.random ?? Math.random)() * ceiling);
    await new Promise(resolve => setTimeout(resolve, delay).unref());
  }
}
