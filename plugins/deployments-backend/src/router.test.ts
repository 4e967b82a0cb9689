import {
  startTestDeployments,
  TestDeployments,
} from './__testUtils__/testDeployments';

const LENA = 'user:default/lena.fischer'; // owns payments-api (group payments)
const SARA = 'user:default/sara.kim'; // storefront, not an owner of payments-api
const NOAH = 'user:default/noah.williams'; // SRE: production actions

const PAYMENTS = '/entities/default/component/payments-api';
const env = (e: string) => `${PAYMENTS}/environments/${e}`;

describe('deployments API against the Argo CD simulator', () => {
  let t: TestDeployments;

  beforeEach(async () => {
    t = await startTestDeployments();
  });

  afterEach(async () => {
    await t.close();
  });

  /** The application as Argo CD has it now. */
  async function argoApp(name: string, instance = 'argocd') {
    const res = await t.sandboxCall(
      'GET',
      `/${instance}/api/v1/applications/${name}`,
    );
    return res.body;
  }

  async function history(environment: string) {
    const res = await t.api('GET', PAYMENTS);
    return res.body.environments.find((e: any) => e.environment === environment)
      .history as Array<{ id: number; revision: string; current: boolean }>;
  }

  describe('GET /matrix', () => {
    it('joins catalog entities to Argo CD applications with one list call per instance', async () => {
      await t.sandboxCall('DELETE', '/admin/calls');
      const res = await t.api('GET', '/matrix');
      expect(res.status).toBe(200);
      expect(res.body.environments.map((e: any) => [e.name, e.status])).toEqual(
        [
          ['dev', 'ok'],
          ['staging', 'ok'],
          ['prod', 'ok'],
        ],
      );
      expect(res.body.rows.map((r: any) => r.name)).toEqual([
        'ledger-service',
        'no-such-app',
        'payments-api',
        'storefront-web',
      ]);
      const calls = (await t.sandboxCall('GET', '/admin/calls')).body;
      expect(calls.argocd).toEqual({ 'GET /api/v1/applications': 1 });
      expect(calls['argocd-eu']).toEqual({ 'GET /api/v1/applications': 1 });

      const payments = res.body.rows.find(
        (r: any) => r.name === 'payments-api',
      );
      expect(payments.owner).toBe('group:default/payments');
      const prod = payments.deployments.prod;
      const live = await argoApp('payments-api-prod', 'argocd-eu');
      expect(prod).toMatchObject({
        state: 'deployed',
        instance: 'argocd-eu',
        application: 'payments-api-prod',
        revision: live.status.history[live.status.history.length - 1].revision,
        sync: 'Synced',
        health: 'Healthy',
        autoSync: true,
        rolledBack: false,
      });
      expect(prod.imageTag).toMatch(/^1\.\d+\.0$/);
      expect(prod.argocdUrl).toMatch(
        /\/argocd-eu\/applications\/argocd\/payments-api-prod$/,
      );
      // Joined by backstage.io/kubernetes-id too.
      const storefront = res.body.rows.find(
        (r: any) => r.name === 'storefront-web',
      );
      expect(storefront.deployments.dev.application).toBe('storefront-web-dev');
      // An entity whose selector matches nothing is "missing", not an error.
      const none = res.body.rows.find((r: any) => r.name === 'no-such-app');
      expect(none.deployments.dev.state).toBe('missing');
    });

    it('filters, searches, sorts and pages on the server', async () => {
      const owner = await t.api('GET', '/matrix?owner=payments');
      expect(owner.body.rows.map((r: any) => r.name)).toEqual([
        'ledger-service',
        'payments-api',
      ]);
      expect(owner.body.facets.owners).toEqual([
        'group:default/payments',
        'group:default/storefront',
      ]);

      const search = await t.api('GET', '/matrix?search=STORE');
      expect(search.body.rows.map((r: any) => r.name)).toEqual([
        'no-such-app', // its system is storefront
        'storefront-web',
      ]);

      const envs = await t.api(
        'GET',
        '/matrix?environment=prod&sort=name&order=desc',
      );
      expect(envs.body.environments.map((e: any) => e.name)).toEqual(['prod']);
      expect(envs.body.rows.map((r: any) => r.name)).toEqual([
        'storefront-web',
        'payments-api',
        'ledger-service',
      ]);
      expect(Object.keys(envs.body.rows[0].deployments)).toEqual(['prod']);

      const page = await t.api('GET', '/matrix?limit=2&offset=2');
      expect(page.body).toMatchObject({ total: 4, offset: 2, limit: 2 });
      expect(page.body.rows.map((r: any) => r.name)).toEqual([
        'payments-api',
        'storefront-web',
      ]);

      const healthy = await t.api('GET', '/matrix?health=Degraded');
      expect(healthy.body.total).toBe(0);
    });

    it('answers 400 for invalid queries', async () => {
      for (const query of [
        'limit=0',
        'limit=abc',
        'health=Sick',
        'sort=age',
        'unknown=1',
      ]) {
        const res = await t.api('GET', `/matrix?${query}`);
        expect(res.status).toBe(400);
        expect(res.body.error.name).toBe('InputError');
      }
    });

    it('shows the environments of an instance that is down as unavailable; the rest works', async () => {
      await t.sandboxCall('PUT', '/admin/faults/argocd-eu', { status: 503 });
      const res = await t.api('GET', '/matrix');
      expect(res.status).toBe(200);
      const prodEnv = res.body.environments.find((e: any) => e.name === 'prod');
      expect(prodEnv.status).toBe('unavailable');
      expect(prodEnv.error).toMatch(/argocd-eu.*unavailable/);
      const payments = res.body.rows.find(
        (r: any) => r.name === 'payments-api',
      );
      expect(payments.deployments.prod.state).toBe('unavailable');
      expect(payments.deployments.staging.state).toBe('deployed');

      const entity = await t.api('GET', PAYMENTS);
      expect(entity.status).toBe(200);
      const byEnv = Object.fromEntries(
        entity.body.environments.map((e: any) => [e.environment, e]),
      );
      expect(byEnv.prod.state).toBe('unavailable');
      expect(byEnv.dev.rollout.steps).toHaveLength(5);

      const rollback = await t.api('POST', `${env('prod')}/rollback`, {
        user: NOAH,
        body: { id: 0, reason: 'bad release' },
      });
      expect(rollback.status).toBe(503);
      expect(rollback.body.error.message).toMatch(/argocd-eu/);
    });
  });

  describe('GET /entities/:namespace/:kind/:name', () => {
    it('gives each environment its history, rollout steps, weights and analysis', async () => {
      const res = await t.api('GET', PAYMENTS);
      expect(res.status).toBe(200);
      const prod = res.body.environments.find(
        (e: any) => e.environment === 'prod',
      );
      expect(prod.production).toBe(true);
      expect(prod.history[0].current).toBe(true);
      expect(prod.history[0].author).toMatch(/release-bot/);
      expect(prod.history[0].message).toMatch(/Release payments-api 1\.\d\.0/);
      expect(prod.rollout).toMatchObject({
        name: 'payments-api',
        health: 'Healthy',
        aborted: false,
        paused: false,
        weights: { stable: 100, canary: 0 },
      });
      expect(prod.rollout.steps.map((s: any) => s.kind)).toEqual([
        'setWeight',
        'pause',
        'analysis',
        'setWeight',
        'pause',
      ]);
      // Prod's first pause waits for a person (no duration).
      expect(prod.rollout.steps[1].pauseSeconds).toBeUndefined();
      expect(prod.rollout.analysisRuns[0].phase).toBe('Successful');
      expect(prod.rollout.analysisRuns[0].metrics.length).toBeGreaterThan(0);
    });

    it('answers 404 for an entity without deployments', async () => {
      const res = await t.api('GET', '/entities/default/component/nope');
      expect(res.status).toBe(404);
    });
  });

  describe('rollback', () => {
    it('previews, suspends auto-sync, rolls back and audits, for an owner', async () => {
      const entries = await history('staging');
      const [current, previous] = entries;

      const preview = await t.api(
        'POST',
        `${env('staging')}/rollback/preview`,
        {
          body: { id: previous.id },
        },
      );
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({
        application: 'payments-api-staging',
        from: { revision: current.revision, historyId: current.id },
        to: { revision: previous.revision, historyId: previous.id },
        suspendsAutoSync: true,
        dryRun: 'passed',
      });
      expect(preview.body.from.image).not.toEqual(preview.body.to.image);
      expect(preview.body.to.image).toMatch(/payments-api:1\.\d\.0$/);

      const res = await t.api('POST', `${env('staging')}/rollback`, {
        body: { id: previous.id, reason: 'checkout errors after 1.5.0' },
      });
      expect(res.status).toBe(200);
      expect(res.body.message).toMatch(/auto-sync suspended/);
      expect(res.body.deployment.autoSync).toBe(false);

      await t.tick();
      const app = await argoApp('payments-api-staging');
      expect(app.spec.syncPolicy.automated).toBeUndefined();
      const last = app.status.history[app.status.history.length - 1];
      expect(last.revision).toBe(previous.revision);
      expect(app.status.health.status).toBe('Healthy');

      const matrix = await t.api('GET', '/matrix?search=payments-api');
      const staging = matrix.body.rows[0].deployments.staging;
      expect(staging).toMatchObject({
        revision: previous.revision,
        autoSync: false,
        rolledBack: true,
        sync: 'OutOfSync',
        autoSyncSuspension: {
          by: LENA,
          reason: 'checkout errors after 1.5.0',
        },
      });

      const event = t.audit.find(e => e.eventId === 'deployment-rollback');
      expect(event).toMatchObject({
        outcome: 'success',
        severityLevel: 'medium',
        meta: {
          actor: LENA,
          entityRef: 'component:default/payments-api',
          environment: 'staging',
          application: 'payments-api-staging',
          reason: 'checkout errors after 1.5.0',
          historyId: previous.id,
          before: { revision: current.revision, autoSync: true },
          after: { autoSync: false, operation: 'requested' },
        },
      });
      expect(t.authorizations).toContainEqual({
        permission: 'deployments.rollback',
        user: LENA,
        resourceRef: 'component:default/payments-api',
      });

      // Resume auto-sync: Argo CD deploys the branch head again.
      const resume = await t.api('POST', `${env('staging')}/auto-sync/resume`, {
        body: { reason: 'fix merged' },
      });
      expect(resume.status).toBe(200);
      expect(
        (await argoApp('payments-api-staging')).spec.syncPolicy.automated,
      ).toEqual({ prune: true, selfHeal: true });
      const again = await t.api('POST', `${env('staging')}/auto-sync/resume`, {
        body: {},
      });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toMatch(/already on/);
    });

    it('does not resume the sync of an app held for its infrastructure, and says it waits', async () => {
      const patched = await t.sandboxCall(
        'PATCH',
        '/argocd/api/v1/applications/payments-api-staging',
        {
          name: 'payments-api-staging',
          patchType: 'merge',
          patch: JSON.stringify({
            metadata: {
              annotations: {
                'portal.acme.example/sync-held': 'infrastructure',
              },
            },
            spec: { syncPolicy: { automated: null } },
          }),
        },
      );
      expect(patched.status).toBe(200);
      const view = await t.api('GET', PAYMENTS);
      expect(
        view.body.environments.find((e: any) => e.environment === 'staging'),
      ).toMatchObject({ autoSync: false, syncHeld: 'infrastructure' });

      const resume = await t.api('POST', `${env('staging')}/auto-sync/resume`, {
        body: { reason: 'impatient' },
      });
      expect(resume.status).toBe(409);
      expect(resume.body.error.message).toMatch(
        /payments-api-staging waits for its infrastructure/,
      );
      expect(
        (await argoApp('payments-api-staging')).spec.syncPolicy.automated,
      ).toBeUndefined();
    });

    it('refuses a user who does not own the service (403), audited, nothing changed', async () => {
      const [, previous] = await history('staging');
      const res = await t.api('POST', `${env('staging')}/rollback`, {
        user: SARA,
        body: { id: previous.id, reason: 'not mine' },
      });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/only its owners/);
      expect(
        (await argoApp('payments-api-staging')).spec.syncPolicy.automated,
      ).toBeDefined();
      expect(t.audit).toEqual([
        expect.objectContaining({
          eventId: 'deployment-rollback',
          outcome: 'fail',
          meta: expect.objectContaining({ actor: SARA, reason: 'not mine' }),
        }),
      ]);
      const preview = await t.api(
        'POST',
        `${env('staging')}/rollback/preview`,
        {
          user: SARA,
          body: { id: previous.id },
        },
      );
      expect(preview.status).toBe(403);
    });

    it('needs the production permission in prod: owners are refused, SRE may', async () => {
      const [, previous] = await history('prod');
      const owner = await t.api('POST', `${env('prod')}/rollback`, {
        user: LENA,
        body: { id: previous.id, reason: 'bad' },
      });
      expect(owner.status).toBe(403);
      expect(owner.body.error.message).toMatch(
        /deployments\.rollback\.production/,
      );

      const sre = await t.api('POST', `${env('prod')}/rollback`, {
        user: NOAH,
        body: { id: previous.id, reason: 'bad release' },
      });
      expect(sre.status).toBe(200);
      const event = t.audit.find(e => e.outcome === 'success');
      expect(event?.severityLevel).toBe('high');
    });

    it('validates input (400) and refuses what the state does not allow (409)', async () => {
      const entries = await history('staging');
      const noReason = await t.api('POST', `${env('staging')}/rollback`, {
        body: { id: entries[1].id, reason: ' ' },
      });
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.message).toMatch(/reason is required/);

      const badId = await t.api('POST', `${env('staging')}/rollback`, {
        body: { id: 99, reason: 'typo' },
      });
      expect(badId.status).toBe(400);
      expect(badId.body.error.message).toMatch(
        /History entry 99 does not exist/,
      );

      const current = await t.api('POST', `${env('staging')}/rollback`, {
        body: { id: entries[0].id, reason: 'same' },
      });
      expect(current.status).toBe(409);
      expect(current.body.error.message).toMatch(/Nothing to roll back to/);

      const unknownEnv = await t.api(
        'POST',
        `${PAYMENTS}/environments/qa/rollback`,
        {
          body: { id: 1, reason: 'x y z' },
        },
      );
      expect(unknownEnv.status).toBe(400);

      // A release starts a sync on the next tick: an operation is running.
      await t.sandboxCall('POST', '/argocd/_sandbox/release', {
        service: 'payments-api',
        environment: 'staging',
      });
      await t.tick();
      const busy = await t.api('POST', `${env('staging')}/rollback`, {
        body: { id: entries[1].id, reason: 'during a sync' },
      });
      expect(busy.status).toBe(409);
      expect(busy.body.error.message).toMatch(/another operation is running/);
      expect(
        (await argoApp('payments-api-staging')).spec.syncPolicy.automated,
      ).toBeDefined();
    });
  });

  describe('a failure half-way through a rollback', () => {
    /** Fails every call matching `pattern` with a 500 from "Argo CD". */
    function failing(pattern: RegExp): typeof fetch {
      return async (input, init) => {
        if (pattern.test(`${init?.method ?? 'GET'} ${String(input)}`)) {
          return new Response(
            JSON.stringify({ code: 13, message: 'etcdserver: leader changed' }),
            { status: 500 },
          );
        }
        return fetch(input, init);
      };
    }

    it('turns auto-sync back on and says the app is unchanged', async () => {
      await t.close();
      t = await startTestDeployments({ fetch: failing(/^POST .*\/rollback$/) });
      const [current, previous] = await history('staging');
      const res = await t.api('POST', `${env('staging')}/rollback`, {
        body: { id: previous.id, reason: 'bad release' },
      });
      expect(res.status).toBe(503);
      expect(res.body.error.message).toMatch(
        new RegExp(
          `Rollback of payments-api-staging failed: .*Auto-sync was turned back on; payments-api-staging is unchanged at ${current.revision.slice(
            0,
            7,
          )}`,
        ),
      );
      const app = await argoApp('payments-api-staging');
      expect(app.spec.syncPolicy.automated).toEqual({
        prune: true,
        selfHeal: true,
      });
      expect(
        app.metadata.annotations?.[
          'deployments.backstage.io/auto-sync-suspended'
        ],
      ).toBeUndefined();
      expect(t.audit[0]).toMatchObject({ outcome: 'fail' });
    });

    it('says auto-sync is left suspended when turning it back on fails too', async () => {
      await t.close();
      let patches = 0;
      const inner = failing(/^POST .*\/rollback$/);
      t = await startTestDeployments({
        fetch: async (input, init) => {
          if (init?.method === 'PATCH' && ++patches > 1) {
            return new Response('{"message":"unavailable"}', { status: 503 });
          }
          return inner(input, init);
        },
      });
      const [, previous] = await history('staging');
      const res = await t.api('POST', `${env('staging')}/rollback`, {
        body: { id: previous.id, reason: 'bad release' },
      });
      expect(res.status).toBe(503);
      expect(res.body.error.message).toMatch(/auto-sync is SUSPENDED/);
      expect(
        (await argoApp('payments-api-staging')).spec.syncPolicy.automated,
      ).toBeUndefined();
    });
  });

  describe('canary actions', () => {
    /** Releases to staging and moves the world until the canary pauses. */
    async function pausedCanary() {
      await t.sandboxCall('POST', '/argocd/_sandbox/release', {
        service: 'payments-api',
        environment: 'staging',
      });
      await t.tick(3);
      const res = await t.api('GET', PAYMENTS);
      const staging = res.body.environments.find(
        (e: any) => e.environment === 'staging',
      );
      expect(staging.rollout.paused).toBe(true);
      expect(staging.rollout.pauseReasons).toEqual(['CanaryPauseStep']);
      expect(staging.rollout.weights).toEqual({ stable: 90, canary: 10 });
      expect(staging.rollout.availableActions).toContain('promote');
      return staging;
    }

    it('promotes a paused canary to its next step for an owner', async () => {
      await pausedCanary();
      const res = await t.api('POST', `${env('staging')}/rollout/promote`, {
        body: { reason: 'looks good' },
      });
      expect(res.status).toBe(200);
      expect(res.body.message).toMatch(/next step/);
      const after = await t.api('GET', PAYMENTS);
      const staging = after.body.environments.find(
        (e: any) => e.environment === 'staging',
      );
      expect(staging.rollout.paused).toBe(false);
      expect(t.audit[0]).toMatchObject({
        eventId: 'deployment-promote',
        outcome: 'success',
        meta: { reason: 'looks good', actor: LENA },
      });
    });

    it('aborts, then retries, and refuses a promote that is not possible', async () => {
      await pausedCanary();
      const abort = await t.api('POST', `${env('staging')}/rollout/abort`, {
        body: {},
      });
      expect(abort.status).toBe(200);
      await t.tick();
      const res = await t.api('GET', PAYMENTS);
      const staging = res.body.environments.find(
        (e: any) => e.environment === 'staging',
      );
      expect(staging.rollout.aborted).toBe(true);
      expect(staging.rollout.weights.canary).toBe(0);
      expect(staging.health).toBe('Degraded');

      const promote = await t.api('POST', `${env('staging')}/rollout/promote`, {
        body: {},
      });
      expect(promote.status).toBe(409);
      expect(promote.body.error.message).toMatch(/Cannot promote/);

      const retry = await t.api('POST', `${env('staging')}/rollout/retry`, {
        body: {},
      });
      expect(retry.status).toBe(200);
    });

    it('refuses canary actions to non-owners (403) and unknown actions (400)', async () => {
      await pausedCanary();
      for (const action of ['promote', 'promote-full', 'abort', 'retry']) {
        const res = await t.api('POST', `${env('staging')}/rollout/${action}`, {
          user: SARA,
          body: {},
        });
        expect(res.status).toBe(403);
      }
      const resume = await t.api('POST', `${env('staging')}/auto-sync/resume`, {
        user: SARA,
        body: {},
      });
      expect(resume.status).toBe(403);
      const unknown = await t.api('POST', `${env('staging')}/rollout/explode`, {
        body: {},
      });
      expect(unknown.status).toBe(400);
    });

    it('refuses canary actions in prod to owners; SRE may promote fully', async () => {
      await t.sandboxCall('POST', '/argocd-eu/_sandbox/release', {
        service: 'payments-api',
        environment: 'prod',
      });
      await t.tick(3, 'argocd-eu');
      const owner = await t.api('POST', `${env('prod')}/rollout/promote-full`, {
        user: LENA,
        body: {},
      });
      expect(owner.status).toBe(403);
      const sre = await t.api('POST', `${env('prod')}/rollout/promote-full`, {
        user: NOAH,
        body: { reason: 'hotfix' },
      });
      expect(sre.status).toBe(200);
    });
  });

  describe('promotion', () => {
    it('answers the lane in the order of the deployments config', async () => {
      const res = await t.api('GET', `${PAYMENTS}/promotion`);
      expect(res.status).toBe(200);
      expect(res.body.environments.map((e: any) => e.name)).toEqual([
        'dev',
        'staging',
        'prod',
      ]);
      expect(res.body.environments[0].imageTag).toMatch(/^1\.\d+\.0$/);
      expect(res.body.steps.map((s: any) => [s.from, s.to])).toEqual([
        ['dev', 'staging'],
        ['staging', 'prod'],
      ]);
    });

    it('validates the body (400) and refuses non-owners (403), audited', async () => {
      const missing = await t.api('POST', `${env('staging')}/promotion`, {
        user: LENA,
        body: {},
      });
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toMatch(/reason/);
      const extra = await t.api('POST', `${env('staging')}/promotion`, {
        user: LENA,
        body: { reason: 'ship it', imageTag: '9.9.9' },
      });
      expect(extra.status).toBe(400);
      const denied = await t.api('POST', `${env('staging')}/promotion`, {
        user: SARA,
        body: { reason: 'ship it' },
      });
      expect(denied.status).toBe(403);
      expect(t.audit.at(-1)).toMatchObject({
        eventId: 'deployment-release-promote',
        outcome: 'fail',
      });
      const prod = await t.api('POST', `${env('prod')}/promotion/preview`, {
        user: LENA,
        body: {},
      });
      expect(prod.status).toBe(200);
      // Production goes by pull request: lena may open it, not merge it.
      expect(prod.body).toMatchObject({
        from: 'staging',
        to: 'prod',
        allowed: true,
        viaPullRequest: true,
        canMerge: false,
      });
      const merge = await t.api('POST', `${env('prod')}/promotion/merge`, {
        user: LENA,
        body: { reason: 'ship it' },
      });
      expect(merge.status).toBe(403);
      expect(merge.body.error.message).toMatch(
        /^You may not merge the promotion of component:default\/payments-api to prod/,
      );
      const badMerge = await t.api('POST', `${env('prod')}/promotion/merge`, {
        user: LENA,
        body: { reason: 'ship it', number: 'one' },
      });
      expect(badMerge.status).toBe(400);
    });
  });

  it('serves an expired list while the next one loads, then the new one', async () => {
    await t.close();
    t = await startTestDeployments({ cacheTtlSeconds: 1 });
    const first = await t.api('GET', '/matrix');
    await new Promise(resolve => setTimeout(resolve, 1_100));
    await t.sandboxCall('DELETE', '/admin/calls');
    const stale = await t.api('GET', '/matrix');
    expect(stale.body.refreshedAt).toBe(first.body.refreshedAt);
    // Polled, not one fixed wait: on a busy machine the next list takes
    // longer, and a fixed wait could outlast its TTL and load a third.
    let fresh = stale;
    for (
      let i = 0;
      i < 100 && fresh.body.refreshedAt === first.body.refreshedAt;
      i++
    ) {
      await new Promise(resolve => setTimeout(resolve, 20));
      fresh = await t.api('GET', '/matrix');
    }
    expect(fresh.body.refreshedAt > first.body.refreshedAt).toBe(true);
    const calls = (await t.sandboxCall('GET', '/admin/calls')).body;
    expect(calls.argocd).toEqual({ 'GET /api/v1/applications': 1 });
  });

  it('reuses one list per instance while the cache is fresh', async () => {
    await t.close();
    t = await startTestDeployments({ cacheTtlSeconds: 60 });
    await t.sandboxCall('DELETE', '/admin/calls');
    await Promise.all([
      t.api('GET', '/matrix'),
      t.api('GET', '/matrix?owner=payments'),
    ]);
    await t.api('GET', '/matrix?sort=health');
    const calls = (await t.sandboxCall('GET', '/admin/calls')).body;
    expect(calls.argocd).toEqual({ 'GET /api/v1/applications': 1 });
    expect(calls['argocd-eu']).toEqual({ 'GET /api/v1/applications': 1 });
  });
});
