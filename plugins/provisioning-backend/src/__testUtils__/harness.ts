/*
 * A provisioning backend assembled from its real parts (store on a real
 * database, Terraform Cloud engine and client against the sandbox's
 * simulator, router, follower) with the core services of
 * @internal/backend-test-stubs. The permission stand-in mirrors the portal policy: everything for admins,
 * reads and creates for everyone, entity changes for owners, production
 * decisions for SRE, other updates for admins only.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import {
  mockCredentials,
  mockServices,
  type PermissionsStub,
  type RecordedAuditEvent,
} from '@internal/backend-test-stubs';
import {
  ProvisioningEngine,
  TerraformCloudClient,
  TerraformCloudEngine,
  createConfigurationArchive,
} from '@internal/plugin-provisioning-node';
import express from 'express';
import { Knex } from 'knex';
import { RunStore, StoredRun } from '../database/RunStore';
import { createStores } from '../database/stores';
import { createRouter } from '../router';
import { EngineRegistry } from '../service/EngineRegistry';
import { DEFAULT_ENVIRONMENTS } from '../config';
import {
  ProvisioningService,
  ScaffolderTasks,
} from '../service/ProvisioningService';
import { RunFollower } from '../service/RunFollower';
import { StackVariables } from '../service/StackVariables';

export const INFRA = path.resolve(__dirname, '../../../../infra');

export const silentLogger = mockServices.logger();

/** payments-api is owned by the payments team (lena), as in the sandbox world. */
export const paymentsApi: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    uid: '3a1c2b4d-0000-4000-8000-000000000001',
    annotations: {
      'provisioning.acme.example/workspaces':
        'payments-api-dev,payments-api-staging,payments-api-prod',
    },
  },
  spec: { type: 'service', owner: 'group:default/payments' },
};

const LENA = 'user:default/lena.fischer';

/** Users and their groups, like the sandbox's org. */
export const USERS: Record<string, string[]> = {
  'user:default/lena.fischer': ['group:default/payments'],
  'user:default/sara.kim': ['group:default/storefront'],
  'user:default/noah.williams': ['group:default/sre'],
  'user:default/priya.sharma': ['group:default/platform-admins'],
};

/** The portal policy's decisions for {@link USERS}, with `owners` per entity ref. */
export function policyPermissions(
  owners: Record<string, string[]> = {
    'component:default/payments-api': ['group:default/payments'],
  },
): PermissionsStub {
  return mockServices.permissions({
    users: USERS,
    decide: ({ permission, resourceRef, claims }) => {
      const action = permission.attributes.action;
      if (claims.includes('group:default/platform-admins')) {
        return true;
      }
      if (permission.name.endsWith('.production')) {
        return claims.includes('group:default/sre');
      }
      if (!action || action === 'read' || action === 'create') {
        return true;
      }
      if (permission.type !== 'resource') {
        return false; // basic updates are the admins'
      }
      return (owners[resourceRef ?? ''] ?? []).some(o => claims.includes(o));
    },
  });
}

/** Scaffolder tasks by id, as the scaffolder would answer for them. */
export function fakeTasks(
  tasks: Map<
    string,
    { status: string; createdBy: string; templateRef?: string }
  >,
): ScaffolderTasks {
  return {
    async getTask(taskId) {
      const task = tasks.get(taskId);
      return task && { templateRef: 'template:default/microservice', ...task };
    },
  };
}

/** The stack's allow-list as the plugin reads it from infra/, with platform inputs per environment. */
export function stackVariables(): StackVariables {
  return StackVariables.fromFile(
    path.join(INFRA, 'stacks/service-tiers/variables.tf'),
    {
      settable: ['options'],
      platform: {
        dev: { vpc_id: 'vpc-dev', region: 'eu-west-1' },
        staging: { vpc_id: 'vpc-staging', region: 'eu-west-1' },
        prod: { vpc_id: 'vpc-prod', region: 'eu-west-1' },
      },
    },
  );
}

/** The Terraform Cloud engine on the sandbox, with short waits for tests. */
export function sandboxEngine(
  sandboxUrl: string,
  clientOptions: { maxRetries?: number } = {},
): TerraformCloudEngine {
  const client = TerraformCloudClient.create({
    token: 'sandbox-tfc-token',
    baseUrl: `${sandboxUrl}/tfc`,
    maxRetries: clientOptions.maxRetries ?? 5,
    backoffBaseMs: 10,
    backoffMaxMs: 50,
  });
  return new TerraformCloudEngine({
    organizations: [{ name: 'acme', client, appUrl: `${sandboxUrl}/tfc` }],
    configurationArchive: () =>
      createConfigurationArchive({
        root: INFRA,
        include: ['modules', 'stacks/service-tiers'],
      }),
    workingDirectory: 'stacks/service-tiers',
    uploadPollIntervalMs: 10,
  });
}

/** One backend "instance": its own service, follower and HTTP server on a shared database. */
export interface Instance {
  url: string;
  store: RunStore;
  /** The catalog's entities: push or remove to register or delete one. */
  entities: Entity[];
  /** Running scaffolder tasks by id. */
  tasks: Map<
    string,
    { status: string; createdBy: string; templateRef?: string }
  >;
  follower: RunFollower;
  service: ProvisioningService;
  audits: RecordedAuditEvent[];
  close(): Promise<void>;
  /** fetch against the instance as a user. */
  call(
    method: string,
    path: string,
    options?: { user?: string; body?: unknown; rawBody?: string },
  ): Promise<{ status: number; body: any }>;
}

export async function startInstance(options: {
  knex: Knex;
  engine: ProvisioningEngine;
  owner?: string;
  entities?: Entity[];
  /** Owners per entity ref (the policy's ownership); payments-api: payments. */
  owners?: Record<string, string[]>;
  namespaces?: string[];
  variables?: StackVariables;
  grantTtlMs?: number;
  onAwaitingApproval?: (run: StoredRun) => Promise<void>;
}): Promise<Instance> {
  const {
    runs: store,
    bindings,
    grants,
  } = await createStores({
    database: {
      getClient: async () => options.knex,
      migrations: { skip: false },
    },
  });
  const entities = options.entities ?? [paymentsApi];
  const tasks = new Map<
    string,
    { status: string; createdBy: string; templateRef?: string }
  >();
  const engines = new EngineRegistry({
    defaultEngine: 'tfc',
    serviceEngines: {},
  });
  engines.add(options.engine);
  const auditor = mockServices.auditor();
  const service = new ProvisioningService({
    store,
    bindings,
    grants,
    engines,
    catalog: mockServices.catalog({ entities }),
    permissions: policyPermissions(options.owners),
    auditor,
    auth: mockServices.auth({ pluginId: 'provisioning' }),
    logger: silentLogger,
    environments: DEFAULT_ENVIRONMENTS,
    variables: options.variables ?? stackVariables(),
    tasks: fakeTasks(tasks),
    namespaces: options.namespaces ?? ['default'],
    grantTtlMs: options.grantTtlMs ?? 60 * 60 * 1000,
    grantTemplates: ['template:default/microservice'],
  });
  const follower = new RunFollower({
    store,
    engines,
    logger: silentLogger,
    checkIntervalMs: 0,
    awaitingApprovalIntervalMs: 0,
    owner: options.owner,
    onAwaitingApproval: options.onAwaitingApproval,
  });
  const app = express();
  app.use(
    await createRouter({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.user(LENA),
      }),
      service,
    }),
  );
  app.use(
    MiddlewareFactory.create({
      config: new ConfigReader({}),
      logger: silentLogger,
    }).error(),
  );
  const server = http.createServer(app);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    store,
    entities,
    tasks,
    follower,
    service,
    audits: auditor.events,
    close: () =>
      new Promise(resolve => {
        server.close(() => resolve());
        // fetch keeps connections alive; don't wait for them to time out.
        server.closeAllConnections();
      }),
    async call(method, p, callOptions = {}) {
      const res = await fetch(`${url}${p}`, {
        method,
        headers: {
          'content-type': 'application/json',
          authorization: mockCredentials.user.header(callOptions.user ?? LENA),
        },
        body:
          callOptions.rawBody ??
          (callOptions.body === undefined
            ? undefined
            : JSON.stringify(callOptions.body)),
      });
      const text = await res.text();
      let body: any = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body };
    },
  };
}

/** Ticks the follower until the run reaches one of the phases. */
export async function followUntil(
  follower: RunFollower,
  store: RunStore,
  runId: string,
  phases: string[],
  timeoutMs = 15_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await follower.tick();
    const run = await store.getRun(runId);
    if (run && phases.includes(run.phase)) return run;
    if (Date.now() > deadline) {
      throw new Error(`run ${runId} still ${run?.phase}/${run?.rawStatus}`);
    }
    await new Promise(r => setTimeout(r, 20));
  }
}
