import express, { Router } from 'express';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ENVIRONMENTS, Environment } from '../../world/World';
import { SimulatorFactory } from '../types';
import { ArgoStatusError, GrpcCode, sendArgoError } from './argoErrors';
import { ApplicationStore } from './ApplicationStore';
import { createApplicationRoutes } from './applicationRoutes';
import { createCreateRoutes } from './createRoutes';
import { createWatchRoutes } from './watchRoutes';
import { createSandboxRoutes } from './sandboxRoutes';
import { RepoServer } from './RepoServer';
import { ContinuousIntegration } from './ContinuousIntegration';
import {
  adoptSampleRepositories,
  SampleRepositoryOptions,
} from './sampleRepositories';
import { JsonStateFile } from '../../state/JsonStateFile';
import type { SavedArgoState } from './ApplicationStore';
import { answerErrors } from '../../http/express';

export interface ArgoCDSimulatorOptions {
  /**
   * Plays the template's CI workflow on pushes to main of the repos dev's
   * apps deploy ({@link ContinuousIntegration}); off unless given.
   */
  ci?: { delayMs?: number };
  /** Mount name: `/argocd` by default; e.g. `argocd-eu` for a second instance. */
  name?: string;
  /** The API token clients send as `Authorization: Bearer`. */
  token?: string;
  /** Who the token belongs to (an Argo CD local account); shown as `initiatedBy.username`. */
  tokenUsername?: string;
  /** Local accounts for `POST /api/v1/session`. */
  users?: Record<string, string>;
  /** The destination clusters this instance deploys to; all three by default. */
  environments?: Environment[];
  /** Environments whose canaries pause until a person resumes them; prod by default. */
  manualGates?: Environment[];
  /**
   * Wall-clock milliseconds per world tick (each tick stands for 10 seconds
   * of rollout time); 0 stops the clock, so only `POST /_sandbox/tick`
   * moves the world — what tests want.
   */
  tickMs?: number;
  /** Base of the services' deploy repos; `<sandbox>/git` by default. */
  gitBaseUrl?: string;
  /**
   * Credentials for the repositories of created applications (Argo CD's
   * repository credentials); the GitHub simulator's token by default.
   */
  repoCredentials?: { username: string; password: string };
  /**
   * Milliseconds between polls of the created apps' repositories (Argo CD
   * polls every 3 minutes; the sandbox every 3 s); 0: only
   * `POST /_sandbox/refresh` and `?refresh=` read git, what tests want.
   */
  pollMs?: number;
  /**
   * Give the catalog's sample services repositories in the GitHub
   * simulator (rendered from the template's skeleton at first start) and
   * deploy them from git like created services. Off by default (tests of
   * the synthetic world); the sandbox's default simulator list turns it on.
   */
  sampleRepositories?: boolean | Partial<SampleRepositoryOptions>;
  registry?: string;
  now?: () => Date;
}

function bearerToken(req: express.Request): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    return header.slice('Bearer '.length).trim();
  }
  // The Argo CD UI authenticates with this cookie; the API accepts both.
  const cookie = /(?:^|;\s*)argocd\.token=([^;]+)/.exec(
    req.headers.cookie ?? '',
  );
  return cookie?.[1];
}

/** A JWT-shaped session token; only its presence in the session table matters. */
function sessionToken(username: string): string {
  const encode = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  return [
    encode({ alg: 'HS256', typ: 'JWT' }),
    encode({
      iss: 'argocd',
      sub: `${username}:login`,
      iat: Math.floor(Date.now() / 1000),
    }),
    randomBytes(32).toString('base64url'),
  ].join('.');
}

/**
 * Argo CD, serving one Application per world service and environment, each
 * deploying an Argo Rollouts canary. The world moves on a timer: commits
 * released through `/_sandbox/release` are auto-synced, canaries step
 * through their weights, pauses and analysis, and a bad release fails its
 * analysis and aborts.
 */
export function argocdSimulator(
  options: ArgoCDSimulatorOptions = {},
): SimulatorFactory {
  const token = options.token ?? 'sandbox-argocd-token';
  const tokenUsername = options.tokenUsername ?? 'backstage';
  const users = options.users ?? { admin: 'sandbox' };
  const now = options.now ?? (() => new Date());
  // Until when the timer skips its ticks (POST /_sandbox/clock); 0: it runs.
  let clockHeldUntil = 0;
  const tickMs = options.tickMs ?? 1000;

  return {
    name: options.name ?? 'argocd',
    async create({ world, baseUrl, stateDir }) {
      const registry = options.registry ?? 'registry.example.com';
      const source = options.name ?? 'argocd';
      const repoServer = new RepoServer({
        cacheDir: path.join(stateDir, 'repo-cache'),
        credentials: options.repoCredentials ?? {
          username: 'x-access-token',
          password: 'sandbox-github-token',
        },
      });
      const stateFile = new JsonStateFile<SavedArgoState>(
        path.join(stateDir, 'applications.json'),
        { onError: error => world.recordError(`${source}/state`, error) },
      );
      const store: ApplicationStore = new ApplicationStore(world, {
        environments: options.environments ?? [...ENVIRONMENTS],
        manualGates: options.manualGates ?? ['prod'],
        gitBaseUrl: options.gitBaseUrl ?? `${baseUrl}/git`,
        registry,
        now,
        repoServer,
        ci: options.ci
          ? new ContinuousIntegration({
              repoServer,
              delayMs: options.ci.delayMs ?? 5_000,
              registerImage: image =>
                world.images.register(image, false, now()),
              pushed: repoURL => {
                repoServer.invalidate(repoURL);
                for (const app of store.list()) {
                  if (app.spec.source?.repoURL === repoURL) {
                    void store.refresh(app, false);
                  }
                }
              },
              onError: error => world.recordError(`${source}/ci`, error),
            })
          : undefined,
        // Projects, created and deleted apps and their history survive a
        // restart (`<state dir>/argocd/applications.json`).
        onChange: () => stateFile.save(() => store.snapshot()),
      });
      const saved = stateFile.load();
      if (saved) {
        try {
          store.restore(saved);
        } catch (error) {
          // A state file from another version must not stop the sandbox.
          world.recordError(`${source}/state`, error);
          store.reset();
        }
      }
      // Creating the apps tells the World which revisions serve, before
      // anyone asks Prometheus or Jaeger about them.
      store.list();
      // The Kubernetes API simulator serves what this instance deploys.
      world.clusters.addSource(store);
      const sessions = new Map<string, string>();

      const router = Router();
      // strict: false, because the deprecated resource action endpoint's
      // body is a bare JSON string.
      router.use(express.json({ strict: false, limit: '1mb' }));
      router.use(
        createSandboxRoutes(store, {
          registry,
          now,
          poll: () => poll(),
          holdClock: until => {
            clockHeldUntil = until;
          },
        }),
      );

      router.post('/api/v1/session', (req, res) => {
        const { username, password } = (req.body ?? {}) as Record<
          string,
          unknown
        >;
        if (!username || !password) {
          sendArgoError(
            res,
            new ArgoStatusError(
              GrpcCode.Unauthenticated,
              'no credentials supplied',
            ),
          );
          return;
        }
        if (users[String(username)] !== password) {
          sendArgoError(
            res,
            new ArgoStatusError(
              GrpcCode.Unauthenticated,
              'Invalid username or password',
            ),
          );
          return;
        }
        const issued = sessionToken(String(username));
        sessions.set(issued, String(username));
        res.json({ token: issued });
      });

      router.use('/api', (req, res, next) => {
        const presented = bearerToken(req);
        if (!presented) {
          sendArgoError(
            res,
            new ArgoStatusError(
              GrpcCode.Unauthenticated,
              'no session information',
            ),
          );
          return;
        }
        const username =
          presented === token ? tokenUsername : sessions.get(presented);
        if (!username) {
          sendArgoError(
            res,
            new ArgoStatusError(
              GrpcCode.Unauthenticated,
              'invalid session: token signature is invalid',
            ),
          );
          return;
        }
        res.locals.username = username;
        next();
      });
      router.use(createApplicationRoutes(store, now));
      router.use(createWatchRoutes(store));
      router.use(createCreateRoutes(store, now));

      router.use('/api', (_req, res) => {
        res
          .status(404)
          .json({ error: 'Not Found', code: 5, message: 'Not Found' });
      });
      const errorHandler = answerErrors((error, res) => {
        // grpc-gateway answers a body it cannot decode with InvalidArgument.
        sendArgoError(
          res,
          new ArgoStatusError(
            error?.type === 'entity.parse.failed'
              ? GrpcCode.InvalidArgument
              : GrpcCode.Internal,
            String(error?.message ?? error),
          ),
        );
      });
      router.use(errorHandler);

      if (tickMs > 0) {
        // unref: a running world must not keep a test process alive.
        // Whatever a tick throws is recorded (GET /admin/errors), never
        // thrown: an uncaught error in a timer would end the sandbox.
        setInterval(() => {
          if (now().getTime() < clockHeldUntil) return; // POST /_sandbox/clock
          world.guard(`${source}/tick`, () => {
            store.tick();
            store.warm();
          });
        }, tickMs).unref();
      }

      const samples = options.sampleRepositories
        ? {
            apiUrl: `${baseUrl}/github/api/v3`,
            webUrl: baseUrl,
            token: 'sandbox-github-token',
            owner: 'acme',
            now,
            ...(typeof options.sampleRepositories === 'object'
              ? options.sampleRepositories
              : {}),
          }
        : undefined;
      // Until the sample repositories exist (again, after a reset).
      let adopted = !samples;
      async function pollOnce() {
        if (!adopted && samples) {
          await adoptSampleRepositories(world, store, samples);
          adopted = true;
        }
        await store.refreshAll();
      }
      // One poll at a time: a poll asked for while one runs follows it.
      let chain: Promise<void> = Promise.resolve();
      let pending = 0;
      function poll(): Promise<void> {
        pending += 1;
        const run = chain.then(pollOnce);
        chain = run
          .catch(() => undefined)
          .finally(() => {
            pending -= 1;
          });
        return run;
      }
      const pollMs = options.pollMs ?? 3000;
      const poller =
        pollMs > 0
          ? setInterval(() => {
              if (pending > 0) return; // a slow poll is not stacked
              poll().catch(error => world.recordError(`${source}/poll`, error));
            }, pollMs)
          : undefined;
      poller?.unref();

      return {
        // The sample repositories before the sandbox says it is ready, so
        // the first look at a sample service already sees it from git.
        start: samples
          ? async () => {
              await poll().catch(error =>
                world.recordError(`${source}/poll`, error),
              );
            }
          : undefined,
        close: () => {
          if (poller) clearInterval(poller);
          stateFile.flush();
        },
        handler: router,
        reset: () => {
          store.reset();
          stateFile.clear();
          adopted = !samples;
          store.list(); // tells the World what serves again
          sessions.clear();
        },
      };
    },
  };
}
