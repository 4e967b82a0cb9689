import {
  startTestDeployments,
  TestDeployments,
} from './__testUtils__/testDeployments';

const LENA = 'user:default/lena.fischer';
const NOAH = 'user:default/noah.williams';
const PAYMENTS = '/entities/default/component/payments-api';

/*
 * The deployment records over the Argo CD simulator: the sweep records what
 * the bound applications deployed, the routes serve the DORA metrics and
 * the timeline, and a rollback in prod shows as a failure of the build it
 * replaced.
 */
describe('deployment records, DORA and the release timeline', () => {
  let t: TestDeployments;

  beforeEach(async () => {
    t = await startTestDeployments();
  });

  afterEach(async () => {
    await t.close();
  });

  it('sweeps the bound applications into records, then only what changed', async () => {
    const first = await t.services.recorder.sweep();
    // payments-api, ledger-service, storefront-web (no-such-app has none)
    expect(first.observed).toBe(3);
    expect(first.changed).toBeGreaterThan(0);
    const again = await t.services.recorder.sweep();
    expect(again).toEqual({ observed: 0, changed: 0 });
  });

  it('counts a prod rollback as a failed change restored when the rollback is healthy', async () => {
    const prod = await t.api('GET', PAYMENTS);
    const history = prod.body.environments.find(
      (e: any) => e.environment === 'prod',
    ).history;
    const before = await t.api('GET', `${PAYMENTS}/dora?days=90`, {
      user: LENA,
    });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ days: 90, failures: 0 });
    const deployments = before.body.deployments;
    expect(deployments).toBeGreaterThan(0);

    const earlier = history.find((h: any) => !h.current);
    const rollback = await t.api(
      'POST',
      `${PAYMENTS}/environments/prod/rollback`,
      { user: NOAH, body: { id: earlier.id, reason: 'bad release' } },
    );
    expect(rollback.status).toBe(200);
    for (let i = 0; i < 10; i++) await t.tick(2, 'argocd-eu');

    const after = await t.api('GET', `${PAYMENTS}/dora?days=90`, {
      user: LENA,
    });
    expect(after.body).toMatchObject({
      // the rollback redeploys an old revision: not a deployment
      deployments,
      failures: 1,
      unrestored: 0,
      changeFailureRate: Math.round((1 / deployments) * 10000) / 10000,
    });
    expect(after.body.timeToRestoreSeconds).toBeGreaterThanOrEqual(0);

    const timeline = await t.api('GET', `${PAYMENTS}/releases`, { user: LENA });
    expect(timeline.status).toBe(200);
    const stops = timeline.body.releases.flatMap((r: any) =>
      r.stops.map((s: any) => ({ ...s, imageTag: r.imageTag })),
    );
    expect(
      stops.filter(
        (s: any) => s.environment === 'prod' && s.outcome === 'rolled-back',
      ),
    ).toEqual([
      expect.objectContaining({
        endedBy: NOAH,
        endReason: expect.stringMatching(
          /^Rolled back to [0-9a-f]{7}: bad release$/,
        ),
      }),
    ]);
  });

  it('refuses a window it does not offer and entities the catalog does not have', async () => {
    const bad = await t.api('GET', `${PAYMENTS}/dora?days=5`, { user: LENA });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('must be one of 7, 30, 90');
    const missing = await t.api(
      'GET',
      '/entities/default/component/nope/releases',
      { user: LENA },
    );
    expect(missing.status).toBe(404);
    const team = await t.api('GET', '/entities/default/group/nobody/dora', {
      user: LENA,
    });
    expect(team.status).toBe(404);
  });
});
