import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { JaegerTracesResponse, OtlpKeyValue } from '@internal/api-jaeger';
import { sliQueries } from '@internal/plugin-observability-common';
import { Sandbox, startSandbox } from '../server';
import { renderServiceSkeleton } from '../world/serviceSkeleton';
import { argocdSimulator } from './argocd';
import { publishRepository } from './argocd/publishRepository';
import { elasticsearchSimulator, SANDBOX_ES_API_KEY } from './elasticsearch';
import { githubSimulator } from './github';
import { jaegerSimulator } from './jaeger';
import { prometheusSimulator } from './prometheus';

/** A span attribute's string value, as OTLP carries it. */
function stringAttribute(attributes: OtlpKeyValue[] | undefined, key: string) {
  return attributes?.find(a => a.key === key)?.value?.stringValue;
}

/*
 * One story across simulators: a service created through Argo CD's API
 * (as the portal's template does) has no telemetry anywhere until its first
 * deploy, and from then on, in the environment it was deployed to only;
 * the minutes after the first deploy have traces. A restart keeps it so.
 */
jest.setTimeout(60_000);

const MINUTE = 60_000;

describe('a new service: no telemetry until its first deploy', () => {
  let stateDir: string;
  let sandbox: Sandbox;
  // One clock for every simulator, moved by hand.
  let clock = Date.parse('2026-03-02T12:00:00Z');
  const createdAt = clock;

  const start = () =>
    startSandbox({
      port: 0,
      stateDir,
      simulators: [
        argocdSimulator({ tickMs: 0, pollMs: 0, now: () => new Date(clock) }),
        githubSimulator(),
        jaegerSimulator({ now: () => clock }),
        prometheusSimulator({ now: () => clock }),
        elasticsearchSimulator({ now: () => clock }),
      ],
    });

  beforeAll(async () => {
    stateDir = await mkdtemp(path.join(os.tmpdir(), 'first-deploy-story-'));
    sandbox = await start();
  });
  afterAll(async () => {
    await sandbox.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  const call = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${sandbox.url}${route}`, {
      method,
      headers: {
        'content-type': 'application/json',
        authorization: route.startsWith('/argocd/api/')
          ? 'Bearer sandbox-argocd-token'
          : `ApiKey ${SANDBOX_ES_API_KEY}`,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  /** The request rate Prometheus answers for orders now (undefined: no series). */
  const requestRate = async (environment: string) => {
    const query = sliQueries({ service: 'orders', environment }).requestRate;
    const { body } = await call(
      'GET',
      `/prometheus/api/v1/query?query=${encodeURIComponent(query)}&time=${
        clock / 1000
      }`,
    );
    return body.data.result[0]?.value[1] as string | undefined;
  };

  /** Jaeger's traces of orders in the last 6 hours: environment and start. */
  const traces = async () => {
    const params = new URLSearchParams({
      'query.serviceName': 'orders',
      'query.startTimeMin': new Date(clock - 6 * 60 * MINUTE).toISOString(),
      'query.startTimeMax': new Date(clock).toISOString(),
      'query.searchDepth': '100',
    });
    const { status, body } = await call(
      'GET',
      `/jaeger/api/v3/traces?${params}`,
    );
    if (status === 404) return [];
    expect(status).toBe(200);
    return (body as JaegerTracesResponse).result.resourceSpans!.map(rs => {
      const root = rs.scopeSpans![0].spans![0];
      return {
        traceId: root.traceId!,
        environment: stringAttribute(
          rs.resource?.attributes,
          'deployment.environment.name',
        ),
        startMs: Number(BigInt(root.startTimeUnixNano!) / 1_000_000n),
      };
    });
  };

  /** The log lines of orders in the last 6 hours per environment. */
  const logs = async () => {
    const { status, body } = await call('POST', '/elasticsearch/_search', {
      size: 1000,
      query: {
        bool: {
          filter: [
            { term: { 'service.name': 'orders' } },
            { range: { '@timestamp': { gte: 'now-6h', lte: 'now' } } },
          ],
        },
      },
      sort: [{ '@timestamp': 'asc' }],
    });
    expect(status).toBe(200);
    expect(body.timed_out).toBe(false);
    return (body.hits.hits as Array<{ _source: any }>).map(h => ({
      environment: h._source.service.environment as string,
      ts: Date.parse(h._source['@timestamp']),
    }));
  };

  let deployedAt = 0;
  let firstTraces: Awaited<ReturnType<typeof traces>> = [];

  it('has nothing while its apps exist but nothing is deployed', async () => {
    const repoURL = `${sandbox.url}/acme/orders.git`;
    await publishRepository({
      apiUrl: `${sandbox.url}/github/api/v3`,
      token: 'sandbox-github-token',
      owner: 'acme',
      name: 'orders',
      // No image tag yet: nothing deploys until CI sets one.
      files: renderServiceSkeleton({
        name: 'orders',
        description: 'The orders service',
        owner: 'group:default/payments',
        system: 'system:default/payments',
        environments: ['dev', 'prod'],
        repoUrl: repoURL,
        imageTag: '',
      }),
      message: 'Create orders from the microservice template',
    });
    expect(
      (
        await call('POST', '/argocd/api/v1/projects', {
          project: {
            metadata: { name: 'orders' },
            spec: {
              sourceRepos: [repoURL],
              destinations: [{ name: '*', namespace: 'orders' }],
            },
          },
        })
      ).status,
    ).toBe(200);
    for (const environment of ['dev', 'prod']) {
      const created = await call('POST', '/argocd/api/v1/applications', {
        metadata: {
          name: `orders-${environment}`,
          labels: { 'app.kubernetes.io/name': 'orders', environment },
        },
        spec: {
          project: 'orders',
          source: {
            repoURL,
            path: 'chart',
            targetRevision: 'main',
            helm: { valueFiles: [`values-${environment}.yaml`] },
          },
          destination: { name: environment, namespace: 'orders' },
          syncPolicy: { automated: { prune: true, selfHeal: true } },
        },
      });
      expect(created.status).toBe(200);
      expect(created.body.status.health.status).toBe('Missing');
    }

    clock += 10 * MINUTE;
    expect(await requestRate('dev')).toBeUndefined();
    expect(await requestRate('prod')).toBeUndefined();
    expect(await traces()).toEqual([]);
    expect(await logs()).toEqual([]);
  });

  it('has telemetry in dev from its first deploy on, and none in prod', async () => {
    deployedAt = clock;
    const released = await call('POST', '/argocd/_sandbox/release', {
      service: 'orders',
      environment: 'dev',
    });
    expect(released.status).toBe(201);
    const dev = await call('GET', '/argocd/api/v1/applications/orders-dev');
    expect(dev.body.status.health.status).toBe('Healthy');

    // A trace within seconds after the deploy (dev samples one a minute).
    clock += 10_000;
    firstTraces = await traces();
    expect(firstTraces.length).toBeGreaterThan(0);
    expect(
      firstTraces.every(
        t => t.environment === 'dev' && t.startMs >= deployedAt,
      ),
    ).toBe(true);

    clock += 10 * MINUTE - 10_000;
    expect(Number(await requestRate('dev'))).toBeGreaterThan(0);
    expect(await requestRate('prod')).toBeUndefined();
    const later = await traces();
    expect(later.length).toBeGreaterThanOrEqual(9);
    expect(later.every(t => t.environment === 'dev')).toBe(true);
    expect(Math.min(...later.map(t => t.startMs))).toBeGreaterThanOrEqual(
      deployedAt,
    );
    const lines = await logs();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every(l => l.environment === 'dev')).toBe(true);
    expect(lines[0].ts).toBeGreaterThanOrEqual(deployedAt);

    // The same in a range query: dev's series starts at the deploy.
    const query = sliQueries({
      service: 'orders',
      environment: 'dev',
    }).requestRate;
    const range = await call(
      'GET',
      `/prometheus/api/v1/query_range?query=${encodeURIComponent(
        query,
      )}&start=${(createdAt - 30 * MINUTE) / 1000}&end=${clock / 1000}&step=60`,
    );
    const points = range.body.data.result[0].values as [number, string][];
    expect(points[0][0] * 1000).toBeGreaterThanOrEqual(deployedAt);
  });

  it('tells the same story after a restart', async () => {
    await sandbox.close();
    sandbox = await start();

    expect(await requestRate('prod')).toBeUndefined();
    expect(Number(await requestRate('dev'))).toBeGreaterThan(0);
    const after = await traces();
    expect(after.length).toBeGreaterThanOrEqual(9);
    expect(Math.min(...after.map(t => t.startMs))).toBeGreaterThanOrEqual(
      deployedAt,
    );
    // The first minute's traces are the same traces.
    expect(after.map(t => t.traceId)).toEqual(
      expect.arrayContaining(firstTraces.map(t => t.traceId)),
    );
  });
});
