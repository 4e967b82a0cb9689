import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EnvironmentDeployment,
  RolloutState,
} from '@internal/plugin-deployments-common';
import {
  GitHubPullRequests,
  GitHubWriter,
} from '@internal/plugin-deployments-node';
import { githubSimulator, Sandbox, startSandbox } from '@internal/sandbox';
import {
  mockServices,
  type RecordedAuditEvent,
} from '@internal/backend-test-stubs';
import { policyPermissions } from '../../__testUtils__/testDeployments';
import { LaneInput, LaneReader } from './ArgoLaneReader';
import { GateSignals } from './GateSignals';
import { PromotionService } from './PromotionService';

/*
 * The promotion service against the sandbox's GitHub (a real git
 * repository behind GitHub's REST API, written with the product's
 * GitHubWriter), with Argo CD's view of the environments given as data and
 * Prometheus and Grafana answering known series.
 */

const TOKEN = 'sandbox-github-token';
const ENTITY = 'component:default/payments-api';
const REGISTRY = 'registry.example.com/payments-api';

const values = (
  env: string,
  tag: string,
) => `# Values for the ${env} environment.
environment: ${env}

image:
  # Set by the promote workflow.
  tag: "${tag}"

autoscaling:
  minReplicas: 2
`;

const credentials = (user: string) =>
  ({
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'user', userEntityRef: `user:default/${user}` },
  } as unknown as BackstageCredentials);

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-api',
      namespace: 'default',
      annotations: { 'grafana/alert-label-selector': 'service=payments-api' },
    },
    spec: { owner: 'group:default/payments' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'lena.fischer', namespace: 'default' },
    spec: {
      profile: { displayName: 'Lena Fischer', email: 'lena@acme.example' },
    },
  },
];

const catalog = {
  async getEntityByRef(ref: string) {
    return entities.find(
      e =>
        `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`.toLowerCase() ===
        ref.toLowerCase(),
    );
  },
} as unknown as CatalogService;

/** What Prometheus and Grafana answer; changed per test. */
interface Signals {
  errorRatio: Record<string, string | undefined>;
  prometheusDown?: boolean;
  firing?: string[];
}

function signalsFetch(signals: Signals): typeof fetch {
  return (async (input: string | URL) => {
    const url = new URL(String(input));
    const json = (body: unknown, status = 200) =>
      new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' },
      });
    if (url.pathname.endsWith('/api/v1/query')) {
      if (signals.prometheusDown) return json({ error: 'down' }, 503);
      const query = url.searchParams.get('query') ?? '';
      const window = /\[(\w+)\]/.exec(query)?.[1] ?? '';
      const value = signals.errorRatio[window];
      return json({
        status: 'success',
        data: {
          resultType: 'vector',
          result:
            value === undefined ? [] : [{ metric: {}, value: [0, value] }],
        },
      });
    }
    if (url.pathname.endsWith('/api/prometheus/grafana/api/v1/rules')) {
      return json({
        status: 'success',
        data: {
          groups: [
            {
              name: 'payments',
              file: 'payments',
              rules: ['error-rate', 'latency'].map(kind => ({
                uid: kind,
                name: `payments-api ${kind} (dev)`,
                type: 'alerting',
                state: signals.firing?.includes(kind) ? 'firing' : 'inactive',
                labels: { service: 'payments-api', environment: 'dev' },
                annotations: {},
                alerts: [],
                health: 'ok',
                query: '',
              })),
            },
          ],
        },
      });
    }
    return json({ error: 'unexpected' }, 404);
  }) as typeof fetch;
}

function rollout(overrides: Partial<RolloutState> = {}): RolloutState {
  return {
    name: 'payments-api',
    namespace: 'payments-api',
    phase: 'Healthy',
    health: 'Healthy',
    aborted: false,
    paused: false,
    pauseReasons: [],
    steps: [],
    weights: { stable: 100, canary: 0 },
    analysisRuns: [],
    availableActions: [],
    ...overrides,
  };
}

function environment(
  name: string,
  tag: string,
  revision: string,
  overrides: Partial<EnvironmentDeployment> = {},
): EnvironmentDeployment {
  return {
    environment: name,
    instance: 'argocd',
    state: 'deployed',
    application: `payments-api-${name}`,
    binding: 'bound',
    production: name === 'prod',
    revision,
    images: [`${REGISTRY}:${tag}`],
    imageTag: tag,
    sync: 'Synced',
    health: 'Healthy',
    operationRunning: false,
    canaryInFlight: false,
    history: [
      {
        id: 1,
        revision,
        current: true,
        author: 'ci-bot',
        message: `Release ${tag}`,
      },
    ],
    rollout: rollout({ stableImage: `${REGISTRY}:${tag}` }),
    ...overrides,
  };
}

describe('PromotionService', () => {
  let sandbox: Sandbox;
  let writer: GitHubWriter;
  let pulls: GitHubPullRequests;
  let lanes: LaneReader;
  let repoURL: string;
  let revisions: { staging: string; feature: string; dev: string };
  let signals: Signals;
  let lane: Record<string, EnvironmentDeployment>;
  let audit: RecordedAuditEvent[];
  let service: PromotionService;

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sandbox.url}/github/api/v3${path}`, {
      method,
      headers: {
        authorization: `token ${TOKEN}`,
        'content-type': 'application/json',
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  };
  const put = async (path: string, content: string, message: string) => {
    const current = await api(
      'GET',
      `/repos/acme/payments-api/contents/${path}`,
    );
    const res = await api('PUT', `/repos/acme/payments-api/contents/${path}`, {
      message,
      content: Buffer.from(content).toString('base64'),
      ...(current.status === 200 && { sha: current.body.sha }),
    });
    if (res.status >= 300) throw new Error(JSON.stringify(res));
    return res.body.commit.sha as string;
  };
  const head = async () =>
    (await api('GET', '/repos/acme/payments-api/commits/main')).body
      .sha as string;
  const fileAtHead = async (path: string) => {
    const res = await api('GET', `/repos/acme/payments-api/contents/${path}`);
    return Buffer.from(res.body.content, 'base64').toString('utf8');
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, simulators: [githubSimulator()] });
    const host = new URL(sandbox.url).host;
    const githubConfig = new ConfigReader({
      integrations: {
        github: [
          { host, apiBaseUrl: `${sandbox.url}/github/api/v3`, token: TOKEN },
        ],
      },
    });
    writer = GitHubWriter.fromConfig(githubConfig);
    pulls = GitHubPullRequests.fromConfig(githubConfig);
    repoURL = `${sandbox.url}/acme/payments-api.git`;
  });
  afterAll(() => sandbox.close());

  const makeService = (
    extra: Partial<ConstructorParameters<typeof PromotionService>[0]> = {},
  ) =>
    new PromotionService({
      lanes,
      writer,
      signals: new GateSignals(
        {
          slo: 0.995,
          burnRateThreshold: 14.4,
          prometheus: { baseUrl: 'http://prometheus.test', environments: {} },
          grafana: { baseUrl: 'http://grafana.test', token: 't' },
        },
        { fetch: signalsFetch(signals) },
      ),
      catalog,
      permissions: policyPermissions(
        { [ENTITY]: 'group:default/payments' },
        [],
      ),
      auditor: mockServices.auditor({ events: audit }),
      slo: 0.995,
      burnRateThreshold: 14.4,
      ...extra,
    });

  beforeEach(async () => {
    await fetch(`${sandbox.url}/admin/reset`, { method: 'POST' });
    const created = await api('POST', '/orgs/acme/repos', {
      name: 'payments-api',
    });
    if (created.status !== 201) throw new Error(JSON.stringify(created));
    await put('chart/values-dev.yaml', values('dev', '1.2.0'), 'Create dev');
    await put('chart/values-prod.yaml', values('prod', '1.1.0'), 'Create prod');
    const staging = await put(
      'chart/values-staging.yaml',
      values('staging', '1.2.0'),
      'Create staging',
    );
    const feature = await put('src/feature.ts', 'export {};\n', 'Add refunds');
    const dev = await put(
      'chart/values-dev.yaml',
      values('dev', '1.3.0'),
      'Release 1.3.0 to dev',
    );
    revisions = { staging, feature, dev };
    lane = {
      dev: environment('dev', '1.3.0', dev),
      staging: environment('staging', '1.2.0', staging),
      prod: environment('prod', '1.1.0', staging, { instance: 'argocd-eu' }),
    };
    signals = { errorRatio: { '1h': '0.001', '5m': '0.0005' } };
    audit = [];
    lanes = {
      async read(entityRef) {
        return {
          entityRef,
          environments: ['dev', 'staging', 'prod'].map(
            (name): LaneInput => ({
              detail: lane[name],
              bound: lane[name].binding === 'bound',
              source: {
                repoURL,
                path: 'chart',
                targetRevision: 'main',
                valuesFile: `chart/values-${name}.yaml`,
              },
            }),
          ),
        };
      },
    };
    service = makeService();
  });

  const ctx = (user: string, target: string) => ({
    entityRef: ENTITY,
    environment: target,
    credentials: credentials(user),
  });

  it('shows the lane in config order with what promoting would change', async () => {
    const result = await service.lane(ENTITY, credentials('lena.fischer'));
    expect(result.environments.map(e => [e.name, e.imageTag])).toEqual([
      ['dev', '1.3.0'],
      ['staging', '1.2.0'],
      ['prod', '1.1.0'],
    ]);
    expect(result.environments[0].desiredImageTag).toBe('1.3.0');
    const [devToStaging, stagingToProd] = result.steps;
    expect(devToStaging).toMatchObject({
      from: 'dev',
      to: 'staging',
      image: { before: `${REGISTRY}:1.2.0`, after: `${REGISTRY}:1.3.0` },
      upToDate: false,
      valuesFile: 'chart/values-staging.yaml',
    });
    expect(devToStaging.error).toBeUndefined();
    // The commits between staging's revision and dev's, newest first.
    expect(devToStaging.commits.map(c => [c.sha, c.message])).toEqual([
      [revisions.dev, 'Release 1.3.0 to dev'],
      [revisions.feature, 'Add refunds'],
    ]);
    expect(devToStaging.commits[0].author).toBeTruthy();
    expect(devToStaging.valuesDiff).toContain('-  tag: "1.2.0"');
    expect(devToStaging.valuesDiff).toContain('+  tag: "1.3.0"');
    expect(stagingToProd.image).toEqual({
      before: `${REGISTRY}:1.1.0`,
      after: `${REGISTRY}:1.2.0`,
    });
  });

  it('promotes dev to staging with one commit on behalf of the user, audited', async () => {
    const before = await head();
    const preview = await service.preview(ctx('lena.fischer', 'staging'));
    expect(preview.gates.map(g => [g.id, g.status])).toEqual([
      ['target-idle', 'passed'],
      ['canary', 'passed'],
      ['alerts', 'passed'],
      ['burn-rate', 'passed'],
    ]);
    expect(preview).toMatchObject({
      ready: true,
      allowed: true,
      canOverride: false,
    });

    const result = await service.promote(ctx('lena.fischer', 'staging'), {
      reason: 'Refunds are ready for integration tests',
    });
    expect(result).toMatchObject({
      committed: true,
      from: 'dev',
      to: 'staging',
      imageTag: '1.3.0',
    });
    const after = await head();
    expect(after).toBe(result.commitSha);
    expect(after).not.toBe(before);
    // Only the tag changed; the comment is still there.
    expect(await fileAtHead('chart/values-staging.yaml')).toBe(
      values('staging', '1.3.0'),
    );
    const commits = await writer.compareCommits(
      { host: new URL(sandbox.url).host, owner: 'acme', repo: 'payments-api' },
      before,
      after,
    );
    expect(commits).toHaveLength(1);
    expect(commits[0].message).toContain(
      'Promote payments-api 1.3.0 from dev to staging',
    );
    expect(commits[0].message).toContain(
      'Refunds are ready for integration tests',
    );
    expect(commits[0].message).toContain(
      'Co-authored-by: Lena Fischer <lena@acme.example>',
    );
    expect(audit).toEqual([
      expect.objectContaining({
        eventId: 'deployment-release-promote',
        outcome: 'success',
        meta: expect.objectContaining({
          actor: 'user:default/lena.fischer',
          from: 'dev',
          to: 'staging',
          reason: 'Refunds are ready for integration tests',
          imageTag: '1.3.0',
          before: '1.2.0',
          commit: result.commitSha,
        }),
      }),
    ]);
  });

  it('is a no-op with a message when the target is already set to the build', async () => {
    await service.promote(ctx('lena.fischer', 'staging'), { reason: 'first' });
    const after = await head();
    const again = await service.promote(ctx('lena.fischer', 'staging'), {
      reason: 'again',
    });
    expect(again.committed).toBe(false);
    expect(again.message).toMatch(/already set to 1\.3\.0 in git/);
    expect(await head()).toBe(after);

    // Once it runs there, it says so.
    lane.staging = environment('staging', '1.3.0', after);
    const third = await service.promote(ctx('lena.fischer', 'staging'), {
      reason: 'third',
    });
    expect(third).toMatchObject({
      committed: false,
      message: 'staging already runs 1.3.0: nothing to promote.',
    });
  });

  it('fails the burn-rate gate when both windows burn at 14.4x, and refuses', async () => {
    // 10% errors against a 0.5% budget: 20x on both windows.
    signals.errorRatio = { '1h': '0.1', '5m': '0.1' };
    const preview = await service.preview(ctx('lena.fischer', 'staging'));
    const gate = preview.gates.find(g => g.id === 'burn-rate')!;
    expect(gate.status).toBe('failed');
    expect(gate.detail).toBe(
      'The error budget burns too fast: 1h: 20.0x (10.00% errors), 5m: 20.0x (10.00% errors).',
    );
    expect(preview.ready).toBe(false);
    const before = await head();
    await expect(
      service.promote(ctx('lena.fischer', 'staging'), { reason: 'ship it' }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    expect(await head()).toBe(before);
    expect(audit[0]).toMatchObject({ outcome: 'fail' });
  });

  it('passes the burn-rate gate when only the long window burned (recovered)', async () => {
    signals.errorRatio = { '1h': '0.1', '5m': '0.001' };
    const preview = await service.preview(ctx('lena.fischer', 'staging'));
    expect(preview.gates.find(g => g.id === 'burn-rate')).toMatchObject({
      status: 'passed',
      detail: '1h: 20.0x (10.00% errors), 5m: 0.2x (0.10% errors).',
    });
  });

  it('blocks when Prometheus cannot be asked, with the reason', async () => {
    signals.prometheusDown = true;
    const preview = await service.preview(ctx('lena.fischer', 'staging'));
    const gate = preview.gates.find(g => g.id === 'burn-rate')!;
    expect(gate.status).toBe('error');
    expect(gate.detail).toMatch(/^Cannot be evaluated: 1h: Prometheus/);
    await expect(
      service.promote(ctx('lena.fischer', 'staging'), { reason: 'ship it' }),
    ).rejects.toThrow(/Cannot promote 1\.3\.0 from dev to staging/);
  });

  it('fails the alerts gate while an alert of the service fires in the source', async () => {
    signals.firing = ['error-rate'];
    const preview = await service.preview(ctx('lena.fischer', 'staging'));
    expect(preview.gates.find(g => g.id === 'alerts')).toMatchObject({
      status: 'failed',
      detail: 'Firing: payments-api error-rate (dev).',
    });
  });

  it('fails the canary gate while the source canary is in flight or aborted', async () => {
    lane.dev = environment('dev', '1.3.0', revisions.dev, {
      canaryInFlight: true,
      images: [`${REGISTRY}:1.3.0`, `${REGISTRY}:1.4.0`],
      rollout: rollout({
        stableImage: `${REGISTRY}:1.3.0`,
        weights: { stable: 90, canary: 10 },
      }),
    });
    let preview = await service.preview(ctx('lena.fischer', 'staging'));
    expect(preview.gates.find(g => g.id === 'canary')?.status).toBe('failed');
    // What is promoted is the stable build, never the canary's.
    expect(preview.changes.image.after).toBe(`${REGISTRY}:1.3.0`);

    lane.dev = environment('dev', '1.3.0', revisions.dev, {
      rollout: rollout({
        aborted: true,
        stableImage: `${REGISTRY}:1.3.0`,
        abortExplanation: {
          summary: 'The canary of 1.4.0 was aborted automatically',
          values: ['0.5'],
          automatic: true,
        },
      }),
    });
    preview = await service.preview(ctx('lena.fischer', 'staging'));
    expect(preview.gates.find(g => g.id === 'canary')).toMatchObject({
      status: 'failed',
      detail: 'The canary of 1.4.0 was aborted automatically',
    });
  });

  it('lets an admin override a failed gate with a reason, audited and in the commit', async () => {
    signals.errorRatio = { '1h': '0.2', '5m': '0.2' };
    await expect(
      service.promote(ctx('lena.fischer', 'staging'), {
        reason: 'ship it',
        override: { reason: 'errors are from the load test' },
      }),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });

    const result = await service.promote(ctx('ada.admin', 'staging'), {
      reason: 'ship it',
      override: { reason: 'errors are from the load test' },
    });
    expect(result).toMatchObject({
      committed: true,
      overridden: ['burn-rate'],
    });
    expect(result.message).toMatch(/Gates overridden: burn-rate/);
    const [commit] = await writer.compareCommits(
      { host: new URL(sandbox.url).host, owner: 'acme', repo: 'payments-api' },
      revisions.dev,
      result.commitSha!,
    );
    expect(commit.message).toContain(
      'Gates overridden by user:default/ada.admin: burn-rate. Why: errors are from the load test',
    );
    expect(
      audit.map(e => [e.outcome, e.meta.actor, e.meta.overridden]),
    ).toEqual([
      ['fail', 'user:default/lena.fischer', undefined],
      ['success', 'user:default/ada.admin', ['burn-rate']],
    ]);
    expect(audit[1].meta.override).toBe('errors are from the load test');
  });

  it('refuses while the target has a canary or an operation in flight, even with an override', async () => {
    lane.staging = environment('staging', '1.2.0', revisions.staging, {
      canaryInFlight: true,
      images: [`${REGISTRY}:1.2.0`, `${REGISTRY}:1.2.1`],
      rollout: rollout({
        stableImage: `${REGISTRY}:1.2.0`,
        canaryImage: `${REGISTRY}:1.2.1`,
        weights: { stable: 50, canary: 50 },
      }),
    });
    await expect(
      service.promote(ctx('ada.admin', 'staging'), {
        reason: 'ship it',
        override: { reason: 'hurry' },
      }),
    ).rejects.toThrow(
      /Cannot promote to staging now: A canary is in flight in staging/,
    );
    lane.staging = environment('staging', '1.2.0', revisions.staging, {
      operationRunning: true,
      operation: { kind: 'sync', phase: 'Running', message: 'syncing' },
    });
    await expect(
      service.promote(ctx('lena.fischer', 'staging'), { reason: 'ship it' }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
  });

  it('denies non-owners, and production to owners who are not in the production groups', async () => {
    await expect(
      service.promote(ctx('sara.kim', 'staging'), { reason: 'ship it' }),
    ).rejects.toThrow(/only its owners may \(deployments\.release\.promote\)/);
    expect(audit[0]).toMatchObject({
      outcome: 'fail',
      meta: expect.objectContaining({ actor: 'user:default/sara.kim' }),
    });
    await expect(
      service.promote(ctx('lena.fischer', 'prod'), { reason: 'ship it' }),
    ).rejects.toThrow(/deployments\.release\.promote\.production/);
    expect((await service.preview(ctx('lena.fischer', 'prod'))).allowed).toBe(
      false,
    );

    // SRE may: staging's build goes to prod.
    const result = await service.promote(ctx('noah.williams', 'prod'), {
      reason: 'weekly release',
    });
    expect(result).toMatchObject({ committed: true, imageTag: '1.2.0' });
    expect(await fileAtHead('chart/values-prod.yaml')).toBe(
      values('prod', '1.2.0'),
    );
  });

  it('says nothing runs in a source without a build, and refuses to promote from it', async () => {
    // Its application exists (created from the template), nothing deployed yet.
    lane.dev = environment('dev', '', revisions.dev, {
      images: [],
      imageTag: undefined,
      rollout: undefined,
      history: [],
      revision: undefined,
      health: 'Missing',
      sync: 'OutOfSync',
    });
    const result = await service.lane(ENTITY, credentials('lena.fischer'));
    expect(result.environments[0]).toMatchObject({
      name: 'dev',
      state: 'deployed',
    });
    expect(result.environments[0].image).toBeUndefined();
    expect(result.steps[0]).toMatchObject({
      from: 'dev',
      to: 'staging',
      blocked: 'Nothing runs in dev yet',
    });
    expect(result.steps[1].blocked).toBeUndefined();

    const before = await head();
    await expect(
      service.promote(ctx('lena.fischer', 'staging'), { reason: 'ship it' }),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message:
        'Nothing runs in dev yet: there is no build to promote to staging. Nothing was changed.',
    });
    expect(await head()).toBe(before);
    expect(audit).toEqual([
      expect.objectContaining({
        eventId: 'deployment-release-promote',
        outcome: 'fail',
      }),
    ]);
  });

  it('refuses applications that are not bound to the entity', async () => {
    lane.staging = { ...lane.staging, binding: 'unbound' };
    await expect(
      service.promote(ctx('lena.fischer', 'staging'), { reason: 'ship it' }),
    ).rejects.toThrow(/not bound to component:default\/payments-api/);
  });

  it('validates the target and the reason', async () => {
    await expect(
      service.promote(ctx('lena.fischer', 'dev'), { reason: 'ship it' }),
    ).rejects.toThrow(/first environment of the lane/);
    await expect(
      service.promote(ctx('lena.fischer', 'qa'), { reason: 'ship it' }),
    ).rejects.toThrow(/Unknown environment 'qa'/);
    await expect(
      service.promote(ctx('lena.fischer', 'staging'), { reason: ' ' }),
    ).rejects.toMatchObject({ name: 'InputError' });
  });

  describe('production through a pull request', () => {
    const repository = () => ({
      host: new URL(sandbox.url).host,
      owner: 'acme',
      repo: 'payments-api',
    });
    let sent: any[];
    const prService = () => {
      sent = [];
      return makeService({
        pulls,
        pullRequestEnvironments: ['prod'],
        productionGroups: ['group:default/sre'],
        notifier: {
          async promotionWaits(request) {
            sent.push(request);
          },
        },
      });
    };

    it('opens a pull request for an owner instead of committing, and reuses it on a re-promote', async () => {
      const svc = prService();
      const preview = await svc.preview(ctx('lena.fischer', 'prod'));
      expect(preview).toMatchObject({
        viaPullRequest: true,
        allowed: true, // lena may open it
        canMerge: false,
      });
      const before = await head();
      const opened = await svc.promote(ctx('lena.fischer', 'prod'), {
        reason: 'staging has been green all week',
      });
      expect(opened).toMatchObject({
        committed: false,
        imageTag: '1.2.0',
        pullRequest: {
          branch: 'portal/promote-prod-1.2.0',
          created: true,
          imageTag: '1.2.0',
          from: 'staging',
          to: 'prod',
          requestedBy: 'user:default/lena.fischer',
          reason: 'staging has been green all week',
          canMerge: false,
        },
      });
      expect(opened.message).toBe(
        `Opened pull request #${
          opened.pullRequest!.number
        } to promote 1.2.0 from staging to prod: waiting for group:default/sre to merge it.`,
      );
      // Nothing landed on main; the branch holds the change.
      expect(await head()).toBe(before);
      expect(await fileAtHead('chart/values-prod.yaml')).toBe(
        values('prod', '1.1.0'),
      );
      expect(
        await writer.readFileAt(
          repository(),
          'chart/values-prod.yaml',
          'portal/promote-prod-1.2.0',
        ),
      ).toBe(values('prod', '1.2.0'));
      const pull = await pulls.get(repository(), opened.pullRequest!.number);
      expect(pull).toMatchObject({
        state: 'open',
        title: 'Promote payments-api 1.2.0 from staging to prod',
        base: { ref: 'main' },
      });
      expect(pull.body).toContain(
        'user:default/lena.fischer asks to promote **1.2.0** from **staging** to **prod**.',
      );
      expect(pull.body).toContain(
        '- [x] Error budget burn rate in staging below 14.4x',
      );
      expect(pull.body).toContain('+  tag: "1.2.0"');
      // The production group is told that it waits for them.
      expect(sent).toEqual([
        expect.objectContaining({
          to: 'prod',
          imageTag: '1.2.0',
          requester: 'user:default/lena.fischer',
          allowedGroups: ['group:default/sre'],
        }),
      ]);
      expect(audit.at(-1)).toMatchObject({
        eventId: 'deployment-release-promote',
        outcome: 'success',
        meta: expect.objectContaining({
          committed: false,
          pullRequest: opened.pullRequest!.number,
          pullRequestCreated: true,
        }),
      });

      // The lane shows it, with who opened it and the gates then.
      const view = await svc.lane(ENTITY, credentials('lena.fischer'));
      const prod = view.environments.find(e => e.name === 'prod')!;
      expect(prod.viaPullRequest).toBe(true);
      expect(prod.pullRequest).toMatchObject({
        number: opened.pullRequest!.number,
        requestedBy: 'user:default/lena.fischer',
        canMerge: false,
      });
      expect(prod.pullRequest!.gates.map(g => [g.id, g.status])).toEqual([
        ['target-idle', 'passed'],
        ['canary', 'passed'],
        ['alerts', 'passed'],
        ['burn-rate', 'passed'],
      ]);
      const forNoah = await svc.lane(ENTITY, credentials('noah.williams'));
      expect(
        forNoah.environments.find(e => e.name === 'prod')!.pullRequest
          ?.canMerge,
      ).toBe(true);

      // Again: the same pull request, updated, not a second one.
      const again = await svc.promote(ctx('lena.fischer', 'prod'), {
        reason: 'still green',
      });
      expect(again.pullRequest).toMatchObject({
        number: opened.pullRequest!.number,
        created: false,
        reason: 'still green',
      });
      expect(again.message).toMatch(/^Updated pull request #/);
      expect(await pulls.list(repository(), { state: 'open' })).toHaveLength(1);
    });

    it('lets only the production group merge; gates are evaluated again at merge; audited', async () => {
      const svc = prService();
      const opened = await svc.promote(ctx('lena.fischer', 'prod'), {
        reason: 'weekly release',
      });
      const number = opened.pullRequest!.number;

      // The owner may not merge: a 403 with what is needed.
      const denied = svc.mergePromotion(ctx('lena.fischer', 'prod'), {
        reason: 'please',
      });
      await expect(denied).rejects.toMatchObject({ name: 'NotAllowedError' });
      await expect(denied).rejects.toThrow(
        'You may not merge the promotion of component:default/payments-api to prod: merging needs deployments.release.promote.production, which group:default/sre hold. Waiting for them.',
      );
      expect(audit.at(-1)).toMatchObject({
        eventId: 'deployment-release-promote-merge',
        outcome: 'fail',
        meta: expect.objectContaining({ actor: 'user:default/lena.fischer' }),
      });

      // Staging burns its budget now: the gates opened green, but the merge is refused.
      signals.errorRatio = { '1h': '0.1', '5m': '0.1' };
      const before = await head();
      await expect(
        svc.mergePromotion(ctx('noah.williams', 'prod'), {
          reason: 'ship it',
        }),
      ).rejects.toThrow(
        /^Cannot merge the promotion of 1\.2\.0 from staging to prod: Error budget burn rate in staging .*20\.0x \(10\.00% errors\).* Nothing was merged\.$/,
      );
      expect(await head()).toBe(before);
      expect((await pulls.get(repository(), number)).state).toBe('open');

      // Recovered: noah merges; main gets the merge commit.
      signals.errorRatio = { '1h': '0.001', '5m': '0.001' };
      const merged = await svc.mergePromotion(ctx('noah.williams', 'prod'), {
        reason: 'weekly release, reviewed',
      });
      expect(merged).toMatchObject({
        number,
        imageTag: '1.2.0',
        from: 'staging',
        to: 'prod',
      });
      expect(await head()).toBe(merged.mergeSha);
      expect(await fileAtHead('chart/values-prod.yaml')).toBe(
        values('prod', '1.2.0'),
      );
      const pull = await pulls.get(repository(), number);
      expect(pull).toMatchObject({ state: 'closed', merged: true });
      // The merge commit names who merged, and the branch's commit who asked.
      const commits = await writer.compareCommits(
        repository(),
        before,
        merged.mergeSha,
      );
      expect(commits[0].message).toContain(
        `Promote payments-api 1.2.0 from staging to prod (#${number})`,
      );
      expect(commits[0].message).toContain(
        'Merged-by: user:default/noah.williams',
      );
      expect(commits[1].message).toContain(
        'Promoted-by: user:default/lena.fischer',
      );
      expect(audit.at(-1)).toMatchObject({
        eventId: 'deployment-release-promote-merge',
        outcome: 'success',
        meta: expect.objectContaining({
          actor: 'user:default/noah.williams',
          reason: 'weekly release, reviewed',
          pullRequest: number,
          mergeSha: merged.mergeSha,
          imageTag: '1.2.0',
        }),
      });
      // Nothing left to merge.
      await expect(
        svc.mergePromotion(ctx('noah.williams', 'prod'), { reason: 'again' }),
      ).rejects.toThrow(/no open promotion pull request into prod/);
    });

    it('refuses to merge a pull request whose build is no longer what the source runs', async () => {
      const svc = prService();
      await svc.promote(ctx('lena.fischer', 'prod'), { reason: 'release' });
      lane.staging = environment('staging', '1.3.0', revisions.dev);
      await expect(
        svc.mergePromotion(ctx('noah.williams', 'prod'), { reason: 'go now' }),
      ).rejects.toThrow(
        /sets prod to 1\.2\.0, but staging runs 1\.3\.0 now.*promote again/,
      );
      // Promoting the new build supersedes the old pull request.
      const next = await svc.promote(ctx('lena.fischer', 'prod'), {
        reason: 'newer',
      });
      expect(next.pullRequest).toMatchObject({
        imageTag: '1.3.0',
        created: true,
      });
      const open = await pulls.list(repository(), { state: 'open' });
      expect(open.map(p => p.head.ref)).toEqual(['portal/promote-prod-1.3.0']);
    });

    it('still refuses non-owners, and commits directly outside the pull-request environments', async () => {
      const svc = prService();
      await expect(
        svc.promote(ctx('sara.kim', 'prod'), { reason: 'ship it' }),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
      const result = await svc.promote(ctx('lena.fischer', 'staging'), {
        reason: 'integration tests',
      });
      expect(result).toMatchObject({ committed: true });
      expect(result.pullRequest).toBeUndefined();
    });
  });
});
