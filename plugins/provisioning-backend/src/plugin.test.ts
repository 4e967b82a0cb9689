/*
 * The plugin as the backend wires it: createSpecializedBackend (what
 * startTestBackend uses; backend-test-utils is not available for our
 * release) with hand-made core services, the real plugin, and its Terraform
 * Cloud engine built from config against the sandbox.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { createSpecializedBackend } from '@backstage/backend-app-api';
import { lifecycleServiceFactory } from '@backstage/backend-defaults/lifecycle';
import { rootLifecycleServiceFactory } from '@backstage/backend-defaults/rootLifecycle';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { ConfigReader } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { Sandbox, startSandbox, tfcSimulator } from '@internal/sandbox';
import { TestDatabases } from '@internal/test-databases';
import express from 'express';
import {
  INFRA,
  paymentsApi,
  policyPermissions,
  silentLogger,
} from './__testUtils__/harness';
import { mockCredentials, mockServices } from '@internal/backend-test-stubs';
import provisioningPlugin from './index';

jest.setTimeout(30_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('provisioning backend plugin', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      simulators: [tfcSimulator({ stepMs: 10, outputsProcessingMs: 10 })],
    });
  });
  afterAll(() => sandbox.close());

  it('registers permissions, schedules a global follower and serves its API', async () => {
    const knex = await databases.init('SQLITE_3');
    const permissionNames: string[] = [];
    const scheduler = mockServices.scheduler();
    const routers: express.Handler[] = [];
    const actionNames: string[] = [];

    const config = {
      provisioning: {
        terraformCloud: {
          organizations: [
            {
              name: 'acme',
              baseUrl: `${sandbox.url}/tfc`,
              token: 'sandbox-tfc-token',
            },
          ],
          configuration: { root: INFRA },
        },
      },
    };
    const service = <T>(ref: any, impl: T) =>
      createServiceFactory({
        service: ref,
        deps: {},
        factory: () => impl as any,
      });

    const backend = createSpecializedBackend({
      defaultServiceFactories: [
        service(coreServices.rootConfig, new ConfigReader(config)),
        service(coreServices.rootLogger, silentLogger),
        service(coreServices.logger, silentLogger),
        service(coreServices.database, {
          getClient: async () => knex,
          migrations: { skip: false },
        }),
        service(coreServices.scheduler, scheduler),
        service(coreServices.permissions, policyPermissions()),
        service(coreServices.permissionsRegistry, {
          addPermissions: (ps: any[]) =>
            permissionNames.push(...ps.map(p => p.name)),
        }),
        service(coreServices.auditor, mockServices.auditor()),
        service(
          coreServices.httpAuth,
          mockServices.httpAuth({
            defaultCredentials: mockCredentials.user(
              'user:default/lena.fischer',
            ),
          }),
        ),
        service(
          coreServices.auth,
          mockServices.auth({ pluginId: 'provisioning' }),
        ),
        service(coreServices.discovery, {
          getBaseUrl: async (id: string) => `http://127.0.0.1:1/api/${id}`,
          getExternalBaseUrl: async (id: string) =>
            `http://127.0.0.1:1/api/${id}`,
        }),
        service(coreServices.httpRouter, {
          use: (router: express.Handler) => routers.push(router),
          addAuthPolicy: () => {},
        }),
        service(
          catalogServiceRef,
          mockServices.catalog({ entities: [paymentsApi] }),
        ),
        service(actionsRegistryServiceRef, {
          register: (action: { name: string }) => actionNames.push(action.name),
        }),
        rootLifecycleServiceFactory,
        lifecycleServiceFactory,
      ],
    });
    backend.add(provisioningPlugin);
    await backend.start();

    expect(permissionNames).toEqual([
      'provisioning.read',
      'provisioning.run.request',
      'provisioning.service.create',
      'provisioning.run.apply',
      'provisioning.run.apply.production',
      'provisioning.workspace.bind',
    ]);
    expect(actionNames).toEqual([
      'list-runs',
      'get-run',
      'approve-run',
      'discard-run',
      'retry-run',
      'request',
    ]);
    expect([...scheduler.tasks.values()]).toEqual([
      expect.objectContaining({
        id: 'provisioning-follow-runs',
        scope: 'global',
        frequency: { seconds: 5 },
      }),
    ]);

    const app = express();
    app.use(routers[0]);
    app.use(
      MiddlewareFactory.create({
        config: new ConfigReader({}),
        logger: silentLogger,
      }).error(),
    );
    const server = http.createServer(app);
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const res = await fetch(`${url}/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          entityRef: 'component:default/payments-api',
          environments: ['dev'],
          tiers: { queue: 'sqs' },
        }),
      });
      expect(res.status).toBe(201);
      const { runs } = await res.json();
      expect(runs[0]).toMatchObject({ phase: 'pending', engine: 'tfc' });

      // The scheduled task is what follows the run.
      // Until applied, or 20 s of wall time (the simulated run moves with
      // the clock, which a busy machine slows down).
      for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
        await scheduler.triggerTask('provisioning-follow-runs');
        const run = await (await fetch(`${url}/runs/${runs[0].id}`)).json();
        if (run.phase === 'applied') break;
        await new Promise(r => setTimeout(r, 20));
      }
      const run = await (await fetch(`${url}/runs/${runs[0].id}`)).json();
      expect(run.phase).toBe('applied');
      expect(run.outputs.map((o: any) => o.name)).toContain('queue_url');
    } finally {
      server.close();
      await backend.stop();
    }
  });
});
