import { expect, Page, test } from '@playwright/test';
import { backstageToken } from './support/identity';
import { signIn } from './support/signIn';

/**
 * The deployments plugin end to end: the Deployments page and the entity's
 * Deployments tab against the sandbox's Argo CD (its clock ticks every
 * second; the tests also move it on by hand through its sandbox controls).
 */
const SANDBOX = 'http://localhost:7010';

async function sandbox(page: Page, path: string, data: unknown) {
  const res = await page.request.post(`${SANDBOX}${path}`, { data });
  expect(res.ok(), `${path}: ${await res.text()}`).toBeTruthy();
  return res.json();
}

function environmentCard(page: Page, environment: string) {
  return page.getByTestId(`environment-${environment}`);
}

test('the Deployments page lists the sample services in every environment', async ({
  page,
}) => {
  await signIn(page, 'lena.fischer');
  await page.getByRole('link', { name: 'Deployments' }).first().click();
  await expect(page).toHaveURL(/\/deployments$/);
  const table = page.getByRole('table', { name: 'Deployments' });
  for (const service of ['payments-api', 'storefront-web', 'cart-service']) {
    await expect(
      table.getByRole('row').filter({ hasText: service }).first(),
    ).toBeVisible();
  }
  await expect(
    table.getByRole('columnheader', { name: 'prod (production)' }),
  ).toBeVisible();

  // Server-side search.
  await page.getByRole('textbox', { name: 'Search' }).fill('ledger');
  await expect(
    table.getByRole('row').filter({ hasText: 'ledger-service' }),
  ).toBeVisible();
  await expect(
    table.getByRole('row').filter({ hasText: 'cart-service' }),
  ).toHaveCount(0);
});

test('a bad release in staging aborts by itself and shows Degraded', async ({
  page,
}) => {
  await signIn(page, 'lena.fischer');
  await sandbox(page, '/argocd/_sandbox/release', {
    service: 'fraud-detector',
    environment: 'staging',
    bad: true,
  });
  // Sync, 10 %, pause, analysis: the first measurement fails and the
  // Rollout aborts. The clock ticks by itself too; this only hurries it.
  await sandbox(page, '/argocd/_sandbox/tick', { ticks: 15 });

  await page.goto('/catalog/default/component/fraud-detector/deployments');
  const staging = environmentCard(page, 'staging');
  await expect(staging.getByText(/Canary aborted/)).toBeVisible();
  await expect(staging.getByTestId('health').first()).toHaveText('Degraded');
  await expect(staging.getByText(/canary 0% · stable 100%/)).toBeVisible();

  // The matrix shows it too (its Argo CD list is cached for a few seconds).
  await page.goto('/deployments');
  await page.getByRole('textbox', { name: 'Search' }).fill('fraud-detector');
  const row = page
    .getByRole('table', { name: 'Deployments' })
    .getByRole('row')
    .filter({ hasText: 'fraud-detector' });
  await expect(async () => {
    await page.reload();
    await page.getByRole('textbox', { name: 'Search' }).fill('fraud-detector');
    await expect(row.getByText('Degraded')).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 40_000 });
});

test('SRE rolls prod back to the previous revision with a reason and sees it healthy', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await signIn(page, 'noah.williams');
  // A release is a commit: a good build's tag pushed into values-prod.yaml.
  // Prod's canary waits at its first step for a person; noah promotes it.
  await sandbox(page, '/argocd/_sandbox/release', {
    service: 'ledger-service',
    environment: 'prod',
    bad: false,
  });
  await sandbox(page, '/argocd/_sandbox/tick', { ticks: 3 });
  await page.goto('/catalog/default/component/ledger-service/deployments');
  const prod = environmentCard(page, 'prod');
  await expect(async () => {
    await prod.getByRole('button', { name: 'Promote full' }).click({
      timeout: 2_000,
    });
  }).toPass({ timeout: 40_000 });
  await expect(async () => {
    await sandbox(page, '/argocd/_sandbox/tick', { ticks: 5 });
    await expect(prod.getByTestId('health').first()).toHaveText('Healthy', {
      timeout: 2_000,
    });
    await expect(prod.getByRole('button', { name: 'Rollback' })).toBeVisible({
      timeout: 2_000,
    });
  }).toPass({ timeout: 60_000 });
  await prod.getByRole('button', { name: 'Rollback' }).click();

  const dialog = page.getByRole('dialog');
  const preview = dialog.getByTestId('rollback-preview');
  await expect(preview).toContainText('Revision');
  await expect(preview).toContainText(
    /Image .*ledger-service:1\.\d+\.0 → .*ledger-service:1\.\d+\.0/,
  );
  await expect(preview).toContainText(/auto-sync/i);
  const confirm = dialog.getByRole('button', { name: 'Confirm rollback' });
  await expect(confirm).toBeDisabled();
  await dialog
    .getByLabel(/Reason/)
    .fill('ledger errors after the last release');
  await confirm.click();

  await expect(prod.getByRole('status')).toContainText(/auto-sync suspended/);
  await expect(
    prod.getByText(
      /Rolled back, auto-sync suspended by user:default\/noah.williams: ledger errors after the last release/,
    ),
  ).toBeVisible();
  await expect(prod.getByTestId('health').first()).toHaveText('Healthy');
  await expect(
    prod.getByRole('button', { name: 'Resume auto-sync' }),
  ).toBeVisible();
});

test('a user without permission sees no Rollback button and a crafted request is refused', async ({
  page,
}) => {
  await signIn(page, 'sara.kim'); // storefront, not an owner of payments-api
  await page.goto('/catalog/default/component/payments-api/deployments');
  const staging = environmentCard(page, 'staging');
  await expect(staging.getByText('History')).toBeVisible();
  await expect(staging.getByRole('button', { name: 'Rollback' })).toHaveCount(
    0,
  );
  await expect(
    environmentCard(page, 'prod').getByRole('button', { name: 'Rollback' }),
  ).toHaveCount(0);

  const token = await backstageToken(page);
  const res = await page.request.post(
    '/api/deployments/entities/default/component/payments-api/environments/staging/rollback',
    {
      headers: { Authorization: `Bearer ${token}` },
      data: { id: 0, reason: 'crafted request' },
    },
  );
  expect(res.status()).toBe(403);
  expect((await res.json()).error.message).toMatch(/only its owners/);
});
