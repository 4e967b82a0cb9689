import type { SimulatedApplication } from './SimulatedApplication';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change of one application, as the watch stream sends it. */
export interface ApplicationEvent {
  type: WatchEventType;
  name: string;
  /** The cluster-wide resourceVersion of the change. */
  version: number;
  labels: Record<string, string>;
  project: string;
  repoURL?: string;
  /** The application's list form, as JSON. */
  json: () => string;
}

/** What a watcher hears: changes, or that the server forgot them (reset). */
export type ApplicationListener = (
  event: ApplicationEvent | { type: 'CLOSED' },
) => void;

/** How many changes a watch can resume across (Kubernetes keeps a window too). */
const HISTORY_LIMIT = 50_000;

interface Past {
  type: WatchEventType;
  name: string;
  version: number;
  /** A deleted app's last labels and project (for filters on replay). */
  gone?: { labels: Record<string, string>; project: string; repoURL?: string };
}

/**
 * The change feed of one Argo CD instance: the informer events the API
 * server's watch broadcasts. Changes made in one synchronous step (a sync
 * request touches an app several times) become one event, sent once the
 * step is over, so no watcher sees a half-updated app. A bounded history
 * lets a watch resume after a disconnect; older versions are "too old",
 * as a Kubernetes watch cache answers.
 */
export class ApplicationEvents {
  private readonly listeners = new Set<ApplicationListener>();
  private pending = new Map<
    string,
    { type: WatchEventType; app: SimulatedApplication }
  >();
  private scheduled = false;
  private history: Past[] = [];
  /** Versions at or after this one can be resumed from. */
  private oldest: number;

  constructor(private readonly nextVersion: () => number) {
    this.oldest = nextVersion();
  }

  subscribe(listener: ApplicationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get watchers(): number {
    return this.listeners.size;
  }

  added(app: SimulatedApplication): void {
    this.queue(app, 'ADDED');
  }

  modified(app: SimulatedApplication): void {
    this.queue(app, 'MODIFIED');
  }

  deleted(app: SimulatedApplication): void {
    this.queue(app, 'DELETED');
  }

  /**
   * The changes after `version` (each app once, at its latest state), or
   * undefined when they are no longer known: the watcher must list again.
   */
  since(
    version: number,
    current: (name: string) => SimulatedApplication | undefined,
  ): ApplicationEvent[] | undefined {
    this.flush();
    if (version < this.oldest) return undefined;
    const latest = new Map<string, Past>();
    for (let i = this.history.length - 1; i >= 0; i--) {
      const past = this.history[i];
      if (past.version <= version) break;
      if (!latest.has(past.name)) latest.set(past.name, past);
    }
    return [...latest.values()]
      .sort((a, b) => a.version - b.version)
      .map(past => {
        const app = past.type === 'DELETED' ? undefined : current(past.name);
        if (app) return eventOf(past.type, app, past.version);
        const gone = past.gone ?? { labels: {}, project: 'default' };
        return {
          type: 'DELETED' as const,
          name: past.name,
          version: past.version,
          ...gone,
          json: () =>
            JSON.stringify({
              metadata: {
                name: past.name,
                namespace: 'argocd',
                resourceVersion: String(past.version),
                labels: gone.labels,
              },
              spec: { project: gone.project },
            }),
        };
      });
  }

  /** The server forgot every change (reset): watchers must list again. */
  reset(): void {
    this.pending.clear();
    this.history = [];
    this.oldest = this.nextVersion();
    for (const listener of [...this.listeners]) listener({ type: 'CLOSED' });
  }

  /** Sends the queued changes now (also done at the end of each step). */
  flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.size === 0) return;
    this.pending = new Map();
    // In version order, so that the history stays sorted for `since`.
    const changes = [...batch]
      .map(([name, { type, app }]) => ({
        name,
        type,
        app,
        version:
          type === 'DELETED' ? this.nextVersion() : Number(app.resourceVersion),
      }))
      .sort((a, b) => a.version - b.version);
    for (const { name, type, app, version } of changes) {
      this.history.push({
        type,
        name,
        version,
        gone:
          type === 'DELETED'
            ? {
                labels: app.labels,
                project: app.project,
                repoURL: app.spec.source?.repoURL,
              }
            : undefined,
      });
      if (this.listeners.size === 0) continue;
      const event = eventOf(type, app, version);
      for (const listener of [...this.listeners]) listener(event);
    }
    if (this.history.length > HISTORY_LIMIT * 1.2) {
      const dropped = this.history.length - HISTORY_LIMIT;
      this.oldest = this.history[dropped].version;
      this.history = this.history.slice(dropped);
    }
  }

  private queue(app: SimulatedApplication, type: WatchEventType): void {
    const before = this.pending.get(app.name);
    let next: WatchEventType | undefined = type;
    if (before?.type === 'ADDED') {
      // Added and changed in one step: still new; added and deleted: nothing.
      next = type === 'DELETED' ? undefined : 'ADDED';
    } else if (before?.type === 'DELETED' && type !== 'DELETED') {
      next = 'MODIFIED'; // replaced by an app of the same name
    }
    if (next) {
      this.pending.set(app.name, { type: next, app });
    } else {
      this.pending.delete(app.name);
    }
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.flush());
    }
  }
}

function eventOf(
  type: WatchEventType,
  app: SimulatedApplication,
  version: number,
): ApplicationEvent {
  return {
    type,
    name: app.name,
    version,
    labels: app.labels,
    project: app.project,
    repoURL: app.spec.source?.repoURL,
    json: () => app.toListJson(),
  };
}
