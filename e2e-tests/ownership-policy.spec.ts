import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APIRequestContext, Browser, expect, test } from '@playwright/test';
import { backstageToken } from './support/identity';
import { signIn } from './support/signIn';

/*
 * Issue 12, findings 4 and 6, with the real tokens of signed-in sample users
 * against the real backends: what sara.kim (storefront) must not be able to
 * do to lena.fischer's (payments) things, and what the portal must not show.
 */

test.describe.configure({ mode: 'serial' });

/** A user's Backstage token, from a browser context of their own. */
async function tokenOf(browser: Browser, user: string): Promise<string> {
  const context = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
  });
  try {
    const page = await context.newPage();
    await signIn(page, user);
    return await backstageToken(page);
  } finally {
    await context.close();
  }
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** Values for "Create microservice": dev only, no tiers. */
function microserviceValues(overrides: Record<string, unknown>) {
  return {
    name: `probe-${Date.now().toString(36)}`,
    description: 'A probe of the ownership rules, never created',
    owner: 'group:default/payments',
    system: 'system:default/payments',
    lifecycle: 'experimental',
    database: 'none',
    cache: 'none',
    queue: 'none',
    public: false,
    environments: ['dev'],
    dev: { replicas: '1-2', cpu: '100m', memory: '256Mi' },
    ...overrides,
  };
}

/** Starts the template as the token's user and waits until the task ends. */
async function runTemplate(
  request: APIRequestContext,
  token: string,
  values: Record<string, unknown>,
) {
  const created = await request.post('/api/scaffolder/v2/tasks', {
    headers: auth(token),
    data: { templateRef: 'template:default/microservice', values },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = await created.json();
  let status = '';
  await expect(async () => {
    const task = await request.get(`/api/scaffolder/v2/tasks/${id}`, {
      headers: auth(token),
    });
    status = (await task.json()).status;
    expect(['completed', 'failed', 'cancelled']).toContain(status);
  }).toPass({ timeout: 60_000 });
  const events = await request.get(`/api/scaffolder/v2/tasks/${id}/events`, {
    headers: auth(token),
  });
  expect(events.status()).toBe(200);
  const log = (await events.json()) as Array<{
    type: string;
    body: { message?: string; stepId?: string; status?: string };
  }>;
  return { id, status, log };
}

let sara: string;
let lena: string;

test.beforeAll(async ({ browser }) => {
  sara = await tokenOf(browser, 'sara.kim');
  lena = await tokenOf(browser, 'lena.fischer');
});

test("sara.kim's DELETE of a prod pod through the Kubernetes proxy is 403", async ({
  request,
  browser,
}) => {
  const prod = { 'Backstage-Kubernetes-Cluster': 'prod' };
  const deletePod = await request.delete(
    '/api/kubernetes/proxy/api/v1/namespaces/payments-api/pods/payments-api-0',
    { headers: { ...auth(sara), ...prod } },
  );
  expect(deletePod.status()).toBe(403);
  const patchRollout = await request.patch(
    '/api/kubernetes/proxy/apis/argoproj.io/v1alpha1/namespaces/payments-api/rollouts/payments-api',
    {
      headers: {
        ...auth(sara),
        ...prod,
        'content-type': 'application/merge-patch+json',
      },
      data: { spec: { paused: true } },
    },
  );
  expect(patchRollout.status()).toBe(403);

  // The proxy works, for admins: priya.sharma reads the cluster's version.
  const priya = await tokenOf(browser, 'priya.sharma');
  const version = await request.get('/api/kubernetes/proxy/version', {
    headers: { ...auth(priya), ...prod },
  });
  expect(version.status()).toBe(200);
});

test("sara.kim cannot read, cancel or retry lena's task; lena's task with another team as owner fails at check-owner, with a message and no stack", async ({
  request,
}) => {
  // lena.fischer (payments) asks for a service owned by storefront.
  const task = await runTemplate(
    request,
    lena,
    microserviceValues({ owner: 'group:default/storefront' }),
  );
  expect(task.status).toBe('failed');
  const failed = task.log.find(
    e => e.body.stepId === 'check-owner' && e.body.status === 'failed',
  );
  expect(failed?.body.message).toMatch(
    /You are not a member of 'group:default\/storefront'/,
  );
  // Nothing after the check ran: no repository, no Argo CD, no provisioning
  // (the scaffolder logs each later step as skipped).
  const later = [
    'render',
    'publish',
    'push',
    'argocd',
    'provision',
    'register',
  ];
  expect(
    task.log.filter(
      e => later.includes(e.body.stepId ?? '') && e.body.status !== 'skipped',
    ),
  ).toEqual([]);
  // Messages, not stacks with the server's paths.
  for (const event of task.log) {
    expect(event.body.message ?? '').not.toMatch(
      /\n\s+at |node_modules|\/src\//,
    );
  }

  const taskUrl = `/api/scaffolder/v2/tasks/${task.id}`;
  expect((await request.get(taskUrl, { headers: auth(sara) })).status()).toBe(
    403,
  );
  expect(
    (await request.get(`${taskUrl}/events`, { headers: auth(sara) })).status(),
  ).toBe(403);
  expect(
    (await request.post(`${taskUrl}/cancel`, { headers: auth(sara) })).status(),
  ).toBe(403);
  expect(
    (await request.post(`${taskUrl}/retry`, { headers: auth(sara) })).status(),
  ).toBe(403);
  // Her task list does not show it either.
  const list = await request.get('/api/scaffolder/v2/tasks', {
    headers: auth(sara),
  });
  expect(list.status()).toBe(200);
  const { tasks } = await list.json();
  expect(tasks.map((t: { id: string }) => t.id)).not.toContain(task.id);

  // lena still reads her own task.
  expect((await request.get(taskUrl, { headers: auth(lena) })).status()).toBe(
    200,
  );
});

test('a task naming a system that does not exist fails at check-owner', async ({
  request,
}) => {
  const task = await runTemplate(
    request,
    lena,
    microserviceValues({ system: 'system:default/nowhere' }),
  );
  expect(task.status).toBe('failed');
  const failed = task.log.find(
    e => e.body.stepId === 'check-owner' && e.body.status === 'failed',
  );
  expect(failed?.body.message).toMatch(
    /The system 'system:default\/nowhere' is not a system in the catalog/,
  );
});

const dryRunBody = {
  template: {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 'dry-run-probe' },
    spec: {
      type: 'service',
      parameters: [],
      steps: [
        {
          id: 'log',
          name: 'Log',
          action: 'debug:log',
          input: { message: 'dry run' },
        },
      ],
    },
  },
  values: {},
  directoryContents: [],
};

test('sara.kim cannot dry-run a template; marco.rossi (platform) can', async ({
  request,
  browser,
}) => {
  const refused = await request.post('/api/scaffolder/v2/dry-run', {
    headers: auth(sara),
    data: dryRunBody,
  });
  expect(refused.status()).toBe(403);

  const marco = await tokenOf(browser, 'marco.rossi');
  const allowed = await request.post('/api/scaffolder/v2/dry-run', {
    headers: auth(marco),
    data: dryRunBody,
  });
  expect(allowed.status(), await allowed.text()).toBe(200);
});

test("the app's source maps are not served", async ({ request }) => {
  const index = await (await request.get('/')).text();
  const script = index.match(/src="(\/static\/[^"]+\.js)"/)?.[1];
  expect(script).toBeDefined();
  expect((await request.get(script!)).status()).toBe(200);
  expect((await request.get(`${script}.map`)).status()).toBe(404);
});

/** The service sara.kim creates for storefront (the template, run to the end). */
let sarasService = '';

test('sara.kim creates a service owned by her team', async ({ request }) => {
  test.setTimeout(180_000);
  const values = microserviceValues({ owner: 'group:default/storefront' });
  const task = await runTemplate(request, sara, values);
  expect(task.status, JSON.stringify(task.log.slice(-3))).toBe('completed');
  sarasService = values.name as string;
});

test('the catalog refuses a Template in a location sara.kim registers', async ({
  request,
}) => {
  expect(sarasService).not.toBe('');
  // A Template file in her repository (pushed as the sandbox's GitHub token,
  // as anyone with write access to a repository could).
  const dir = mkdtempSync(join(tmpdir(), 'probe-template-'));
  const remote = `http://x-access-token:sandbox-github-token@localhost:7010/acme/${sarasService}.git`;
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  try {
    git('clone', remote, '.');
    writeFileSync(
      join(dir, 'template.yaml'),
      [
        'apiVersion: scaffolder.backstage.io/v1beta3',
        'kind: Template',
        'metadata:',
        `  name: ${sarasService}-upsert`,
        'spec:',
        '  owner: group:default/storefront',
        '  type: service',
        '  steps:',
        '    - id: argocd',
        '      action: argocd:create-applications',
        '      input: { upsert: true }',
        '',
      ].join('\n'),
    );
    git('add', 'template.yaml');
    git(
      '-c',
      'user.name=sara',
      '-c',
      'user.email=sara@acme.example',
      'commit',
      '-m',
      'template',
    );
    git('push', 'origin', 'HEAD');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const register = (file: string) =>
    request.post('/api/catalog/locations?dryRun=true', {
      headers: auth(sara),
      data: {
        type: 'url',
        target: `http://localhost:7010/acme/${sarasService}/blob/main/${file}`,
      },
    });
  // The catalog processes the file with its rules and refuses the Template...
  const refused = await register('template.yaml');
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error.message).toMatch(
    new RegExp(
      `template:default/${sarasService}-upsert .* is not of an allowed kind for that location`,
    ),
  );
  // ... while the Component of the same repository is fine.
  expect((await register('catalog-info.yaml')).status()).toBe(201);
});

test('sara.kim unregisters the location of a service she created; lena.fischer cannot', async ({
  request,
}) => {
  expect(sarasService).not.toBe('');
  const values = { name: sarasService };
  const entityRef = `component:default/${values.name}`;
  let locationId = '';
  await expect(async () => {
    const location = await request.get(
      `/api/catalog/locations/by-entity/component/default/${values.name}`,
      { headers: auth(sara) },
    );
    expect(location.status()).toBe(200);
    locationId = (await location.json()).id;
  }).toPass({ timeout: 60_000 });

  // lena.fischer owns nothing in it: refused, with a message naming it.
  const refused = await request.delete(`/api/catalog/locations/${locationId}`, {
    headers: auth(lena),
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.message).toContain(entityRef);
  const retarget = await request.put(`/api/catalog/locations/${locationId}`, {
    headers: auth(lena),
    data: {
      type: 'url',
      target:
        'http://localhost:7010/acme/elsewhere/blob/main/catalog-info.yaml',
    },
  });
  expect(retarget.status()).toBe(403);

  // sara.kim (storefront owns everything in it) may.
  const removed = await request.delete(`/api/catalog/locations/${locationId}`, {
    headers: auth(sara),
  });
  expect(removed.status(), await removed.text()).toBe(204);
  const gone = await request.get(`/api/catalog/locations/${locationId}`, {
    headers: auth(sara),
  });
  expect(gone.status()).toBe(404);
});
