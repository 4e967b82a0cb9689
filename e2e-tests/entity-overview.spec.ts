import { expect, Page, test } from '@playwright/test';
import { signIn } from './support/signIn';

/**
 * A service's overview: its deployment status first (what runs in each
 * environment), then how it behaves; the catalog's stock cards only when
 * the service has what they list (app.extensions in app-config.yaml).
 */

const STOCK_CARDS = [
  'Provided APIs',
  'Consumed APIs',
  'Depends on components',
  'Depends on resources',
  'Has subcomponents',
];

/** A card's title (the stock cards are Backstage's InfoCards). */
function cardTitle(page: Page, title: string) {
  return page.getByText(title, { exact: true });
}

test('the overview starts with the deployment status and shows no empty stock cards', async ({
  page,
}) => {
  await signIn(page, 'lena.fischer');
  await page.goto('/catalog/default/component/cart-service');
  const status = page.getByTestId('deployment-status-card');
  await expect(status).toBeVisible();
  // What runs and its health (other specs may be rolling builds out).
  for (const environment of ['dev', 'staging', 'prod']) {
    const row = status.getByTestId(`status-${environment}`);
    await expect(row.getByTestId('health')).toBeVisible({ timeout: 30_000 });
    await expect(row).toContainText(/\d+\.\d+\.\d+/);
  }
  await expect(
    status.getByRole('link', { name: 'Deployments' }),
  ).toHaveAttribute(
    'href',
    '/catalog/default/component/cart-service/deployments',
  );
  // Above the observability card, which is above the DORA metrics.
  await expect(page.getByRole('table', { name: 'SLIs prod' })).toBeVisible();
  await expect(page.getByTestId('dora-card')).toBeVisible();
  const statusBox = (await status.boundingBox())!;
  const doraBox = (await page.getByTestId('dora-card').boundingBox())!;
  const slisBox = (await page
    .getByRole('table', { name: 'SLIs prod' })
    .boundingBox())!;
  expect(statusBox.y).toBeLessThan(slisBox.y);
  expect(slisBox.y).toBeLessThan(doraBox.y);
  // cart-service provides no API and depends on nothing: no empty tables
  // (once the stock cards are there: its relations graph is).
  await expect(cardTitle(page, 'Relations')).toBeVisible();
  for (const title of STOCK_CARDS) {
    await expect(cardTitle(page, title)).toHaveCount(0);
  }
});

test('a stock card shows when the service has what it lists', async ({
  page,
}) => {
  await signIn(page, 'lena.fischer');
  await page.goto('/catalog/default/component/payments-api');
  await expect(page.getByTestId('deployment-status-card')).toBeVisible();
  await expect(cardTitle(page, 'Provided APIs')).toBeVisible();
  await expect(cardTitle(page, 'Depends on components')).toBeVisible();
  await expect(cardTitle(page, 'Consumed APIs')).toHaveCount(0);
  await expect(cardTitle(page, 'Has subcomponents')).toHaveCount(0);
});
