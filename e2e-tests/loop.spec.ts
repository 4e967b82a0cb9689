import { expect, Page, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { restartStack } from './support/stack';
import { signIn } from './support/signIn';

/**
 * The one loop (issue 11), in the browser: what the portal creates is what
 * the world runs, and git is the source of truth.
 *
 * "Create microservice" with a database in dev and staging -> dev applies by
 * itself and its outputs are committed to the repository's values-dev.yaml
 * -> Argo CD renders that and dev runs with DATABASE_HOST and the chart's
 * replicas -> Prometheus and Jaeger serve the new service -> CI registers a
 * bad build and a developer pushes its tag to staging with git -> the
 * canary aborts by itself -> rollback with a reason -> healthy. Then the
 * stack restarts and everything created is still there.
 *
 * It restarts the stack, so it runs in its own project after every other
 * spec (playwright.config.ts). Alone: `yarn playwright test --project=loop
 * --no-deps`.
 */
const SANDBOX = 'http://localhost:7010';
const GITHUB_TOKEN = 'sandbox-github-token';

test.afterEach(async ({ page }, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    // Playwright's own artifacts are wiped by the next run of any spec.
    await page.screenshot({ path: '/tmp/loop-failure.png', fullPage: true });
  }
});

async function sandbox(page: Page, route: string, data: unknown) {
  const res = await page.request.post(`${SANDBOX}${route}`, { data });
  expect(res.ok(), `${route}: ${await res.text()}`).toBeTruthy();
  return res.json();
}

/** A file of the repository's default branch, as GitHub's raw host serves it. */
async function rawFile(page: Page, repo: string, file: string) {
  const res = await page.request.get(
    `${SANDBOX}/github/raw/acme/${repo}/main/${file}`,
    { headers: { authorization: `token ${GITHUB_TOKEN}` } },
  );
  expect(res.ok(), `${file}: ${res.status()}`).toBeTruthy();
  return res.text();
}

function git(cwd: string, ...args: string[]) {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

/**
 * What a developer or CI does to release: clone the repository over git's
 * smart HTTP, set image.tag in values-<env>.yaml, commit and push to main
 * (again on a fresh clone if main moved meanwhile, e.g. by the portal
 * recording outputs).
 */
async function pushTags(
  repo: string,
  tags: Record<string, string>,
  message: string,
) {
  const url = `http://x-access-token:${GITHUB_TOKEN}@localhost:7010/acme/${repo}.git`;
  await expect(async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'loop-clone-'));
    try {
      git(work, 'clone', '--quiet', url, 'repo');
      const dir = path.join(work, 'repo');
      for (const [environment, tag] of Object.entries(tags)) {
        const file = path.join(dir, 'chart', `values-${environment}.yaml`);
        const text = fs.readFileSync(file, 'utf8');
        expect(text).toMatch(/^ {2}tag: .*$/m);
        fs.writeFileSync(
          file,
          text.replace(/^ {2}tag: .*$/m, `  tag: "${tag}"`),
        );
      }
      git(
        dir,
        '-c',
        'user.name=Lena Fischer',
        '-c',
        'user.email=lena.fischer@acme.example',
        'commit',
        '--quiet',
        '-am',
        message,
      );
      git(dir, 'push', '--quiet', 'origin', 'HEAD:main');
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }).toPass({ timeout: 30_000 });
}

function card(page: Page, environment: string) {
  return page.getByTestId(`environment-${environment}`);
}

async function createService(page: Page, name: string) {
  await page.goto('/create/templates/default/microservice');
  await page
    .getByRole('textbox', { name: /^Description/ })
    .fill('Takes the orders of the loop');
  await page.getByLabel(/^Owner/).click();
  await page
    .getByRole('option', { name: /payments/i })
    .first()
    .click();
  await page.getByLabel(/^System/).click();
  await page
    .getByRole('option', { name: /payments/i })
    .first()
    .click();
  const nameField = page.getByRole('textbox', { name: /^Name/ });
  await expect(async () => {
    await nameField.fill(name);
    await expect(page.getByText(`${name} is free.`)).toBeVisible({
      timeout: 3_000,
    });
  }).toPass({ timeout: 30_000 });
  const next = page.getByRole('button', { name: 'Next' });
  await next.click();

  // Infrastructure: a PostgreSQL database, in dev and staging only.
  await page.getByLabel(/^Database/).click();
  await page.getByRole('option', { name: 'RDS for PostgreSQL' }).click();
  await page.getByRole('checkbox', { name: 'prod' }).uncheck();
  // Infrastructure -> Dev -> Staging, then Review.
  for (let i = 0; i < 2; i++) {
    await next.click();
  }
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  const open = page.getByRole('link', { name: `Open ${name} in the catalog` });
  await expect(open).toBeVisible({ timeout: 120_000 });
  await open.click();
  await expect(page.getByRole('heading', { name })).toBeVisible({
    timeout: 60_000,
  });
}

test('what the portal creates is what the world runs, across a restart', async ({
  page,
}) => {
  test.setTimeout(600_000);
  const name = `loop-${Date.now().toString(36)}`;
  const entity = `/catalog/default/component/${name}`;
  await signIn(page, 'lena.fischer');
  await createService(page, name);

  // CI's part: the first build of main is registered and its tag set in
  // dev and staging (nothing deploys without one; dev waits for its
  // infrastructure anyway).
  const values = await rawFile(page, name, 'chart/values.yaml');
  const repository = /^\s+repository: (\S+)$/m.exec(values)![1];
  await sandbox(page, '/admin/images', { image: `${repository}:1.0.0` });
  await pushTags(name, { dev: '1.0.0', staging: '1.0.0' }, 'CI: build 1.0.0');

  // Dev applies by itself; its outputs are committed to values-dev.yaml and
  // the Infrastructure tab links the commit.
  await page.goto(`${entity}/infrastructure`);
  const devInfra = card(page, 'dev');
  await expect(devInfra.getByTestId('phase-chip')).toHaveText('Applied', {
    timeout: 120_000,
  });
  const record = devInfra.getByLabel('Outputs record');
  await expect(record).toContainText(/Outputs recorded in [0-9a-f]{7}/, {
    timeout: 60_000,
  });
  const shortSha = /recorded in ([0-9a-f]{7})/.exec(
    (await record.textContent()) ?? '',
  )![1];
  const devValues = await rawFile(page, name, 'chart/values-dev.yaml');
  const host = /^\s+host: "?([^"\s]+)"?$/m.exec(
    devValues.slice(devValues.indexOf('database:')),
  )?.[1];
  expect(host, devValues).toMatch(new RegExp(`^${name}-dev\\.`));
  const commit = await page.request.get(
    `${SANDBOX}/github/api/v3/repos/acme/${name}/commits/main`,
    { headers: { authorization: `token ${GITHUB_TOKEN}` } },
  );
  expect((await commit.json()).sha).toMatch(new RegExp(`^${shortSha}`));
  const commitLink = record.getByRole('link', { name: shortSha });
  const commitPage = await page.request.get(
    (await commitLink.getAttribute('href'))!,
  );
  expect(commitPage.ok()).toBeTruthy();
  expect(await commitPage.text()).toContain('values-dev.yaml');

  // Argo CD deploys what git says: dev's pods run with the recorded
  // endpoint and the chart's replicas (dev's HPA minimum, 1 of "1 to 2").
  await expect(async () => {
    const res = await page.request.get(
      `${SANDBOX}/kubernetes/dev/api/v1/namespaces/${name}/pods`,
      { headers: { authorization: 'Bearer sandbox-k8s-token' } },
    );
    expect(res.ok()).toBeTruthy();
    const pods = (await res.json()).items;
    expect(pods).toHaveLength(1);
    const env = pods[0].spec.containers[0].env as Array<{
      name: string;
      value?: string;
    }>;
    expect(env).toContainEqual({ name: 'DATABASE_HOST', value: host });
  }).toPass({ timeout: 60_000 });
  await page.goto(`${entity}/kubernetes`);
  const devCluster = page
    .getByRole('button')
    .filter({ hasText: 'Cluster' })
    .filter({ has: page.getByText('dev', { exact: true }) });
  await expect(devCluster.getByText('1 pod', { exact: true })).toBeVisible({
    timeout: 60_000,
  });

  // The Deployments tab: dev deployed and healthy.
  await page.goto(`${entity}/deployments`);
  await expect(card(page, 'dev').getByTestId('health').first()).toHaveText(
    'Healthy',
    { timeout: 60_000 },
  );

  // Prometheus and Jaeger serve it like every other deployed service.
  await page.goto(`${entity}/observability`);
  await expect(page.getByTestId('sli-dev')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: '6h' }).click();
  await expect(page.getByTestId('trace-row').first()).toBeVisible({
    timeout: 60_000,
  });

  // Staging waits for an approval; lena owns the service and approves it.
  await page.goto(`${entity}/infrastructure`);
  const stagingInfra = card(page, 'staging');
  await expect(stagingInfra.getByTestId('phase-chip')).toHaveText(
    'Waiting for approval',
    { timeout: 120_000 },
  );
  await stagingInfra.getByRole('button', { name: 'Approve' }).click();
  const approval = page.getByRole('dialog');
  await approval.getByRole('textbox').fill('staging database for the loop');
  await approval.getByRole('button', { name: 'Approve' }).click();
  await expect(stagingInfra.getByTestId('phase-chip')).toHaveText('Applied', {
    timeout: 120_000,
  });
  await expect(stagingInfra.getByLabel('Outputs record')).toContainText(
    /Outputs recorded in [0-9a-f]{7}/,
    { timeout: 60_000 },
  );
  await page.goto(`${entity}/deployments`);
  const staging = card(page, 'staging');
  await expect(async () => {
    await sandbox(page, '/argocd/_sandbox/tick', { ticks: 3 });
    await expect(staging.getByTestId('health').first()).toHaveText('Healthy', {
      timeout: 3_000,
    });
  }).toPass({ timeout: 90_000 });

  // CI registers a bad build; a developer pushes its tag to staging.
  const tag = '2.0.0-bad';
  await sandbox(page, '/admin/images', {
    image: `${repository}:${tag}`,
    bad: true,
  });
  await pushTags(name, { staging: tag }, `Release ${tag} to staging`);

  // Argo CD sees the branch move and syncs; the canary's analysis fails
  // and the Rollout aborts by itself (the ticks only hurry the clock).
  await sandbox(page, '/argocd/_sandbox/refresh', {});
  await page.reload();
  await expect(async () => {
    await sandbox(page, '/argocd/_sandbox/tick', { ticks: 5 });
    await expect(staging.getByText(/Canary aborted/)).toBeVisible({
      timeout: 3_000,
    });
  }).toPass({ timeout: 120_000 });
  await expect(staging.getByTestId('health').first()).toHaveText('Degraded');

  // Rollback to the revision before the bad one, with a reason.
  await staging.getByRole('button', { name: 'Rollback' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('rollback-preview')).toContainText(
    new RegExp(`${tag} → `),
  );
  await dialog.getByLabel(/Reason/).fill('the loop build fails its canary');
  await dialog.getByRole('button', { name: 'Confirm rollback' }).click();
  await expect(
    staging.getByText(
      /Rolled back, auto-sync suspended by user:default\/lena.fischer: the loop build fails its canary/,
    ),
  ).toBeVisible();
  await expect(async () => {
    await sandbox(page, '/argocd/_sandbox/tick', { ticks: 3 });
    await expect(staging.getByTestId('health').first()).toHaveText('Healthy', {
      timeout: 3_000,
    });
  }).toPass({ timeout: 60_000 });

  // The sandbox lived through it all.
  const health = await page.request.get(`${SANDBOX}/admin/health`);
  expect((await health.json()).status).toBe('ok');

  // A restart keeps the service, its repository and its applications.
  await restartStack();
  await signIn(page, 'lena.fischer');
  await page.goto(entity);
  await expect(page.getByRole('heading', { name })).toBeVisible({
    timeout: 60_000,
  });
  expect(await rawFile(page, name, 'chart/values-staging.yaml')).toContain(tag);
  await page.goto(`${entity}/deployments`);
  await expect(card(page, 'dev').getByTestId('health').first()).toHaveText(
    'Healthy',
    { timeout: 60_000 },
  );
  await expect(staging.getByTestId('health').first()).toHaveText('Healthy');
  await expect(
    staging.getByText(/auto-sync suspended by user:default\/lena.fischer/),
  ).toBeVisible();
  await page.goto(`${entity}/infrastructure`);
  await expect(card(page, 'dev').getByLabel('Outputs record')).toContainText(
    /Outputs recorded in [0-9a-f]{7}/,
  );
});
