/*
 * End to end through the real provisioning backend: the plugin and this
 * module in one backend (createSpecializedBackend, what startTestBackend
 * uses), with hand-made core services, a service configured for the
 * CloudFormation engine, and the sandbox's CloudFormation simulator.
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
import { ConfigReader } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
// The end-to-end test runs the plugin this module extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import provisioningPlugin from '@internal/plugin-provisioning-backend';
import {
  Sandbox,
  startSandbox,
  cloudformationSimulator,
  SANDBOX_AWS_CREDENTIALS,
} from '@internal/sandbox';
import { TestDatabases } from '@internal/test-databases';
import express from 'express';
import type { Entity } from '@backstage/catalog-model';
import { mockCredentials, mockServices } from '@internal/backend-test-stubs';
import { provisioningModuleCloudFormation } from './module';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const silentLogger = mockServices.logger();

const paymentsApi: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/payments' },
};

describe('the provisioning backend with the CloudFormation engine', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      simulators: [cloudformationSimulator({ stepMs: 20 })],
    });
  });
  afterAll(() => sandbox.close());

  it('requests, waits for approval, applies on approval and shows outputs and the log', async () => {
    const knex = await databases.init('SQLITE_3');
    const scheduler = mockServices.scheduler();
    const routers: express.Handler[] = [];
    const auditor = mockServices.auditor();
    const service = <T>(ref: any, impl: T) =>
      createServiceFactory({
        service: ref,
        deps: {},
        factory: () => impl as any,
      });
    const backend = createSpecializedBackend({
      defaultServiceFactories: [
        service(
          coreServices.rootConfig,
          new ConfigReader({
            provisioning: {
              engines: { default: 'cloudformation' },
              // This test is about the engine; recording is the recorder's.
              outputs: { record: false },
              cloudformation: {
                region: 'eu-central-1',
                endpoint: `${sandbox.url}/cloudformation`,
                credentials: { ...SANDBOX_AWS_CREDENTIALS },
              },
            },
          }),
        ),
        service(coreServices.rootLogger, silentLogger),
        service(coreServices.logger, silentLogger),
        service(coreServices.database, {
          getClient: async () => knex,
          migrations: { skip: false },
        }),
        service(coreServices.scheduler, scheduler),
        // One user who owns payments-api, allowed everything but production approvals.
        service(
          coreServices.permissions,
          mockServices.permissions({
            decide: ({ permission }) =>
              !permission.name.endsWith('.production'),
          }),
        ),
        service(coreServices.permissionsRegistry, { addPermissions() {} }),
        service(coreServices.auditor, auditor),
        service(
          coreServices.httpAuth,
          mockServices.httpAuth({
            defaultCredentials: mockCredentials.user(
              'user:default/lena.fischer',
            ),
          }),
        ),
        // Grants (scaffolder tasks, the catalog as the plugin) are not used here.
        service(coreServices.auth, {}),
        service(coreServices.discovery, {
          getBaseUrl: async (id: string) => `http://127.0.0.1:1/api/${id}`,
        }),
        service(coreServices.httpRouter, {
          use: (router: express.Handler) => routers.push(router),
          addAuthPolicy: () => {},
        }),
        service(
          catalogServiceRef,
          mockServices.catalog({ entities: [paymentsApi] }),
        ),
        service(actionsRegistryServiceRef, { register() {} }),
        rootLifecycleServiceFactory,
        lifecycleServiceFactory,
      ],
    });
    backend.add(provisioningPlugin);
    backend.add(provisioningModuleCloudFormation);
    await backend.start();

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
    const post = (path: string, body: unknown) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const follow = async (id: string, phases: string[]) => {
      for (let i = 0; i < 300; i++) {
        await scheduler.triggerTask([...scheduler.tasks.keys()][0]);
        const run = await (await fetch(`${url}/runs/${id}`)).json();
        if (phases.includes(run.phase)) {
          return run;
        }
        await new Promise(r => setTimeout(r, 20));
      }
      throw new Error(`run ${id} never reached ${phases}`);
    };

    try {
      const res = await post('/requests', {
        entityRef: 'component:default/payments-api',
        environments: ['staging'],
        tiers: { queue: 'sqs' },
      });
      expect(res.status).toBe(201);
      const { runs } = await res.json();
      expect(runs[0]).toMatchObject({ engine: 'cloudformation' });

      const planned = await follow(runs[0].id, [
        'awaiting_approval',
        'errored',
      ]);
      expect(planned).toMatchObject({
        phase: 'awaiting_approval',
        plan: { additions: 4, changes: 0, destructions: 0 },
      });

      const approved = await post(`/runs/${runs[0].id}/approve`, {
        comment: 'queue for the payments events',
      });
      expect(approved.status).toBe(200);

      const applied = await follow(runs[0].id, ['applied', 'errored']);
      expect(applied.phase).toBe('applied');
      expect(applied.outputs).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            name: 'queue_url',
            value:
              'https://sqs.eu-central-1.amazonaws.com/123456789012/payments-api-staging',
          }),
        ]),
      );

      expect(
        auditor.events
          .filter(e => e.outcome)
          .map(e => `${e.eventId}: ${e.outcome}`),
      ).toEqual([
        'provisioning-request: success',
        'provisioning-run-apply: success',
      ]);

      const log = await (await fetch(`${url}/runs/${runs[0].id}/log`)).json();
      expect(JSON.stringify(log)).toContain(
        'CREATE_COMPLETE AWS::CloudFormation::Stack payments-api-staging',
      );
    } finally {
      server.close();
      await backend.stop();
    }
  });
});
