/*
 * Two replicas of the backend on one PostgreSQL (and one Redis), the way the
 * chart runs them (deploy/chart, replicaCount >= 2): what one replica does must
 * be seen by the other.
 *
 * Each replica is a real `createBackend()` with the real events backend,
 * signals backend, scheduler, cache and auth services; only the config is the
 * test's, and a small `probe` plugin gives the test a handle on the services
 * of each replica. The user token a browser would hold is signed by the test's
 * own key, served as the `auth` plugin's JWKS (the real auth backend only
 * issues tokens after a sign-in flow, which is not what is under test here).
 *
 * Redis is Debian's `redis-server`, started on a free port (scripts/test.sh
 * installs it). Without it the cache assertion cannot be made: it is skipped
 * with a note locally, and fails in CI.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  CacheService,
  coreServices,
  createBackendPlugin,
  createServiceFactory,
  RootLoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import eventsPlugin from '@backstage/plugin-events-backend';
import { EventsService, eventsServiceRef } from '@backstage/plugin-events-node';
import signalsPlugin from '@backstage/plugin-signals-backend';
import {
  SignalsService,
  signalsServiceRef,
} from '@backstage/plugin-signals-node';
import { TestDatabases } from '@internal/test-databases';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import express from 'express';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import WebSocket from 'ws';

jest.setTimeout(60_000);

// The cache's Redis clients (iovalkey, under Backstage's `valkey` store, as in
// app-config.production.yaml), so that the test can close them at the end:
// they would otherwise keep reconnecting to the Redis the test stops.
const mockValkeyClients: Array<{ disconnect(): void }> = [];
jest.mock('iovalkey', () => {
  // The module is the client class itself, with its other exports on it.
  const Valkey = jest.requireActual('iovalkey');
  function RecordedValkey(...args: unknown[]) {
    const client = new Valkey(...args);
    mockValkeyClients.push(client);
    return client;
  }
  Object.assign(RecordedValkey, Valkey, { default: RecordedValkey });
  return RecordedValkey;
});

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const REDIS_BINARY = 'redis-server';
const hasRedis =
  spawnSync(REDIS_BINARY, ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasRedis && process.env.CI) {
  throw new Error(
    `${REDIS_BINARY} is not installed, but CI is set: scripts/test.sh installs Debian's redis-server`,
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns true, or fails with `what` after `ms`. */
async function eventually(
  what: string,
  check: () => Promise<boolean>,
  ms = 20_000,
) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

async function startRedis(port: number): Promise<ChildProcess> {
  const redis = spawn(
    REDIS_BINARY,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    redis.stdout!.on('data', chunk => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve();
    });
    redis.on('exit', code =>
      reject(new Error(`redis-server exited ${code}: ${output}`)),
    );
  });
  return redis;
}

/** What the test can reach inside one replica. */
type Replica = {
  name: string;
  url: string;
  logs: string[];
  signals: SignalsService;
  events: EventsService;
  cache: CacheService;
  scheduler: SchedulerService;
  stop(): Promise<void>;
};

function capturingLogger(logs: string[]): RootLoggerService {
  const log = (level: string) => (message: string) => {
    logs.push(`${level} ${message}`);
  };
  const logger: RootLoggerService = {
    child: () => logger,
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: () => {},
  };
  return logger;
}

/** A global task every replica schedules, as the provisioning follower does. */
const GLOBAL_TASK = 'probe-global-task';

async function startReplica(options: {
  name: string;
  databaseUrl: string;
  redisUrl?: string;
  jwks: object;
  taskRuns: string[];
}): Promise<Replica> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logs: string[] = [];
  const handles: Partial<Replica> = {};

  const backend = createBackend();
  backend.add(
    createServiceFactory({
      service: coreServices.rootConfig,
      deps: {},
      factory: () =>
        new ConfigReader({
          backend: {
            baseUrl: url,
            listen: { port, host: '127.0.0.1' },
            database: {
              client: 'pg',
              connection: options.databaseUrl,
              pluginDivisionMode: 'schema',
              ensureSchemaExists: true,
            },
            // As in app-config.production.yaml.
            cache: options.redisUrl
              ? { store: 'valkey', connection: options.redisUrl }
              : { store: 'memory' },
          },
          // As in app-config.production.yaml.
          events: { useEventBus: 'always' },
        }),
    }),
  );
  backend.add(
    createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => capturingLogger(logs),
    }),
  );
  backend.add(eventsPlugin);
  backend.add(signalsPlugin);
  backend.add(
    createBackendPlugin({
      pluginId: 'auth',
      register(env) {
        env.registerInit({
          deps: { httpRouter: coreServices.httpRouter },
          async init({ httpRouter }) {
            const router = express.Router();
            router.get('/.well-known/jwks.json', (_req, res) => {
              res.json(options.jwks);
            });
            httpRouter.use(router);
            httpRouter.addAuthPolicy({
              path: '/.well-known',
              allow: 'unauthenticated',
            });
          },
        });
      },
    }),
  );
  backend.add(
    createBackendPlugin({
      pluginId: 'probe',
      register(env) {
        env.registerInit({
          deps: {
            signals: signalsServiceRef,
            events: eventsServiceRef,
            cache: coreServices.cache,
            scheduler: coreServices.scheduler,
          },
          async init({ signals, events, cache, scheduler }) {
            Object.assign(handles, { signals, events, cache, scheduler });
            await scheduler.scheduleTask({
              id: GLOBAL_TASK,
              frequency: { minutes: 30 },
              timeout: { seconds: 30 },
              initialDelay: { seconds: 1 },
              fn: async () => {
                options.taskRuns.push(options.name);
              },
            });
          },
        });
      },
    }),
  );
  await backend.start();
  return {
    ...(handles as Replica),
    name: options.name,
    url,
    logs,
    stop: () => backend.stop(),
  };
}

describe('two backend replicas on one PostgreSQL', () => {
  const taskRuns: string[] = [];
  let a: Replica;
  let b: Replica;
  let redis: ChildProcess | undefined;
  let redisPort = 0;
  let userToken: string;

  beforeAll(async () => {
    const knex = await databases.init('POSTGRES_15');
    const databaseUrl = knex.client.config.connection as string;
    let redisUrl: string | undefined;
    if (hasRedis) {
      redisPort = await freePort();
      redis = await startRedis(redisPort);
      redisUrl = `redis://127.0.0.1:${redisPort}`;
    } else {
      // eslint-disable-next-line no-console
      console.warn(
        `${REDIS_BINARY} is not installed: the replicas use the memory cache and the shared-cache test is skipped`,
      );
    }

    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = {
      ...(await exportJWK(publicKey)),
      kid: 'test',
      alg: 'ES256',
      use: 'sig',
    };
    userToken = await new SignJWT({
      ent: ['user:default/lena.fischer', 'group:default/payments'],
    })
      .setProtectedHeader({
        alg: 'ES256',
        kid: 'test',
        typ: 'vnd.backstage.user',
      })
      .setSubject('user:default/lena.fischer')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);

    const common = { databaseUrl, redisUrl, jwks: { keys: [jwk] }, taskRuns };
    // One after the other, like a rolling start: the first runs the migrations.
    a = await startReplica({ name: 'a', ...common });
    b = await startReplica({ name: 'b', ...common });
  });

  afterAll(async () => {
    // Outside development the HTTP server waits for the event bus's long
    // polls (about 50 s) before it stops; a pod has terminationGracePeriodSeconds
    // for that (deploy/chart), the test closes them at once.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'development';
    try {
      await Promise.all([a?.stop(), b?.stop()]);
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    mockValkeyClients.forEach(c => c.disconnect());
    redis?.kill();
  });

  it('uses the events backend on PostgreSQL, not process-local events', async () => {
    await eventually('both replicas to subscribe to the event bus', async () =>
      [a, b].every(r =>
        r.logs.some(l =>
          l.includes('Database is PostgreSQL, using database store'),
        ),
      ),
    );
    for (const replica of [a, b]) {
      expect(
        replica.logs.filter(l => l.includes('events backend not found')),
      ).toEqual([]);
    }
  });

  it('delivers a signal sent on replica A to a browser connected to replica B', async () => {
    const received: unknown[] = [];
    const socket = new WebSocket(`${b.url.replace('http', 'ws')}/api/signals`, [
      userToken,
    ]);
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      socket.on('message', data => received.push(JSON.parse(data.toString())));
      socket.send(
        JSON.stringify({
          action: 'subscribe',
          channel: 'deployments:payments-api',
        }),
      );

      // Sent until it arrives: B's subscription to the bus starts at its first poll.
      await eventually('the signal on B', async () => {
        if (received.length === 0) {
          await a.signals.publish({
            recipients: {
              type: 'user',
              entityRef: 'user:default/lena.fischer',
            },
            channel: 'deployments:payments-api',
            message: { rolledBack: 'payments-api-prod' },
          });
        }
        return received.length > 0;
      });
      expect(received[0]).toEqual({
        channel: 'deployments:payments-api',
        message: { rolledBack: 'payments-api-prod' },
      });
    } finally {
      socket.close();
    }
  });

  it('refuses a signals connection without a user token', async () => {
    const socket = new WebSocket(`${b.url.replace('http', 'ws')}/api/signals`);
    const status = await new Promise<number | undefined>(resolve => {
      socket.once('unexpected-response', (_req, res) =>
        resolve(res.statusCode),
      );
      socket.once('open', () => resolve(undefined));
      socket.once('error', () => resolve(undefined));
    });
    socket.terminate();
    expect(status).toBe(401);
  });

  it('delivers an event published on replica A to a subscriber on replica B', async () => {
    const onB: unknown[] = [];
    await b.events.subscribe({
      id: 'probe-follower-b',
      topics: ['probe.deployments'],
      onEvent: async event => {
        onB.push(event.eventPayload);
      },
    });
    await eventually('the event on B', async () => {
      if (onB.length === 0) {
        await a.events.publish({
          topic: 'probe.deployments',
          eventPayload: {
            action: 'rollback',
            application: 'payments-api-prod',
          },
        });
      }
      return onB.length > 0;
    });
    expect(onB[0]).toEqual({
      action: 'rollback',
      application: 'payments-api-prod',
    });
  });

  (hasRedis ? describe : describe.skip)('with Redis', () => {
    it('shares the cache: what A writes or invalidates (a rollback) is what B reads at once', async () => {
      // The deployments backend caches Argo CD's application list and
      // invalidates it after an action; on a per-replica memory cache B would
      // keep showing the state before the rollback until the TTL ran out.
      await a.cache.set('argocd:applications', { revision: 'v2' });
      await expect(b.cache.get('argocd:applications')).resolves.toEqual({
        revision: 'v2',
      });
      await a.cache.delete('argocd:applications');
      await expect(b.cache.get('argocd:applications')).resolves.toBeUndefined();
    });

    it('stays up while Redis is gone (a failover) and uses it again once it is back', async () => {
      // With the `redis` store this kill ends both processes: its client has
      // no 'error' listener ("Socket closed unexpectedly" is thrown).
      const exited = new Promise(resolve => redis!.once('exit', resolve));
      redis!.kill('SIGKILL');
      await exited;
      await eventually(
        'both replicas to log the lost Redis connection',
        async () =>
          [a, b].every(r =>
            r.logs.some(l =>
              l.startsWith('error Failed to create valkey cache client'),
            ),
          ),
      );
      for (const replica of [a, b]) {
        const res = await fetch(
          `${replica.url}/.backstage/health/v1/readiness`,
        );
        expect(res.status).toBe(200);
      }
      redis = await startRedis(redisPort);
      // The clients reconnect by themselves (a failed-over endpoint answers
      // again); what A writes, B reads.
      await a.cache.set('after-failover', { ok: true });
      await expect(b.cache.get('after-failover')).resolves.toEqual({
        ok: true,
      });
    });
  });

  it('runs a global scheduled task once across the replicas', async () => {
    await eventually('the global task to run', async () => taskRuns.length > 0);
    // Both workers poll every 5 s: give each at least one more look.
    await new Promise(r => setTimeout(r, 6_000));
    expect(taskRuns).toHaveLength(1);
  });
});
