import express, { Router } from 'express';
import { z } from 'zod';
import { ENVIRONMENTS } from '../../world/World';
import { ApplicationStore } from './ApplicationStore';
import { commitSha } from './deterministic';
import { parseBody } from '../../http/express';

const releaseBody = z.object({
  service: z.string().min(1),
  environment: z.enum(ENVIRONMENTS),
  /** The git commit; a deterministic SHA when omitted. */
  revision: z.string().min(1).optional(),
  /** The image; the next `1.N.0` tag of the service when omitted. */
  image: z.string().min(1).optional(),
  /** A bad release fails its canary analysis and the Rollout aborts. */
  bad: z.boolean().optional(),
});

const clockBody = z.object({
  /** Hold the timer this long (the world moves only by /_sandbox/tick); 0 lets it run again. */
  holdSeconds: z.number().int().min(0).max(600),
});

const tickBody = z.object({
  ticks: z.number().int().min(1).max(1000).optional(),
});

/** A request without a body is checked as an empty one. */
function parse<T>(schema: z.ZodType<T>, body: unknown, res: express.Response) {
  return parseBody(schema, body ?? {}, res);
}

/**
 * Controls that only the sandbox has (never part of Argo CD's API): tests,
 * demos and the start script use them to make the world move.
 */
export function createSandboxRoutes(
  store: ApplicationStore,
  options: {
    registry: string;
    now: () => Date;
    /** What the poll does (adopt sample repositories, refresh every app). */
    poll?: () => Promise<void>;
    /** Holds the timer's ticks until the time given (ms), or lets them run (0). */
    holdClock?: (untilMs: number) => void;
  },
): Router {
  const router = Router();

  /**
   * A release of one service to one environment, which auto-sync then
   * deploys. For an app whose source is a repository, exactly what CI and a
   * person would do: the build is registered (`/admin/images`) and its tag
   * committed to the app's `values-<env>.yaml` by `ci-bot`.
   */
  router.post('/_sandbox/release', (req, res, next) => {
    const body = parse(releaseBody, req.body, res);
    if (!body) {
      return;
    }
    const name = `${body.service}-${body.environment}`;
    const app = store.get(name);
    if (!app) {
      res.status(404).json({
        error: `no application ${name}: unknown service, or an environment this Argo CD does not deploy to`,
      });
      return;
    }
    if (app.gitSourced) {
      if (body.revision) {
        res.status(400).json({
          error: `revision: ${name} deploys from git; a release is a commit, whose SHA git decides`,
        });
        return;
      }
      store
        .release(app, { image: body.image, bad: body.bad ?? false })
        .then(({ revision, image }) => {
          res.status(201).json({
            application: name,
            revision,
            image,
            bad: body.bad ?? false,
          });
        })
        .catch(error => {
          res.status(409).json({
            error: `release of ${name} failed: ${String(
              (error as Error)?.message ?? error,
            )}`,
          });
        })
        .catch(next);
      return;
    }
    const n = app.commits.length + 1;
    const revision =
      body.revision ?? commitSha(`${body.service}/${body.environment}/${n}`);
    if (app.commits.some(c => c.revision === revision)) {
      res.status(409).json({
        error: `revision: ${revision} is already a commit of ${name}`,
      });
      return;
    }
    const image = body.image ?? `${options.registry}/${body.service}:1.${n}.0`;
    store.registerImage(image, body.bad ?? false);
    app.addCommit(
      { revision, image, bad: body.bad ?? false },
      options.now().toISOString(),
    );
    store.touched(app);
    res
      .status(201)
      .json({ application: name, revision, image, bad: body.bad ?? false });
  });

  /** Reads every created app's repository now (the poll does every `pollMs`). */
  router.post('/_sandbox/refresh', (_req, res, next) => {
    (options.poll ?? (() => store.refreshAll()))()
      .then(() => res.json({ refreshed: true }))
      .catch(next);
  });

  /**
   * Holds the timer, so a test can take the world one tick at a time (e.g.
   * look at a canary while it serves); at most 10 minutes, then the clock
   * runs again by itself, so a test that dies does not stop the world.
   */
  router.post('/_sandbox/clock', (req, res) => {
    const body = parse(clockBody, req.body, res);
    if (!body) {
      return;
    }
    const until = body.holdSeconds
      ? options.now().getTime() + body.holdSeconds * 1000
      : 0;
    options.holdClock?.(until);
    res.json({
      held: until > 0,
      until: until ? new Date(until).toISOString() : null,
    });
  });

  /** Moves the world on by N ticks at once (the timer does one per `tickMs`). */
  router.post('/_sandbox/tick', (req, res) => {
    const body = parse(tickBody, req.body, res);
    if (!body) {
      return;
    }
    let moving = 0;
    for (let i = 0; i < (body.ticks ?? 1); i++) {
      moving = store.tick();
    }
    res.json({ ticks: body.ticks ?? 1, moving });
  });

  return router;
}
