import path from 'node:path';
import { expect, test } from '@playwright/test';
import { signIn } from './support/signIn';

// Titles as the catalog table shows them (metadata.title of packages/sandbox/world/services.yaml).
const SAMPLE_SERVICES = [
  'Payments API',
  'Ledger',
  'Fraud Detector',
  'Cart',
  'Product Search',
  'Notification Worker',
];

test('the catalog lists the sample services with their owners', async ({
  page,
}) => {
  await signIn(page, 'sara.kim');
  await page.goto('/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=all');
  for (const name of SAMPLE_SERVICES) {
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  }
  const row = page.getByRole('row').filter({
    has: page.getByRole('link', { name: 'Payments API', exact: true }),
  });
  // The system and the owning team are both called Payments.
  await expect(
    row.getByRole('link', { name: 'Payments', exact: true }),
  ).toHaveCount(2);
});

test('an unknown URL shows the not-found page', async ({ page }) => {
  await signIn(page, 'noah.williams');
  await page.goto('/this-page-does-not-exist');
  await expect(page.getByText(/404/).first()).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Catalog', exact: true }).first(),
  ).toBeVisible();
});

test('README screenshot of the catalog', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, 'lena.fischer');
  await page.goto('/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=all');
  await expect(
    page.getByRole('link', { name: 'Payments API', exact: true }),
  ).toBeVisible();
  await page.screenshot({
    path: path.resolve(__dirname, '..', 'docs', 'screenshots', 'catalog.png'),
  });
});
