import http from 'node:http';
import { AddressInfo } from 'node:net';
import type { LoggerService } from '@backstage/backend-plugin-api';
import express from 'express';
import { Validator } from 'jsonschema';
import yaml from 'yaml';
import { createRequestProvisioningAction } from './requestProvisioning';
import { examples } from './requestProvisioning.examples';

/**
 * A stand-in of the provisioning backend's `POST /requests` that is
 * idempotent on the key like the real one (whose own tests cover it), and
 * remembers what it was sent.
 */
async function fakeProvisioningBackend() {
  const received: Array<{ body: any; authorization?: string }> = [];
  const grants: Array<{ body: any; authorization?: string }> = [];
  const byKey = new Map<string, any>();
  const app = express();
  app.use(express.json());
  // A service that is not in the catalog yet: only with a grant of its task.
  const NEW = 'component:default/new-service';
  app.post('/api/provisioning/grants', (req, res) => {
    grants.push({ body: req.body, authorization: req.headers.authorization });
    res.status(201).json({
      grant: `grant-of-${req.body.taskId}`,
      entityRef: req.body.entityRef,
      taskId: req.body.taskId,
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    });
  });
  app.post('/api/provisioning/requests', (req, res) => {
    received.push({ body: req.body, authorization: req.headers.authorization });
    if (req.body.entityRef === NEW && !req.body.grant) {
      res.status(404).json({
        error: { name: 'NotFoundError', message: `No catalog entity ${NEW}` },
      });
      return;
    }
    if (req.body.entityRef === 'component:default/forbidden') {
      res.status(403).json({
        error: {
          name: 'NotAllowedError',
          message: 'Not allowed: provisioning.run.request',
        },
      });
      return;
    }
    const existing = byKey.get(req.body.idempotencyKey);
    if (existing) {
      res.status(200).json({ ...existing, created: false });
      return;
    }
    const service = req.body.entityRef.split('/').pop();
    const answer = {
      requestId: `req-${byKey.size + 1}`,
      created: true,
      runs: req.body.environments.map((environment: string, i: number) => ({
        id: `run-${byKey.size + 1}-${i}`,
        environment,
        workspaceName: `${service}-${environment}`,
        workspaceId: `ws-${environment}`,
        workspaceUrl: `https://tfc.example/app/acme/workspaces/${service}-${environment}`,
        runUrl: `https://tfc.example/runs/${i}`,
        phase: 'pending',
      })),
    };
    byKey.set(req.body.idempotencyKey, answer);
    res.status(201).json(answer);
  });
  const server = http.createServer(app);
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const baseUrl = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/provisioning`;
  return { received, grants, baseUrl, close: () => server.close() };
}

function context(
  input: object,
  options: { isDryRun?: boolean; taskId?: string } = {},
) {
  const outputs: Record<string, unknown> = {};
  const logs: string[] = [];
  const logger = {
    error: (m: string) => void logs.push(m),
    warn: (m: string) => void logs.push(m),
    info: (m: string) => void logs.push(m),
    debug: () => {},
    child: () => logger,
  } as unknown as LoggerService;
  const ctx = {
    input,
    logger,
    isDryRun: options.isDryRun,
    task: { id: options.taskId ?? 'task-1' },
    step: { id: 'provision', name: 'Provision' },
    checkpoint: async ({ fn }: { fn: () => Promise<unknown> }) => fn(),
    output: (name: string, value: unknown) => {
      outputs[name] = value;
    },
    getInitiatorCredentials: async () => ({
      principal: { type: 'user', userEntityRef: 'user:default/lena.fischer' },
    }),
  };
  return { ctx: ctx as any, outputs, logs };
}

describe('provisioning:request', () => {
  let backend: Awaited<ReturnType<typeof fakeProvisioningBackend>>;
  let action: ReturnType<typeof createRequestProvisioningAction>;
  const onBehalfOf: unknown[] = [];

  beforeEach(async () => {
    backend = await fakeProvisioningBackend();
    onBehalfOf.length = 0;
    action = createRequestProvisioningAction({
      discovery: {
        getBaseUrl: async () => backend.baseUrl,
        getExternalBaseUrl: async () => backend.baseUrl,
      },
      auth: {
        getPluginRequestToken: async (o: any) => {
          onBehalfOf.push(o);
          return { token: 'user-token-for-provisioning' };
        },
      } as any,
    });
  });
  afterEach(() => backend.close());

  const input = {
    entityRef: 'component:default/payments-api',
    environments: ['dev', 'prod'],
    tiers: { database: 'aurora-serverless-v2', queue: 'sqs' },
  };

  it('requests as the template user with the task id as idempotency key and outputs workspaces', async () => {
    const { ctx, outputs } = context(input);
    await action.handler(ctx);
    expect(backend.received).toEqual([
      {
        authorization: 'Bearer user-token-for-provisioning',
        body: { ...input, idempotencyKey: 'task-1:provision:dev,prod' },
      },
    ]);
    expect(onBehalfOf[0]).toMatchObject({ targetPluginId: 'provisioning' });
    expect(outputs.requestId).toBe('req-1');
    expect(outputs.workspaces).toEqual([
      expect.objectContaining({
        environment: 'dev',
        workspaceName: 'payments-api-dev',
        workspaceId: 'ws-dev',
      }),
      expect.objectContaining({
        environment: 'prod',
        workspaceName: 'payments-api-prod',
      }),
    ]);
    expect(outputs.workspaceUrls).toEqual({
      dev: 'https://tfc.example/app/acme/workspaces/payments-api-dev',
      prod: 'https://tfc.example/app/acme/workspaces/payments-api-prod',
    });
  });

  it('asks for a grant bound to the task when the service is not in the catalog yet', async () => {
    const newService = { ...input, entityRef: 'component:default/new-service' };
    const { ctx, outputs } = context(newService, { taskId: 'task-7' });
    await action.handler(ctx);
    expect(backend.grants).toEqual([
      {
        authorization: 'Bearer user-token-for-provisioning',
        body: { entityRef: 'component:default/new-service', taskId: 'task-7' },
      },
    ]);
    expect(backend.received.map(r => r.body.grant)).toEqual([
      undefined,
      'grant-of-task-7',
    ]);
    expect(outputs.workspaces).toEqual([
      expect.objectContaining({ workspaceName: 'new-service-dev' }),
      expect.objectContaining({ workspaceName: 'new-service-prod' }),
    ]);
  });

  it('asks for no grant for a service in the catalog', async () => {
    const { ctx } = context(input);
    await action.handler(ctx);
    expect(backend.grants).toEqual([]);
  });

  it('gets the same workspaces and runs back when the task runs again', async () => {
    const first = context(input);
    await action.handler(first.ctx);
    const again = context(input);
    await action.handler(again.ctx);
    expect(again.outputs.workspaces).toEqual(first.outputs.workspaces);
    expect(again.logs.join('\n')).toMatch(/Already requested/);
  });

  it('fails the step with the backend reason when not allowed', async () => {
    const { ctx } = context({
      ...input,
      entityRef: 'component:default/forbidden',
    });
    await expect(action.handler(ctx)).rejects.toThrow(/403|Not allowed/);
  });

  it('has a schema that rejects unknown tiers', () => {
    const result = new Validator().validate(
      { ...input, tiers: { database: 'mysql' } },
      action.schema!.input as any,
    );
    expect(result.errors.map(e => e.property)).toEqual([
      'instance.tiers.database',
    ]);
  });

  it('uses one key per environment set (a step with each), and drops empty sizes', async () => {
    for (const environment of ['dev', 'prod']) {
      const { ctx } = context({
        ...input,
        environments: [environment],
        sizes: { database_reader_count: 2, cache_node_type: '' },
      });
      await action.handler(ctx);
    }
    expect(backend.received.map(r => r.body.idempotencyKey)).toEqual([
      'task-1:provision:dev',
      'task-1:provision:prod',
    ]);
    expect(backend.received[0].body.sizes).toEqual({
      database_reader_count: 2,
    });
  });

  it('calls nothing on a dry run', async () => {
    const { ctx, outputs } = context(input, { isDryRun: true });
    await action.handler(ctx);
    expect(backend.received).toEqual([]);
    expect(outputs.requestId).toBe('dry-run');
  });

  it.each(examples.map(e => [e.description, e.example]))(
    'example "%s" is valid input',
    async (_description, example) => {
      const step = yaml.parse(example).steps[0];
      expect(step.action).toBe('provisioning:request');
      // Template expressions are rendered before the scaffolder validates
      // the input against the action's JSON schema; substitute plausible values.
      const rendered = JSON.parse(
        JSON.stringify(step.input)
          .replace(/"\$\{\{ parameters\.environments \}\}"/, '["dev","prod"]')
          .replace(/\$\{\{ parameters\.name \}\}/g, 'payments-api')
          .replace(/"\$\{\{ parameters\.database \}\}"/, '"rds-postgres"')
          .replace(/"\$\{\{ parameters\.cache \}\}"/, '"redis"')
          .replace(/"\$\{\{ parameters\.queue \}\}"/, '"sqs"')
          .replace(/\$\{\{ each\.value \}\}/g, 'dev')
          .replace(/"\$\{\{ parameters\[each\.value\][^"]*"/g, '1'),
      );
      const result = new Validator().validate(
        rendered,
        action.schema!.input as any,
      );
      expect(result.errors).toEqual([]);
      const { ctx } = context(rendered, { taskId: `example-${_description}` });
      await action.handler(ctx);
      expect(backend.received).toHaveLength(1);
    },
  );
});
