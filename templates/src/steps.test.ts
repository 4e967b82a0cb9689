/*
 * The whole template, every step, through the real actions the portal's
 * backend registers (Backstage's fetch:template, publish:github,
 * github:repo:push and catalog:register, and ours), against the sandbox's
 * GitHub Enterprise and Argo CD simulators on a free port. Only the catalog
 * is a stand-in: it answers the name check from a list, and registers a
 * location by reading it through Backstage's GitHub URL reader.
 */
import type {
  AuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ConflictError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createCatalogRegisterAction } from '@backstage/plugin-scaffolder-backend';
import {
  createGithubRepoPushAction,
  createPublishGithubAction,
} from '@backstage/plugin-scaffolder-backend-module-github';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ArgoCDInstances,
  createArgoCDApplicationsAction,
  createCheckServiceNameAction,
  createCheckServiceOwnerAction,
  createResolveRepositoryAction,
  createWaitForEntityAction,
} from '@internal/plugin-scaffolder-backend-module-deployments';
import { createRequestProvisioningAction } from '@internal/plugin-scaffolder-backend-module-provisioning';
import {
  argocdSimulator,
  githubSimulator,
  startSandbox,
  type Sandbox,
} from '@internal/sandbox';
import { holdAutomatedSync } from '@internal/plugin-deployments-node';
import { parse } from 'yaml';
import { FORM_CASES } from './__testUtils__/cases';
import { fillForm } from './__testUtils__/form';
import {
  createFetchTemplate,
  loadTemplate,
  runTemplate,
  type TemplateRun,
} from './__testUtils__/scaffolder';

// Each case pushes real git repositories and renders the whole skeleton.
jest.setTimeout(60_000);

const quiet: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => quiet,
};

describe('the template end to end, against the sandbox', () => {
  let sandbox: Sandbox;
  let actions: Record<string, TemplateAction<any, any, 'v2'>>;
  const catalogEntities: Entity[] = [];
  const registered: string[] = [];
  const locations: string[] = [];
  /** What provisioning:request sent to the provisioning backend (a stand-in here; its own tests cover the backend). */
  const provisioningRequests: any[] = [];
  /** What argocd:create-applications sent to the deployments backend (a stand-in here). */
  const argocdRequests: any[] = [];
  const runs: TemplateRun[] = [];

  const github = (path: string) =>
    fetch(`${sandbox.url}/github/api/v3${path}`, {
      headers: { authorization: 'token sandbox-github-token' },
    });
  const argo = (path: string) =>
    fetch(`${sandbox.url}/argocd/api/v1${path}`, {
      headers: { authorization: 'Bearer sandbox-argocd-token' },
    }).then(r => r.json());

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      simulators: [githubSimulator(), argocdSimulator({ tickMs: 0 })],
    });
    const config = new ConfigReader({
      backend: { baseUrl: 'http://localhost:7007' },
      integrations: {
        github: [
          {
            host: new URL(sandbox.url).host,
            apiBaseUrl: `${sandbox.url}/github/api/v3`,
            rawBaseUrl: `${sandbox.url}/github/raw`,
            token: 'sandbox-github-token',
          },
        ],
      },
      deployments: {
        argocd: {
          instances: [
            {
              name: 'argocd',
              baseUrl: `${sandbox.url}/argocd`,
              token: 'sandbox-argocd-token',
              environments: ['dev', 'staging', 'prod'],
            },
          ],
        },
      },
    });
    const integrations = ScmIntegrations.fromConfig(config);
    const reader = UrlReaders.default({ logger: quiet, config });
    const catalog = {
      getEntities: async (request: any) => ({
        items: catalogEntities.filter(
          e =>
            request.filter.kind.includes(e.kind) &&
            e.metadata.name === request.filter['metadata.name'],
        ),
      }),
      // The owner check's view: the tester is in payments, payments exists.
      getEntityByRef: async (ref: string) => {
        const wanted = typeof ref === 'string' ? ref : stringifyEntityRef(ref);
        return (
          {
            'group:default/payments': {
              kind: 'Group',
              relations: [
                { type: 'hasMember', targetRef: 'user:default/tester' },
              ],
            },
            'system:default/payments': { kind: 'System' },
            'user:default/tester': { kind: 'User' },
          }[wanted] ??
          // What catalog:register registered is served at once here.
          catalogEntities.find(e => stringifyEntityRef(e) === wanted)
        );
      },
      getLocations: async () => ({
        items: locations.map((target, i) => ({
          id: `location-${i}`,
          type: 'url',
          target,
        })),
      }),
      addLocation: async (location: { target: string; dryRun?: boolean }) => {
        const text = (
          await (await reader.readUrl(location.target)).buffer()
        ).toString();
        const entity = parse(text) as Entity;
        if (!location.dryRun) {
          // As the real catalog: a location is registered once.
          if (locations.includes(location.target)) {
            throw new ConflictError(
              `Location url:${location.target} already exists`,
            );
          }
          locations.push(location.target);
          registered.push(location.target);
          catalogEntities.push({
            ...entity,
            metadata: {
              ...entity.metadata,
              annotations: {
                ...entity.metadata.annotations,
                'backstage.io/managed-by-origin-location': `url:${location.target}`,
              },
            },
          });
        }
        return { location, entities: [entity], exists: false };
      },
    } as unknown as CatalogService;
    const auth = {
      getOwnServiceCredentials: async () => ({
        $$type: '@backstage/BackstageCredentials',
        principal: { type: 'service', subject: 'test' },
      }),
    } as unknown as AuthService;

    actions = {
      'fetch:template': createFetchTemplate(),
      'github:repo:resolve': createResolveRepositoryAction({ integrations }),
      'catalog:service-name:check': createCheckServiceNameAction({
        catalog,
        auth,
      }),
      'catalog:entity:wait': createWaitForEntityAction({ catalog, auth }),
      'catalog:service-owner:check': createCheckServiceOwnerAction({
        catalog,
        permissions: {
          // Not an admin: only the tester's own team passes.
          authorize: async () => [{ result: 'DENY' }],
        } as unknown as PermissionsService,
      }),
      'publish:github': createPublishGithubAction({ integrations, config }),
      'github:repo:push': createGithubRepoPushAction({ integrations, config }),
      // The deployments backend is a stand-in that creates through the Argo CD
      // API; its own tests cover the permission checks and the bindings.
      'argocd:create-applications': createArgoCDApplicationsAction({
        discovery: {
          getBaseUrl: async () => 'http://localhost:7007/api/deployments',
          getExternalBaseUrl: async () =>
            'http://localhost:7007/api/deployments',
        },
        auth: {
          getPluginRequestToken: async () => ({ token: 'user-token' }),
        } as unknown as AuthService,
        fetch: async (_url, init) => {
          const body = JSON.parse(String(init?.body));
          argocdRequests.push(body);
          const instances = ArgoCDInstances.fromConfig(config);
          const created = [];
          if (body.project) {
            await instances
              .forEnvironment('dev')
              .client.createProject(body.project, { upsert: body.upsert });
          }
          for (const app of body.applications) {
            const environment = app.spec.destination.name;
            const target = instances.forEnvironment(environment);
            // As the backend does: an app waiting for its tiers has no automated sync.
            await target.client.createApplication(holdAutomatedSync(app), {
              upsert: body.upsert,
            });
            created.push({
              name: app.metadata.name,
              environment,
              instance: target.name,
              url: `${target.webUrl}/applications/argocd/${app.metadata.name}`,
              reused: false,
            });
          }
          return new Response(
            JSON.stringify({
              entityRef: body.entityRef,
              project: body.project?.metadata.name,
              applications: created,
              dryRun: false,
            }),
            { status: 201, headers: { 'content-type': 'application/json' } },
          );
        },
      }),
      'catalog:register': createCatalogRegisterAction({
        catalog,
        integrations,
      }),
      'provisioning:request': createRequestProvisioningAction({
        discovery: {
          getBaseUrl: async () => 'http://localhost:7007/api/provisioning',
          getExternalBaseUrl: async () =>
            'http://localhost:7007/api/provisioning',
        },
        auth: {
          getPluginRequestToken: async () => ({ token: 'user-token' }),
        } as unknown as AuthService,
        fetch: async (_url, init) => {
          const body = JSON.parse(String(init?.body));
          provisioningRequests.push(body);
          const name = body.entityRef.split('/').pop();
          return new Response(
            JSON.stringify({
              requestId: `request-${provisioningRequests.length}`,
              created: true,
              runs: body.environments.map((environment: string) => ({
                id: `run-${environment}`,
                environment,
                workspaceName: `${name}-${environment}`,
                phase: 'pending',
              })),
            }),
            { status: 201, headers: { 'content-type': 'application/json' } },
          );
        },
      }),
    } as Record<string, TemplateAction<any, any, 'v2'>>;
  });
  afterAll(async () => {
    for (const run of runs) await run.cleanup();
    await sandbox.close();
  });

  async function create(typed: (typeof FORM_CASES)[number]['typed']) {
    const template = await loadTemplate();
    const run = await runTemplate(
      template,
      fillForm(template, typed),
      undefined,
      {
        actions,
      },
    );
    runs.push(run);
    return run;
  }

  const formCase = FORM_CASES[2]; // RDS and SQS, dev + prod

  it('creates the repository, the Argo CD project and apps, and registers the entity', async () => {
    const run = await create(formCase.typed);

    const repo = await (await github('/repos/acme/refunds')).json();
    expect(repo).toMatchObject({ full_name: 'acme/refunds', private: true });
    const catalogInfo = await github(
      '/repos/acme/refunds/contents/catalog-info.yaml',
    ).then(r => r.json());
    expect(Buffer.from(catalogInfo.content, 'base64').toString()).toContain(
      'name: refunds',
    );

    const apps = await argo(
      '/applications?selector=app.kubernetes.io/name%3Drefunds',
    );
    expect(apps.items.map((a: any) => a.metadata.name)).toEqual([
      'refunds-dev',
      'refunds-prod',
    ]);
    expect(apps.items[0].spec.source.repoURL).toBe(
      `${sandbox.url}/acme/refunds.git`,
    );
    // Its tiers are not provisioned yet: neither app deploys by itself
    // until the provisioning backend records the outputs and releases it.
    for (const app of apps.items) {
      expect(app.spec.syncPolicy.automated).toBeUndefined();
      expect(app.spec.syncPolicy.syncOptions).toContain('CreateNamespace=true');
      expect(app.metadata.annotations).toMatchObject({
        'portal.acme.example/sync-held': 'infrastructure',
        'portal.acme.example/sync-held-automated':
          '{"prune":true,"selfHeal":true}',
      });
    }
    // Nothing is built yet either: the chart needs an image tag, which CI
    // commits; Argo CD says so on the app.
    expect(apps.items[0].status.conditions[0].message).toContain(
      'image.tag is empty',
    );

    expect(registered).toEqual([
      `${sandbox.url}/acme/refunds/tree/main/catalog-info.yaml`,
    ]);
    expect(run.steps.register.output.entityRef).toBe(
      'component:default/refunds',
    );
    expect(run.steps.repo.output.htmlUrl).toBe(`${sandbox.url}/acme/refunds`);
    // The apps are created for the entity the task registers.
    expect(argocdRequests[0]).toMatchObject({
      entityRef: 'component:default/refunds',
      taskId: 'test-task',
    });

    // One provisioning request per environment, with that environment's sizes.
    expect(
      provisioningRequests.map(r => ({
        environments: r.environments,
        tiers: r.tiers,
        idempotencyKey: r.idempotencyKey,
        sizeKeys: Object.keys(r.sizes ?? {}),
      })),
    ).toEqual(
      ['dev', 'prod'].map(environment => ({
        environments: [environment],
        tiers: {
          database: 'rds-postgres',
          cache: 'none',
          queue: 'sqs',
          publicHttp: false,
        },
        idempotencyKey: `test-task:provision:${environment}`,
        sizeKeys: ['database_instance_class'],
      })),
    );
  });

  it('reuses the repository and the apps when the same service is created again', async () => {
    const before = await argo(
      '/applications?selector=app.kubernetes.io/name%3Drefunds',
    );
    registered.length = 0;
    // The entity is in the catalog, registered from this repository: not a conflict.
    const run = await create(formCase.typed);

    expect(run.steps.repo.output.exists).toBe(true);
    expect(run.steps.publish).toBeUndefined();
    // The location is there from the first run: reused, not a conflict.
    expect(run.steps['check-name'].output.locationRegistered).toBe(true);
    expect(run.steps.register.output.entityRef).toBe(
      'component:default/refunds',
    );
    const after = await argo(
      '/applications?selector=app.kubernetes.io/name%3Drefunds',
    );
    expect(after.items.map((a: any) => a.metadata.uid)).toEqual(
      before.items.map((a: any) => a.metadata.uid),
    );
  });

  it('refuses a name taken in the catalog before creating anything', async () => {
    catalogEntities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'ledger-export' },
    });

    await expect(create(FORM_CASES[0].typed)).rejects.toThrow(
      "The name 'ledger-export' is taken in the catalog (component:default/ledger-export)",
    );
    expect((await github('/repos/acme/ledger-export')).status).toBe(404);
  });

  it('pushes to an empty repository a failed run created', async () => {
    await fetch(`${sandbox.url}/github/api/v3/orgs/acme/repos`, {
      method: 'POST',
      headers: {
        authorization: 'token sandbox-github-token',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: 'orders' }),
    });
    const run = await create(FORM_CASES[1].typed);
    expect(run.steps.repo.output.empty).toBe(true);
    expect(run.steps.push).toBeDefined();
    const contents = await github(
      '/repos/acme/orders/contents/catalog-info.yaml',
    );
    expect(contents.status).toBe(200);
  });
});
