import { ConfigReader } from '@backstage/config';
import { GitHubWriter } from '@internal/plugin-deployments-node';
import { ArgoCDTestSandbox, startArgoCDTestSandbox } from '@internal/sandbox';
import knexFactory from 'knex';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { SignalPayload } from '@backstage/plugin-signals-node';
import {
  mockCredentials,
  mockServices,
  type RecordedAuditEvent,
} from '@internal/backend-test-stubs';
import { policyPermissions } from './__testUtils__/testDeployments';
import { createDeployments } from './service/createDeployments';

/*
 * Promotion through git, the whole loop on the backend: the sandbox's Argo
 * CD deploys what the service repository (the sandbox's GitHub, rendered
 * from the microservice template) says; the portal promotes with a commit,
 * and Argo CD rolls that commit out. Prometheus and Grafana answer a
 * healthy service.
 */
jest.setTimeout(90_000);

const ENTITY = 'component:default/orders';
const lena = mockCredentials.user('user:default/lena.fischer');

const healthySignals = (async (input: string | URL) => {
  const url = new URL(String(input));
  const body = url.pathname.endsWith('/api/v1/query')
    ? {
        status: 'success',
        data: {
          resultType: 'vector',
          result: [{ metric: {}, value: [0, '0.001'] }],
        },
      }
    : { status: 'success', data: { groups: [] } };
  return new Response(JSON.stringify(body), {
    headers: { 'content-type': 'application/json' },
  });
}) as typeof fetch;

describe('promotion through git against the Argo CD and GitHub simulators', () => {
  let argo: ArgoCDTestSandbox;
  let audit: RecordedAuditEvent[];
  let sent: NotificationSendOptions[];
  let published: SignalPayload[];

  beforeAll(async () => {
    argo = await startArgoCDTestSandbox();
  });
  afterAll(() => argo.close());

  async function setup(repoOptions: { imageTag?: string } = {}) {
    await argo.call('POST', '/admin/reset');
    const repo = await argo.createServiceRepo('orders', repoOptions);
    await argo.call('POST', '/argocd/api/v1/projects', {
      project: {
        metadata: { name: 'orders' },
        spec: {
          sourceRepos: [repo],
          destinations: [{ name: '*', namespace: 'orders' }],
        },
      },
    });
    for (const environment of ['dev', 'staging', 'prod']) {
      const res = await argo.call('POST', '/argocd/api/v1/applications', {
        metadata: {
          name: `orders-${environment}`,
          labels: { 'app.kubernetes.io/name': 'orders', environment },
        },
        spec: {
          project: 'orders',
          source: {
            repoURL: repo,
            path: 'chart',
            targetRevision: 'main',
            helm: {
              releaseName: 'orders',
              valueFiles: [`values-${environment}.yaml`],
            },
          },
          destination: { name: environment, namespace: 'orders' },
          syncPolicy: { automated: { prune: true, selfHeal: true } },
        },
      });
      if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    }
    await argo.tick(2);
    const host = new URL(argo.sandbox.url).host;
    const config = new ConfigReader({
      integrations: {
        github: [
          {
            host,
            apiBaseUrl: `${argo.sandbox.url}/github/api/v3`,
            token: 'sandbox-github-token',
          },
        ],
      },
      deployments: {
        cacheTtlSeconds: 0,
        adopt: [{ entity: ENTITY, selector: 'app.kubernetes.io/name=orders' }],
        argocd: {
          instances: [
            {
              name: 'argocd',
              baseUrl: argo.baseUrl,
              token: 'sandbox-argocd-token',
              environments: ['dev', 'staging', 'prod'],
            },
          ],
        },
        promotion: {
          prometheus: { baseUrl: 'http://prometheus.test' },
          grafana: { baseUrl: 'http://grafana.test', token: 't' },
        },
      },
    });
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'orders',
        namespace: 'default',
        uid: 'uid-orders',
        annotations: {
          'argocd/app-selector': 'app.kubernetes.io/name=orders',
          'grafana/alert-label-selector': 'service=orders',
        },
      },
      spec: { type: 'service', owner: 'group:default/payments' },
    };
    const catalog = mockServices.catalog({ entities: [entity] });
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    audit = [];
    const notifications = mockServices.notifications();
    const signals = mockServices.signals();
    sent = notifications.sent;
    published = signals.published;
    const deployments = await createDeployments({
      notifications,
      signals,
      config,
      database: { getClient: async () => knex, migrations: { skip: false } },
      logger: mockServices.logger(),
      cache: mockServices.cache(),
      auth: mockServices.auth({ pluginId: 'deployments' }),
      catalog,
      permissions: policyPermissions(
        { [ENTITY]: 'group:default/payments' },
        [],
      ),
      auditor: mockServices.auditor({ events: audit }),
      writer: GitHubWriter.fromConfig(config),
      signalsFetch: healthySignals,
    });
    await deployments.join.adopt();
    return deployments;
  }

  /** Ticks until the environment's stable image has the tag, or fails. */
  async function rolledOut(
    lane: () => Promise<{
      environments: Array<{
        name: string;
        imageTag?: string;
        canaryInFlight?: boolean;
      }>;
    }>,
    environment: string,
    tag: string,
  ) {
    for (let i = 0; i < 40; i++) {
      const env = (await lane()).environments.find(e => e.name === environment);
      if (env?.imageTag === tag && !env.canaryInFlight) return;
      await argo.tick(3);
    }
    throw new Error(`${environment} never ran ${tag}`);
  }

  it('promotes the build dev runs to staging with one commit that Argo CD rolls out', async () => {
    const { promotions, dora, recorder } = await setup();
    const lane = () => promotions.lane(ENTITY, lena);
    const released = await argo.release({
      service: 'orders',
      environment: 'dev',
    });
    const tag = released.image.split(':').pop()!;
    await rolledOut(lane, 'dev', tag);

    const before = await lane();
    expect(before.environments.map(e => e.name)).toEqual([
      'dev',
      'staging',
      'prod',
    ]);
    expect(before.steps[0]).toMatchObject({
      from: 'dev',
      to: 'staging',
      upToDate: false,
      valuesFile: 'chart/values-staging.yaml',
    });
    expect(before.steps[0].image.after).toMatch(new RegExp(`:${tag}$`));
    expect(before.steps[0].commits[0]).toMatchObject({
      sha: released.revision,
      message: `Release orders ${tag} to dev`,
    });
    expect(before.steps[0].valuesDiff).toContain(`+  tag: "${tag}"`);

    // The sweep reads the entity every so often: once here.
    await recorder.refresh(ENTITY);

    const ctx = {
      entityRef: ENTITY,
      environment: 'staging',
      credentials: lena,
    };
    const preview = await promotions.preview(ctx);
    expect(preview.gates.filter(g => g.status !== 'passed')).toEqual([]);
    const result = await promotions.promote(ctx, {
      reason: 'integration tests',
    });
    expect(result).toMatchObject({ committed: true, imageTag: tag });

    await rolledOut(lane, 'staging', tag);
    const after = await lane();
    const staging = after.environments.find(e => e.name === 'staging')!;
    expect(staging.revision).toBe(result.commitSha);
    expect(staging.commit?.message).toBe(
      `Promote orders ${tag} from dev to staging`,
    );
    expect(after.steps[0].upToDate).toBe(true);
    expect(audit.at(-1)).toMatchObject({
      eventId: 'deployment-release-promote',
      outcome: 'success',
    });

    // Promoting again changes nothing.
    const again = await promotions.promote(ctx, { reason: 'again' });
    expect(again).toMatchObject({
      committed: false,
      message: `staging already runs ${tag}: nothing to promote.`,
    });

    // The release timeline: the build reached dev (CI) and staging (lena).
    const timeline = await dora.timeline(ENTITY, lena);
    const release = timeline.releases.find(r => r.imageTag === tag)!;
    expect(release.commit?.sha).toBe(released.revision);
    expect(release.stops.map(s => [s.environment, s.outcome])).toEqual([
      ['dev', 'running'],
      ['staging', 'running'],
    ]);
    expect(release.stops[0].promotedTo).toMatchObject({
      environment: 'staging',
      by: 'user:default/lena.fischer',
    });
    expect(release.stops[1]).toMatchObject({
      revision: result.commitSha,
      deployedBy: 'user:default/lena.fischer',
      promotion: {
        by: 'user:default/lena.fischer',
        from: 'dev',
        reason: 'integration tests',
      },
    });
    // The build staging ran before was replaced by it.
    const previous = timeline.releases.find(r =>
      r.stops.some(
        s => s.environment === 'staging' && s.outcome === 'replaced',
      ),
    );
    expect(previous).toBeDefined();
  });

  it('says that nothing runs in the dev of a new service yet, and refuses to promote from it', async () => {
    // Created from the template: its applications exist, CI built nothing yet.
    const { promotions } = await setup({ imageTag: '' });
    const lane = await promotions.lane(ENTITY, lena);
    const dev = lane.environments[0];
    expect(dev).toMatchObject({ name: 'dev', state: 'deployed' });
    expect(dev.image).toBeUndefined();
    expect(dev.deployedBy).toBeUndefined();
    expect(lane.steps.map(s => s.blocked)).toEqual([
      'Nothing runs in dev yet',
      'Nothing runs in staging yet',
    ]);
    await expect(
      promotions.promote(
        { entityRef: ENTITY, environment: 'staging', credentials: lena },
        { reason: 'ship it' },
      ),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message:
        'Nothing runs in dev yet: there is no build to promote to staging. Nothing was changed.',
    });
    expect(audit.at(-1)).toMatchObject({
      eventId: 'deployment-release-promote',
      outcome: 'fail',
    });
  });

  it('refuses while the target has a canary in flight', async () => {
    const { promotions } = await setup();
    const lane = () => promotions.lane(ENTITY, lena);
    const dev = await argo.release({ service: 'orders', environment: 'dev' });
    await rolledOut(lane, 'dev', dev.image.split(':').pop()!);
    // Staging gets a release of its own, whose canary is still running.
    await argo.release({ service: 'orders', environment: 'staging' });
    await argo.tick(2);
    const ctx = {
      entityRef: ENTITY,
      environment: 'staging',
      credentials: lena,
    };
    const preview = await promotions.preview(ctx);
    expect(preview.gates.find(g => g.id === 'target-idle')?.status).toBe(
      'failed',
    );
    await expect(
      promotions.promote(ctx, { reason: 'ship it' }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
  });

  it('explains why a bad build in staging rolled back, and the canary gate of prod fails with it', async () => {
    const { promotions, entities, dora, recorder } = await setup();
    await argo.release({
      service: 'orders',
      environment: 'staging',
      bad: true,
    });
    let explanation;
    for (let i = 0; i < 30 && !explanation; i++) {
      await argo.tick(2);
      const detail = await entities.get(ENTITY);
      explanation = detail.environments.find(e => e.environment === 'staging')
        ?.rollout?.abortExplanation;
    }
    expect(explanation).toMatchObject({
      automatic: true,
      metric: expect.any(String),
      successCondition: expect.any(String),
      summary: expect.stringMatching(
        /^The canary of .+\/orders:1\.1\.0 was aborted automatically .*the analysis metric ".+" of .+ failed, measuring .+Traffic went back to .+ by itself\./,
      ),
    });
    expect(explanation!.values.length).toBeGreaterThan(0);
    const lane = await promotions.lane(ENTITY, lena);
    expect(
      lane.environments.find(e => e.name === 'staging')?.abortExplanation,
    ).toEqual(explanation);
    const preview = await promotions.preview({
      entityRef: ENTITY,
      environment: 'prod',
      credentials: lena,
    });
    expect(preview.gates.find(g => g.id === 'canary')).toMatchObject({
      status: 'failed',
      detail: explanation!.summary,
    });
    // prod goes by pull request: lena may open it, the production groups merge it
    expect(preview).toMatchObject({
      allowed: true,
      viaPullRequest: true,
      canMerge: false,
    });

    // The sweep records the abort; the owners are told, once, with a link
    // to the card, and open tabs read again.
    await recorder.refresh(ENTITY);
    expect(sent).toEqual([
      {
        recipients: { type: 'entity', entityRef: ENTITY },
        payload: expect.objectContaining({
          title: 'Canary of orders 1.1.0 aborted in staging',
          description: explanation!.summary,
          link: '/catalog/default/component/orders/deployments',
          severity: 'high',
          topic: 'deployments',
        }),
      },
    ]);
    expect(published.map(p => p.channel)).toContain(
      'deployments:component:default/orders',
    );

    // The timeline says how the bad build ended in staging.
    const timeline = await dora.timeline(ENTITY, lena);
    const bad = timeline.releases.find(r => r.imageTag === '1.1.0')!;
    expect(bad.stops.find(s => s.environment === 'staging')).toMatchObject({
      outcome: 'aborted',
      endedBy: 'analysis',
      endReason: explanation!.summary,
    });
    await dora.timeline(ENTITY, lena);
    expect(sent).toHaveLength(1); // not again
  });

  it('lets an owner ask the production group for a prod promotion, and nobody else', async () => {
    const { promotions } = await setup();
    const ctx = (userEntityRef: string) => ({
      entityRef: ENTITY,
      environment: 'prod',
      credentials: mockCredentials.user(userEntityRef),
    });
    const asked = await promotions.requestPromotion(
      ctx('user:default/lena.fischer'),
      { reason: 'staging is green' },
    );
    expect(asked).toEqual({
      notified: ['group:default/sre'],
      message: 'Asked group:default/sre to promote 1.0.0 from staging to prod.',
    });
    expect(sent).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: ['group:default/sre', ENTITY],
          excludeEntityRef: 'user:default/lena.fischer',
        },
        payload: expect.objectContaining({
          title: 'orders 1.0.0 waits for promotion to prod',
          link: '/catalog/default/component/orders/deployments',
          description: expect.stringContaining(
            'lena.fischer asks to promote 1.0.0 from staging to prod: staging is green.',
          ),
        }),
      },
    ]);
    expect(audit.at(-1)).toMatchObject({
      eventId: 'deployment-release-promote-request',
      outcome: 'success',
    });
    // Noah may promote himself; Sara owns nothing here.
    await expect(
      promotions.requestPromotion(ctx('user:default/noah.williams'), {
        reason: 'why not',
      }),
    ).rejects.toThrow('yourself');
    await expect(
      promotions.requestPromotion(ctx('user:default/sara.kim'), {
        reason: 'why not',
      }),
    ).rejects.toThrow('Only the owners');
    expect(audit.at(-1)).toMatchObject({ outcome: 'fail' });
    expect(sent).toHaveLength(1);
  });

  it('goes to prod through a pull request: lena opens it, noah merges it, Argo CD rolls the merge out', async () => {
    const { promotions, dora, recorder } = await setup();
    const lane = () => promotions.lane(ENTITY, lena);
    const noah = mockCredentials.user('user:default/noah.williams');
    const released = await argo.release({
      service: 'orders',
      environment: 'staging',
    });
    const tag = released.image.split(':').pop()!;
    await rolledOut(lane, 'staging', tag);
    await recorder.refresh(ENTITY);
    const prod = { entityRef: ENTITY, environment: 'prod' };

    const opened = await promotions.promote(
      { ...prod, credentials: lena },
      { reason: 'staging is green' },
    );
    expect(opened).toMatchObject({
      committed: false,
      pullRequest: { created: true, imageTag: tag, canMerge: false },
    });
    // The production group is told, with the pull request.
    expect(sent.at(-1)).toMatchObject({
      recipients: { entityRef: ['group:default/sre', ENTITY] },
      payload: expect.objectContaining({
        title: `orders ${tag} waits for promotion to prod`,
      }),
    });
    const waiting = (await lane()).environments.find(e => e.name === 'prod')!;
    expect(waiting.imageTag).not.toBe(tag);
    expect(waiting.pullRequest?.number).toBe(opened.pullRequest!.number);

    const merged = await promotions.mergePromotion(
      { ...prod, credentials: noah },
      { reason: 'release train' },
    );
    expect(merged.number).toBe(opened.pullRequest!.number);
    // Argo CD deploys the merge commit: prod's canary starts (its last step waits for a person).
    let after;
    for (let i = 0; i < 20; i++) {
      after = (await lane()).environments.find(e => e.name === 'prod')!;
      if (after.revision === merged.mergeSha && after.canaryInFlight) break;
      await argo.tick(2);
    }
    expect(after).toMatchObject({
      revision: merged.mergeSha,
      desiredImageTag: tag,
      canaryInFlight: true,
    });
    expect(after!.pullRequest).toBeUndefined();
    // The timeline credits noah's merge for prod.
    await recorder.refresh(ENTITY);
    const release = (await dora.timeline(ENTITY, lena)).releases.find(
      r => r.imageTag === tag,
    )!;
    expect(release.stops.find(s => s.environment === 'prod')).toMatchObject({
      revision: merged.mergeSha,
      promotion: { by: 'user:default/noah.williams', from: 'staging' },
    });
  });
});
