import { Sandbox, startSandbox } from '../../server';
import { argocdSimulator } from './argocdSimulator';
import { ArgoCDTestSandbox, startArgoCDTestSandbox } from './argocdTestSandbox';

const APPS = '/argocd/api/v1/applications';
const rolloutQuery = (service: string) =>
  `group=argoproj.io&kind=Rollout&version=v1alpha1&namespace=${service}&resourceName=${service}`;

describe('argocdSimulator', () => {
  let t: ArgoCDTestSandbox;

  beforeAll(async () => {
    t = await startArgoCDTestSandbox();
  });

  afterAll(() => t.close());

  beforeEach(async () => {
    await t.call('POST', '/admin/reset');
  });

  const app = async (name: string) =>
    (await t.call('GET', `${APPS}/${name}`)).body;
  const rollout = async (name: string, service: string) =>
    JSON.parse(
      (await t.call('GET', `${APPS}/${name}/resource?${rolloutQuery(service)}`))
        .body.manifest,
    );
  const disableAutoSync = (name: string) =>
    t.call('PATCH', `${APPS}/${name}`, {
      patch: JSON.stringify({ spec: { syncPolicy: { automated: null } } }),
      patchType: 'merge',
    });

  describe('authentication', () => {
    it('answers 401 without a token, as Argo CD does', async () => {
      expect(await t.call('GET', APPS, undefined, { auth: false })).toEqual({
        status: 401,
        body: {
          error: 'no session information',
          code: 16,
          message: 'no session information',
        },
      });
    });

    it('answers 401 for an unknown token', async () => {
      const res = await fetch(`${t.baseUrl}/api/v1/applications`, {
        headers: { authorization: 'Bearer forged' },
      });
      expect(res.status).toBe(401);
      expect((await res.json()).message).toMatch(/^invalid session/);
    });

    it('logs admin in with a session token that works as a bearer token and as the UI cookie', async () => {
      const login = await t.call('POST', '/argocd/api/v1/session', {
        username: 'admin',
        password: 'sandbox',
      });
      expect(login.status).toBe(200);
      expect(login.body.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

      const bearer = await fetch(
        `${t.baseUrl}/api/v1/applications/cart-service-dev`,
        {
          headers: { authorization: `Bearer ${login.body.token}` },
        },
      );
      const cookie = await fetch(
        `${t.baseUrl}/api/v1/applications/cart-service-dev`,
        {
          headers: { cookie: `argocd.token=${login.body.token}` },
        },
      );
      expect([bearer.status, cookie.status]).toEqual([200, 200]);
    });

    it('refuses a wrong password and forgets sessions on reset', async () => {
      expect(
        await t.call('POST', '/argocd/api/v1/session', {
          username: 'admin',
          password: 'nope',
        }),
      ).toMatchObject({
        status: 401,
        body: { code: 16, message: 'Invalid username or password' },
      });

      const { token } = (
        await t.call('POST', '/argocd/api/v1/session', {
          username: 'admin',
          password: 'sandbox',
        })
      ).body;
      await t.call('POST', '/admin/reset');
      const res = await fetch(`${t.baseUrl}/api/v1/applications`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(401);
    });
  });

  describe('the world', () => {
    it('has one application per service and environment, sorted by name', async () => {
      const { body } = await t.call('GET', APPS);
      const world = (await t.call('GET', '/admin/world')).body;

      expect(body.items).toHaveLength(world.services.length * 3);
      const names = body.items.map((a: any) => a.metadata.name);
      expect(names).toEqual([...names].sort());
      expect(names).toEqual(
        expect.arrayContaining([
          'payments-api-dev',
          'payments-api-staging',
          'payments-api-prod',
        ]),
      );
    });

    it('describes each application as its GitOps setup would', async () => {
      const a = await app('payments-api-staging');

      expect(a.metadata).toMatchObject({
        name: 'payments-api-staging',
        namespace: 'argocd',
        labels: {
          'app.kubernetes.io/name': 'payments-api',
          environment: 'staging',
        },
      });
      expect(a.spec).toEqual({
        project: 'default',
        source: {
          repoURL: `${t.sandbox.url}/git/payments-api.git`,
          path: 'chart',
          targetRevision: 'main',
          helm: { valueFiles: ['values-staging.yaml'] },
        },
        destination: { name: 'staging', namespace: 'payments-api' },
        syncPolicy: expect.objectContaining({
          automated: { prune: true, selfHeal: true },
        }),
      });
      expect(a.status).toMatchObject({
        sync: { status: 'Synced' },
        health: { status: 'Healthy' },
        operationState: { phase: 'Succeeded' },
        sourceType: 'Helm',
      });
      const history = a.status.history;
      expect(history.length).toBeGreaterThanOrEqual(2);
      expect(history.map((h: any) => h.id)).toEqual(
        history.map((_: any, i: number) => i),
      );
      expect(history[history.length - 1].revision).toBe(a.status.sync.revision);
      for (const entry of history) {
        expect(entry.revision).toMatch(/^[0-9a-f]{40}$/);
        expect(Date.parse(entry.deployStartedAt)).toBeLessThan(
          Date.parse(entry.deployedAt),
        );
      }
      expect(a.status.summary.images).toEqual([
        expect.stringMatching(
          /^registry\.example\.com\/payments-api:1\.\d+\.0$/,
        ),
      ]);
    });

    it('keeps each environment one release behind the one before it', async () => {
      const tag = async (env: string) =>
        Number(
          /:1\.(\d+)\.0$/.exec(
            (await app(`ledger-service-${env}`)).status.summary.images[0],
          )![1],
        );

      const [dev, staging, prod] = [
        await tag('dev'),
        await tag('staging'),
        await tag('prod'),
      ];
      expect([staging, prod]).toEqual([dev - 1, dev - 2]);
    });

    it('lists managed resources without health, as Argo CD >= 3.0 does, and get fills it in', async () => {
      const listed = (
        await t.call(
          'GET',
          `${APPS}?selector=app.kubernetes.io/name=payments-api`,
        )
      ).body.items[0];
      const got = await app(listed.metadata.name);

      expect(listed.status.resourceHealthSource).toBe('appTree');
      expect(listed.status.resources.map((r: any) => r.health)).toEqual(
        listed.status.resources.map(() => undefined),
      );
      expect(got.status.resources).toContainEqual({
        group: 'argoproj.io',
        version: 'v1alpha1',
        kind: 'Rollout',
        namespace: 'payments-api',
        name: 'payments-api',
        status: 'Synced',
        health: { status: 'Healthy' },
      });
      expect(got.status.resources).toContainEqual(
        expect.objectContaining({
          kind: 'Service',
          name: 'payments-api',
          health: { status: 'Healthy' },
        }),
      );
    });

    it('is the same after a reset: deterministic commits, hashes and history', async () => {
      const before = await app('fraud-detector-prod');
      const podHashBefore = (
        await rollout('fraud-detector-prod', 'fraud-detector')
      ).status.currentPodHash;
      await t.release({ service: 'fraud-detector', environment: 'prod' });
      await t.tick(3);
      await disableAutoSync('fraud-detector-prod');
      expect(
        (await rollout('fraud-detector-prod', 'fraud-detector')).status
          .currentPodHash,
      ).not.toBe(podHashBefore);

      await t.call('POST', '/admin/reset');
      const after = await app('fraud-detector-prod');
      expect(after.spec).toEqual(before.spec);
      expect(
        after.status.history.map((h: any) => [h.id, h.revision, h.initiatedBy]),
      ).toEqual(
        before.status.history.map((h: any) => [
          h.id,
          h.revision,
          h.initiatedBy,
        ]),
      );
      expect(
        (await rollout('fraud-detector-prod', 'fraud-detector')).status
          .currentPodHash,
      ).toBe(podHashBefore);
    });

    it('adds the applications of seeded services and drops them on reset', async () => {
      await t.call('POST', '/admin/seed', { services: 4 });

      const seeded = (
        await t.call('GET', `${APPS}?selector=app.kubernetes.io/name=svc-0004`)
      ).body.items;
      expect(seeded.map((a: any) => a.metadata.name)).toEqual([
        'svc-0004-dev',
        'svc-0004-prod',
        'svc-0004-staging',
      ]);

      await t.call('POST', '/admin/reset');
      expect((await t.call('GET', `${APPS}/svc-0004-dev`)).status).toBe(403);
    });
  });

  describe('label selectors and filters', () => {
    it.each([
      [
        'app.kubernetes.io/name=cart-service',
        ['cart-service-dev', 'cart-service-prod', 'cart-service-staging'],
      ],
      [
        'app.kubernetes.io/name==cart-service,environment=prod',
        ['cart-service-prod'],
      ],
      [
        'app.kubernetes.io/name=cart-service,environment in (dev, staging)',
        ['cart-service-dev', 'cart-service-staging'],
      ],
      [
        'app.kubernetes.io/name=cart-service,environment notin (dev)',
        ['cart-service-prod', 'cart-service-staging'],
      ],
      [
        'app.kubernetes.io/name=cart-service,environment!=prod',
        ['cart-service-dev', 'cart-service-staging'],
      ],
      [
        'app.kubernetes.io/name=cart-service,!nope',
        ['cart-service-dev', 'cart-service-prod', 'cart-service-staging'],
      ],
      ['app.kubernetes.io/name=cart-service,nope', []],
    ])('%s', async (selector, expected) => {
      const { body } = await t.call(
        'GET',
        `${APPS}?selector=${encodeURIComponent(selector)}`,
      );
      expect(body.items.map((a: any) => a.metadata.name)).toEqual(expected);
    });

    it('answers a malformed selector with a 500, as Argo CD does (a plain Go error)', async () => {
      const res = await t.call(
        'GET',
        `${APPS}?selector=${encodeURIComponent('environment in dev')}`,
      );
      expect(res).toMatchObject({ status: 500, body: { code: 2 } });
      expect(res.body.message).toMatch(/^error parsing the selector/);
    });

    it('filters by project and repo', async () => {
      const all = (await t.call('GET', APPS)).body.items.length;
      expect(
        (await t.call('GET', `${APPS}?projects=default&projects=other`)).body
          .items,
      ).toHaveLength(all);
      expect(
        (await t.call('GET', `${APPS}?projects=other`)).body.items,
      ).toHaveLength(0);
      const repo = encodeURIComponent(
        `${t.sandbox.url}/git/search-service.git`,
      );
      expect(
        (await t.call('GET', `${APPS}?repo=${repo}`)).body.items,
      ).toHaveLength(3);
    });
  });

  describe('missing applications', () => {
    it('answers 403 permission denied without a project, so existence does not leak', async () => {
      expect(await t.call('GET', `${APPS}/no-such-app`)).toEqual({
        status: 403,
        body: {
          error: 'permission denied',
          code: 7,
          message: 'permission denied',
        },
      });
      expect(
        (await t.call('POST', `${APPS}/no-such-app/rollback`, { id: 0 }))
          .status,
      ).toBe(403);
    });

    it('answers 404 with a project', async () => {
      expect(
        await t.call('GET', `${APPS}/no-such-app?project=default`),
      ).toMatchObject({
        status: 404,
        body: {
          code: 5,
          message: 'applications.argoproj.io "no-such-app" not found',
        },
      });
      // An app of another project looks missing too.
      expect(
        (await t.call('GET', `${APPS}/cart-service-dev?project=other`)).status,
      ).toBe(404);
    });
  });

  describe('a release', () => {
    it('is auto-synced, then its canary steps through weights, a pause and analysis to full', async () => {
      const { revision, image } = await t.release({
        service: 'cart-service',
        environment: 'dev',
      });
      const historyBefore = (await app('cart-service-dev')).status.history
        .length;

      await t.tick();
      let a = await app('cart-service-dev');
      expect(a.operation).toMatchObject({
        sync: { revision },
        initiatedBy: { automated: true },
      });
      expect(a.status).toMatchObject({
        sync: { status: 'OutOfSync', revision },
        operationState: { phase: 'Running' },
      });

      await t.tick();
      a = await app('cart-service-dev');
      expect(a.operation).toBeUndefined();
      expect(a.status.operationState).toMatchObject({
        phase: 'Succeeded',
        syncResult: { revision },
      });
      expect(a.status.sync.status).toBe('Synced');
      expect(a.status.history).toHaveLength(historyBefore + 1);
      expect(a.status.history[historyBefore]).toMatchObject({
        revision,
        initiatedBy: { automated: true },
      });
      let r = await rollout('cart-service-dev', 'cart-service');
      expect(r.status).toMatchObject({
        phase: 'Progressing',
        currentStepIndex: 1,
        canary: { weights: { canary: { weight: 10 }, stable: { weight: 90 } } },
      });
      expect(r.status.currentPodHash).not.toBe(r.status.stableRS);
      expect(r.spec.template.spec.containers[0].image).toBe(image);
      expect(a.status.health.status).toBe('Progressing');
      expect(a.status.summary.images).toHaveLength(2);

      await t.tick();
      r = await rollout('cart-service-dev', 'cart-service');
      expect(r.status).toMatchObject({
        phase: 'Paused',
        message: 'CanaryPauseStep',
        pauseConditions: [{ reason: 'CanaryPauseStep' }],
      });
      expect((await app('cart-service-dev')).status.health).toMatchObject({
        status: 'Suspended',
        message: 'Caused by argoproj.io/Rollout:cart-service/cart-service',
      });

      // 3 ticks of pause (30s); 1 to start the analysis and 3 measurements;
      // 1 for setWeight 50, 1 to pause, 3 of pause; 1 to promote fully.
      await t.tick(3);
      await t.tick(4);
      r = await rollout('cart-service-dev', 'cart-service');
      expect(r.status.canary.currentStepAnalysisRunStatus).toMatchObject({
        status: 'Successful',
      });
      await t.tick(5);
      expect(
        (await rollout('cart-service-dev', 'cart-service')).status.phase,
      ).toBe('Progressing');
      await t.tick();

      r = await rollout('cart-service-dev', 'cart-service');
      expect(r.status).toMatchObject({ phase: 'Healthy', currentStepIndex: 5 });
      expect(r.status.stableRS).toBe(r.status.currentPodHash);
      a = await app('cart-service-dev');
      expect(a.status.health.status).toBe('Healthy');
      expect(a.status.summary.images).toEqual([image]);
      expect(
        (await t.call('POST', '/argocd/_sandbox/tick', {})).body.moving,
      ).toBe(0);
    });

    it('marked bad fails its analysis and the Rollout aborts by itself', async () => {
      await t.release({
        service: 'cart-service',
        environment: 'dev',
        bad: true,
      });

      await t.tick(10);

      const r = await rollout('cart-service-dev', 'cart-service');
      expect(r.status).toMatchObject({
        phase: 'Degraded',
        abort: true,
        currentStepIndex: 0,
      });
      expect(r.status.message).toMatch(
        /^RolloutAborted: Rollout aborted update to revision \d+: Metric "success-rate" assessed Failed/,
      );
      expect(r.status.canary.weights.canary.weight).toBe(0);
      const a = await app('cart-service-dev');
      expect(a.status.health).toMatchObject({
        status: 'Degraded',
        message: 'Caused by argoproj.io/Rollout:cart-service/cart-service',
      });
      // Git still says the bad revision: the app is Synced, but Degraded.
      expect(a.status.sync.status).toBe('Synced');

      const tree = (
        await t.call('GET', `${APPS}/cart-service-dev/resource-tree`)
      ).body;
      const failed = tree.nodes.find(
        (n: any) => n.kind === 'AnalysisRun' && n.health.status === 'Degraded',
      );
      expect(failed.parentRefs).toEqual([
        expect.objectContaining({ kind: 'Rollout', name: 'cart-service' }),
      ]);
      const run = JSON.parse(
        (
          await t.call(
            'GET',
            `${APPS}/cart-service-dev/resource?group=argoproj.io&kind=AnalysisRun&version=v1alpha1&namespace=cart-service&resourceName=${failed.name}`,
          )
        ).body.manifest,
      );
      expect(run.status).toMatchObject({
        phase: 'Failed',
        metricResults: [{ name: 'success-rate', phase: 'Failed', failed: 1 }],
      });
    });

    it('in prod waits at the first pause until a person resumes it', async () => {
      await t.release({ service: 'cart-service', environment: 'prod' });
      await t.tick(20);

      let r = await rollout('cart-service-prod', 'cart-service');
      expect(r.spec.strategy.canary.steps[1]).toEqual({ pause: {} });
      expect(r.status).toMatchObject({ phase: 'Paused', currentStepIndex: 1 });

      expect(
        (
          await t.call(
            'POST',
            `${APPS}/cart-service-prod/resource/actions/v2`,
            {
              action: 'resume',
              group: 'argoproj.io',
              kind: 'Rollout',
              version: 'v1alpha1',
              namespace: 'cart-service',
              resourceName: 'cart-service',
            },
          )
        ).status,
      ).toBe(200);
      r = await rollout('cart-service-prod', 'cart-service');
      expect(r.status).toMatchObject({
        phase: 'Progressing',
        currentStepIndex: 2,
      });
      expect(r.status.pauseConditions).toBeUndefined();

      await t.tick(20);
      expect(
        (await rollout('cart-service-prod', 'cart-service')).status.phase,
      ).toBe('Healthy');
    });

    it('rejects an unknown service and a bad body', async () => {
      expect(
        await t.call('POST', '/argocd/_sandbox/release', {
          service: 'nope',
          environment: 'dev',
        }),
      ).toMatchObject({
        status: 404,
        body: { error: expect.stringMatching(/^no application nope-dev/) },
      });
      const res = await t.call('POST', '/argocd/_sandbox/release', {
        service: 'cart-service',
        environment: 'qa',
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/^environment: /);
    });
  });

  describe('rollback', () => {
    it('is refused while auto-sync is enabled', async () => {
      expect(
        await t.call('POST', `${APPS}/cart-service-dev/rollback`, { id: 0 }),
      ).toEqual({
        status: 400,
        body: {
          error: 'rollback cannot be initiated when auto-sync is enabled',
          code: 9,
          message: 'rollback cannot be initiated when auto-sync is enabled',
        },
      });
    });

    it('is refused for an unknown history id', async () => {
      await disableAutoSync('cart-service-dev');
      expect(
        await t.call('POST', `${APPS}/cart-service-dev/rollback`, { id: 99 }),
      ).toMatchObject({
        status: 400,
        body: {
          code: 3,
          message:
            'application argocd/cart-service-dev does not have deployment with id 99',
        },
      });
    });

    it('after a bad release: a new history entry, the old image back at once, OutOfSync with git', async () => {
      await t.release({
        service: 'cart-service',
        environment: 'dev',
        bad: true,
      });
      await t.tick(10);
      const before = await app('cart-service-dev');
      const previous = before.status.history[before.status.history.length - 2];

      expect(
        (await disableAutoSync('cart-service-dev')).body.spec.syncPolicy
          .automated,
      ).toBeUndefined();
      const started = await t.call(
        'POST',
        `${APPS}/cart-service-dev/rollback`,
        { id: previous.id },
      );
      expect(started.status).toBe(200);
      expect(started.body.operation).toMatchObject({
        sync: { revision: previous.revision, syncStrategy: { apply: {} } },
        initiatedBy: { username: 'backstage' },
      });
      await t.tick();

      const after = await app('cart-service-dev');
      const last = after.status.history[after.status.history.length - 1];
      expect(last).toMatchObject({
        id: before.status.history[before.status.history.length - 1].id + 1,
        revision: previous.revision,
        initiatedBy: { username: 'backstage' },
      });
      expect(after.status.health.status).toBe('Healthy');
      expect(after.status.sync.status).toBe('OutOfSync');
      const r = await rollout('cart-service-dev', 'cart-service');
      expect(r.status.phase).toBe('Healthy');
      expect(r.status.abort).toBeUndefined();
      expect(r.status.stableRS).toBe(r.status.currentPodHash);

      // Turning auto-sync back on deploys git's (bad) head again: the fix
      // belongs in git.
      await t.call('PATCH', `${APPS}/cart-service-dev`, {
        patch: JSON.stringify([
          {
            op: 'add',
            path: '/spec/syncPolicy/automated',
            value: { selfHeal: true },
          },
        ]),
        patchType: 'json',
      });
      await t.tick(2);
      expect(
        (await app('cart-service-dev')).status.operationState.syncResult
          .revision,
      ).toBe(before.status.sync.revision);
    });

    it('honours automated.enabled: false (Argo CD >= 3.1)', async () => {
      await t.call('PATCH', `${APPS}/cart-service-dev`, {
        patch: JSON.stringify({
          spec: { syncPolicy: { automated: { enabled: false } } },
        }),
        patchType: 'merge',
      });
      expect(
        (await t.call('POST', `${APPS}/cart-service-dev/rollback`, { id: 0 }))
          .status,
      ).toBe(200);
    });
  });

  describe('operations', () => {
    it('refuses a second operation while one runs, and terminates the running one', async () => {
      await disableAutoSync('search-service-staging');
      expect(
        (await t.call('POST', `${APPS}/search-service-staging/sync`, {}))
          .status,
      ).toBe(200);

      const busy = {
        status: 400,
        body: expect.objectContaining({
          code: 9,
          message: 'another operation is already in progress',
        }),
      };
      expect(
        await t.call('POST', `${APPS}/search-service-staging/sync`, {}),
      ).toMatchObject(busy);
      expect(
        await t.call('POST', `${APPS}/search-service-staging/rollback`, {
          id: 0,
        }),
      ).toMatchObject(busy);

      expect(
        (await t.call('DELETE', `${APPS}/search-service-staging/operation`))
          .status,
      ).toBe(200);
      await t.tick();
      const a = await app('search-service-staging');
      expect(a.operation).toBeUndefined();
      expect(a.status.operationState).toMatchObject({
        phase: 'Failed',
        message: 'Operation terminated',
      });
      expect(
        await t.call('DELETE', `${APPS}/search-service-staging/operation`),
      ).toMatchObject({
        status: 400,
        body: {
          message: 'Unable to terminate operation. No operation is in progress',
        },
      });
    });

    it('refuses to sync another revision while auto-sync is on', async () => {
      const res = await t.call('POST', `${APPS}/search-service-dev/sync`, {
        revision: 'abcdef1234567',
      });
      expect(res).toMatchObject({
        status: 400,
        body: {
          code: 9,
          message:
            'Cannot sync to abcdef1234567: auto-sync currently set to main',
        },
      });
    });

    it('records no history for a dry run', async () => {
      await disableAutoSync('search-service-dev');
      const before = (await app('search-service-dev')).status.history;
      await t.call('POST', `${APPS}/search-service-dev/sync`, { dryRun: true });
      await t.tick();
      expect((await app('search-service-dev')).status.history).toEqual(before);
    });
  });

  describe('resource actions', () => {
    const runV1 = (name: string, service: string, action: string) =>
      fetch(
        `${
          t.baseUrl
        }/api/v1/applications/${name}/resource/actions?${rolloutQuery(
          service,
        )}`,
        {
          method: 'POST',
          headers: {
            authorization: 'Bearer sandbox-argocd-token',
            'content-type': 'application/json',
          },
          body: JSON.stringify(action),
        },
      );

    it('lists the Rollout actions, enabled as discovery.lua decides', async () => {
      const settled = (
        await t.call(
          'GET',
          `${APPS}/cart-service-staging/resource/actions?${rolloutQuery(
            'cart-service',
          )}`,
        )
      ).body.actions;
      expect(
        Object.fromEntries(settled.map((a: any) => [a.name, a.disabled])),
      ).toEqual({
        restart: false,
        resume: true,
        abort: true,
        retry: true,
        pause: true,
        'promote-full': true,
        'skip-current-step': true,
      });

      await t.release({ service: 'cart-service', environment: 'staging' });
      await t.tick(3);
      const paused = (
        await t.call(
          'GET',
          `${APPS}/cart-service-staging/resource/actions?${rolloutQuery(
            'cart-service',
          )}`,
        )
      ).body.actions;
      expect(
        Object.fromEntries(paused.map((a: any) => [a.name, a.disabled])),
      ).toMatchObject({
        resume: false,
        abort: false,
        retry: true,
        'promote-full': false,
      });
    });

    it('abort, retry and promote-full through the deprecated v1 endpoint (body: a JSON string)', async () => {
      await t.release({ service: 'cart-service', environment: 'staging' });
      await t.tick(3);

      expect(
        (await runV1('cart-service-staging', 'cart-service', 'abort')).status,
      ).toBe(200);
      let r = await rollout('cart-service-staging', 'cart-service');
      expect(r.status).toMatchObject({ phase: 'Degraded', abort: true });

      expect(
        (await runV1('cart-service-staging', 'cart-service', 'retry')).status,
      ).toBe(200);
      r = await rollout('cart-service-staging', 'cart-service');
      expect(r.status.phase).toBe('Progressing');
      expect(r.status.abort).toBeUndefined();

      expect(
        (await runV1('cart-service-staging', 'cart-service', 'promote-full'))
          .status,
      ).toBe(200);
      expect(
        (await rollout('cart-service-staging', 'cart-service')).status
          .promoteFull,
      ).toBe(true);
      await t.tick();
      r = await rollout('cart-service-staging', 'cart-service');
      expect(r.status.phase).toBe('Healthy');
      expect(r.status.stableRS).toBe(r.status.currentPodHash);
    });

    it('refuses a resource that is not part of the application', async () => {
      const res = await t.call(
        'POST',
        `${APPS}/cart-service-staging/resource/actions/v2`,
        {
          action: 'abort',
          group: 'argoproj.io',
          kind: 'Rollout',
          version: 'v1alpha1',
          namespace: 'cart-service',
          resourceName: 'other',
        },
      );
      expect(res).toMatchObject({
        status: 400,
        body: {
          code: 3,
          message:
            'Rollout argoproj.io other not found as part of application cart-service-staging',
        },
      });
    });

    it('answers an unknown action like Argo CD: a 500', async () => {
      const res = await runV1(
        'cart-service-staging',
        'cart-service',
        'explode',
      );
      expect(res.status).toBe(500);
    });
  });

  describe('the resource tree', () => {
    it('holds the Rollout, its ReplicaSets and pods, the AnalysisRun and the Services', async () => {
      const { nodes } = (
        await t.call('GET', `${APPS}/notification-worker-dev/resource-tree`)
      ).body;
      const rolloutNode = nodes.find((n: any) => n.kind === 'Rollout');
      const replicaSets = nodes.filter((n: any) => n.kind === 'ReplicaSet');
      const pods = nodes.filter((n: any) => n.kind === 'Pod');

      expect(rolloutNode).toMatchObject({
        group: 'argoproj.io',
        health: { status: 'Healthy' },
      });
      expect(replicaSets.length).toBeGreaterThanOrEqual(2);
      for (const rs of replicaSets) {
        expect(rs.parentRefs).toEqual([
          expect.objectContaining({ kind: 'Rollout', uid: rolloutNode.uid }),
        ]);
      }
      expect(pods).toHaveLength(4);
      expect(pods[0]).toMatchObject({
        images: [expect.stringContaining('notification-worker:')],
        info: expect.arrayContaining([
          { name: 'Status Reason', value: 'Running' },
        ]),
      });
      expect(
        nodes.filter((n: any) => n.kind === 'Service').map((n: any) => n.name),
      ).toEqual(['notification-worker', 'notification-worker-canary']);
      expect(nodes.filter((n: any) => n.kind === 'AnalysisRun')).toEqual([
        expect.objectContaining({
          health: {
            status: 'Healthy',
            message: 'Analysis run completed successfully',
          },
        }),
      ]);
    });
  });
});

describe('two Argo CD instances', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      simulators: [
        argocdSimulator({ tickMs: 0 }),
        argocdSimulator({
          name: 'argocd-eu',
          environments: ['prod'],
          token: 'eu-token',
          tickMs: 0,
        }),
      ],
    });
  });

  afterAll(() => sandbox.close());

  const list = (mount: string, token: string) =>
    fetch(`${sandbox.url}/${mount}/api/v1/applications`, {
      headers: { authorization: `Bearer ${token}` },
    });

  it('mount side by side, each with its own token and environments', async () => {
    const eu = await (await list('argocd-eu', 'eu-token')).json();
    expect(
      new Set(eu.items.map((a: any) => a.metadata.labels.environment)),
    ).toEqual(new Set(['prod']));
    expect((await list('argocd-eu', 'sandbox-argocd-token')).status).toBe(401);
    expect((await list('argocd', 'sandbox-argocd-token')).status).toBe(200);
  });

  it('fail independently: a fault on one leaves the other up', async () => {
    await fetch(`${sandbox.url}/admin/faults/argocd-eu`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 503 }),
    });
    try {
      expect((await list('argocd-eu', 'eu-token')).status).toBe(503);
      expect((await list('argocd', 'sandbox-argocd-token')).status).toBe(200);
    } finally {
      await fetch(`${sandbox.url}/admin/faults/argocd-eu`, {
        method: 'DELETE',
      });
    }
  });
});

describe('the sandbox clock', () => {
  let t: ArgoCDTestSandbox;
  beforeAll(async () => {
    t = await startArgoCDTestSandbox({ tickMs: 20 });
  });
  afterAll(() => t.close());

  const step = async () =>
    JSON.parse(
      (
        await t.call(
          'GET',
          `${APPS}/cart-service-dev/resource?${rolloutQuery('cart-service')}`,
        )
      ).body.manifest,
    ).status.currentStepIndex;
  const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

  it('holds the timer (the world moves only by /_sandbox/tick), and lets it run again', async () => {
    expect(
      (await t.call('POST', '/argocd/_sandbox/clock', { holdSeconds: 601 }))
        .status,
    ).toBe(400);
    const held = await t.call('POST', '/argocd/_sandbox/clock', {
      holdSeconds: 60,
    });
    expect(held.body).toMatchObject({ held: true });
    await t.release({ service: 'cart-service', environment: 'dev' });
    await t.tick(2); // synced: the canary at its first steps
    const at = await step();
    await sleep(300); // 15 timer periods
    expect(await step()).toBe(at);
    await t.tick(4); // past the 30 s pause
    const next = await step();
    expect(next).not.toBe(at);

    expect(
      (await t.call('POST', '/argocd/_sandbox/clock', { holdSeconds: 0 })).body,
    ).toEqual({ held: false, until: null });
    for (let i = 0; i < 50 && (await step()) === next; i++) await sleep(20);
    expect(await step()).not.toBe(next);
  });
});
