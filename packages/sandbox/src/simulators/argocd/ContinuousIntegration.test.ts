import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ArgoCDTestSandbox, startArgoCDTestSandbox } from './argocdTestSandbox';
import { CI_WORKFLOW, triggers } from './ContinuousIntegration';
import { SKELETON_DIR } from '../../world/serviceSkeleton';
import { RepoServer } from './RepoServer';

jest.setTimeout(60_000);

describe('triggers: which pushes run the ci workflow', () => {
  it('runs for code changes, not for [skip ci] nor for value files only', () => {
    expect(triggers('Add an endpoint', ['src/app.ts'])).toBe(true);
    expect(
      triggers('Create orders', ['chart/values-dev.yaml', 'README.md']),
    ).toBe(true);
    expect(triggers('Deploy 1234567 to dev [skip ci]', ['src/app.ts'])).toBe(
      false,
    );
    expect(triggers('Bump [CI SKIP]', ['src/app.ts'])).toBe(false);
    expect(triggers('Promote 1.2.0 to prod', ['chart/values-prod.yaml'])).toBe(
      false,
    );
  });
});

describe('the sandbox playing the skeleton CI workflow', () => {
  let argo: ArgoCDTestSandbox;
  let repo: string;
  let person: RepoServer;

  beforeAll(async () => {
    argo = await startArgoCDTestSandbox({ ci: { delayMs: 0 }, pollMs: 200 });
    person = new RepoServer({
      cacheDir: path.join(os.tmpdir(), `ci-test-${process.pid}`),
      credentials: { username: 'lena', password: 'sandbox-github-token' },
    });
  });
  afterAll(() => argo.close());

  const get = async (name: string) =>
    (await argo.call('GET', `/argocd/api/v1/applications/${name}`)).body;

  async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean) {
    const deadline = Date.now() + 30_000;
    let value = await read();
    while (!ok(value) && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 200));
      value = await read();
    }
    return value;
  }

  it('builds a new service and deploys its first build to dev, then each code push', async () => {
    repo = await argo.createServiceRepo('orders', {
      environments: ['dev'],
      imageTag: '',
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
    const created = await argo.call('POST', '/argocd/api/v1/applications', {
      metadata: {
        name: 'orders-dev',
        labels: { 'app.kubernetes.io/name': 'orders', environment: 'dev' },
      },
      spec: {
        project: 'orders',
        source: {
          repoURL: repo,
          path: 'chart',
          targetRevision: 'main',
          helm: { releaseName: 'orders', valueFiles: ['values-dev.yaml'] },
        },
        destination: { name: 'dev', namespace: 'orders' },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    });
    expect(created.status).toBe(200);
    const first = created.body.status.sync.revision as string | undefined;
    // The sandbox renders only the deploy files of the skeleton: the
    // workflow arrives with a push of its own, which runs it.
    await person.commitAndPush(
      repo,
      'main',
      async dir => {
        await mkdir(path.join(dir, '.github', 'workflows'), {
          recursive: true,
        });
        await copyFile(
          path.join(SKELETON_DIR, 'service', CI_WORKFLOW),
          path.join(dir, CI_WORKFLOW),
        );
        return 'Add the ci workflow';
      },
      { name: 'Lena Fischer', email: 'lena.fischer@acme.example' },
    );

    // Until CI's commit, the chart cannot render (no image tag).
    const deployed = await until(
      () => get('orders-dev'),
      app => app.status?.health?.status === 'Healthy',
    );
    expect(deployed.status.health.status).toBe('Healthy');
    const image = deployed.status.summary.images[0] as string;
    const tag = image.slice(image.lastIndexOf(':') + 1);
    expect(tag).toMatch(/^[0-9a-f]{40}$/);
    const meta = (
      await argo.call(
        'GET',
        `/argocd/api/v1/applications/orders-dev/revisions/${deployed.status.sync.revision}/metadata`,
      )
    ).body;
    expect(meta).toMatchObject({
      author: expect.stringContaining('github-actions[bot]'),
      message: `Deploy ${tag.slice(0, 7)} to dev [skip ci]`,
    });
    expect(deployed.status.sync.revision).not.toBe(first);

    // A code push is built and deployed; a values-only push is not rebuilt.
    const code = await person.commitAndPush(
      repo,
      'main',
      async dir => {
        await mkdir(path.join(dir, 'src'), { recursive: true });
        await writeFile(path.join(dir, 'src', 'app.ts'), 'export {};\n');
        return 'Say hello twice';
      },
      { name: 'Lena Fischer', email: 'lena.fischer@acme.example' },
    );
    const redeployed = await until(
      async () => {
        await argo.tick(50); // the canary steps of the new release
        return get('orders-dev');
      },
      app => (app.status?.summary?.images?.[0] ?? '').endsWith(`:${code}`),
    );
    expect(redeployed.status.summary.images[0]).toMatch(
      new RegExp(`:${code}$`),
    );
  });
});
