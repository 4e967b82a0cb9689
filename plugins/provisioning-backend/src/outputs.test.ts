/*
 * After a run applied: its outputs land in the service repository's
 * chart/values-dev.yaml through the GitHub writer, and the environment's
 * Argo CD Application held for them gets automated sync. Real store (every
 * test database), engine, follower and recorder against the sandbox's
 * Terraform Cloud, GitHub and Argo CD simulators.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import {
  ArgoCDClient,
  GitHubWriter,
  SYNC_HELD_ANNOTATION,
  holdAutomatedSync,
  isAutoSyncEnabled,
} from '@internal/plugin-deployments-node';
import {
  argocdSimulator,
  githubSimulator,
  startSandbox,
  type Sandbox,
  tfcSimulator,
} from '@internal/sandbox';
import { TestDatabases } from '@internal/test-databases';
import { parse } from 'yaml';
import { mockServices } from '@internal/backend-test-stubs';
import {
  Instance,
  followUntil,
  paymentsApi,
  sandboxEngine,
  silentLogger,
  startInstance,
} from './__testUtils__/harness';
import { EngineRegistry } from './service/EngineRegistry';
import { RunFollower } from './service/RunFollower';
import { OutputRecorder } from './service/outputs/OutputRecorder';
import { SyncReleaser } from './service/outputs/SyncReleaser';

jest.setTimeout(60_000);

const databases = TestDatabases.create();
const TOKEN = 'sandbox-github-token';
const exec = promisify(execFile);
/** The recorder's first wait after a failure; the tests move time by making the record due. */
const RETRY_MS = 60_000;

const VALUES_DEV = `# Values for the dev environment, merged over values.yaml by
# the Argo CD Application payments-api-dev.
environment: dev

image:
  # Set by CI after every build of main.
  tag: "1.4.2"

autoscaling:
  minReplicas: 1
  maxReplicas: 2

# Outputs of the provisioning workspace payments-api-dev,
# recorded here once it has applied (endpoints and ARNs, never secret values).
provisioned:
  awsRegion: ""
  roleArn: ""
  database:
    host: ""
    port: 5432
    name: ""
    secretArn: ""
  queue:
    url: ""
    deadLetterUrl: ""
`;

describe.each(databases.eachSupportedId())(
  'recording outputs on %s',
  databaseId => {
    let sandbox: Sandbox;
    let host: string;
    let argocd: ArgoCDClient;
    const instances: Instance[] = [];

    beforeAll(async () => {
      sandbox = await startSandbox({
        port: 0,
        simulators: [
          tfcSimulator({ stepMs: 15, outputsProcessingMs: 20 }),
          githubSimulator(),
          argocdSimulator({ tickMs: 0 }),
        ],
      });
      host = new URL(sandbox.url).host;
      argocd = new ArgoCDClient({
        baseUrl: `${sandbox.url}/argocd`,
        token: 'sandbox-argocd-token',
      });
    });
    afterAll(() => sandbox.close());
    beforeEach(async () => {
      await fetch(`${sandbox.url}/admin/reset`, { method: 'POST' });
    });
    afterEach(async () => {
      await Promise.all(instances.splice(0).map(i => i.close()));
    });

    const github = async (method: string, path: string, body?: unknown) => {
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
    const head = async () =>
      (await github('GET', '/repos/acme/payments-api/commits/main')).body?.sha;
    const valuesDev = async () => {
      const res = await fetch(
        `${sandbox.url}/github/raw/acme/payments-api/main/chart/values-dev.yaml`,
        { headers: { authorization: `token ${TOKEN}` } },
      );
      return res.text();
    };

    /** The commit's message, as `git log` shows it in a clone. */
    async function commitMessage(sha: string): Promise<string> {
      const dir = await mkdtemp(join(tmpdir(), 'outputs-clone-'));
      try {
        const url = new URL(`${sandbox.url}/acme/payments-api.git`);
        url.username = 'x-access-token';
        url.password = TOKEN;
        await exec('git', ['clone', '--quiet', url.toString(), dir]);
        return (await exec('git', ['-C', dir, 'log', '-1', '--format=%B', sha]))
          .stdout;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }

    async function createRepository() {
      expect(
        (await github('POST', '/orgs/acme/repos', { name: 'payments-api' }))
          .status,
      ).toBe(201);
      expect(
        (
          await github(
            'PUT',
            '/repos/acme/payments-api/contents/chart/values-dev.yaml',
            {
              message: 'Create payments-api from the microservice template',
              content: Buffer.from(VALUES_DEV).toString('base64'),
            },
          )
        ).status,
      ).toBe(201);
    }

    /** The dev Application as the template creates it for a service with tiers. */
    async function createHeldApplication() {
      await argocd.createApplication(
        holdAutomatedSync({
          metadata: {
            name: 'payments-api-dev',
            namespace: 'argocd',
            labels: {
              'app.kubernetes.io/name': 'payments-api',
              environment: 'dev',
            },
            annotations: { [SYNC_HELD_ANNOTATION]: 'infrastructure' },
          },
          spec: {
            project: 'default',
            source: {
              repoURL: `${sandbox.url}/acme/payments-api.git`,
              targetRevision: 'main',
              path: 'chart',
            },
            destination: { name: 'dev', namespace: 'payments-api' },
            syncPolicy: { automated: { prune: true, selfHeal: true } },
          },
        }),
        // Replaces the sandbox world's own payments-api-dev.
        { upsert: true },
      );
      expect(
        isAutoSyncEnabled(await argocd.getApplication('payments-api-dev')),
      ).toBe(false);
    }

    /** payments-api as the catalog has it once the template registered it. */
    const entity: Entity = {
      ...paymentsApi,
      metadata: {
        ...paymentsApi.metadata,
        annotations: {
          ...paymentsApi.metadata.annotations,
          'argocd/app-selector': 'app.kubernetes.io/name=payments-api',
          'backstage.io/managed-by-location':
            'url:REPO/blob/main/catalog-info.yaml',
          'backstage.io/source-location': 'url:REPO/tree/main/',
        },
      },
    };
    const withRepo = (e: Entity): Entity => ({
      ...e,
      metadata: {
        ...e.metadata,
        annotations: Object.fromEntries(
          Object.entries(e.metadata.annotations!).map(([k, v]) => [
            k,
            v.replace('REPO', `${sandbox.url}/acme/payments-api`),
          ]),
        ),
      },
    });

    async function backend(catalogEntities?: Entity[]) {
      const knex = await databases.init(databaseId);
      const engine = sandboxEngine(sandbox.url);
      const started = await startInstance({ knex, engine });
      instances.push(started);
      const auditor = mockServices.auditor();
      const config = new ConfigReader({
        integrations: {
          github: [
            { host, apiBaseUrl: `${sandbox.url}/github/api/v3`, token: TOKEN },
          ],
        },
        deployments: {
          argocd: {
            instances: [
              {
                name: 'argocd',
                baseUrl: `${sandbox.url}/argocd`,
                token: 'sandbox-argocd-token',
                environments: ['dev', 'staging', 'prod'],
              },
            ],
          },
        },
      });
      const outputs = new OutputRecorder({
        store: started.store,
        catalog: mockServices.catalog({
          entities: catalogEntities ?? [withRepo(entity)],
        }),
        auth: mockServices.auth({ pluginId: 'provisioning' }),
        writer: GitHubWriter.fromConfig(config),
        sync: SyncReleaser.fromConfig(config),
        auditor,
        logger: silentLogger,
        retryBaseMs: RETRY_MS,
      });
      const engines = new EngineRegistry({
        defaultEngine: 'tfc',
        serviceEngines: {},
      });
      engines.add(engine);
      const follower = new RunFollower({
        store: started.store,
        engines,
        logger: silentLogger,
        checkIntervalMs: 0,
        awaitingApprovalIntervalMs: 0,
        outputs,
      });
      return { ...started, knex, follower, outputs, audits: auditor.events };
    }

    /** As if the back-off had passed. */
    async function makeDue(b: { store: Instance['store'] }, runId: string) {
      await b.store.updateOutputsRecord(runId, {
        nextAttemptAt: new Date(Date.now() - 1).toISOString(),
      });
    }

    function expectWait(at: string | undefined, ms: number) {
      const wait = Date.parse(at ?? '') - Date.now();
      expect(wait).toBeGreaterThan(ms - 10_000);
      expect(wait).toBeLessThanOrEqual(ms);
    }

    async function applyDev(b: Awaited<ReturnType<typeof backend>>) {
      const res = await b.call('POST', '/requests', {
        body: {
          entityRef: 'component:default/payments-api',
          environments: ['dev'],
          tiers: { database: 'aurora-serverless-v2', queue: 'sqs' },
          idempotencyKey: 'task-1:provision',
        },
      });
      expect(res.status).toBe(201);
      return followUntil(b.follower, b.store, res.body.runs[0].id, ['applied']);
    }

    it('records the outputs in values-dev.yaml with one commit, keeping comments, then turns sync on', async () => {
      await createRepository();
      await createHeldApplication();
      const before = await head();
      const b = await backend();
      const applied = await applyDev(b);

      const run = (await b.store.getRun(applied.id))!;
      expect(run.outputsRecord).toMatchObject({
        state: 'recorded',
        file: 'chart/values-dev.yaml',
        repositoryUrl: `${sandbox.url}/acme/payments-api`,
        attempts: 1,
        sync: { state: 'released', applications: ['payments-api-dev'] },
      });
      const sha = run.outputsRecord!.commitSha!;
      expect(sha).toBe(await head());
      expect(sha).not.toBe(before);
      expect(run.outputsRecord!.commitUrl).toBe(
        `${sandbox.url}/acme/payments-api/commit/${sha}`,
      );
      expect(await commitMessage(sha)).toContain(
        `Record the outputs of provisioning run ${run.engineRunId}`,
      );

      const text = await valuesDev();
      // Comments and every other key are as they were.
      expect(text).toContain('# Set by CI after every build of main.');
      expect(text).toContain(
        '# recorded here once it has applied (endpoints and ARNs, never secret values).',
      );
      expect(text).toContain('tag: "1.4.2"');
      expect(text).toContain('tag: "1.4.2"\n\nautoscaling:\n  minReplicas: 1');
      expect(parse(text).provisioned).toEqual({
        awsRegion: 'eu-central-1',
        roleArn: 'arn:aws:iam::123456789012:role/payments-api-dev',
        database: {
          host: 'payments-api-dev.cluster-c9akciq32.eu-central-1.rds.amazonaws.com',
          port: 5432,
          name: '', // the stack gave none: left as it was
          secretArn:
            'arn:aws:secretsmanager:eu-central-1:123456789012:secret:payments-api-dev/database-credentials-Xk2p9Q',
        },
        queue: {
          url: 'https://sqs.eu-central-1.amazonaws.com/123456789012/payments-api-dev',
          deadLetterUrl:
            'https://sqs.eu-central-1.amazonaws.com/123456789012/payments-api-dev-dlq',
        },
      });
      // The stack's sensitive output (the generated password) never reaches git.
      expect(text).not.toMatch(/sandbox-[0-9a-f]{10}|password/i);

      const app = await argocd.getApplication('payments-api-dev');
      expect(isAutoSyncEnabled(app)).toBe(true);
      expect(app.spec?.syncPolicy?.automated).toEqual({
        prune: true,
        selfHeal: true,
      });
      expect(app.metadata?.annotations?.[SYNC_HELD_ANNOTATION]).toBeUndefined();
      expect(b.audits.map(a => [a.eventId, a.outcome])).toEqual([
        ['provisioning-outputs-record', 'success'],
        ['provisioning-sync-release', 'success'],
      ]);

      // The API shows where they were recorded.
      const view = await b.call('GET', `/runs/${run.id}`);
      expect(view.body.outputsRecord).toMatchObject({
        state: 'recorded',
        commitSha: sha,
      });

      // A second pass over the same outputs commits nothing.
      await b.store.updateOutputsRecord(run.id, { state: 'pending' });
      await b.follower.tick();
      expect(await head()).toBe(sha);
      expect((await b.store.getRun(run.id))!.outputsRecord).toMatchObject({
        state: 'recorded',
        commitSha: sha,
        attempts: 2,
      });
    });

    it('stores why a push was refused, keeps the app held and tries again later', async () => {
      await createRepository();
      await createHeldApplication();
      expect(
        (
          await github(
            'PUT',
            '/repos/acme/payments-api/branches/main/protection',
            {
              required_status_checks: null,
              enforce_admins: true,
              required_pull_request_reviews: {
                required_approving_review_count: 1,
              },
              restrictions: null,
            },
          )
        ).status,
      ).toBe(200);
      const before = await head();
      const b = await backend();
      const applied = await applyDev(b);

      let record = (await b.store.getRun(applied.id))!.outputsRecord!;
      expect(record).toMatchObject({ state: 'failed', attempts: 1 });
      expect(record.error).toContain(
        'Changes must be made through a pull request.',
      );
      expectWait(record.nextAttemptAt, RETRY_MS);
      expect(await head()).toBe(before);
      expect(
        isAutoSyncEnabled(await argocd.getApplication('payments-api-dev')),
      ).toBe(false);
      expect(b.audits).toContainEqual(
        expect.objectContaining({
          eventId: 'provisioning-outputs-record',
          outcome: 'fail',
        }),
      );

      // Not before it is due; then again with back-off.
      await b.outputs.tick();
      expect((await b.store.getRun(applied.id))!.outputsRecord!.attempts).toBe(
        1,
      );
      await makeDue(b, applied.id);
      await b.follower.tick();
      record = (await b.store.getRun(applied.id))!.outputsRecord!;
      expect(record).toMatchObject({ state: 'failed', attempts: 2 });
      // Back-off: twice as long before the third attempt.
      expectWait(record.nextAttemptAt, 2 * RETRY_MS);
    });

    it('says the repository is missing, and records once it exists', async () => {
      const b = await backend();
      const applied = await applyDev(b);
      let record = (await b.store.getRun(applied.id))!.outputsRecord!;
      expect(record.state).toBe('failed');
      expect(record.error).toMatch(/acme\/payments-api.*404/);

      await createRepository();
      await makeDue(b, applied.id);
      await b.follower.tick();
      record = (await b.store.getRun(applied.id))!.outputsRecord!;
      expect(record).toMatchObject({ state: 'recorded', attempts: 2 });
      // No Application was held for it: nothing to release.
      expect(record.sync).toMatchObject({ state: 'notHeld' });
      expect(parse(await valuesDev()).provisioned.roleArn).toBe(
        'arn:aws:iam::123456789012:role/payments-api-dev',
      );
    });

    it('waits for the catalog to know the entity, never guessing its repository from the name', async () => {
      await createRepository();
      const before = await head();
      const b = await backend([]);
      const applied = await applyDev(b);
      const record = (await b.store.getRun(applied.id))!.outputsRecord!;
      expect(record).toMatchObject({ state: 'failed', attempts: 1 });
      expect(record.error).toMatch(
        /component:default\/payments-api is not in the catalog \(yet\)/,
      );
      // acme/payments-api exists, but nothing said it is this service's.
      expect(await head()).toBe(before);
    });
  },
);
