import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ArgoCDTestSandbox, startArgoCDTestSandbox } from './argocdTestSandbox';

jest.setTimeout(60_000);

describe('sample services deployed from their repositories', () => {
  let argo: ArgoCDTestSandbox;
  beforeAll(async () => {
    argo = await startArgoCDTestSandbox({ sampleRepositories: true });
  });
  afterAll(() => argo.close());

  it('renders the template skeleton into a repository per sample service and deploys it like a created service', async () => {
    // The sandbox says it is ready once the sample repositories exist.
    let health = await argo.call('GET', '/admin/health');
    expect([200, 503]).toContain(health.status);
    while (health.status === 503) {
      expect(health.body.status).toBe('starting');
      await new Promise(resolve => setTimeout(resolve, 200));
      health = await argo.call('GET', '/admin/health');
    }
    expect(health.body.status).toBe('ok');
    expect((await argo.call('POST', '/argocd/_sandbox/refresh')).status).toBe(
      200,
    );
    expect(argo.sandbox.world.errors()).toEqual([]);
    const repo = await fetch(
      `${argo.sandbox.url}/github/api/v3/repos/acme/payments-api`,
      { headers: { authorization: 'token sandbox-github-token' } },
    );
    expect(repo.status).toBe(200);
    const app = (
      await argo.call('GET', '/argocd/api/v1/applications/payments-api-prod')
    ).body;
    expect(app.spec).toMatchObject({
      project: 'payments-api',
      source: {
        repoURL: `${argo.sandbox.url}/acme/payments-api.git`,
        path: 'chart',
        helm: { valueFiles: ['values-prod.yaml'] },
      },
    });
    // A past of releases, prod one behind dev and staging.
    const tags = (env: string) =>
      argo
        .call('GET', `/argocd/api/v1/applications/payments-api-${env}`)
        .then(r => r.body.status.summary.images as string[]);
    const [devImages, prodImages] = [await tags('dev'), await tags('prod')];
    const minor = (images: string[]) =>
      Number(/:1\.(\d+)\.0$/.exec(images[0])?.[1]);
    expect(minor(devImages)).toBeGreaterThanOrEqual(3);
    expect(minor(prodImages)).toBe(minor(devImages) - 1);
    expect(app.status).toMatchObject({
      sync: { status: 'Synced' },
      health: { status: 'Healthy' },
      summary: {
        images: [
          `registry.acme.example/payments-api:1.${minor(devImages) - 1}.0`,
        ],
      },
    });

    // Its history is git's: the template's commit, then every commit that
    // changed values-prod.yaml (not dev's or staging's), synced minutes
    // after it was pushed, oldest first, all in the past.
    const history = app.status.history as any[];
    expect(history.map(h => h.id)).toEqual(history.map((_, i) => i));

    expect(history).toHaveLength(minor(prodImages) + 1);
    const metadata = await Promise.all(
      history.map(h =>
        argo
          .call(
            'GET',
            `/argocd/api/v1/applications/payments-api-prod/revisions/${h.revision}/metadata`,
          )
          .then(r => r.body),
      ),
    );
    expect(metadata.map(m => m.message)).toEqual([
      'Create payments-api from the microservice template',
      ...history
        .slice(1)
        .map(
          (_, i) => `Promote payments-api 1.${i + 1}.0 from staging to prod`,
        ),
    ]);
    const payments = argo.sandbox.world
      .users()
      .filter(u => u.groups.includes('group:default/payments'))
      .map(u => `${u.displayName} <${u.email}>`);
    for (const [i, entry] of history.entries()) {
      expect(payments).toContain(metadata[i].author);
      const pushed = Date.parse(metadata[i].date);
      const synced = Date.parse(entry.deployedAt);
      expect(Date.parse(entry.deployStartedAt)).toBeGreaterThan(pushed);
      expect(synced - pushed).toBeLessThan(5 * 60_000);
      expect(synced).toBeLessThan(Date.now() - 24 * 3_600_000);
      expect(entry).toMatchObject({
        source: app.spec.source,
        initiatedBy: { automated: true },
      });
    }
    const synced = history.map(h => Date.parse(h.deployedAt));
    expect(synced).toEqual([...synced].sort((a, b) => a - b));
    // The app was created with its repository, before its first sync.
    expect(Date.parse(app.metadata.creationTimestamp)).toBeLessThan(
      Date.parse(history[0].deployStartedAt),
    );
    // The last sync is the last commit that changed prod; the branch has
    // moved since (staging's newest release), which left prod Synced.
    expect(app.status.sync.revision).not.toBe(
      history[history.length - 1].revision,
    );
    expect(app.status.operationState).toMatchObject({
      phase: 'Succeeded',
      finishedAt: history[history.length - 1].deployedAt,
      syncResult: { revision: history[history.length - 1].revision },
    });

    // What git deployed has served all along: the synthetic app it replaced
    // leaves no revision of its own in the metrics.
    const world = argo.sandbox.world;
    const servingNow = world.servingAt('payments-api', 'prod', Date.now());
    expect(servingNow?.stable).toMatch(/^\w{10}$/);
    expect(
      world.servingAt('payments-api', 'prod', Date.now() - 30 * 60_000),
    ).toEqual(servingNow);
    // Since its first sync, long before the sandbox started (its telemetry
    // has that past); nothing before its repository.
    const firstSync = Date.parse(history[0].deployedAt);
    expect(world.servingAt('payments-api', 'prod', firstSync)).toEqual(
      servingNow,
    );
    expect(world.servingAt('payments-api', 'prod', firstSync - 60_000)).toBe(
      null,
    );

    // So a sample service can be rolled back: to the release before.
    expect(
      (
        await argo.call(
          'PATCH',
          '/argocd/api/v1/applications/payments-api-prod',
          {
            patch: JSON.stringify({
              spec: { syncPolicy: { automated: null } },
            }),
            patchType: 'merge',
          },
        )
      ).status,
    ).toBe(200);
    const rollback = await argo.call(
      'POST',
      '/argocd/api/v1/applications/payments-api-prod/rollback',
      { id: history[history.length - 2].id },
    );
    expect(rollback.status).toBe(200);
    await argo.tick(30);
    const rolledBack = (
      await argo.call('GET', '/argocd/api/v1/applications/payments-api-prod')
    ).body;
    // Prod's canary of the older build waits at its first step for a person.
    expect(rolledBack.status.summary.images).toContain(
      `registry.acme.example/payments-api:1.${minor(prodImages) - 1}.0`,
    );
    expect(rolledBack.status.history.at(-1)).toMatchObject({
      id: history.length,
      revision: history[history.length - 2].revision,
      initiatedBy: { username: 'backstage' },
    });

    // A release of a sample service is a commit too.
    const release = await argo.release({
      service: 'payments-api',
      environment: 'dev',
    });
    expect(release.revision).toMatch(/^[0-9a-f]{40}$/);

    // Seeded services stay synthetic: no repository, no git.
    await argo.call('POST', '/admin/seed', { services: 2 });
    const seeded = (
      await argo.call('GET', '/argocd/api/v1/applications/svc-0001-dev')
    ).body;
    expect(seeded.spec.source.repoURL).toContain('/git/svc-0001.git');
    expect(seeded.status.sync.status).toBe('Synced');
  });
});

describe("sample services' past across restarts", () => {
  let stateDir: string;
  beforeAll(async () => {
    stateDir = await mkdtemp(path.join(os.tmpdir(), 'argocd-samples-test-'));
  });
  afterAll(() => rm(stateDir, { recursive: true, force: true }));

  const devHistory = async (argo: ArgoCDTestSandbox) => {
    await argo.call('POST', '/argocd/_sandbox/refresh');
    return (
      await argo.call('GET', '/argocd/api/v1/applications/cart-service-dev')
    ).body.status.history as any[];
  };

  it('keeps the history (and what was released since) after a restart; reset returns to the start', async () => {
    const first = await startArgoCDTestSandbox(
      { sampleRepositories: true },
      stateDir,
    );
    let start: any[];
    let released: any[];
    try {
      start = await devHistory(first);
      expect(start.length).toBeGreaterThan(3);
      const release = await first.release({
        service: 'cart-service',
        environment: 'dev',
      });
      await first.tick(30);
      released = await devHistory(first);
      expect(released).toHaveLength(start.length + 1);
      expect(released.at(-1).revision).toBe(release.revision);
    } finally {
      await first.close();
    }

    const second = await startArgoCDTestSandbox(
      { sampleRepositories: true },
      stateDir,
    );
    try {
      expect(await devHistory(second)).toEqual(released);
      await second.call('POST', '/admin/reset');
      const again = await devHistory(second);
      expect(again).toHaveLength(start.length);
      expect(again.map(h => h.id)).toEqual(start.map(h => h.id));
      expect(again.map(h => h.revision)).not.toContain(
        released.at(-1).revision,
      );
    } finally {
      await second.close();
    }
  }, 240_000);
});
