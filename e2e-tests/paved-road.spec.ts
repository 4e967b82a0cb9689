import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APIRequestContext, Browser, expect, test } from '@playwright/test';
import { backstageToken } from './support/identity';
import { signIn } from './support/signIn';

/*
 * Issue 19's proof: the platform team bumps "Create microservice" with a
 * chart change; services created at the old version, and the sandbox's
 * sample services, show "behind" on the Paved road page; an admin opens
 * upgrade pull requests for two of them, merges one from the portal, sees it
 * "up to date", and Argo CD deploys the upgraded chart (CI built the
 * service's first image, so dev runs a Rollout the new chart changes).
 */

test.describe.configure({ mode: 'serial' });

const TEMPLATE = join(__dirname, '../templates/microservice');
const VERSION =
  /(paved-road\.acme\.example\/template-version: &templateVersion )(\d+)\.(\d+)\.\d+/;
const current = VERSION.exec(
  readFileSync(join(TEMPLATE, 'template.yaml'), 'utf8'),
)!;
const next = `${current[2]}.${Number(current[3]) + 1}.0`;
const BUMPED = {
  'template.yaml': (text: string) => text.replace(VERSION, `$1${next}`),
  'skeleton/service/chart/values.yaml': (text: string) =>
    text.replace('pullPolicy: IfNotPresent', 'pullPolicy: Always'),
  'CHANGELOG.md': (text: string) =>
    text.replace(
      /\n## /,
      `\n## ${next}\n\n- Images are always pulled (\`image.pullPolicy: Always\`).\n\n## `,
    ),
};
const originals = new Map<string, string>();
const SANDBOX = 'http://localhost:7010';
const GITHUB = { authorization: 'token sandbox-github-token' };
const KUBERNETES = { authorization: 'Bearer sandbox-k8s-token' };

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

/**
 * CI's part for a new service: its first build registered in the image
 * registry and its tag committed to values-dev.yaml (through GitHub's
 * contents API, as the portal's own identity), so Argo CD deploys it.
 */
async function firstBuild(request: APIRequestContext, name: string) {
  const raw = (file: string) =>
    request.get(`${SANDBOX}/github/raw/acme/${name}/main/${file}`, {
      headers: GITHUB,
    });
  const values = await (await raw('chart/values.yaml')).text();
  const repository = /^\s+repository: (\S+)$/m.exec(values)![1];
  const image = await request.post(`${SANDBOX}/admin/images`, {
    data: { image: `${repository}:1.0.0` },
  });
  expect(image.ok(), await image.text()).toBeTruthy();
  const file = `${SANDBOX}/github/api/v3/repos/acme/${name}/contents/chart/values-dev.yaml`;
  const current = await (await request.get(file, { headers: GITHUB })).json();
  const text = Buffer.from(current.content, 'base64')
    .toString('utf8')
    .replace(/^ {2}tag: .*$/m, '  tag: "1.0.0"');
  const put = await request.put(file, {
    headers: GITHUB,
    data: {
      message: 'CI: build 1.0.0',
      content: Buffer.from(text).toString('base64'),
      sha: current.sha,
      branch: 'main',
    },
  });
  expect(put.ok(), await put.text()).toBeTruthy();
}

/** The pods of a service in dev, as the cluster's API lists them. */
async function devPods(request: APIRequestContext, name: string) {
  const res = await request.get(
    `${SANDBOX}/kubernetes/dev/api/v1/namespaces/${name}/pods`,
    { headers: KUBERNETES },
  );
  expect(res.ok(), await res.text()).toBeTruthy();
  return (await res.json()).items as Array<{
    spec: { containers: Array<{ image: string; imagePullPolicy?: string }> };
  }>;
}

/** Moves the sandbox's Argo CD on (syncs, canary steps). */
async function tick(request: APIRequestContext) {
  await request.post(`${SANDBOX}/argocd/_sandbox/tick`, { data: { ticks: 3 } });
}

async function createService(
  request: APIRequestContext,
  token: string,
  name: string,
) {
  const created = await request.post('/api/scaffolder/v2/tasks', {
    headers: auth(token),
    data: {
      templateRef: 'template:default/microservice',
      values: {
        name,
        description: 'A service of the Paved road spec',
        owner: 'group:default/payments',
        system: 'system:default/payments',
        lifecycle: 'experimental',
        database: 'none',
        cache: 'none',
        queue: 'none',
        public: false,
        environments: ['dev'],
        dev: { replicas: '1-2', cpu: '100m', memory: '256Mi' },
      },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = await created.json();
  await expect(async () => {
    const task = await request.get(`/api/scaffolder/v2/tasks/${id}`, {
      headers: auth(token),
    });
    expect((await task.json()).status).toBe('completed');
  }).toPass({ timeout: 90_000 });
}

const suffix = Date.now().toString(36);
const first = `paved-a-${suffix}`;
const second = `paved-b-${suffix}`;
const SAMPLE = 'payments-api';
let lena: string;

test.beforeAll(async ({ browser, request }) => {
  test.setTimeout(240_000);
  lena = await tokenOf(browser, 'lena.fischer');
  await createService(request, lena, first);
  await createService(request, lena, second);
  await firstBuild(request, first);
  // A sample service of the sandbox is rendered at the current version.
  await expect(async () => {
    const res = await request.get(
      `/api/paved-road/entities/component/default/${SAMPLE}`,
      { headers: auth(lena) },
    );
    expect(await res.json()).toMatchObject({ state: 'up-to-date' });
  }).toPass({ timeout: 60_000 });
  // The platform team's change: a new minor version with a chart change.
  for (const [file, bump] of Object.entries(BUMPED)) {
    const path = join(TEMPLATE, file);
    const text = readFileSync(path, 'utf8');
    originals.set(path, text);
    writeFileSync(path, bump(text));
  }
});

test.afterAll(() => {
  for (const [path, text] of originals) writeFileSync(path, text);
});

test('services made at the old version are behind; an admin upgrades two and merges one, which is up to date', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const row = (name: string) =>
    page.getByTestId(`row-component:default/${name}`);
  const state = (name: string) =>
    page.getByTestId(`state-component:default/${name}`);

  // The owner sees her services behind on the Paved road page.
  await signIn(page, 'priya.sharma');
  await page.goto('/paved-road');
  await page.getByTestId('team-filter').click({ force: true });
  await page.getByRole('option', { name: 'payments' }).click();
  for (const name of [first, second, SAMPLE]) {
    await expect(state(name)).toHaveText('behind', { timeout: 60_000 });
    await expect(
      page.getByTestId(`version-component:default/${name}`),
    ).toContainText('→');
  }

  // Upgrade pull requests for both, in one go.
  for (const name of [first, second]) {
    await row(name).getByRole('checkbox').check();
  }
  await page.getByRole('button', { name: 'Open upgrade PRs (2)' }).click();
  await expect(
    page.getByText('2 upgrade pull requests opened or updated.'),
  ).toBeVisible({ timeout: 60_000 });
  for (const name of [first, second]) {
    await expect(row(name).getByRole('link', { name: '#1' })).toBeVisible();
  }

  // Asked again: the same pull request, updated.
  await row(first).getByRole('button', { name: 'Update PR' }).click();
  await expect(
    page.getByText(
      `Upgrade pull request #1 updated for component:default/${first}.`,
    ),
  ).toBeVisible({ timeout: 60_000 });

  // Merged from the portal: up to date, the version recorded in git.
  await row(first).getByRole('button', { name: 'Merge' }).click();
  await expect(
    page.getByText(`Merged #1 into component:default/${first}.`),
  ).toBeVisible({ timeout: 60_000 });
  await expect(state(first)).toHaveText('up to date', { timeout: 60_000 });
  await expect(state(second)).toHaveText('behind');

  // Argo CD deploys the merge: dev's pods run the upgraded chart...
  const main = await page.request.get(
    `${SANDBOX}/github/api/v3/repos/acme/${first}/commits/main`,
    { headers: GITHUB },
  );
  const merged = (await main.json()).sha as string;
  await expect(async () => {
    await tick(page.request);
    const pods = await devPods(page.request, first);
    expect(pods.length).toBeGreaterThan(0);
    for (const pod of pods) {
      expect(pod.spec.containers[0]).toMatchObject({
        image: expect.stringMatching(/:1\.0\.0$/),
        imagePullPolicy: 'Always',
      });
    }
  }).toPass({ timeout: 120_000 });
  // ... and the Deployments tab shows dev synced at the merge commit.
  await page.goto(`/catalog/default/component/${first}/deployments`);
  const dev = page.getByTestId('environment-dev');
  await expect(async () => {
    await tick(page.request);
    await page.reload();
    await expect(dev).toContainText(`Revision ${merged.slice(0, 7)}`, {
      timeout: 5_000,
    });
    await expect(dev.getByTestId('health').first()).toHaveText('Healthy', {
      timeout: 5_000,
    });
    await expect(dev.getByText('Synced', { exact: true })).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 120_000 });
});
