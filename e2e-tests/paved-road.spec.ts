import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APIRequestContext, Browser, expect, test } from '@playwright/test';
import { backstageToken } from './support/identity';
import { signIn } from './support/signIn';

/*
 * Issue 19's proof: the platform team bumps "Create microservice" with a
 * chart change; services created at the old version show "behind" on the
 * Paved road page; an admin opens upgrade pull requests for two of them,
 * merges one from the portal, and sees it "up to date". (That Argo CD then
 * deploys the upgraded chart is not asserted yet: a service without a CI
 * build has no Rollout in the sandbox's clusters.)
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
let lena: string;

test.beforeAll(async ({ browser, request }) => {
  test.setTimeout(240_000);
  lena = await tokenOf(browser, 'lena.fischer');
  await createService(request, lena, first);
  await createService(request, lena, second);
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
  for (const name of [first, second]) {
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
});
