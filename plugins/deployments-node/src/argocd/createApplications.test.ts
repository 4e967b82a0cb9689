import type {
  v1alpha1AppProject,
  v1alpha1Application,
} from '@internal/api-argocd';
import { ArgoCDTestSandbox, startArgoCDTestSandbox } from '@internal/sandbox';
import { ArgoCDClient } from './ArgoCDClient';
import { ArgoCDError } from './ArgoCDError';

// The repository of `orders` in the sandbox's GitHub: the template's chart,
// created anew after every reset.
let REPO = '';

function application(environment: string, repoURL = REPO): v1alpha1Application {
  return {
    metadata: {
      name: `orders-${environment}`,
      namespace: 'argocd',
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
  };
}

const projectOf = (): v1alpha1AppProject => ({
  metadata: { name: 'orders', namespace: 'argocd' },
  spec: {
    sourceRepos: [REPO],
    destinations: [
      { name: 'dev', namespace: 'orders' },
      { name: 'prod', namespace: 'orders' },
    ],
  },
});

jest.setTimeout(30_000);

describe('creating Argo CD applications and projects', () => {
  let argo: ArgoCDTestSandbox;
  let client: ArgoCDClient;

  beforeAll(async () => {
    argo = await startArgoCDTestSandbox();
    client = new ArgoCDClient({
      baseUrl: argo.baseUrl,
      token: 'sandbox-argocd-token',
    });
  });
  afterAll(() => argo.close());
  let project: v1alpha1AppProject;
  beforeEach(async () => {
    await argo.call('POST', '/admin/reset');
    REPO = await argo.createServiceRepo('orders');
    project = projectOf();
  });

  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (error: ArgoCDError) => ({
        status: error.status,
        code: error.code,
        message: error.argoMessage,
      }),
    );

  it('refuses an app whose project does not exist, without saying which', async () => {
    expect(await failure(client.createApplication(application('dev')))).toEqual(
      {
        status: 400,
        code: 3,
        message:
          'app is not allowed in project "orders", or the project does not exist',
      },
    );
  });

  it('creates a project once, answers the same project again and refuses a different one without upsert', async () => {
    await client.createProject(project);
    expect(await client.createProject(project)).toMatchObject({
      metadata: { name: 'orders' },
    });
    const changed = {
      ...project,
      spec: { ...project.spec, sourceRepos: ['*'] },
    };
    expect(await failure(client.createProject(changed))).toMatchObject({
      status: 400,
      message:
        'existing project spec is different; use upsert flag to force update',
    });
    expect(
      (await client.createProject(changed, { upsert: true })).spec?.sourceRepos,
    ).toEqual(['*']);
  });

  it('creates an app that is listed, deployed and healthy, and found by its selector', async () => {
    await client.createProject(project);
    const created = await client.createApplication(application('dev'));

    expect(created.metadata?.name).toBe('orders-dev');
    expect(created.status).toMatchObject({
      sync: { status: 'Synced' },
      health: { status: 'Healthy' },
      history: [expect.objectContaining({ id: 0 })],
    });
    const { items } = await client.listApplications({
      selector: 'app.kubernetes.io/name=orders',
    });
    expect(items.map(a => a.metadata?.name)).toEqual(['orders-dev']);
    const tree = await client.getResourceTree('orders-dev');
    expect(tree.nodes?.some(n => n.kind === 'Rollout')).toBe(true);
  });

  it('rolls out a release of a created app as a canary', async () => {
    await client.createProject(project);
    await client.createApplication(application('dev'));
    await argo.release({ service: 'orders', environment: 'dev' });
    await argo.tick(3);

    const app = await client.getApplication('orders-dev');
    expect(app.status?.history).toHaveLength(2);
    expect(app.status?.health?.status).not.toBe('Healthy');
  });

  it('survives a bad release of a created app: the world knows its service and the canary aborts', async () => {
    await client.createProject(project);
    await client.createApplication(application('dev'));
    const world = argo.sandbox.world;
    expect(world.services().find(s => s.name === 'orders')).toMatchObject({
      environments: ['dev'],
    });

    await argo.release({ service: 'orders', environment: 'dev', bad: true });
    // Dev's canary has no manual gate (prod's waits for a person).
    // The chart's steps: sync, 10 %, then the analysis (one
    // measurement a minute, one failure allowed) fails twice and the canary
    // aborts.
    await argo.tick(12);

    expect((await argo.call('GET', '/admin/health')).status).toBe(200);
    expect(world.errors()).toEqual([]);
    const rollout = JSON.parse(
      (
        await argo.call(
          'GET',
          '/argocd/api/v1/applications/orders-dev/resource?namespace=orders&resourceName=orders&group=argoproj.io&version=v1alpha1&kind=Rollout',
        )
      ).body.manifest,
    );
    expect(rollout.status).toMatchObject({ phase: 'Degraded', abort: true });
    expect(world.badRevisions('orders', 'dev')).toHaveLength(1);
  });

  it('records what a tick throws instead of crashing', async () => {
    const world = argo.sandbox.world;
    world.guard('test/timer', () => {
      throw new Error('boom');
    });
    expect((await argo.call('GET', '/admin/errors')).body).toEqual({
      errors: [
        { source: 'test/timer', message: 'boom', at: expect.any(String) },
      ],
    });
    expect((await argo.call('GET', '/admin/health')).body).toMatchObject({
      status: 'ok',
      errors: 1,
    });
  });

  it('is idempotent: the same app again is answered, a different one needs upsert', async () => {
    await client.createProject(project);
    const first = await client.createApplication(application('dev'));
    const again = await client.createApplication(application('dev'));
    expect(again.metadata?.uid).toBe(first.metadata?.uid);

    const changed = application('dev');
    changed.spec!.source!.targetRevision = 'release';
    expect(await failure(client.createApplication(changed))).toMatchObject({
      status: 400,
      message:
        'existing application spec is different; use upsert flag to force update',
    });
    const upserted = await client.createApplication(changed, { upsert: true });
    expect(upserted.spec?.source?.targetRevision).toBe('release');
    expect(upserted.metadata?.generation).toBe(2);
  });

  it('checks the destination against the clusters and the project', async () => {
    await client.createProject(project);
    const unknownCluster = application('qa');
    expect(
      await failure(client.createApplication(unknownCluster)),
    ).toMatchObject({
      status: 400,
      message: expect.stringContaining(
        'there are no clusters with this name: qa',
      ),
    });
    expect(
      await failure(client.createApplication(application('staging'))),
    ).toMatchObject({
      status: 400,
      message: expect.stringContaining(
        "do not match any of the allowed destinations in project 'orders'",
      ),
    });
    expect(
      await failure(
        client.createApplication(
          application('dev', `${argo.sandbox.url}/acme/other.git`),
        ),
      ),
    ).toMatchObject({
      status: 400,
      message: `application repo ${argo.sandbox.url}/acme/other.git is not permitted in project 'orders'`,
    });
  });

  it('refuses invalid names with a 400', async () => {
    const bad = application('dev');
    bad.metadata!.name = 'Orders_Dev';
    expect(await failure(client.createApplication(bad))).toMatchObject({
      status: 400,
      code: 3,
    });
  });

  it('deletes an app and forgets created apps and projects on reset', async () => {
    await client.createProject(project);
    await client.createApplication(application('dev'));
    await argo.call('DELETE', '/argocd/api/v1/applications/orders-dev');
    expect(
      (await argo.call('GET', '/argocd/api/v1/applications/orders-dev')).status,
    ).toBe(403);

    await client.createApplication(application('dev'));
    await argo.call('POST', '/admin/reset');
    expect(
      (await argo.call('GET', '/argocd/api/v1/projects/orders')).status,
    ).toBe(404);
    expect(
      (
        await client.listApplications({
          selector: 'app.kubernetes.io/name=orders',
        })
      ).items,
    ).toEqual([]);
  });

  it('keeps the world apps when a world app is deleted and services are seeded', async () => {
    const before = (await client.listApplications()).items.length;
    await argo.call('DELETE', '/argocd/api/v1/applications/payments-api-dev');
    await argo.call('POST', '/admin/seed', { services: 1 });
    const names = (await client.listApplications()).items.map(
      a => a.metadata?.name,
    );
    expect(names).not.toContain('payments-api-dev');
    expect(names).toHaveLength(before - 1 + 3);
  });
});
