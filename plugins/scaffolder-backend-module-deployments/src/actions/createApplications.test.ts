import { ConfigReader } from '@backstage/config';
import {
  ArgoCDClient,
  isAutoSyncEnabled,
  releaseSyncHoldPatch,
} from '@internal/plugin-deployments-node';
import { argocdSimulator, startSandbox, type Sandbox } from '@internal/sandbox';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionContext } from '../__testUtils__/actionContext';
import { ArgoCDInstances } from './argoCDInstances';
import { createArgoCDApplicationsAction } from './createApplications';

const REPO = 'http://localhost:7010/acme/orders.git';

const project = `apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata:
  name: orders
  namespace: argocd
spec:
  sourceRepos: [${REPO}]
  destinations:
    - { name: dev, namespace: orders }
    - { name: prod, namespace: orders }
`;

const application = (
  environment: string,
  revision = 'main',
  annotations = '{}',
) => `
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: orders-${environment}
  namespace: argocd
  labels: { app.kubernetes.io/name: orders, environment: ${environment} }
  annotations: ${annotations}
spec:
  project: orders
  source: { repoURL: ${REPO}, targetRevision: ${revision}, path: chart }
  destination: { name: ${environment}, namespace: orders }
  syncPolicy: { automated: { prune: true, selfHeal: true } }
`;

describe('argocd:create-applications', () => {
  let sandbox: Sandbox;
  let workspace: string;
  let client: ArgoCDClient;
  let action: ReturnType<typeof createArgoCDApplicationsAction>;

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      simulators: [argocdSimulator({ tickMs: 0 })],
    });
    const config = new ConfigReader({
      deployments: {
        argocd: {
          instances: [
            {
              name: 'argocd',
              baseUrl: `${sandbox.url}/argocd`,
              webUrl: 'https://argocd.example.com',
              token: 'sandbox-argocd-token',
              environments: ['dev', 'staging', 'prod'],
            },
          ],
        },
      },
    });
    action = createArgoCDApplicationsAction({
      instances: ArgoCDInstances.fromConfig(config),
    });
    client = new ArgoCDClient({
      baseUrl: `${sandbox.url}/argocd`,
      token: 'sandbox-argocd-token',
    });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await fetch(`${sandbox.url}/admin/reset`, { method: 'POST' });
    workspace = await mkdtemp(join(tmpdir(), 'argocd-action-'));
    await mkdir(join(workspace, 'argocd'));
    await writeFile(join(workspace, 'argocd', 'project.yaml'), project);
    await writeFile(
      join(workspace, 'argocd', 'orders-dev.yaml'),
      application('dev'),
    );
    await writeFile(
      join(workspace, 'argocd', 'orders-prod.yaml'),
      application('prod'),
    );
  });
  afterEach(() => rm(workspace, { recursive: true, force: true }));

  const orders = async () =>
    (
      await client.listApplications({
        selector: 'app.kubernetes.io/name=orders',
      })
    ).items.map(a => a.metadata?.name);

  it('creates the project and one application per environment, with links', async () => {
    const { ctx, outputs, logs } = actionContext({
      input: { manifestsPath: 'argocd' },
      workspacePath: workspace,
    });
    await action.handler(ctx);

    expect(await orders()).toEqual(['orders-dev', 'orders-prod']);
    expect(outputs).toEqual({
      project: 'orders',
      applications: [
        {
          name: 'orders-dev',
          environment: 'dev',
          instance: 'argocd',
          url: 'https://argocd.example.com/applications/argocd/orders-dev',
        },
        {
          name: 'orders-prod',
          environment: 'prod',
          instance: 'argocd',
          url: 'https://argocd.example.com/applications/argocd/orders-prod',
        },
      ],
    });
    expect(logs).toContainEqual(
      expect.stringMatching(
        /^Created Application orders-dev .*Synced, Healthy/,
      ),
    );
  });

  it('creates an app that waits for its infrastructure without automated sync, the others with it', async () => {
    await writeFile(
      join(workspace, 'argocd', 'orders-prod.yaml'),
      application(
        'prod',
        'main',
        '{ portal.acme.example/sync-held: infrastructure }',
      ),
    );
    const { ctx, logs } = actionContext({
      input: {},
      workspacePath: workspace,
    });
    await action.handler(ctx);

    const prod = await client.getApplication('orders-prod');
    expect(isAutoSyncEnabled(prod)).toBe(false);
    expect(prod.spec?.syncPolicy?.automated).toBeUndefined();
    expect(prod.metadata?.annotations).toMatchObject({
      'portal.acme.example/sync-held': 'infrastructure',
      'portal.acme.example/sync-held-automated':
        '{"prune":true,"selfHeal":true}',
    });
    expect(logs).toContainEqual(
      expect.stringMatching(
        /Application orders-prod .*automated sync waits for its infrastructure/,
      ),
    );
    // Without the annotation: deployed at once.
    expect(isAutoSyncEnabled(await client.getApplication('orders-dev'))).toBe(
      true,
    );

    // A re-run creates the same held object: Argo CD reuses it.
    await action.handler(
      actionContext({ input: {}, workspacePath: workspace }).ctx,
    );
    expect((await client.getApplication('orders-prod')).metadata?.uid).toBe(
      prod.metadata?.uid,
    );
    // Released by the provisioning backend, then the template runs again:
    // the released app is reused, neither refused nor held again.
    await client.patchApplication(
      'orders-prod',
      releaseSyncHoldPatch(prod),
      'merge',
    );
    await action.handler(
      actionContext({ input: {}, workspacePath: workspace }).ctx,
    );
    const again = await client.getApplication('orders-prod');
    expect(again.metadata?.uid).toBe(prod.metadata?.uid);
    expect(isAutoSyncEnabled(again)).toBe(true);
  });

  it('reuses what a failed run created when run again as a new task', async () => {
    await action.handler(
      actionContext({ input: {}, workspacePath: workspace }).ctx,
    );
    const { uid } = (await client.getApplication('orders-dev')).metadata!;

    const second = actionContext({ input: {}, workspacePath: workspace });
    await action.handler(second.ctx);

    expect((await client.getApplication('orders-dev')).metadata?.uid).toBe(uid);
    expect(await orders()).toEqual(['orders-dev', 'orders-prod']);
  });

  it('refuses to overwrite a different application unless upsert is set', async () => {
    await action.handler(
      actionContext({ input: {}, workspacePath: workspace }).ctx,
    );
    await writeFile(
      join(workspace, 'argocd', 'orders-dev.yaml'),
      application('dev', 'release'),
    );

    await expect(
      action.handler(
        actionContext({ input: {}, workspacePath: workspace }).ctx,
      ),
    ).rejects.toThrow(
      /Argo CD instance 'argocd' refused to create Application orders-dev: .*use upsert flag/,
    );
    await action.handler(
      actionContext({ input: { upsert: true }, workspacePath: workspace }).ctx,
    );
    expect(
      (await client.getApplication('orders-dev')).spec?.source?.targetRevision,
    ).toBe('release');
  });

  it('skips the calls already made when a task is retried (checkpoints)', async () => {
    const first = actionContext({ input: {}, workspacePath: workspace });
    await action.handler(first.ctx);
    await fetch(`${sandbox.url}/admin/calls`, { method: 'DELETE' });

    await action.handler(
      actionContext({
        input: {},
        workspacePath: workspace,
        checkpoints: first.checkpoints,
      }).ctx,
    );
    const calls = await (
      await fetch(`${sandbox.url}/admin/calls?simulator=argocd`)
    ).json();
    expect(JSON.stringify(calls)).not.toContain('POST');
  });

  it('creates nothing in a dry run but says what it would create', async () => {
    const { ctx, logs, outputs } = actionContext({
      input: {},
      workspacePath: workspace,
      isDryRun: true,
    });
    await action.handler(ctx);

    expect(await orders()).toEqual([]);
    expect(logs).toContain('Dry run: would create Application orders-prod');
    expect(outputs.applications).toHaveLength(2);
  });

  it('refuses an environment no instance deploys to, before creating anything', async () => {
    await writeFile(
      join(workspace, 'argocd', 'orders-qa.yaml'),
      application('qa'),
    );
    await expect(
      action.handler(
        actionContext({ input: {}, workspacePath: workspace }).ctx,
      ),
    ).rejects.toThrow(/No Argo CD instance deploys to the environment 'qa'/);
    expect(await orders()).toEqual([]);
  });

  it('refuses manifests that are not Argo CD objects', async () => {
    await writeFile(
      join(workspace, 'argocd', 'other.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n',
    );
    await expect(
      action.handler(
        actionContext({ input: {}, workspacePath: workspace }).ctx,
      ),
    ).rejects.toThrow(
      /other.yaml: expected argoproj.io\/v1alpha1 Application or AppProject/,
    );
  });
});
