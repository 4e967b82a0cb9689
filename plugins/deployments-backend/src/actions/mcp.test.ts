/*
 * The deployments actions as MCP tools: the real mcp-actions backend plugin
 * (in createSpecializedBackend, as startTestBackend would run it; see
 * __testUtils__/testDeployments.ts for why there is no backend-test-utils)
 * with Backstage's real actions service, calling the plugin's real actions
 * registry over HTTP, driven by the official MCP TypeScript SDK client. The
 * end-to-end spec (e2e-tests/mcp-actions.spec.ts) does the same against the
 * running portal.
 */
import { createSpecializedBackend } from '@backstage/backend-app-api';
import {
  actionsServiceFactory,
  metricsServiceFactory,
  tracingServiceFactory,
} from '@backstage/backend-defaults/alpha';
import { lifecycleServiceFactory } from '@backstage/backend-defaults/lifecycle';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { rootLifecycleServiceFactory } from '@backstage/backend-defaults/rootLifecycle';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { ConfigReader } from '@backstage/config';
import mcpPlugin from '@backstage/plugin-mcp-actions-backend';
import {
  startTestActionsRegistry,
  TestActionsRegistry,
} from '@internal/test-databases';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import express from 'express';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  mockCredentials,
  mockServices,
  type RecordedAuditEvent,
} from '@internal/backend-test-stubs';
import {
  startTestDeployments,
  TestDeployments,
} from '../__testUtils__/testDeployments';
import { createDeploymentsActions } from './createDeploymentsActions';

jest.setTimeout(30_000);

const SARA = 'user:default/sara.kim';
/** The caller is whoever the mock token names; a real one is a signed JWT. */
const bearerHttpAuth = mockServices.httpAuth({
  defaultCredentials: mockCredentials.none(),
});

describe('deployments actions as MCP tools', () => {
  let t: TestDeployments;
  let registry: TestActionsRegistry & { url: string };
  let server: http.Server;
  let mcpUrl: string;
  let stopBackend: () => Promise<void>;
  const mcpAudit: RecordedAuditEvent[] = [];

  beforeAll(async () => {
    t = await startTestDeployments();
    registry = await startTestActionsRegistry({
      pluginId: 'deployments',
      httpAuth: bearerHttpAuth,
      register: r => createDeploymentsActions({ registry: r, ...t.services }),
    });

    const routers: express.Handler[] = [];
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
            backend: { actions: { pluginSources: ['deployments'] } },
          }),
        ),
        service(coreServices.rootLogger, mockServices.logger()),
        service(coreServices.logger, mockServices.logger()),
        service(coreServices.httpAuth, bearerHttpAuth),
        // Tokens on behalf of the MCP caller, as Backstage's auth service issues them.
        service(
          coreServices.auth,
          mockServices.auth({ pluginId: 'mcp-actions' }),
        ),
        service(coreServices.discovery, {
          getBaseUrl: async () => registry.url,
          getExternalBaseUrl: async () => registry.url,
        }),
        service(coreServices.httpRouter, {
          use: (router: express.Handler) => routers.push(router),
          addAuthPolicy: () => {},
        }),
        service(coreServices.rootHttpRouter, { use: () => {} }),
        service(
          coreServices.auditor,
          mockServices.auditor({ events: mcpAudit }),
        ),
        // mcp-actions registers no actions of its own.
        service(actionsRegistryServiceRef, { register: () => {} }),
        actionsServiceFactory,
        metricsServiceFactory,
        tracingServiceFactory,
        rootLifecycleServiceFactory,
        lifecycleServiceFactory,
      ],
    });
    backend.add(mcpPlugin);
    await backend.start();
    stopBackend = () => backend.stop();

    const app = express();
    app.use('/api/mcp-actions', ...routers);
    app.use(
      MiddlewareFactory.create({
        config: new ConfigReader({}),
        logger: mockServices.logger(),
      }).error(),
    );
    server = http.createServer(app);
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    mcpUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/mcp-actions/v1`;
  });

  afterAll(async () => {
    await stopBackend?.();
    server.close();
    await registry.close();
    await t.close();
  });

  async function client(user: string) {
    const c = new Client({ name: 'test', version: '1.0.0' });
    await c.connect(
      new StreamableHTTPClientTransport(new URL(mcpUrl), {
        requestInit: {
          headers: { Authorization: mockCredentials.user.header(user) },
        },
      }),
    );
    return c;
  }

  it('lists the tools with their hints, reads a status and refuses a rollback with the API message', async () => {
    const c = await client(SARA);
    try {
      const { tools } = await c.listTools();
      const rollback = tools.find(tool => tool.name === 'deployments.rollback');
      expect(rollback?.annotations).toMatchObject({
        destructiveHint: true,
        readOnlyHint: false,
        idempotentHint: false,
      });
      expect(rollback?.inputSchema.required).toEqual([
        'entity',
        'environment',
        'historyId',
        'reason',
      ]);
      expect(tools.map(tool => tool.name)).toContain('deployments.get-status');

      const status: any = await c.callTool({
        name: 'deployments.get-status',
        arguments: { entity: 'payments-api', environment: 'prod' },
      });
      expect(status.isError).toBeFalsy();
      const prod = status.structuredContent.environments[0];
      expect(prod.application).toBe('payments-api-prod');
      const previous = prod.history.find((h: any) => !h.current);

      const denied: any = await c.callTool({
        name: 'deployments.rollback',
        arguments: {
          entity: 'payments-api',
          environment: 'prod',
          historyId: previous.id,
          reason: 'through MCP',
        },
      });
      expect(denied).toEqual({
        isError: true,
        content: [
          {
            type: 'text',
            text: 'NotAllowedError: You may not rollback component:default/payments-api in prod: production actions (deployments.rollback.production) are limited to the production groups.',
          },
        ],
      });
      // The plugin audited the refusal as the MCP caller.
      expect(t.audit).toEqual([
        expect.objectContaining({
          eventId: 'deployment-rollback',
          outcome: 'fail',
          meta: expect.objectContaining({ actor: SARA, reason: 'through MCP' }),
        }),
      ]);
      expect(
        mcpAudit
          .filter(e => e.eventId === 'tool-execution')
          .map(e => [e.meta.toolName, e.outcome]),
      ).toEqual([
        ['deployments.get-status', 'success'],
        ['deployments.rollback', 'fail'],
      ]);
    } finally {
      await c.close();
    }
  });
});
