import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  CacheService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { AuthenticationError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { startSandbox, Sandbox } from '@internal/sandbox/src/server';
import { argocdSimulator } from '@internal/sandbox/src/simulators/argocd';
import express from 'express';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { createRouter } from '../router';
import { createDeployments } from '../service/createDeployments';

/*
 * backend-test-utils (startTestBackend, mockServices) does not exist for our
 * Backstage release (see the portal policy's module.test.ts), so these are
 * hand-made stand-ins of the core services. Argo CD is the real sandbox
 * simulator, over HTTP.
 */

export const silentLogger: LoggerService = {
  child: () => silentLogger,
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
};

/** An in-memory CacheService with TTLs, like the memory store. */
export function memoryCache(): CacheService {
  const entries = new Map<string, { value: any; expires: number }>();
  const cache: CacheService = {
    async get(key) {
      const entry = entries.get(key);
      if (!entry || entry.expires < Date.now()) return undefined;
      return structuredClone(entry.value);
    },
    async set(key, value, options) {
      entries.set(key, {
        value: structuredClone(value),
        expires: Date.now() + (options?.ttl ? Number(options.ttl) : 60_000),
      });
    },
    async delete(key) {
      entries.delete(key);
    },
    withOptions: () => cache,
  };
  return cache;
}

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
    metadata: { name, namespace: 'default', annotations },
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

/** Users and their groups, as the sign-in resolver would give them. */
export const USERS: Record<string, string[]> = {
  'user:default/lena.fischer': ['group:default/payments'],
  'user:default/sara.kim': ['group:default/storefront'],
  'user:default/noah.williams': ['group:default/sre'],
};

/**
 * A permission service deciding like the portal policy: production
 * permissions for the SRE group only, the others for the entity's owners.
 */
export function policyPermissions(
  owners: Record<string, string>,
  log: Array<{ permission: string; user: string; resourceRef?: string }>,
): PermissionsService {
  return {
    async authorize(requests, options) {
      const user = (options.credentials.principal as any).userEntityRef;
      return requests.map((r: any) => {
        log.push({
          permission: r.permission.name,
          user,
          resourceRef: r.resourceRef,
        });
        const groups = USERS[user] ?? [];
        const allowed = r.permission.name.endsWith('.production')
          ? groups.includes('group:default/sre')
          : groups.includes(owners[r.resourceRef]);
        return {
          result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        };
      });
    },
    async authorizeConditional() {
      throw new Error('not used');
    },
  } as PermissionsService;
}

export interface RecordedAuditEvent {
  eventId: string;
  severityLevel?: string;
  meta: any;
  outcome?: 'success' | 'fail';
  error?: string;
}

export function recordingAuditor(events: RecordedAuditEvent[]): AuditorService {
  return {
    async createEvent(options) {
      const event: RecordedAuditEvent = {
        eventId: options.eventId,
        severityLevel: options.severityLevel,
        meta: options.meta,
      };
      events.push(event);
      return {
        async success(o) {
          event.outcome = 'success';
          event.meta = o?.meta ?? event.meta;
        },
        async fail(o) {
          event.outcome = 'fail';
          event.meta = o.meta ?? event.meta;
          event.error = o.error.message;
        },
      };
    },
  };
}

/** Reads the user from `x-test-user`, as httpAuth would from a token. */
export const headerHttpAuth: HttpAuthService = {
  async credentials(req: any) {
    const user = req.headers['x-test-user'];
    if (!user) {
      throw new AuthenticationError('no user');
    }
    return {
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'user', userEntityRef: String(user) },
    } as BackstageCredentials as any;
  },
  async issueUserCookie() {
    return { expiresAt: new Date() };
  },
} as HttpAuthService;

export interface TestDeployments {
  sandbox: Sandbox;
  url: string;
  audit: RecordedAuditEvent[];
  authorizations: Array<{ permission: string; user: string }>;
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
    /** Wraps the Argo CD clients' fetch, e.g. to fail one call. */
    fetch?: typeof fetch;
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
  const entities = sampleEntities();
  const owners = Object.fromEntries(
    entities.map(e => [
      `component:default/${e.metadata.name}`,
      String(e.spec?.owner),
    ]),
  );
  const audit: RecordedAuditEvent[] = [];
  const authorizations: TestDeployments['authorizations'] = [];
  const catalog = {
    async getEntities() {
      return { items: sampleEntities() };
    },
  } as unknown as CatalogService;
  const auth = {
    async getOwnServiceCredentials() {
      return {
        $$type: '@backstage/BackstageCredentials',
        principal: { type: 'service', subject: 'plugin:deployments' },
      };
    },
  } as unknown as AuthService;

  const config = new ConfigReader({
    deployments: {
      cacheTtlSeconds: options.cacheTtlSeconds ?? 0,
      argocd: {
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
  const {
    join,
    entities: entityDeployments,
    actions,
  } = createDeployments({
    config,
    logger: silentLogger,
    cache: memoryCache(),
    auth,
    catalog,
    permissions: policyPermissions(owners, authorizations),
    auditor: recordingAuditor(audit),
    fetch: options.fetch,
  });
  const middleware = MiddlewareFactory.create({
    config: new ConfigReader({}),
    logger: silentLogger,
  });
  const app = express();
  app.use(
    createRouter({
      httpAuth: headerHttpAuth,
      join,
      entities: entityDeployments,
      actions,
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
    url,
    audit,
    authorizations,
    api: (method, path, o = {}) =>
      call(url, method, path, o.body, {
        'x-test-user': o.user ?? 'user:default/lena.fischer',
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
      await new Promise(resolve => server.close(resolve));
      await sandbox.close();
    },
  };
}
