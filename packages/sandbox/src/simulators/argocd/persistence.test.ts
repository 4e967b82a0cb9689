import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startArgoCDTestSandbox } from './argocdTestSandbox';

describe('Argo CD state across restarts', () => {
  let stateDir: string;
  beforeEach(async () => {
    stateDir = await mkdtemp(path.join(os.tmpdir(), 'argocd-state-test-'));
  });
  afterEach(() => rm(stateDir, { recursive: true, force: true }));

  async function createOrders(
    argo: Awaited<ReturnType<typeof startArgoCDTestSandbox>>,
  ) {
    const repo = await argo.createServiceRepo('orders', {
      environments: ['dev'],
    });
    await argo.call('POST', '/argocd/api/v1/projects', {
      project: {
        metadata: { name: 'orders' },
        spec: {
          sourceRepos: [repo],
          destinations: [{ name: 'dev', namespace: 'orders' }],
        },
      },
    });
    const created = await argo.call('POST', '/argocd/api/v1/applications', {
      metadata: {
        name: 'orders-dev',
        labels: { 'app.kubernetes.io/name': 'orders' },
      },
      spec: {
        project: 'orders',
        source: {
          repoURL: repo,
          path: 'chart',
          targetRevision: 'main',
          helm: { valueFiles: ['values-dev.yaml'] },
        },
        destination: { name: 'dev', namespace: 'orders' },
        syncPolicy: { automated: {} },
      },
    });
    expect(created.status).toBe(200);
  }

  it('keeps created apps (with their history), projects, deleted world apps and registered images', async () => {
    const first = await startArgoCDTestSandbox({}, stateDir);
    await createOrders(first);
    const release = await first.release({
      service: 'orders',
      environment: 'dev',
      bad: true,
    });
    await first.tick(12); // synced, 10 %, analysis failed twice: aborted
    await first.call('DELETE', '/argocd/api/v1/applications/payments-api-dev');
    const before = (
      await first.call('GET', '/argocd/api/v1/applications/orders-dev')
    ).body;
    expect(before.status.history).toHaveLength(2);
    await first.close();

    const second = await startArgoCDTestSandbox({}, stateDir);
    try {
      const after = (
        await second.call('GET', '/argocd/api/v1/applications/orders-dev')
      ).body;
      expect(after.metadata.uid).toBe(before.metadata.uid);
      expect(after.status.history).toEqual(before.status.history);
      expect(after.status.sync).toMatchObject({
        status: 'Synced',
        revision: release.revision,
      });
      // The aborted canary stays aborted: the stable image serves.
      expect(after.status.summary.images).toEqual(before.status.summary.images);
      expect(after.status.summary.images).not.toContain(release.image);
      expect(after.status.health.status).toBe('Degraded');
      expect(
        (await second.call('GET', '/argocd/api/v1/projects/orders')).status,
      ).toBe(200);
      expect(
        (
          await second.call(
            'GET',
            '/argocd/api/v1/applications/payments-api-dev',
          )
        ).status,
      ).toBe(403);
      expect((await second.call('GET', '/admin/images')).body.images).toEqual([
        expect.objectContaining({ image: release.image, bad: true }),
      ]);
      expect(
        second.sandbox.world.services().find(s => s.name === 'orders'),
      ).toMatchObject({ environments: ['dev'] });

      // Reset returns to the start, also for the next restart.
      await second.call('POST', '/admin/reset');
    } finally {
      await second.close();
    }
    const third = await startArgoCDTestSandbox({}, stateDir);
    try {
      expect(
        (await third.call('GET', '/argocd/api/v1/applications/orders-dev'))
          .status,
      ).toBe(403);
      expect((await third.call('GET', '/admin/images')).body.images).toEqual(
        [],
      );
    } finally {
      await third.close();
    }
  }, 30_000);
});
