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

/** The headings of the cards on the overview, top to bottom. */
async function cardTitles(page: Page) {
  return page.locator('.MuiCardHeader-title').allInnerTexts();
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
  // cart-service provides no API and depends on nothing: no empty tables.
  const titles = await cardTitles(page);
  for (const title of STOCK_CARDS) {
    expect(titles).not.toContain(title);
  }
});

test('a stock card shows when the service has what it lists', async ({
  page,
}) => {
  await signIn(page, 'lena.fischer');
  await page.goto('/catalog/default/component/payments-api');
  await expect(page.getByTestId('deployment-status-card')).toBeVisible();
  await expect(
    page.locator('.MuiCardHeader-title', { hasText: 'Provided APIs' }),
  ).toBeVisible();
  await expect(
    page.locator('.MuiCardHeader-title', { hasText: 'Depends on components' }),
  ).toBeVisible();
  const titles = await cardTitles(page);
  expect(titles).not.toContain('Consumed APIs');
  expect(titles).not.toContain('Has subcomponents');
});
