import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import knexFactory, { Knex } from 'knex';
import { JsonArray } from '@backstage/types';
import {
  mockCredentials,
  mockServices,
  type PermissionsStub,
  type RecordedAuditEvent,
  type RecordedPermissionRequest,
} from '@internal/backend-test-stubs';
import { startSandbox, Sandbox, argocdSimulator } from '@internal/sandbox';
import express from 'express';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { createRouter } from '../router';
import { createDeployments } from '../service/createDeployments';

/*
 * The core services are @internal/backend-test-stubs'; Argo CD is the real
 * sandbox simulator, over HTTP.
 */

/** The sample services the tests use, as the catalog holds them. */
export function sampleEntities(): Entity[] {
  const component = (
    name: string,
    owner: string,
    system: string,
    annotations: Record<string, string>,
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, annotations },
    spec: { type: 'service', lifecycle: 'production', owner, system },
  });
  return [
    component('payments-api', 'group:default/payments', 'payments', {
      'argocd/app-selector': 'app.kubernetes.io/name=payments-api',
    }),
    component('ledger-service', 'group:default/payments', 'payments', {
      'argocd/app-selector': 'app.kubernetes.io/name=ledger-service',
    }),
    component('storefront-web', 'group:default/storefront', 'storefront', {
      // Joined by the Kubernetes id when there is no selector annotation.
      'backstage.io/kubernetes-id': 'storefront-web',
    }),
    component('no-such-app', 'group:default/storefront', 'storefront', {
      'argocd/app-selector': 'app.kubernetes.io/name=no-such-app',
    }),
  ];
}

/**
 * The platform's adopt rules for the sample services (as app-config.yaml has
 * them): their applications exist in the simulator before any binding.
 */
export const SAMPLE_ADOPT_RULES = [
  {
    entity: 'component:default/payments-api',
    selector: 'app.kubernetes.io/name=payments-api',
  },
  {
    entity: 'component:default/ledger-service',
    selector: 'app.kubernetes.io/name=ledger-service',
  },
  {
    entity: 'component:default/storefront-web',
    selector: 'backstage.io/kubernetes-id=storefront-web',
  },
];

/** Users and their groups, as the sign-in resolver would give them. */
export const USERS: Record<string, string[]> = {
  'user:default/lena.fischer': ['group:default/payments'],
  'user:default/sara.kim': ['group:default/storefront'],
  'user:default/noah.williams': ['group:default/sre'],
  'user:default/ada.admin': ['group:default/platform-admins'],
};

function decide(
  permission: { name: string; attributes: { action?: string } },
  resourceRef: string | undefined,
  groups: string[],
  owners: Record<string, string>,
): boolean {
  if (groups.includes('group:default/platform-admins')) {
    return true; // rule 1 of the portal policy: admins may do everything
  }
  if (permission.attributes.action === 'create' && !resourceRef) {
    return true; // like the portal policy's create rule
  }
  if (
    permission.name === 'deployments.binding.claim' ||
    permission.name === 'deployments.promotion.override'
  ) {
    return groups.includes('group:default/platform-admins');
  }
  if (permission.name.endsWith('.production')) {
    return groups.includes('group:default/sre');
  }
  return groups.includes(owners[resourceRef ?? '']);
}

/**
 * A permission service deciding like the portal policy: production
 * permissions for the SRE group only, the others for the entity's owners.
 */
export function policyPermissions(
  owners: Record<string, string>,
  log: RecordedPermissionRequest[],
): PermissionsStub {
  return mockServices.permissions({
    requests: log,
    decide: ({ permission, resourceRef, user }) =>
      decide(permission, resourceRef, USERS[user ?? ''] ?? [], owners),
  });
}

export interface TestDeployments {
  sandbox: Sandbox;
  /** The catalog's entities; tests may add (register) or remove some. */
  catalogEntities: Entity[];
  /** The plugin's database. */
  knex: Knex;
  url: string;
  /** The plugin's services, as the plugin wires them (the actions use them too). */
  services: Awaited<ReturnType<typeof createDeployments>>;
  audit: RecordedAuditEvent[];
  authorizations: RecordedPermissionRequest[];
  /** Calls the portal's deployments API as `user`. */
  api(
    method: string,
    path: string,
    options?: { user?: string; body?: unknown },
  ): Promise<{ status: number; body: any }>;
  /** Calls the sandbox (Argo CD simulators and admin API) directly. */
  sandboxCall(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }>;
  tick(ticks?: number, instance?: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The deployments API over a sandbox with two Argo CD instances: `argocd`
 * deploys dev and staging, `argocd-eu` deploys prod (so a fault on one
 * instance takes down one environment).
 */
export async function startTestDeployments(
  options: {
    cacheTtlSeconds?: number;
    /**
     * Follow Argo CD's watch stream (`deployments.argocd.watch`); off by
     * default, so that every read lists and sees a tick at once.
     */
    watch?: boolean;
    /** Wraps the Argo CD clients' fetch, e.g. to fail one call. */
    fetch?: typeof fetch;
    /** The plugin's database (e.g. from TestDatabases); in-memory SQLite by default. */
    knex?: Knex;
    /** `deployments.adopt`; the sample services' rules by default. */
    adopt?: Array<{ entity: string; selector: string; projects?: string[] }>;
  } = {},
): Promise<TestDeployments> {
  const sandbox = await startSandbox({
    port: 0,
    simulators: [
      argocdSimulator({ tickMs: 0, environments: ['dev', 'staging'] }),
      argocdSimulator({
        name: 'argocd-eu',
        tickMs: 0,
        environments: ['prod'],
      }),
    ],
  });
  const catalogEntities = sampleEntities();
  // Owners as the catalog's ownership condition sees them, now.
  const owners = new Proxy({} as Record<string, string>, {
    get: (_target, ref: string) =>
      catalogEntities.find(
        e =>
          `${e.kind.toLocaleLowerCase('en-US')}:default/${e.metadata.name}` ===
          ref,
      )?.spec?.owner as string | undefined,
  });
  const audit: RecordedAuditEvent[] = [];
  const authorizations: TestDeployments['authorizations'] = [];
  const catalog = mockServices.catalog({ entities: catalogEntities });
  const knex =
    options.knex ??
    knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
  const config = new ConfigReader({
    deployments: {
      cacheTtlSeconds: options.cacheTtlSeconds ?? 0,
      adopt: (options.adopt ?? SAMPLE_ADOPT_RULES) as JsonArray,
      argocd: {
        watch: options.watch ?? false,
        instances: [
          {
            name: 'argocd',
            baseUrl: `${sandbox.url}/argocd`,
            token: 'sandbox-argocd-token',
            environments: ['dev', 'staging'],
            timeoutMs: 2000,
          },
          {
            name: 'argocd-eu',
            baseUrl: `${sandbox.url}/argocd-eu`,
            token: 'sandbox-argocd-token',
            environments: ['prod'],
            timeoutMs: 2000,
          },
        ],
      },
    },
  });
  const services = await createDeployments({
    config,
    database: {
      getClient: async () => knex,
      migrations: { skip: false },
    },
    logger: mockServices.logger(),
    cache: mockServices.cache(),
    auth: mockServices.auth({ pluginId: 'deployments' }),
    catalog,
    permissions: policyPermissions(owners, authorizations),
    auditor: mockServices.auditor({ events: audit }),
    fetch: options.fetch,
  });
  services.instances.start();
  const {
    join,
    entities: entityDeployments,
    actions,
    creator,
    claims,
    promotions,
    dora,
  } = services;
  const middleware = MiddlewareFactory.create({
    config: new ConfigReader({}),
    logger: mockServices.logger(),
  });
  const app = express();
  app.use(
    createRouter({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
      join,
      entities: entityDeployments,
      actions,
      creator,
      claims,
      promotions,
      dora,
    }),
  );
  app.use(middleware.error());
  const server = http.createServer(app);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const call = async (
    base: string,
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string>,
  ) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...headers,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  return {
    sandbox,
    catalogEntities,
    knex,
    url,
    services,
    audit,
    authorizations,
    api: (method, path, o = {}) =>
      call(url, method, path, o.body, {
        authorization: mockCredentials.user.header(
          o.user ?? 'user:default/lena.fischer',
        ),
      }),
    sandboxCall: (method, path, body) =>
      call(sandbox.url, method, path, body, {
        authorization: 'Bearer sandbox-argocd-token',
      }),
    async tick(ticks = 1, instance = 'argocd') {
      await call(
        sandbox.url,
        'POST',
        `/${instance}/_sandbox/tick`,
        { ticks },
        {},
      );
    },
    async close() {
      services.instances.stop();
      await new Promise(resolve => server.close(resolve));
      await sandbox.close();
      if (!options.knex) await knex.destroy();
    },
  };
}
