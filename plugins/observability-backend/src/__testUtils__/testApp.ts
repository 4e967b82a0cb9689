import express from 'express';
import { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import {
  mockCredentials,
  mockServices,
  userOf,
  type CatalogStub,
} from '@internal/backend-test-stubs';
import {
  Sandbox,
  startSandbox,
  DEFAULT_WORLD_DIR,
  grafanaSimulator,
  jaegerSimulator,
  prometheusSimulator,
  elasticsearchSimulator,
  SANDBOX_ES_API_KEY,
} from '@internal/sandbox';
import {
  GrafanaClient,
  JaegerClient,
  LogSearchClient,
  PrometheusClient,
} from '@internal/plugin-observability-node';
import { createRouter, RouterOptions } from '../router';
import { readObservabilityConfig } from '../config';
import { AlertService } from '../service/AlertService';
import { DashboardService } from '../service/DashboardService';
import { EntityLoader } from '../service/EntityLoader';
import { LogLinks } from '../service/LogLinks';
import { LogService } from '../service/LogService';
import { SignalCache } from '../service/SignalCache';
import { SliService } from '../service/SliService';
import { TraceService } from '../service/TraceService';

export const GRAFANA_TOKEN = 'sandbox-grafana-token';
/** Who may read nothing in the test catalog. */
export const OUTSIDER = 'user:default/outsider';

/** The sample services of the sandbox world, as the catalog has them. */
export function worldEntities(): Entity[] {
  return fs
    .readdirSync(DEFAULT_WORLD_DIR)
    .filter(f => f.endsWith('.yaml'))
    .flatMap(f =>
      yaml.loadAll(fs.readFileSync(path.join(DEFAULT_WORLD_DIR, f), 'utf8')),
    )
    .filter((e): e is Entity => !!e && typeof e === 'object')
    .map(e => ({
      ...e,
      metadata: { namespace: 'default', ...e.metadata },
    }));
}

/**
 * The catalog as the permission framework shapes it: every signed-in user
 * reads every entity except {@link OUTSIDER}, who reads none (the catalog
 * then answers "no such entity", as it does for a DENY).
 */
export function fakeCatalog(entities: Entity[]): CatalogStub {
  return mockServices.catalog({
    entities,
    canRead: (_entity, credentials) => userOf(credentials) !== OUTSIDER,
  });
}

export interface TestApp {
  url: string;
  /** The services as the router (and the actions) get them. */
  routerOptions: RouterOptions;
  sandbox: Sandbox;
  catalog: CatalogStub;
  get(
    path: string,
    user?: string,
  ): Promise<{ status: number; body: any; text: string; contentType: string }>;
  fault(
    simulator: 'grafana' | 'jaeger' | 'prometheus' | 'elasticsearch',
    fault: { status?: number; latencyMs?: number; times?: number },
  ): Promise<void>;
  /** Requests the simulators received since the last reset, per simulator. */
  calls(): Promise<Record<string, Record<string, number>>>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The router wired like the plugin does it, against the Grafana, Jaeger and
 * Prometheus simulators, behind Backstage's own error middleware.
 */
export async function startTestApp(
  options: {
    now?: number;
    timeoutMs?: number;
    /** Tokens of a proxy in front of Jaeger and Prometheus (the simulators ignore them). */
    tokens?: { jaeger?: string; prometheus?: string; elasticsearch?: string };
  } = {},
): Promise<TestApp> {
  const now = options.now ?? Date.parse('2026-03-02T12:00:00Z');
  const sandbox = await startSandbox({
    port: 0,
    simulators: [
      grafanaSimulator({ now: () => now }),
      jaegerSimulator({ now: () => now }),
      prometheusSimulator({ now: () => now }),
      elasticsearchSimulator({ now: () => now }),
    ],
  });
  const config = new ConfigReader({
    observability: {
      timeoutMs: options.timeoutMs ?? 2000,
      grafana: {
        instances: [
          {
            name: 'default',
            baseUrl: `${sandbox.url}/grafana`,
            token: GRAFANA_TOKEN,
          },
        ],
      },
      jaeger: {
        baseUrl: `${sandbox.url}/jaeger`,
        uiUrl: 'https://jaeger.example.com',
        token: options.tokens?.jaeger,
      },
      prometheus: {
        baseUrl: `${sandbox.url}/prometheus`,
        token: options.tokens?.prometheus,
      },
      elasticsearch: {
        baseUrl: `${sandbox.url}/elasticsearch`,
        apiKey: options.tokens?.elasticsearch ?? SANDBOX_ES_API_KEY,
        kibanaUrl: 'https://kibana.example.com',
        dataViewId: 'logs-{environment}',
      },
      logs: {
        discoverUrl:
          "https://logs.example.com/app/discover#/?_g=(time:(from:'{from}',to:'{to}'))&_a=(query:(language:kuery,query:'{query}'))",
      },
    },
  });
  const settings = readObservabilityConfig(config);
  const bearer = (token?: string) =>
    token ? { authorization: `Bearer ${token}` } : undefined;
  const http = { timeoutMs: settings.timeoutMs, retry: { baseDelayMs: 1 } };
  const cache = new SignalCache(mockServices.cache(), 1);
  const grafana = settings.grafana.map(i => ({
    name: i.name,
    client: new GrafanaClient({ ...http, baseUrl: i.baseUrl, token: i.token }),
  }));
  const logs = new LogLinks(settings.logs);
  const catalog = fakeCatalog(worldEntities());
  const prometheus = Object.fromEntries(
    Object.entries(settings.prometheus).map(([env, p]) => [
      env,
      new PrometheusClient({
        ...http,
        baseUrl: p.baseUrl,
        headers: bearer(p.token),
      }),
    ]),
  );
  const logSearch = new LogService(
    Object.fromEntries(
      Object.entries(settings.elasticsearch!.environments).map(([env, es]) => [
        env,
        {
          client: new LogSearchClient({
            baseUrl: es.baseUrl,
            apiKey: es.apiKey,
            timeoutMs: settings.timeoutMs,
            maxRetries: 0,
          }),
          index: es.index,
          dataViewId: es.dataViewId,
        },
      ]),
    ),
    settings.elasticsearch!.kibanaUrl,
  );
  const routerOptions: RouterOptions = {
    httpAuth: mockServices.httpAuth({
      defaultCredentials: mockCredentials.user('user:default/lena.fischer'),
    }),
    entities: new EntityLoader(catalog),
    dashboards: new DashboardService(grafana, cache),
    alerts: new AlertService(grafana, cache),
    traces: new TraceService(
      new JaegerClient({
        ...http,
        baseUrl: settings.jaeger!.baseUrl,
        publicUrl: settings.jaeger!.uiUrl,
        headers: bearer(settings.jaeger!.token),
      }),
      logs,
      cache,
    ),
    slis: new SliService(prometheus, cache),
    logs,
    logSearch,
    environments: settings.environments,
    now: () => now,
  };
  const app = express();
  app.use('/api/observability', createRouter(routerOptions));
  app.use(
    MiddlewareFactory.create({ config, logger: mockServices.logger() }).error(),
  );
  const server = app.listen(0);
  await new Promise(resolve => server.once('listening', resolve));
  const url = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/observability`;

  const admin = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${sandbox.url}/admin${p}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) {
      throw new Error(`admin ${method} ${p}: ${res.status}`);
    }
  };

  return {
    url,
    routerOptions,
    sandbox,
    catalog,
    async get(p, user) {
      const res = await fetch(`${url}${p}`, {
        headers: user
          ? { authorization: mockCredentials.user.header(user) }
          : {},
      });
      const contentType = res.headers.get('content-type') ?? '';
      const buffer = Buffer.from(await res.arrayBuffer());
      const text =
        contentType.includes('json') || contentType.startsWith('text')
          ? buffer.toString('utf8')
          : buffer.toString('latin1');
      return {
        status: res.status,
        contentType,
        text,
        body: contentType.includes('json') ? JSON.parse(text) : undefined,
      };
    },
    fault: (simulator, fault) => admin('PUT', `/faults/${simulator}`, fault),
    calls: async () => (await fetch(`${sandbox.url}/admin/calls`)).json(),
    reset: () => admin('POST', '/reset'),
    close: async () => {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
      await sandbox.close();
    },
  };
}
