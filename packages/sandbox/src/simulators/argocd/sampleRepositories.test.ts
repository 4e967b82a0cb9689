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
    expect(app.status).toMatchObject({
      sync: { status: 'Synced' },
      health: { status: 'Healthy' },
      summary: { images: ['registry.acme.example/payments-api:1.0.0'] },
    });
    const revision = app.status.sync.revision;
    expect(
      (
        await argo.call(
          'GET',
          `/argocd/api/v1/applications/payments-api-prod/revisions/${revision}/metadata`,
        )
      ).body.message,
    ).toBe('Create payments-api from the microservice template');

    // What git deployed has served all along: the synthetic app it replaced
    // leaves no revision of its own in the metrics.
    const world = argo.sandbox.world;
    const servingNow = world.servingAt('payments-api', 'prod', Date.now());
    expect(servingNow?.stable).toMatch(/^\w{10}$/);
    expect(
      world.servingAt('payments-api', 'prod', Date.now() - 30 * 60_000),
    ).toEqual(servingNow);

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
