// The action is tested against the real deployments backend (router and services).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports, @backstage/no-forbidden-package-imports
import {
  startTestDeployments,
  TestDeployments,
} from '@internal/plugin-deployments-backend/src/__testUtils__/testDeployments';
import {
  ArgoCDClient,
  isAutoSyncEnabled,
  releaseSyncHoldPatch,
} from '@internal/plugin-deployments-node';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionContext } from '../__testUtils__/actionContext';
import { mockCredentials } from '@internal/backend-test-stubs';
import { createArgoCDApplicationsAction } from './createApplications';

/*
 * The action against the real deployments backend (its router and services
 * over the sandbox's two Argo CD instances: `argocd` for dev and staging,
 * `argocd-eu` for prod). The backend reads the user from its mock token;
 * the token the action gets for the task's user is that user's ref.
 */

const SARA = 'user:default/sara.kim';
const REPO = 'http://localhost:7010/acme/orders.git';

const project = (name = 'orders') => `apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata:
  name: ${name}
  namespace: argocd
spec:
  sourceRepos: [${REPO}]
  destinations:
    - { name: dev, namespace: ${name} }
    - { name: prod, namespace: ${name} }
`;

const application = (
  environment: string,
  revision = 'main',
  service = 'orders',
  projectName = service,
  annotations = '{}',
) => `
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${service}-${environment}
  namespace: argocd
  labels: { app.kubernetes.io/name: ${service}, environment: ${environment} }
  annotations: ${annotations}
spec:
  project: ${projectName}
  source: { repoURL: ${REPO}, targetRevision: ${revision}, path: chart }
  destination: { name: ${environment}, namespace: ${service} }
  syncPolicy: { automated: { prune: true, selfHeal: true } }
`;

describe('argocd:create-applications', () => {
  let t: TestDeployments;
  let workspace: string;
  let action: ReturnType<typeof createArgoCDApplicationsAction>;
  let tokenRequests: Array<{ onBehalfOf: any; targetPluginId: string }>;

  beforeEach(async () => {
    t = await startTestDeployments();
    tokenRequests = [];
    action = createArgoCDApplicationsAction({
      discovery: {
        getBaseUrl: async () => t.url,
        getExternalBaseUrl: async () => t.url,
      },
      auth: {
        getPluginRequestToken: async (o: any) => {
          tokenRequests.push(o);
          return {
            token: mockCredentials.user.token(
              o.onBehalfOf.principal.userEntityRef,
            ),
          };
        },
      } as any,
    });
    workspace = await mkdtemp(join(tmpdir(), 'argocd-action-'));
    await mkdir(join(workspace, 'argocd'));
    await writeFile(join(workspace, 'argocd', 'project.yaml'), project());
    await writeFile(
      join(workspace, 'argocd', 'orders-dev.yaml'),
      application('dev'),
    );
    await writeFile(
      join(workspace, 'argocd', 'orders-prod.yaml'),
      application('prod'),
    );
  });
  afterEach(async () => {
    await t.close();
    await rm(workspace, { recursive: true, force: true });
  });

  const run = (
    input: Record<string, unknown> = {},
    options: { isDryRun?: boolean; checkpoints?: Map<string, unknown> } = {},
  ) => {
    const context = actionContext({
      input: { entityRef: 'component:default/orders', ...input },
      workspacePath: workspace,
      user: SARA,
      ...options,
    });
    return { ...context, done: action.handler(context.ctx) };
  };

  const argoApp = async (name: string, instance = 'argocd') =>
    (await t.sandboxCall('GET', `/${instance}/api/v1/applications/${name}`))
      .body;

  it("creates the project and one application per environment as the task's user, bound to the entity", async () => {
    const { done, outputs, logs } = run();
    await done;

    expect(tokenRequests).toEqual([
      {
        onBehalfOf: expect.objectContaining({
          principal: { type: 'user', userEntityRef: SARA },
        }),
        targetPluginId: 'deployments',
      },
    ]);
    expect(outputs).toEqual({
      project: 'orders',
      applications: [
        {
          name: 'orders-dev',
          environment: 'dev',
          instance: 'argocd',
          url: expect.stringMatching(
            /\/argocd\/applications\/argocd\/orders-dev$/,
          ),
        },
        {
          name: 'orders-prod',
          environment: 'prod',
          instance: 'argocd-eu',
          url: expect.stringMatching(
            /\/argocd-eu\/applications\/argocd\/orders-prod$/,
          ),
        },
      ],
    });
    // The sandbox's Argo CD renders the app from git, and this test has no
    // repository: Argo CD cannot compare (Unknown) and deploys nothing.
    expect(logs).toContainEqual(
      expect.stringMatching(
        /^Created Application orders-dev .*bound to component:default\/orders$/,
      ),
    );
    expect((await argoApp('orders-prod', 'argocd-eu')).metadata.name).toBe(
      'orders-prod',
    );
    const bound = await t
      .knex('deployments_bindings')
      .where({ entity_ref: 'component:default/orders' })
      .select('created_by', 'task_id');
    expect(bound).toHaveLength(4);
    expect(bound[0]).toEqual({ created_by: SARA, task_id: 'task-1' });
  });

  it('creates an app that waits for its infrastructure without automated sync, the others with it', async () => {
    await writeFile(
      join(workspace, 'argocd', 'orders-prod.yaml'),
      application(
        'prod',
        'main',
        'orders',
        'orders',
        '{ portal.acme.example/sync-held: infrastructure }',
      ),
    );
    const eu = new ArgoCDClient({
      baseUrl: `${t.sandbox.url}/argocd-eu`,
      token: 'sandbox-argocd-token',
    });
    const { done, logs } = run();
    await done;

    const prod = await eu.getApplication('orders-prod');
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
    expect(isAutoSyncEnabled((await argoApp('orders-dev')) as any)).toBe(true);

    // A re-run creates the same held object: Argo CD reuses it.
    await run().done;
    expect((await eu.getApplication('orders-prod')).metadata?.uid).toBe(
      prod.metadata?.uid,
    );
    // Released by the provisioning backend, then the template runs again:
    // the released app is reused, neither refused nor held again.
    await eu.patchApplication(
      'orders-prod',
      releaseSyncHoldPatch(prod),
      'merge',
    );
    await run().done;
    const again = await eu.getApplication('orders-prod');
    expect(again.metadata?.uid).toBe(prod.metadata?.uid);
    expect(isAutoSyncEnabled(again)).toBe(true);
  });

  it('reuses what a failed run created when run again as a new task', async () => {
    await run().done;
    const { uid } = (await argoApp('orders-dev')).metadata;
    const second = run();
    await second.done;
    expect((await argoApp('orders-dev')).metadata.uid).toBe(uid);
    expect(second.logs).toContainEqual(
      expect.stringMatching(/^Reused the existing Application orders-dev/),
    );
  });

  it("refuses to overwrite the entity's own changed application unless upsert is set", async () => {
    await run().done;
    await writeFile(
      join(workspace, 'argocd', 'orders-dev.yaml'),
      application('dev', 'release'),
    );
    await expect(run().done).rejects.toThrow(
      /Argo CD instance 'argocd' refused to create Application orders-dev: .*use upsert flag/,
    );
    await run({ upsert: true }).done;
    expect((await argoApp('orders-dev')).spec.source.targetRevision).toBe(
      'release',
    );
  });

  it("refuses a crafted template's upsert over payments-api's applications, changing nothing", async () => {
    const before = await argoApp('payments-api-dev');
    await rm(join(workspace, 'argocd'), { recursive: true });
    await mkdir(join(workspace, 'argocd'));
    await writeFile(
      join(workspace, 'argocd', 'project.yaml'),
      project('probe-sec'),
    );
    await writeFile(
      join(workspace, 'argocd', 'app.yaml'),
      application('dev', 'evil', 'payments-api', 'probe-sec'),
    );
    // The catalog's adopt rule has bound payments-api's apps (the backend
    // applies it before any create).
    await expect(
      run({ entityRef: 'component:default/probe-sec', upsert: true }).done,
    ).rejects.toThrow(
      /Application payments-api-dev \(Argo CD instance 'argocd'\) belongs to component:default\/payments-api/,
    );
    await expect(
      run({ entityRef: 'component:default/payments-api', upsert: true }).done,
    ).rejects.toThrow(/only its owners may/);
    expect((await argoApp('payments-api-dev')).spec).toEqual(before.spec);
  });

  it('skips the call already made when a task is retried (checkpoints)', async () => {
    const first = run();
    await first.done;
    await t.sandboxCall('DELETE', '/admin/calls');
    await run({}, { checkpoints: first.checkpoints }).done;
    const calls = (await t.sandboxCall('GET', '/admin/calls')).body;
    expect(JSON.stringify(calls)).not.toContain('POST');
  });

  it('creates nothing in a dry run, but the backend checks it and says what it would create', async () => {
    const { done, logs, outputs } = run({}, { isDryRun: true });
    await done;
    expect(
      (
        await t
          .knex('deployments_bindings')
          .where({ entity_ref: 'component:default/orders' })
      ).length,
    ).toBe(0);
    expect(logs).toContain(
      'Dry run: would create Application orders-prod in Argo CD instance argocd-eu (prod)',
    );
    expect(outputs.applications).toHaveLength(2);
    await expect(
      run({ entityRef: 'component:default/payments-api' }, { isDryRun: true })
        .done,
    ).rejects.toThrow(/only its owners may/);
  });

  it('refuses an environment no instance deploys to, before creating anything', async () => {
    await writeFile(
      join(workspace, 'argocd', 'orders-qa.yaml'),
      application('qa'),
    );
    await expect(run().done).rejects.toThrow(
      /No Argo CD instance deploys to the environment 'qa'/,
    );
    expect(
      (await t.sandboxCall('GET', '/argocd/api/v1/applications/orders-dev'))
        .status,
    ).not.toBe(200);
  });

  it('refuses manifests that are not Argo CD objects', async () => {
    await writeFile(
      join(workspace, 'argocd', 'other.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n',
    );
    await expect(run().done).rejects.toThrow(
      /other.yaml: expected argoproj.io\/v1alpha1 Application or AppProject/,
    );
  });
});
