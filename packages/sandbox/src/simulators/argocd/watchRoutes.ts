import { Router } from 'express';
import { ApplicationEvent } from './ApplicationEvents';
import { ApplicationStore } from './ApplicationStore';
import { applicationFilter, text } from './applicationQuery';
import { ArgoStatusError, GrpcCode, sendArgoError } from './argoErrors';

/**
 * Events a slow watcher may have waiting before it is cut off (Argo CD's
 * watchAPIBufferSize); it then resumes from its last resourceVersion.
 */
const MAX_BACKLOG = 1000;

/**
 * `GET /api/v1/stream/applications`: Argo CD's watch (ApplicationService_
 * Watch), newline-delimited `{"result":{"type","application"}}` as
 * grpc-gateway streams it, with the list's filters.
 *
 * - Without `resourceVersion` (or with `name`), every matching app first
 *   arrives as ADDED, sorted by name, as Argo CD sends them.
 * - With `resourceVersion`, the changes after it, then live ones. Argo CD
 *   itself only filters live events by version (server/application/
 *   application.go, Watch); the sandbox also replays the changes a watcher
 *   missed while away, as the swagger describes the parameter, from a
 *   bounded history. A version older than that history answers as the
 *   Kubernetes API does: an error line "too old resource version" (410),
 *   after which a client must list again.
 */
export function createWatchRoutes(store: ApplicationStore): Router {
  const router = Router();

  router.get('/api/v1/stream/applications', (req, res) => {
    let matches: ReturnType<typeof applicationFilter>;
    try {
      matches = applicationFilter(req);
    } catch (error) {
      sendArgoError(
        res,
        error instanceof ArgoStatusError
          ? error
          : new ArgoStatusError(GrpcCode.Internal, String(error)),
      );
      return;
    }
    const resourceVersion = text(req.query.resourceVersion);
    // Argo CD: strconv.Atoi, and 0 when that fails.
    const minVersion = Number.parseInt(resourceVersion ?? '', 10) || 0;
    const name = text(req.query.name);

    res.status(200);
    res.setHeader('content-type', 'application/json');
    res.setHeader('cache-control', 'no-cache');
    res.flushHeaders();

    let closed = false;
    /** What the watcher gets first: the initial state or the missed changes. */
    let first: Iterator<ApplicationEvent> | undefined;
    /** Live events waiting for the socket (or for `first` to end). */
    const backlog: ApplicationEvent[] = [];
    let waiting = false;
    const lastSent = new Map<string, number>();

    let unsubscribe = () => {};
    const close = () => {
      if (closed) return;
      closed = true;
      unsubscribe();
      res.end();
    };
    /** One event as a line, unless filtered out or already carried. */
    const write = (event: ApplicationEvent): boolean => {
      if (!matches(event)) return true;
      if ((lastSent.get(event.name) ?? -1) >= event.version) return true;
      lastSent.set(event.name, event.version);
      return res.write(
        `{"result":{"type":"${event.type}","application":${event.json()}}}\n`,
      );
    };
    const resume = () => {
      waiting = false;
      pump(); // eslint-disable-line @typescript-eslint/no-use-before-define
    };
    // Pulls from `first`, then the backlog, as fast as the socket drains:
    // 30,000 ADDED events are never all in memory at once.
    const pump = () => {
      if (waiting || closed) return;
      for (;;) {
        let event: ApplicationEvent | undefined;
        if (first) {
          const next = first.next();
          if (next.done) first = undefined;
          else event = next.value;
        }
        if (!event && !first) event = backlog.shift();
        if (!event) return;
        if (!write(event)) {
          waiting = true;
          res.once('drain', resume);
          return;
        }
      }
    };

    // Subscribed before the initial state is read, so nothing falls
    // between the two (Argo CD reads first and subscribes after).
    unsubscribe = store.events.subscribe(event => {
      if (event.type === 'CLOSED') {
        close();
        return;
      }
      if (event.version < minVersion) return;
      backlog.push(event);
      if (backlog.length > MAX_BACKLOG) {
        close(); // too slow: it resumes from its last version
        return;
      }
      pump();
    });
    req.on('close', close);

    if (!resourceVersion || name) {
      const apps = store.list();
      first = (function* initial() {
        for (const app of apps) {
          yield {
            type: 'ADDED' as const,
            name: app.name,
            version: Number(app.resourceVersion),
            labels: app.labels,
            project: app.project,
            repoURL: app.spec.source?.repoURL,
            json: () => app.toListJson(),
          };
        }
      })();
    } else {
      store.list(); // apps the world gained since the last look
      const missed = store.events.since(minVersion, n => store.get(n));
      if (!missed) {
        closed = true;
        unsubscribe();
        res.end(
          `${JSON.stringify({
            error: {
              grpc_code: GrpcCode.OutOfRange,
              http_code: 410,
              http_status: 'Gone',
              message: `too old resource version: ${minVersion} (${store.resourceVersion})`,
            },
          })}\n`,
        );
        return;
      }
      first = missed[Symbol.iterator]();
    }
    pump();
  });

  return router;
}
