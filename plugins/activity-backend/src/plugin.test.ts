/*
 * The recording auditor and the activity plugin as the backend wires them:
 * createSpecializedBackend (what startTestBackend uses; backend-test-utils
 * is not available for our release) with hand-made core services, Backstage's
 * own events service, the real auditor factory and plugin, and two stand-in
 * plugins that audit: `deployments` (recorded) and `catalog` (not).
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { createSpecializedBackend } from '@backstage/backend-app-api';
import { lifecycleServiceFactory } from '@backstage/backend-defaults/lifecycle';
import { rootLifecycleServiceFactory } from '@backstage/backend-defaults/rootLifecycle';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import {
  BackstageCredentials,
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { TestDatabases } from '@internal/test-databases';
import express from 'express';
import Router from 'express-promise-router';
import activityPlugin, { activityAuditorServiceFactory } from './index';

jest.setTimeout(30_000);

const databases = TestDatabases.create();

const silentLogger: any = {
  child: () => silentLogger,
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
};

const ADMIN = 'user:default/priya.sharma';
const GROUPS: Record<string, string[]> = {
  'user:default/lena.fischer': ['group:default/payments'],
  'user:default/sara.kim': ['group:default/storefront'],
  [ADMIN]: ['group:default/platform-admins'],
};
const ENTITIES = [
  { kind: 'Component', name: 'payments-api', owner: 'group:default/payments' },
  {
    kind: 'Component',
    name: 'cart-service',
    owner: 'group:default/storefront',
  },
  // Hidden from everyone but admins by the catalog's own permission check.
  {
    kind: 'Component',
    name: 'secret-service',
    owner: 'group:default/payments',
  },
];

const credentialsOf = (user: string) =>
  ({
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'user', userEntityRef: user },
  } as BackstageCredentials);
const userOf = (c: any): string => c.principal.userEntityRef;
const visible = (user: string) =>
  ENTITIES.filter(e => e.name !== 'secret-service' || user === ADMIN);
const refOf = (e: (typeof ENTITIES)[number]) => `component:default/${e.name}`;

/** A plugin that audits like ours do: a rollback, and a denied one. */
function auditingPlugin(pluginId: string) {
  return createBackendPlugin({
    pluginId,
    register(env) {
      env.registerInit({
        deps: {
          auditor: coreServices.auditor,
          httpRouter: coreServices.httpRouter,
        },
        async init({ auditor, httpRouter }) {
          const router = Router();
          router.use(express.json());
          router.post('/act', async (req, res) => {
            const meta = {
              action: 'rollback',
              entityRef: req.body.entityRef,
              environment: 'prod',
              reason: req.body.reason,
            };
            const event = await auditor.createEvent({
              eventId: 'deployment-rollback',
              severityLevel: 'high',
              request: req,
              meta,
            });
            if (req.body.deny) {
              await event.fail({
                error: new NotAllowedError('Not allowed: deployments.rollback'),
              });
              res.status(403).end();
              return;
            }
            await event.success({
              meta: {
                before: { revision: 'bbbbbbb' },
                after: { revision: 'aaaaaaa' },
              },
            });
            res.json({ ok: true });
          });
          httpRouter.use(router);
        },
      });
    },
  });
}

describe.each(databases.eachSupportedId())('activity on %s', databaseId => {
  let url: string;
  let stop: () => Promise<void>;
  const permissionNames: string[] = [];
  const tasks: string[] = [];
  const actStatuses: number[] = [];

  beforeAll(async () => {
    const knex = await databases.init(databaseId);
    const routers: Record<string, express.Handler> = {};
    const service = <T>(ref: any, impl: T) =>
      createServiceFactory({
        service: ref,
        deps: {},
        factory: () => impl as any,
      });
    const httpAuth = {
      async credentials(req: any) {
        return credentialsOf(req.headers['x-test-user'] ?? ADMIN);
      },
    };
    const backend = createSpecializedBackend({
      defaultServiceFactories: [
        service(
          coreServices.rootConfig,
          new ConfigReader({
            events: { useEventBus: 'never' },
            activity: { retention: { days: 30 } },
          }),
        ),
        service(coreServices.rootLogger, silentLogger),
        service(coreServices.logger, silentLogger),
        service(coreServices.database, {
          getClient: async () => knex,
          migrations: { skip: false },
        }),
        service(coreServices.scheduler, {
          scheduleTask: async (task: any) => {
            tasks.push(task.id);
          },
        }),
        service(coreServices.permissions, {
          async authorize(requests: any[], { credentials }: any) {
            return requests.map(() => ({
              result:
                userOf(credentials) === ADMIN
                  ? AuthorizeResult.ALLOW
                  : AuthorizeResult.DENY,
            }));
          },
        }),
        service(coreServices.permissionsRegistry, {
          addPermissions: (ps: any[]) =>
            permissionNames.push(...ps.map(p => p.name)),
        }),
        service(coreServices.httpAuth, httpAuth),
        service(coreServices.auth, {
          isPrincipal: (c: any, type: string) => c.principal.type === type,
          getOwnServiceCredentials: async () => ({
            principal: { type: 'service', subject: 'plugin:test' },
          }),
        }),
        service(coreServices.userInfo, {
          async getUserInfo(c: any) {
            const user = userOf(c);
            return {
              userEntityRef: user,
              ownershipEntityRefs: [user, ...(GROUPS[user] ?? [])],
            };
          },
        }),
        service(coreServices.discovery, {
          getBaseUrl: async (id: string) => `http://127.0.0.1:1/api/${id}`,
          getExternalBaseUrl: async (id: string) =>
            `http://127.0.0.1:1/api/${id}`,
        }),
        createServiceFactory({
          service: coreServices.httpRouter,
          deps: { plugin: coreServices.pluginMetadata },
          factory: ({ plugin }) =>
            ({
              use: (router: express.Handler) => {
                routers[plugin.getId()] = router;
              },
              addAuthPolicy: () => {},
            } as any),
        }),
        service(catalogServiceRef, {
          async getEntityByRef(ref: string, { credentials }: any) {
            const e = visible(userOf(credentials)).find(x => refOf(x) === ref);
            return (
              e && {
                kind: e.kind,
                metadata: { namespace: 'default', name: e.name },
              }
            );
          },
          async getEntities({ filter }: any, { credentials }: any) {
            const owners: string[] = filter['relations.ownedBy'];
            return {
              items: visible(userOf(credentials))
                .filter(e => owners.includes(e.owner))
                .map(e => ({
                  kind: e.kind,
                  metadata: { namespace: 'default', name: e.name },
                })),
            };
          },
        }),
        eventsServiceFactory,
        activityAuditorServiceFactory,
        rootLifecycleServiceFactory,
        lifecycleServiceFactory,
      ],
    });
    backend.add(activityPlugin);
    backend.add(auditingPlugin('deployments'));
    backend.add(auditingPlugin('catalog'));
    await backend.start();

    const app = express();
    for (const [id, router] of Object.entries(routers)) {
      app.use(`/api/${id}`, router);
    }
    app.use(
      MiddlewareFactory.create({
        config: new ConfigReader({}),
        logger: silentLogger,
      }).error(),
    );
    const server = http.createServer(app);
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    stop = async () => {
      server.close();
      await backend.stop();
    };

    const act = (plugin: string, user: string, body: object) =>
      fetch(`${url}/api/${plugin}/act`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test-user': user },
        body: JSON.stringify(body),
      });
    const lena = 'user:default/lena.fischer';
    actStatuses.push(
      (
        await act('deployments', lena, {
          entityRef: 'Component:default/payments-api',
          reason: 'checkout errors after 1.5.0',
        })
      ).status,
      (
        await act('deployments', 'user:default/sara.kim', {
          entityRef: 'component:default/payments-api',
          reason: 'not mine',
          deny: true,
        })
      ).status,
    );
    await act('deployments', lena, {
      entityRef: 'component:default/secret-service',
      reason: 'hidden',
    });
    await act('deployments', 'user:default/sara.kim', {
      entityRef: 'component:default/cart-service',
      reason: 'cart',
    });
    // Not a recorded plugin: logged only.
    await act('catalog', lena, {
      entityRef: 'component:default/payments-api',
      reason: 'catalog event',
    });
  });
  afterAll(() => stop());

  const get = (path: string, user: string) =>
    fetch(`${url}/api/activity${path}`, { headers: { 'x-test-user': user } });

  it('lets the audited actions answer as they would without the log', () => {
    expect(actStatuses).toEqual([200, 403]);
  });

  it('registers its permission and the retention task', () => {
    expect(permissionNames).toContain('activity.admin.read');
    expect(tasks).toContain('activity-retention');
  });

  it("stores a recorded plugin's events, denials too, and shows them on the entity", async () => {
    const res = await get(
      '/entities/component/default/payments-api',
      'user:default/sara.kim',
    );
    expect(res.status).toBe(200);
    const { events, total } = await res.json();
    expect(total).toBe(2);
    expect(events[0]).toMatchObject({
      plugin: 'deployments',
      action: 'deployment-rollback',
      result: 'denied',
      actor: 'user:default/sara.kim',
      reason: 'not mine',
      error: 'Not allowed: deployments.rollback',
    });
    expect(events[1]).toMatchObject({
      action: 'deployment-rollback',
      result: 'succeeded',
      severity: 'high',
      actor: 'user:default/lena.fischer',
      entityRef: 'component:default/payments-api',
      environment: 'prod',
      reason: 'checkout errors after 1.5.0',
      before: { revision: 'bbbbbbb' },
      after: { revision: 'aaaaaaa' },
    });
  });

  it('shows nothing of an entity the reader cannot read', async () => {
    const res = await get(
      '/entities/component/default/secret-service',
      'user:default/lena.fischer',
    );
    expect(res.status).toBe(404);
    expect(
      (await get('/entities/component/default/secret-service', ADMIN)).status,
    ).toBe(200);
  });

  it("lists the activity of the reader's teams and their own", async () => {
    const res = await get('/teams', 'user:default/sara.kim');
    const { events } = await res.json();
    expect(events.map((e: any) => [e.entityRef, e.actor])).toEqual([
      ['component:default/cart-service', 'user:default/sara.kim'],
      ['component:default/payments-api', 'user:default/sara.kim'],
    ]);
  });

  it('keeps the whole log, its filters and export to those allowed', async () => {
    const denied = await get('/events', 'user:default/lena.fischer');
    expect(denied.status).toBe(403);
    expect((await denied.json()).error.message).toMatch(/activity.admin.read/);
    expect(
      (await get('/events/export.csv', 'user:default/lena.fischer')).status,
    ).toBe(403);
    expect((await get('/facets', 'user:default/lena.fischer')).status).toBe(
      403,
    );

    const all = await (await get('/events', ADMIN)).json();
    expect(all.total).toBe(4);
    expect(all.events.every((e: any) => e.plugin === 'deployments')).toBe(true);
    const deniedOnly = await (await get('/events?result=denied', ADMIN)).json();
    expect(deniedOnly.events.map((e: any) => e.actor)).toEqual([
      'user:default/sara.kim',
    ]);
    const byActor = await (
      await get(
        `/events?actor=${encodeURIComponent('user:default/lena.fischer')}`,
        ADMIN,
      )
    ).json();
    expect(byActor.total).toBe(2);
    const future = await (
      await get('/events?from=2999-01-01T00:00:00Z', ADMIN)
    ).json();
    expect(future.total).toBe(0);

    const csv = await get(
      `/events/export.csv?entityRef=${encodeURIComponent(
        'component:default/payments-api',
      )}`,
      ADMIN,
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'occurredAt,actor,plugin,action,result,severity,entityRef,environment,reason,before,after,error',
    );
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain(
      'user:default/lena.fischer,deployments,deployment-rollback,succeeded,high,component:default/payments-api,prod,checkout errors after 1.5.0,"{""revision"":""bbbbbbb""}"',
    );

    expect(await (await get('/facets', ADMIN)).json()).toEqual({
      actors: ['user:default/lena.fischer', 'user:default/sara.kim'],
      plugins: ['deployments'],
      actions: ['deployment-rollback'],
      entityRefs: [
        'component:default/cart-service',
        'component:default/payments-api',
        'component:default/secret-service',
      ],
    });
  });

  it('answers bad input with a 400 and a message', async () => {
    const bad = await get('/events?result=maybe', ADMIN);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/result/);
    expect((await get('/events?from=yesterday', ADMIN)).status).toBe(400);
    expect((await get('/events?limit=100000', ADMIN)).status).toBe(400);
    expect((await get('/events?sql=1', ADMIN)).status).toBe(400);
    expect((await get('/entities/component/default/a%20b', ADMIN)).status).toBe(
      400,
    );
  });
});
