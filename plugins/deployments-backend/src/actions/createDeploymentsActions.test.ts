import {
  startTestActionsRegistry,
  TestActionsRegistry,
} from '@internal/test-databases';
import {
  startTestDeployments,
  TestDeployments,
} from '../__testUtils__/testDeployments';
import { createDeploymentsActions } from './createDeploymentsActions';

const LENA = 'user:default/lena.fischer'; // owns payments-api
const SARA = 'user:default/sara.kim'; // storefront, not an owner of payments-api
const NOAH = 'user:default/noah.williams'; // SRE: production actions

describe('deployments actions, through the actions registry', () => {
  let t: TestDeployments;
  let registry: TestActionsRegistry;

  beforeEach(async () => {
    t = await startTestDeployments();
    registry = await startTestActionsRegistry({
      pluginId: 'deployments',
      register: r => createDeploymentsActions({ registry: r, ...t.services }),
    });
  });

  afterEach(async () => {
    await registry.close();
    await t.close();
  });

  const status = async (environment: string, user = LENA) =>
    (
      await registry.invoke(
        'deployments:get-status',
        { entity: 'payments-api', environment },
        user,
      )
    ).output.environments[0];

  it('lists every action with its flags and described inputs', async () => {
    const actions = await registry.list();
    const flags = Object.fromEntries(actions.map(a => [a.id, a.attributes]));
    expect(flags).toEqual({
      'deployments:get-status': {
        readOnly: true,
        idempotent: true,
        destructive: false,
      },
      'deployments:list-deployments': {
        readOnly: true,
        idempotent: true,
        destructive: false,
      },
      'deployments:preview-rollback': {
        readOnly: true,
        idempotent: true,
        destructive: false,
      },
      'deployments:rollback': {
        readOnly: false,
        idempotent: false,
        destructive: true,
      },
      'deployments:promote-canary': {
        readOnly: false,
        idempotent: false,
        destructive: true,
      },
      'deployments:promote-canary-full': {
        readOnly: false,
        idempotent: true,
        destructive: true,
      },
      'deployments:abort-canary': {
        readOnly: false,
        idempotent: true,
        destructive: true,
      },
      'deployments:retry-canary': {
        readOnly: false,
        idempotent: false,
        destructive: false,
      },
      'deployments:resume-auto-sync': {
        readOnly: false,
        idempotent: true,
        destructive: true,
      },
      'deployments:get-promotion-lane': {
        readOnly: true,
        idempotent: true,
        destructive: false,
      },
      'deployments:merge-promotion': {
        readOnly: false,
        idempotent: false,
        destructive: true,
      },
      'deployments:preview-promotion': {
        readOnly: true,
        idempotent: true,
        destructive: false,
      },
      'deployments:promote-release': {
        readOnly: false,
        idempotent: true,
        destructive: true,
      },
    });
    const rollback = actions.find(a => a.id === 'deployments:rollback');
    expect(rollback.schema.input.required).toEqual([
      'entity',
      'environment',
      'historyId',
      'reason',
    ]);
    expect(rollback.schema.input.properties.reason.description).toMatch(
      /audit log/,
    );
  });

  describe('get-status and list-deployments', () => {
    it('gives the status of a service by name, in one environment or all', async () => {
      const all = await registry.invoke('deployments:get-status', {
        entity: 'payments-api',
      });
      expect(all.status).toBe(200);
      expect(all.output.entityRef).toBe('component:default/payments-api');
      expect(all.output.environments.map((e: any) => e.environment)).toEqual([
        'dev',
        'staging',
        'prod',
      ]);
      const prod = await status('prod');
      expect(prod).toMatchObject({
        application: 'payments-api-prod',
        state: 'deployed',
        health: 'Healthy',
      });
      expect(prod.history.length).toBeGreaterThan(1);
    });

    it('refuses bad input with the messages of the API', async () => {
      const env = await registry.invoke('deployments:get-status', {
        entity: 'payments-api',
        environment: 'qa',
      });
      expect(env).toMatchObject({
        status: 400,
        error: {
          name: 'InputError',
          message: "Unknown environment 'qa'; known: dev, staging, prod",
        },
      });
      const missing = await registry.invoke('deployments:get-status', {
        entity: 'component:default/nothing-here',
      });
      expect(missing.status).toBe(404);
      expect(missing.error?.message).toMatch(/^No deployments for/);
      const shape = await registry.invoke('deployments:get-status', {
        entity: 42,
      });
      expect(shape.status).toBe(400);
      expect(shape.error?.message).toMatch(
        /^Invalid input to action "deployments:get-status"; caused by [\s\S]*"entity"[\s\S]*Expected string, received number/,
      );
    });

    it('filters and pages the matrix like the Deployments page', async () => {
      const res = await registry.invoke('deployments:list-deployments', {
        owner: ['payments'],
        environment: ['prod'],
        limit: 1,
      });
      expect(res.status).toBe(200);
      expect(res.output.total).toBe(2);
      expect(res.output.rows.map((r: any) => r.name)).toEqual([
        'ledger-service',
      ]);
      expect(Object.keys(res.output.rows[0].deployments)).toEqual(['prod']);

      const bad = await registry.invoke('deployments:list-deployments', {
        health: ['Sick'],
        limit: 5000,
      });
      expect(bad.status).toBe(400);
      expect(bad.error?.message).toMatch(
        /^Invalid query: health: must be among/,
      );
      expect(bad.error?.message).toMatch(/limit:/);
    });
  });

  describe('rollback', () => {
    it('previews and rolls back for an owner, audited as the caller', async () => {
      const staging = await status('staging');
      const previous = staging.history[1];
      const preview = await registry.invoke(
        'deployments:preview-rollback',
        {
          entity: 'payments-api',
          environment: 'staging',
          historyId: previous.id,
        },
        LENA,
      );
      expect(preview.status).toBe(200);
      expect(preview.output).toMatchObject({
        application: 'payments-api-staging',
        to: { revision: previous.revision, historyId: previous.id },
        suspendsAutoSync: true,
      });
      expect(t.audit).toEqual([]); // a preview changes nothing

      const res = await registry.invoke(
        'deployments:rollback',
        {
          entity: 'payments-api',
          environment: 'staging',
          historyId: previous.id,
          reason: 'checkout errors after 1.5.0',
        },
        LENA,
      );
      expect(res.status).toBe(200);
      expect(res.output).toMatchObject({
        action: 'rollback',
        application: 'payments-api-staging',
      });
      expect(res.output.message).toMatch(/auto-sync suspended/i);
      expect(t.audit).toEqual([
        expect.objectContaining({
          eventId: 'deployment-rollback',
          outcome: 'success',
          meta: expect.objectContaining({
            actor: LENA,
            reason: 'checkout errors after 1.5.0',
            historyId: previous.id,
          }),
        }),
      ]);
    });

    it('refuses a non-owner with the message of the Deployments tab, audited', async () => {
      const previous = (await status('prod')).history[1];
      const res = await registry.invoke(
        'deployments:rollback',
        {
          entity: 'payments-api',
          environment: 'prod',
          historyId: previous.id,
          reason: 'not mine',
        },
        SARA,
      );
      expect(res).toEqual({
        status: 403,
        error: {
          name: 'NotAllowedError',
          message:
            'You may not rollback component:default/payments-api in prod: production actions (deployments.rollback.production) are limited to the production groups.',
        },
      });
      expect(t.audit).toEqual([
        expect.objectContaining({
          eventId: 'deployment-rollback',
          outcome: 'fail',
          severityLevel: 'high',
          meta: expect.objectContaining({ actor: SARA, reason: 'not mine' }),
        }),
      ]);
      const preview = await registry.invoke(
        'deployments:preview-rollback',
        {
          entity: 'payments-api',
          environment: 'staging',
          historyId: previous.id,
        },
        SARA,
      );
      expect(preview.status).toBe(403);
      expect(preview.error?.message).toMatch(/only its owners/);
    });

    it('validates the reason and the history entry like the API', async () => {
      const res = await registry.invoke(
        'deployments:rollback',
        {
          entity: 'payments-api',
          environment: 'staging',
          historyId: 1,
          reason: ' ',
        },
        LENA,
      );
      expect(res).toMatchObject({
        status: 400,
        error: {
          message:
            'Invalid body: reason: a reason is required (at least 3 characters)',
        },
      });
      const entry = await registry.invoke(
        'deployments:rollback',
        {
          entity: 'payments-api',
          environment: 'staging',
          historyId: 999,
          reason: 'a good reason',
        },
        LENA,
      );
      expect(entry.status).toBe(400);
      expect(entry.error?.message).toMatch(/History entry 999 does not exist/);
      const env = await registry.invoke(
        'deployments:rollback',
        {
          entity: 'payments-api',
          environment: 'Prod!',
          historyId: 1,
          reason: 'a good reason',
        },
        LENA,
      );
      expect(env.error?.message).toBe(
        'Invalid environment: environment: not an environment name',
      );
    });
  });

  describe('canary actions and auto-sync', () => {
    async function pausedCanary(environment = 'staging') {
      const instance = environment === 'prod' ? 'argocd-eu' : 'argocd';
      await t.sandboxCall('POST', `/${instance}/_sandbox/release`, {
        service: 'payments-api',
        environment,
      });
      await t.tick(3, instance);
      expect((await status(environment)).rollout.paused).toBe(true);
    }
    const target = { entity: 'payments-api', environment: 'staging' };

    it('promotes a step, aborts and retries for an owner, each audited', async () => {
      await pausedCanary();
      const promote = await registry.invoke(
        'deployments:promote-canary',
        { ...target, reason: 'looks good' },
        LENA,
      );
      expect(promote.status).toBe(200);
      expect(promote.output.message).toMatch(/next step/);
      const abort = await registry.invoke(
        'deployments:abort-canary',
        target,
        LENA,
      );
      expect(abort.status).toBe(200);
      await t.tick();
      expect((await status('staging')).rollout.aborted).toBe(true);
      const again = await registry.invoke(
        'deployments:promote-canary',
        target,
        LENA,
      );
      expect(again.status).toBe(409);
      expect(again.error?.message).toMatch(/^Cannot promote/);
      const retry = await registry.invoke(
        'deployments:retry-canary',
        target,
        LENA,
      );
      expect(retry.status).toBe(200);
      expect(t.audit.map(e => [e.eventId, e.outcome, e.meta.actor])).toEqual([
        ['deployment-promote', 'success', LENA],
        ['deployment-abort', 'success', LENA],
        ['deployment-promote', 'fail', LENA],
        ['deployment-retry', 'success', LENA],
      ]);
    });

    it('refuses non-owners, and owners in prod; SRE may promote fully', async () => {
      await pausedCanary();
      for (const id of [
        'deployments:promote-canary',
        'deployments:promote-canary-full',
        'deployments:abort-canary',
        'deployments:retry-canary',
        'deployments:resume-auto-sync',
      ]) {
        const res = await registry.invoke(id, target, SARA);
        expect(res.status).toBe(403);
        expect(res.error?.message).toMatch(/only its owners/);
      }
      await pausedCanary('prod');
      const prod = { entity: 'payments-api', environment: 'prod' };
      const owner = await registry.invoke(
        'deployments:promote-canary-full',
        prod,
        LENA,
      );
      expect(owner.error?.message).toMatch(/limited to the production groups/);
      const sre = await registry.invoke(
        'deployments:promote-canary-full',
        { ...prod, reason: 'hotfix' },
        NOAH,
      );
      expect(sre.status).toBe(200);
    });

    it('resumes auto-sync after a rollback, once', async () => {
      const previous = (await status('dev')).history[1];
      const dev = { entity: 'payments-api', environment: 'dev' };
      await registry.invoke(
        'deployments:rollback',
        { ...dev, historyId: previous.id, reason: 'bad build' },
        LENA,
      );
      const resume = await registry.invoke(
        'deployments:resume-auto-sync',
        { ...dev, reason: 'fix merged' },
        LENA,
      );
      expect(resume.status).toBe(200);
      const again = await registry.invoke(
        'deployments:resume-auto-sync',
        dev,
        LENA,
      );
      expect(again).toMatchObject({
        status: 409,
        error: { name: 'ConflictError' },
      });
      expect(again.error?.message).toMatch(/already on/);
      const long = await registry.invoke(
        'deployments:resume-auto-sync',
        { ...dev, reason: 'x'.repeat(1001) },
        LENA,
      );
      expect(long.status).toBe(400);
    });
  });

  // The allowed path (a commit Argo CD rolls out) needs the GitHub
  // simulator: promoteRelease.test.ts.
  describe('promote-release', () => {
    const promote = (input: Record<string, unknown>, user: string) =>
      registry.invoke('deployments:promote-release', input, user);

    it("refuses a non-owner, and an owner merging in production, with the dialog's message, audited", async () => {
      const res = await promote(
        { entity: 'payments-api', environment: 'staging', reason: 'not mine' },
        SARA,
      );
      expect(res).toEqual({
        status: 403,
        error: {
          name: 'NotAllowedError',
          message:
            'You may not promote component:default/payments-api to staging: only its owners may (deployments.release.promote).',
        },
      });
      // Production goes by pull request: the owner may not merge it.
      const prod = await registry.invoke(
        'deployments:merge-promotion',
        { entity: 'payments-api', environment: 'prod', reason: 'ship it' },
        LENA,
      );
      expect(prod.status).toBe(403);
      expect(prod.error?.message).toBe(
        'You may not merge the promotion of component:default/payments-api to prod: merging needs deployments.release.promote.production, which group:default/sre hold. Waiting for them.',
      );
      expect(t.audit).toEqual([
        expect.objectContaining({
          eventId: 'deployment-release-promote',
          outcome: 'fail',
          meta: expect.objectContaining({
            actor: SARA,
            from: 'dev',
            to: 'staging',
            reason: 'not mine',
          }),
        }),
        expect.objectContaining({
          eventId: 'deployment-release-promote-merge',
          outcome: 'fail',
          meta: expect.objectContaining({ actor: LENA, to: 'prod' }),
        }),
      ]);
      // The preview says so before anyone tries.
      const preview = await registry.invoke(
        'deployments:preview-promotion',
        { entity: 'payments-api', environment: 'prod' },
        LENA,
      );
      expect(preview.status).toBe(200);
      expect(preview.output).toMatchObject({
        from: 'staging',
        to: 'prod',
        allowed: true, // she may open the pull request
        viaPullRequest: true,
        canMerge: false,
      });
    });

    it('validates the reason and the target like the API, before anything is audited', async () => {
      const short = await promote(
        { entity: 'payments-api', environment: 'staging', reason: 'x' },
        LENA,
      );
      expect(short).toMatchObject({
        status: 400,
        error: {
          name: 'InputError',
          message:
            'Invalid body: reason: a reason is required (at least 3 characters)',
        },
      });
      const first = await promote(
        { entity: 'payments-api', environment: 'dev', reason: 'a reason' },
        LENA,
      );
      expect(first.status).toBe(400);
      expect(first.error?.message).toBe(
        'dev is the first environment of the lane: builds reach it from CI, not by promotion',
      );
      const unknown = await promote(
        { entity: 'payments-api', environment: 'qa', reason: 'a reason' },
        LENA,
      );
      expect(unknown.error?.message).toBe(
        "Unknown environment 'qa'; the lane of component:default/payments-api is dev -> staging -> prod",
      );
      const missing = await promote(
        { entity: 'payments-api', environment: 'staging' },
        LENA,
      );
      expect(missing.status).toBe(400);
      expect(t.audit.filter(e => e.outcome === 'success')).toEqual([]);
    });

    it('gives the lane in promotion order', async () => {
      const lane = await registry.invoke(
        'deployments:get-promotion-lane',
        { entity: 'payments-api' },
        SARA,
      );
      expect(lane.status).toBe(200);
      expect(lane.output.environments.map((e: any) => e.name)).toEqual([
        'dev',
        'staging',
        'prod',
      ]);
      expect(lane.output.steps.map((s: any) => `${s.from}->${s.to}`)).toEqual([
        'dev->staging',
        'staging->prod',
      ]);
    });
  });
});
