import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ArgoCDTestSandbox, startArgoCDTestSandbox } from './argocdTestSandbox';
import { setImageTag } from './desiredState';
import { RepoServer } from './RepoServer';

/*
 * Created applications deploy what their repository says: the template's
 * chart in the GitHub simulator, fetched with git and rendered with Helm.
 */
jest.setTimeout(30_000);

describe('Argo CD applications derived from git', () => {
  let argo: ArgoCDTestSandbox;
  let repo: string;
  /** A person's clone, for pushing by hand. */
  let person: RepoServer;

  beforeAll(async () => {
    argo = await startArgoCDTestSandbox();
    person = new RepoServer({
      cacheDir: path.join(os.tmpdir(), `git-source-test-${process.pid}`),
      credentials: { username: 'lena', password: 'sandbox-github-token' },
    });
  });
  afterAll(() => argo.close());
  beforeEach(async () => {
    await argo.call('POST', '/admin/reset');
    repo = await argo.createServiceRepo('orders', {
      environments: ['dev', 'prod'],
    });
    await argo.call('POST', '/argocd/api/v1/projects', {
      project: {
        metadata: { name: 'orders' },
        spec: {
          sourceRepos: [repo],
          destinations: [{ name: '*', namespace: 'orders' }],
        },
      },
    });
  });

  async function createApp(
    environment: string,
    options: { automated?: boolean; repoURL?: string } = {},
  ) {
    const res = await argo.call('POST', '/argocd/api/v1/applications', {
      metadata: {
        name: `orders-${environment}`,
        labels: { 'app.kubernetes.io/name': 'orders', environment },
      },
      spec: {
        project: 'orders',
        source: {
          repoURL: options.repoURL ?? repo,
          path: 'chart',
          targetRevision: 'main',
          helm: {
            releaseName: 'orders',
            valueFiles: [`values-${environment}.yaml`],
          },
        },
        destination: { name: environment, namespace: 'orders' },
        syncPolicy:
          options.automated === false
            ? undefined
            : { automated: { prune: true, selfHeal: true } },
      },
    });
    expect(res.status).toBe(200);
    return res.body;
  }

  const get = async (name: string, query = '') =>
    (await argo.call('GET', `/argocd/api/v1/applications/${name}${query}`))
      .body;

  const liveRollout = async (name: string) =>
    JSON.parse(
      (
        await argo.call(
          'GET',
          `/argocd/api/v1/applications/${name}/resource?namespace=orders&resourceName=orders&group=argoproj.io&version=v1alpha1&kind=Rollout`,
        )
      ).body.manifest,
    );

  const pushTag = (environment: string, tag: string) =>
    person.commitAndPush(
      repo,
      'main',
      async dir => {
        const file = path.join(dir, 'chart', `values-${environment}.yaml`);
        await writeFile(file, setImageTag(await readFile(file, 'utf8'), tag));
        return `Release ${tag} to ${environment}`;
      },
      { name: 'Lena Fischer', email: 'lena.fischer@acme.example' },
    );

  it('deploys what the chart renders at the commit: image, replicas (HPA min), env and canary steps', async () => {
    const app = await createApp('prod');
    const revision = app.status.history[0].revision;
    expect(revision).toMatch(/^[0-9a-f]{40}$/);
    expect(app.status).toMatchObject({
      sync: { status: 'Synced', revision },
      health: { status: 'Healthy' },
      summary: { images: ['registry.acme.example/orders:1.0.0'] },
    });
    expect(
      (
        await argo.call(
          'GET',
          `/argocd/api/v1/applications/orders-prod/revisions/${revision}/metadata`,
        )
      ).body,
    ).toEqual({
      author: 'backstage-bot <backstage-bot@acme.example>',
      date: expect.any(String),
      message: 'Create orders from the microservice template',
    });

    const rollout = await liveRollout('orders-prod');
    const container = rollout.spec.template.spec.containers[0];
    expect(container.image).toBe('registry.acme.example/orders:1.0.0');
    expect(container.env).toEqual(
      expect.arrayContaining([
        { name: 'ENVIRONMENT', value: 'prod' },
        { name: 'SERVICE_NAME', value: 'orders' },
      ]),
    );
    // prod's size is 3-10 pods: the HPA's minimum runs.
    expect(rollout.spec.replicas).toBe(3);
    // values-prod.yaml turns on the manual gate: a person promotes past 10 %.
    expect(rollout.spec.strategy.canary.steps.map(Object.keys)).toEqual([
      ['setWeight'],
      ['pause'],
      ['analysis'],
      ['setWeight'],
      ['analysis'],
    ]);
    const tree = (
      await argo.call(
        'GET',
        '/argocd/api/v1/applications/orders-prod/resource-tree',
      )
    ).body;
    const kinds = tree.nodes.map((n: any) => n.kind);
    expect(kinds.filter((k: string) => k === 'Pod')).toHaveLength(3);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'HorizontalPodAutoscaler',
        'ServiceAccount',
        'AnalysisTemplate',
        'ReplicaSet',
      ]),
    );
    const world = argo.sandbox.world;
    expect(world.services().find(s => s.name === 'orders')).toMatchObject({
      environments: ['prod'],
    });
  });

  it('runs a created app in its cluster even when the cluster was read just before', async () => {
    const clusters = argo.sandbox.world.clusters;
    // A read caches the cluster's workloads (the Kubernetes API reads often).
    expect(clusters.in('dev').map(w => w.namespace)).not.toContain('orders');
    await createApp('dev');
    const orders = clusters.in('dev').find(w => w.namespace === 'orders');
    expect(orders?.objects().filter(o => o.kind === 'Pod')).toHaveLength(1);
  });

  it('releases by commit: the shortcut commits the tag as ci-bot, auto-sync rolls it out', async () => {
    await createApp('dev');
    const registered = await argo.call('POST', '/admin/images', {
      image: 'registry.acme.example/orders:1.1.0',
      bad: false,
    });
    expect(registered.status).toBe(201);
    const release = await argo.release({
      service: 'orders',
      environment: 'dev',
      image: 'registry.acme.example/orders:1.1.0',
    });
    expect(release.revision).toMatch(/^[0-9a-f]{40}$/);
    expect(
      (
        await argo.call(
          'GET',
          `/argocd/api/v1/applications/orders-dev/revisions/${release.revision}/metadata`,
        )
      ).body,
    ).toMatchObject({
      author: 'ci-bot <ci-bot@acme.example>',
      message: 'Release orders 1.1.0 to dev',
    });
    expect((await get('orders-dev')).status.sync).toMatchObject({
      status: 'OutOfSync',
      revision: release.revision,
    });

    await argo.tick(2);
    const app = await get('orders-dev');
    expect(app.status.history.map((h: any) => h.revision)).toEqual([
      expect.any(String),
      release.revision,
    ]);
    expect((await liveRollout('orders-dev')).status.phase).toBe('Progressing');
    expect((await argo.call('GET', '/admin/images')).body.images).toEqual([
      {
        image: 'registry.acme.example/orders:1.1.0',
        bad: false,
        registeredAt: expect.any(String),
      },
    ]);
  });

  it('follows a git push: the moved head is OutOfSync, and a bad build pushed by hand aborts its canary', async () => {
    await createApp('dev');
    await argo.call('POST', '/admin/images', {
      image: 'registry.acme.example/orders:2.0.0',
      bad: true,
    });
    const sha = await pushTag('dev', '2.0.0');

    const refreshed = await get('orders-dev', '?refresh=normal');
    expect(refreshed.status.sync).toMatchObject({
      status: 'OutOfSync',
      revision: sha,
    });
    // Sync, 10 %, then a measurement a minute (6 ticks): the second failure
    // is one more than the template's failureLimit.
    await argo.tick(12);
    expect((await liveRollout('orders-dev')).status).toMatchObject({
      phase: 'Degraded',
      abort: true,
    });
    expect(argo.sandbox.world.badRevisions('orders', 'dev')).toHaveLength(1);
    expect(argo.sandbox.world.errors()).toEqual([]);
    // The AnalysisRun is the chart's AnalysisTemplate with the step's args.
    const tree = (
      await argo.call(
        'GET',
        '/argocd/api/v1/applications/orders-dev/resource-tree',
      )
    ).body;
    const runNode = tree.nodes.find((n: any) => n.kind === 'AnalysisRun');
    const run = JSON.parse(
      (
        await argo.call(
          'GET',
          `/argocd/api/v1/applications/orders-dev/resource?namespace=orders&resourceName=${runNode.name}&group=argoproj.io&version=v1alpha1&kind=AnalysisRun`,
        )
      ).body.manifest,
    );
    expect(run.spec.metrics.map((m: any) => m.name)).toEqual([
      'success-rate',
      'latency-p95',
    ]);
    expect(run.spec.args).toEqual([
      { name: 'namespace', value: 'orders' },
      { name: 'service', value: 'orders' },
      {
        name: 'canary-hash',
        value: run.metadata.labels['rollouts-pod-template-hash'],
      },
    ]);
    expect(run.status.phase).toBe('Failed');

    // The fix: auto-sync off, back to the first commit.
    await argo.call('PATCH', '/argocd/api/v1/applications/orders-dev', {
      patch: JSON.stringify({ spec: { syncPolicy: null } }),
      patchType: 'merge',
    });
    const rollback = await argo.call(
      'POST',
      '/argocd/api/v1/applications/orders-dev/rollback',
      { id: 0 },
    );
    expect(rollback.status).toBe(200);
    await argo.tick(2);
    const app = await get('orders-dev');
    expect(app.status).toMatchObject({
      sync: { status: 'OutOfSync', revision: sha },
      health: { status: 'Healthy' },
      summary: { images: ['registry.acme.example/orders:1.0.0'] },
    });
    expect(app.status.history).toHaveLength(3);
    // What the Kubernetes API serves is what the rollback deployed.
    const workload = argo.sandbox.world.clusters
      .in('dev')
      .find(w => w.namespace === 'orders')!;
    const pods = workload.objects().filter(o => o.kind === 'Pod');
    expect(pods.length).toBe(1); // dev's size is 1-2 pods
    expect((pods[0] as any).spec.containers[0].image).toBe(
      'registry.acme.example/orders:1.0.0',
    );
  });

  it('without automated sync, deploys nothing until a sync operation', async () => {
    const app = await createApp('dev', { automated: false });
    expect(app.status).toMatchObject({
      sync: { status: 'OutOfSync' },
      health: { status: 'Missing' },
      history: [],
    });
    expect(
      (
        await argo.call(
          'GET',
          '/argocd/api/v1/applications/orders-dev/resource-tree',
        )
      ).body.nodes,
    ).toEqual([]);

    await argo.call('POST', '/argocd/api/v1/applications/orders-dev/sync', {});
    await argo.tick(2);
    expect((await get('orders-dev')).status).toMatchObject({
      sync: { status: 'Synced' },
      health: { status: 'Healthy' },
      history: [expect.objectContaining({ id: 0 })],
    });
  });

  it('turns a chart that does not render into a ComparisonError with Helm’s message, and recovers with a release', async () => {
    await argo.call('POST', '/admin/reset');
    repo = await argo.createServiceRepo('orders', {
      environments: ['dev'],
      imageTag: '',
    });
    await argo.call('POST', '/argocd/api/v1/projects', {
      project: {
        metadata: { name: 'orders' },
        spec: {
          sourceRepos: ['*'],
          destinations: [{ name: '*', namespace: '*' }],
        },
      },
    });
    const app = await createApp('dev');
    expect(app.status.sync.status).toBe('Unknown');
    expect(app.status.conditions).toEqual([
      {
        type: 'ComparisonError',
        message: expect.stringContaining(
          'image.tag is empty: CI sets it in values-dev.yaml after the first build',
        ),
        lastTransitionTime: expect.any(String),
      },
    ]);
    await argo.tick(3);
    expect((await argo.call('GET', '/admin/health')).status).toBe(200);

    await argo.release({ service: 'orders', environment: 'dev' });
    const fixed = await get('orders-dev');
    expect(fixed.status.conditions).toBeUndefined();
    expect(fixed.status).toMatchObject({
      sync: { status: 'Synced' },
      health: { status: 'Healthy' },
      summary: { images: ['registry.acme.example/orders:1.1.0'] },
    });
  });

  it('turns a repository that cannot be fetched into a ComparisonError with git’s message', async () => {
    await argo.call('POST', '/argocd/api/v1/projects', {
      project: {
        metadata: { name: 'orders' },
        spec: {
          sourceRepos: ['*'],
          destinations: [{ name: '*', namespace: '*' }],
        },
      },
      upsert: true,
    });
    const app = await createApp('dev', {
      repoURL: `${argo.sandbox.url}/acme/missing.git`,
    });
    expect(app.status.sync.status).toBe('Unknown');
    expect(app.status.conditions[0]).toMatchObject({
      type: 'ComparisonError',
      message: expect.stringContaining('git ls-remote'),
    });
    expect((await argo.call('POST', '/argocd/_sandbox/refresh')).status).toBe(
      200,
    );
  });
});
