import {
  ArgoCDTestSandbox,
  SANDBOX_ARGOCD_TOKEN,
  startArgoCDTestSandbox,
} from '@internal/sandbox';
import { AnalysisRun, Rollout, rolloutHealth } from '@internal/api-argocd';
import { ArgoCDClient, ArgoCDClientOptions } from './ArgoCDClient';
import { ArgoCDError } from './ArgoCDError';
import {
  disableAutoSyncPatch,
  enableAutoSyncPatch,
  isAutoSyncEnabled,
} from './autoSync';

/*
 * The client against the sandbox's Argo CD simulator, in-process. The
 * simulator's clock is stopped; `t.tick()` moves its world on.
 */
describe('ArgoCDClient', () => {
  let t: ArgoCDTestSandbox;

  beforeAll(async () => {
    t = await startArgoCDTestSandbox();
  });

  afterAll(() => t.close());

  beforeEach(async () => {
    await t.call('POST', '/admin/reset');
  });

  const client = (options: Partial<ArgoCDClientOptions> = {}) =>
    new ArgoCDClient({
      baseUrl: t.baseUrl,
      token: SANDBOX_ARGOCD_TOKEN,
      retryDelayMs: 1,
      ...options,
    });

  /** Calls the simulator received per endpoint since the last reset. */
  const calls = async () =>
    (await t.call('GET', '/admin/calls?simulator=argocd')).body.argocd ?? {};

  const rolloutRef = (service: string) => ({
    group: 'argoproj.io',
    version: 'v1alpha1',
    kind: 'Rollout',
    namespace: service,
    resourceName: service,
  });

  /** The error a promise rejects with, to assert on its fields. */
  const failure = async (promise: Promise<unknown>): Promise<ArgoCDError> => {
    const error = await promise.then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(ArgoCDError);
    return error;
  };

  describe('listApplications', () => {
    it('lists every application in one call', async () => {
      const list = await client().listApplications();

      const services = (await t.call('GET', '/admin/world')).body.services
        .length;
      expect(list.items).toHaveLength(services * 3);
      expect(list.metadata?.resourceVersion).toMatch(/^\d+$/);
      expect(await calls()).toEqual({ 'GET /api/v1/applications': 1 });
    });

    it('filters with equality and set-based label selectors', async () => {
      const one = await client().listApplications({
        selector: 'app.kubernetes.io/name=payments-api',
      });
      const two = await client().listApplications({
        selector:
          'app.kubernetes.io/name=payments-api,environment in (staging,prod)',
      });

      expect(one.items.map(a => a.metadata?.name)).toEqual([
        'payments-api-dev',
        'payments-api-prod',
        'payments-api-staging',
      ]);
      expect(two.items.map(a => a.metadata?.labels?.environment)).toEqual([
        'prod',
        'staging',
      ]);
    });

    it('filters by projects, repeating the query parameter', async () => {
      expect(
        (await client().listApplications({ projects: ['default', 'x'] })).items
          .length,
      ).toBeGreaterThan(0);
      expect(
        (await client().listApplications({ projects: ['x'] })).items,
      ).toEqual([]);
    });
  });

  describe('getApplication', () => {
    it('returns the application with its history, sync and health', async () => {
      const app = await client().getApplication('ledger-service-prod');

      expect(app.metadata?.name).toBe('ledger-service-prod');
      expect(app.spec?.destination).toEqual({
        name: 'prod',
        namespace: 'ledger-service',
      });
      expect(isAutoSyncEnabled(app)).toBe(true);
      expect(app.status?.health?.status).toBe('Healthy');
      const history = app.status?.history ?? [];
      expect(history[history.length - 1].revision).toBe(
        app.status?.sync?.revision,
      );
      expect(app.status?.resources).toContainEqual(
        expect.objectContaining({
          kind: 'Rollout',
          health: { status: 'Healthy' },
        }),
      );
    });

    it('turns the 403 for a missing app into a clear "not found or no access"', async () => {
      const error = await failure(client().getApplication('ghost-prod'));

      expect(error).toMatchObject({
        reason: 'notFoundOrForbidden',
        status: 403,
        code: 7,
        argoMessage: 'permission denied',
        request: 'GET /api/v1/applications/ghost-prod',
      });
      expect(error.message).toBe(
        "Argo CD application 'ghost-prod' not found or no access — Argo CD answers 403 for missing apps (permission denied)",
      );
      expect(error.transient).toBe(false);
    });

    it('gets a 404 instead when a project is given', async () => {
      const error = await failure(
        client().getApplication('ghost-prod', { project: 'default' }),
      );
      expect(error).toMatchObject({ reason: 'notFound', status: 404, code: 5 });
    });
  });

  describe('getResourceTree and getResource', () => {
    it('reads the tree and the live Rollout and AnalysisRun', async () => {
      const tree = await client().getResourceTree('search-service-dev');
      const kinds = new Set(tree.nodes?.map(n => n.kind));
      expect([...kinds].sort()).toEqual(
        [
          'AnalysisRun',
          'AnalysisTemplate',
          'Ingress',
          'Pod',
          'ReplicaSet',
          'Rollout',
          'Service',
        ].sort(),
      );

      const rollout = await client().getResource<Rollout>(
        'search-service-dev',
        rolloutRef('search-service'),
      );
      expect(rollout.kind).toBe('Rollout');
      expect(rolloutHealth(rollout)).toEqual({
        status: 'Healthy',
        message: '',
      });

      const runNode = tree.nodes!.find(n => n.kind === 'AnalysisRun')!;
      const run = await client().getResource<AnalysisRun>(
        'search-service-dev',
        {
          group: 'argoproj.io',
          version: 'v1alpha1',
          kind: 'AnalysisRun',
          namespace: 'search-service',
          resourceName: runNode.name!,
        },
      );
      expect(run.status?.phase).toBe('Successful');
    });

    it('reports a resource that is not part of the application', async () => {
      const error = await failure(
        client().getResource('search-service-dev', {
          ...rolloutRef('search-service'),
          resourceName: 'nope',
        }),
      );
      expect(error).toMatchObject({
        reason: 'badRequest',
        status: 400,
        code: 3,
      });
    });
  });

  describe('getManifests and getRevisionMetadata', () => {
    it("renders the Rollout's image at a history revision and names the commit", async () => {
      const app = await client().getApplication('payments-api-prod');
      const history = app.status!.history!;
      const previous = history[history.length - 2];
      const manifests = await client().getManifests('payments-api-prod', {
        revision: previous.revision,
      });
      expect(manifests.revision).toBe(previous.revision);
      const rollout = manifests
        .manifests!.map(m => JSON.parse(m))
        .find(m => m.kind === 'Rollout');
      const image = rollout.spec.template.spec.containers[0].image;
      expect(image).toMatch(/payments-api:1\.\d+\.0$/);
      expect(app.status!.summary!.images).not.toContain(image);

      const metadata = await client().getRevisionMetadata(
        'payments-api-prod',
        previous.revision!,
      );
      expect(metadata.author).toBeTruthy();
      expect(metadata.message).toContain(image.split(':').pop());
    });

    it('refuses an unknown revision', async () => {
      const error = await failure(
        client().getManifests('payments-api-prod', { revision: 'nope' }),
      );
      expect(error.status).toBe(400);
    });
  });

  describe('rollback', () => {
    it('is refused while auto-sync is enabled, with a message that says what to do', async () => {
      const error = await failure(
        client().rollback('cart-service-prod', { id: 0 }),
      );

      expect(error).toMatchObject({
        reason: 'autoSyncEnabled',
        status: 400,
        code: 9,
        argoMessage: 'rollback cannot be initiated when auto-sync is enabled',
      });
      expect(error.message).toMatch(
        /rollback refused while auto-sync is enabled; suspend auto-sync first/,
      );
    });

    it('succeeds once auto-sync is suspended and adds a history entry', async () => {
      const argo = client();
      const before = await argo.getApplication('cart-service-prod');
      const history = before.status!.history!;
      const target = history[history.length - 2];

      const suspended = await argo.patchApplication(
        'cart-service-prod',
        disableAutoSyncPatch(),
        'merge',
      );
      expect(isAutoSyncEnabled(suspended)).toBe(false);

      const started = await argo.rollback('cart-service-prod', {
        id: target.id!,
      });
      expect(started.operation?.sync?.revision).toBe(target.revision);
      await t.tick();

      const after = await argo.getApplication('cart-service-prod');
      const newest = after.status!.history![after.status!.history!.length - 1];
      expect(newest).toMatchObject({
        id: history[history.length - 1].id! + 1,
        revision: target.revision,
        initiatedBy: { username: 'backstage' },
      });
      expect(after.status?.health?.status).toBe('Healthy');
      expect(after.status?.operationState?.syncResult?.revision).toBe(
        target.revision,
      );

      // Restoring auto-sync brings git's head back.
      await argo.patchApplication(
        'cart-service-prod',
        enableAutoSyncPatch({ selfHeal: true }),
        'merge',
      );
      await t.tick(2);
      expect(
        (await argo.getApplication('cart-service-prod')).status?.operationState
          ?.syncResult?.revision,
      ).toBe(before.status?.sync?.revision);
    });

    it('is refused while another operation runs', async () => {
      const argo = client();
      await argo.patchApplication(
        'cart-service-dev',
        [{ op: 'remove', path: '/spec/syncPolicy/automated' }],
        'json',
      );
      await argo.sync('cart-service-dev');

      const error = await failure(argo.rollback('cart-service-dev', { id: 0 }));
      expect(error).toMatchObject({
        reason: 'operationInProgress',
        status: 400,
        argoMessage: 'another operation is already in progress',
      });
      expect(error.message).toMatch(/another operation is already running/);

      await argo.terminateOperation('cart-service-dev');
      await t.tick();
      await expect(
        argo.rollback('cart-service-dev', { id: 0 }),
      ).resolves.toBeDefined();
    });
  });

  describe('resource actions on a paused canary', () => {
    const pausedCanary = async (argo: ArgoCDClient) => {
      await t.release({ service: 'fraud-detector', environment: 'staging' });
      await t.tick(3);
      const rollout = await argo.getResource<Rollout>(
        'fraud-detector-staging',
        rolloutRef('fraud-detector'),
      );
      expect(rollout.status?.phase).toBe('Paused');
      return rollout;
    };
    const liveRollout = (argo: ArgoCDClient) =>
      argo.getResource<Rollout>(
        'fraud-detector-staging',
        rolloutRef('fraud-detector'),
      );

    it('lists which actions are enabled', async () => {
      const argo = client();
      await pausedCanary(argo);

      const actions = await argo.listResourceActions(
        'fraud-detector-staging',
        rolloutRef('fraud-detector'),
      );
      expect(
        actions
          .filter(a => !a.disabled)
          .map(a => a.name)
          .sort(),
      ).toEqual(
        [
          'abort',
          'pause',
          'promote-full',
          'restart',
          'resume',
          'skip-current-step',
        ].sort(),
      );
    });

    it('abort makes the Rollout Degraded; retry restarts it', async () => {
      const argo = client();
      await pausedCanary(argo);

      await argo.runResourceAction('fraud-detector-staging', {
        action: 'abort',
        ...rolloutRef('fraud-detector'),
      });
      let rollout = await liveRollout(argo);
      expect(rollout.status).toMatchObject({ abort: true, phase: 'Degraded' });
      expect(rolloutHealth(rollout).status).toBe('Degraded');
      expect(
        (await argo.getApplication('fraud-detector-staging')).status?.health
          ?.status,
      ).toBe('Degraded');

      await argo.runResourceAction('fraud-detector-staging', {
        action: 'retry',
        ...rolloutRef('fraud-detector'),
      });
      rollout = await liveRollout(argo);
      expect(rollout.status?.abort).toBeUndefined();
      expect(rollout.status?.phase).toBe('Progressing');
    });

    it('promote-full takes the canary to 100% and stable', async () => {
      const argo = client();
      await pausedCanary(argo);

      await argo.runResourceAction('fraud-detector-staging', {
        action: 'promote-full',
        ...rolloutRef('fraud-detector'),
      });
      expect((await liveRollout(argo)).status?.promoteFull).toBe(true);
      await t.tick();

      const rollout = await liveRollout(argo);
      expect(rollout.status?.phase).toBe('Healthy');
      expect(rollout.status?.stableRS).toBe(rollout.status?.currentPodHash);
    });

    it('resume through the deprecated v1 endpoint moves past the pause', async () => {
      const argo = client({ resourceActionsApi: 'v1' });
      const paused = await pausedCanary(argo);

      await argo.runResourceAction('fraud-detector-staging', {
        action: 'resume',
        ...rolloutRef('fraud-detector'),
      });

      const rollout = await liveRollout(argo);
      expect(rollout.status?.pauseConditions).toBeUndefined();
      expect(rollout.status?.currentStepIndex).toBe(
        paused.status!.currentStepIndex! + 1,
      );
      expect(await calls()).toMatchObject({
        'POST /api/v1/applications/:name/resource/actions': 1,
      });
    });
  });

  describe('failures', () => {
    const fault = (body: object) => t.call('PUT', '/admin/faults/argocd', body);

    it('retries a GET after 5xx and succeeds', async () => {
      await fault({ status: 503, times: 2 });

      const list = await client({ getRetries: 2 }).listApplications();

      expect(list.items.length).toBeGreaterThan(0);
      expect(await calls()).toEqual({ 'GET /api/v1/applications': 3 });
    });

    it('gives up after its retries with an "unavailable" error', async () => {
      await fault({ status: 502 });

      const error = await failure(client({ getRetries: 2 }).listApplications());

      expect(error).toMatchObject({
        reason: 'unavailable',
        status: 502,
        transient: true,
      });
      expect(await calls()).toEqual({ 'GET /api/v1/applications': 3 });
    });

    it('never retries a mutation', async () => {
      await t.call('PATCH', '/argocd/api/v1/applications/cart-service-dev', {
        patch: JSON.stringify(disableAutoSyncPatch()),
        patchType: 'merge',
      });
      await t.call('DELETE', '/admin/calls');
      await fault({ status: 503, times: 1 });

      const error = await failure(
        client({ getRetries: 5 }).rollback('cart-service-dev', { id: 0 }),
      );

      expect(error.status).toBe(503);
      expect(await calls()).toEqual({
        'POST /api/v1/applications/cart-service-dev/rollback': 1,
      });
    });

    it('times out a slow answer, without retrying it', async () => {
      await fault({ latencyMs: 400, times: 1 });
      const started = Date.now();

      const error = await failure(
        client({ timeoutMs: 100 }).getApplication('cart-service-dev'),
      );

      expect(error).toMatchObject({ reason: 'timeout', transient: true });
      expect(error.message).toMatch(
        /^Argo CD did not answer GET \/api\/v1\/applications\/cart-service-dev within 100 ms/,
      );
      expect(Date.now() - started).toBeLessThan(400);
    });

    it("lets the caller's abort through as it is", async () => {
      await fault({ latencyMs: 300, times: 1 });
      const controller = new AbortController();
      const reason = new Error('page closed');
      setTimeout(() => controller.abort(reason), 20);

      await expect(
        client().listApplications({ signal: controller.signal }),
      ).rejects.toBe(reason);
    });

    it('reports a network failure', async () => {
      const error = await failure(
        new ArgoCDClient({
          baseUrl: 'http://127.0.0.1:9',
          token: 'x',
          getRetries: 1,
          retryDelayMs: 1,
        }).listApplications(),
      );
      expect(error).toMatchObject({ reason: 'network', transient: true });
    });

    it('reports a rejected token', async () => {
      const error = await failure(
        client({ token: 'wrong' }).listApplications(),
      );
      expect(error).toMatchObject({
        reason: 'unauthenticated',
        status: 401,
        code: 16,
      });
    });
  });

  describe('session login', () => {
    it('logs in with username and password, once, and again when the session is gone', async () => {
      const argo = client({
        token: undefined,
        credentials: { username: 'admin', password: 'sandbox' },
      });

      await argo.listApplications({ selector: 'environment=dev' });
      await argo.getApplication('cart-service-dev');
      expect((await calls())['POST /api/v1/session']).toBe(1);

      await t.call('POST', '/admin/reset'); // the simulator forgets its sessions
      const app = await argo.getApplication('cart-service-dev');
      expect(app.metadata?.name).toBe('cart-service-dev');
      // The refused call was answered before routing, so it is counted by
      // its concrete path: refused, logged in again, repeated.
      expect(await calls()).toEqual({
        'GET /api/v1/applications/cart-service-dev': 1,
        'POST /api/v1/session': 1,
        'GET /api/v1/applications/:name': 1,
      });
    });

    it('reports wrong credentials', async () => {
      const error = await failure(
        client({
          token: undefined,
          credentials: { username: 'admin', password: 'wrong' },
        }).listApplications(),
      );
      expect(error).toMatchObject({
        reason: 'unauthenticated',
        argoMessage: 'Invalid username or password',
      });
    });

    it('needs a token or credentials', () => {
      expect(() => new ArgoCDClient({ baseUrl: t.baseUrl })).toThrow(
        /give a token or credentials/,
      );
    });
  });
});
