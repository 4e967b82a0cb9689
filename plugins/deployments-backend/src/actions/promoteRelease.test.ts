import { ConfigReader } from '@backstage/config';
import { GitHubWriter } from '@internal/plugin-deployments-node';
import { ArgoCDTestSandbox, startArgoCDTestSandbox } from '@internal/sandbox';
import {
  startTestActionsRegistry,
  TestActionsRegistry,
} from '@internal/test-databases';
import knexFactory from 'knex';
import {
  mockServices,
  type RecordedAuditEvent,
} from '@internal/backend-test-stubs';
import { policyPermissions } from '../__testUtils__/testDeployments';
import { createDeployments } from '../service/createDeployments';
import { createDeploymentsActions } from './createDeploymentsActions';

/*
 * deployments:promote-release allowed, end to end on the backend: the
 * sandbox's Argo CD deploys what the service repository (the sandbox's
 * GitHub) says; the action promotes dev's build to staging with a commit,
 * through PromotionService.promote as the REST API does (promotion.test.ts
 * tests that service itself). Refusals and bad input:
 * createDeploymentsActions.test.ts.
 */
jest.setTimeout(90_000);

const ENTITY = 'component:default/orders';
const LENA = 'user:default/lena.fischer'; // in payments, the owners

const healthySignals = (async (input: string | URL) => {
  const body = new URL(String(input)).pathname.endsWith('/api/v1/query')
    ? {
        status: 'success',
        data: {
          resultType: 'vector',
          result: [{ metric: {}, value: [0, '0.001'] }],
        },
      }
    : { status: 'success', data: { groups: [] } };
  return new Response(JSON.stringify(body), {
    headers: { 'content-type': 'application/json' },
  });
}) as typeof fetch;

describe('deployments:promote-release against the Argo CD and GitHub simulators', () => {
  let argo: ArgoCDTestSandbox;
  let registry: TestActionsRegistry;
  const audit: RecordedAuditEvent[] = [];

  beforeAll(async () => {
    argo = await startArgoCDTestSandbox();
    const repo = await argo.createServiceRepo('orders');
    await argo.call('POST', '/argocd/api/v1/projects', {
      project: {
        metadata: { name: 'orders' },
        spec: {
          sourceRepos: [repo],
          destinations: [{ name: '*', namespace: 'orders' }],
        },
      },
    });
    for (const environment of ['dev', 'staging', 'prod']) {
      await argo.call('POST', '/argocd/api/v1/applications', {
        metadata: {
          name: `orders-${environment}`,
          labels: { 'app.kubernetes.io/name': 'orders', environment },
        },
        spec: {
          project: 'orders',
          source: {
            repoURL: repo,
            path: 'chart',
            targetRevision: 'main',
            helm: {
              releaseName: 'orders',
              valueFiles: [`values-${environment}.yaml`],
            },
          },
          destination: { name: environment, namespace: 'orders' },
          syncPolicy: { automated: { prune: true, selfHeal: true } },
        },
      });
    }
    await argo.tick(2);
    const config = new ConfigReader({
      integrations: {
        github: [
          {
            host: new URL(argo.sandbox.url).host,
            apiBaseUrl: `${argo.sandbox.url}/github/api/v3`,
            token: 'sandbox-github-token',
          },
        ],
      },
      deployments: {
        cacheTtlSeconds: 0,
        adopt: [{ entity: ENTITY, selector: 'app.kubernetes.io/name=orders' }],
        argocd: {
          instances: [
            {
              name: 'argocd',
              baseUrl: argo.baseUrl,
              token: 'sandbox-argocd-token',
              environments: ['dev', 'staging', 'prod'],
            },
          ],
        },
        promotion: {
          prometheus: { baseUrl: 'http://prometheus.test' },
          grafana: { baseUrl: 'http://grafana.test', token: 't' },
        },
      },
    });
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'orders',
        namespace: 'default',
        uid: 'uid-orders',
        annotations: {
          'argocd/app-selector': 'app.kubernetes.io/name=orders',
          'grafana/alert-label-selector': 'service=orders',
        },
      },
      spec: { type: 'service', owner: 'group:default/payments' },
    };
    const catalog = mockServices.catalog({ entities: [entity] });
    const services = await createDeployments({
      config,
      database: {
        getClient: async () =>
          knexFactory({
            client: 'better-sqlite3',
            connection: ':memory:',
            useNullAsDefault: true,
          }),
        migrations: { skip: false },
      },
      logger: mockServices.logger(),
      cache: mockServices.cache(),
      auth: mockServices.auth({ pluginId: 'deployments' }),
      catalog,
      permissions: policyPermissions(
        { [ENTITY]: 'group:default/payments' },
        [],
      ),
      auditor: mockServices.auditor({ events: audit }),
      writer: GitHubWriter.fromConfig(config),
      signalsFetch: healthySignals,
    });
    await services.join.adopt();
    registry = await startTestActionsRegistry({
      pluginId: 'deployments',
      register: r => createDeploymentsActions({ registry: r, ...services }),
    });
  });

  afterAll(async () => {
    await registry?.close();
    await argo?.close();
  });

  it("promotes dev's build to staging with one commit, audited as the caller, then changes nothing", async () => {
    const released = await argo.release({
      service: 'orders',
      environment: 'dev',
    });
    const tag = released.image.split(':').pop()!;
    for (let i = 0; i < 40; i++) {
      const lane = await registry.invoke(
        'deployments:get-promotion-lane',
        { entity: 'orders' },
        LENA,
      );
      const dev = lane.output.environments.find((e: any) => e.name === 'dev');
      if (dev.imageTag === tag && !dev.canaryInFlight) break;
      await argo.tick(3);
    }
    const input = {
      entity: 'orders',
      environment: 'staging',
      reason: 'checked in dev',
    };
    const preview = await registry.invoke(
      'deployments:preview-promotion',
      { entity: 'orders', environment: 'staging' },
      LENA,
    );
    expect(preview.output).toMatchObject({
      from: 'dev',
      to: 'staging',
      ready: true,
      allowed: true,
    });

    const res = await registry.invoke(
      'deployments:promote-release',
      input,
      LENA,
    );
    expect(res.status).toBe(200);
    expect(res.output).toMatchObject({
      entityRef: ENTITY,
      from: 'dev',
      to: 'staging',
      committed: true,
      imageTag: tag,
      commitSha: expect.any(String),
    });
    expect(res.output.message).toBe(
      `Promoted ${tag} from dev to staging: commit ${res.output.commitSha.slice(
        0,
        7,
      )} on ${
        res.output.commitUrl.split('/')[3]
      }/orders; Argo CD rolls it out.`,
    );
    expect(audit.at(-1)).toMatchObject({
      eventId: 'deployment-release-promote',
      outcome: 'success',
      meta: expect.objectContaining({
        actor: LENA,
        reason: 'checked in dev',
        from: 'dev',
        to: 'staging',
        committed: true,
      }),
    });

    const again = await registry.invoke(
      'deployments:promote-release',
      input,
      LENA,
    );
    expect(again.output).toMatchObject({ committed: false });
  });
});
