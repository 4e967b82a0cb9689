import { Browser, expect, Page, test } from '@playwright/test';
import { backstageToken } from './support/identity';
import { signIn } from './support/signIn';

/**
 * The activity log and the home page end to end: a rollback (and a denied
 * attempt) show on the service's Activity tab with who, why and the result;
 * the admin page is in the sidebar of admins only; an SRE's home page shows
 * the prod run waiting for his approval and takes him to where he approves.
 * Services no other spec acts on: ledger-service in dev, fraud-detector's
 * prod infrastructure.
 */
const SANDBOX = 'http://localhost:7010';

async function sandbox(page: Page, path: string, data: unknown) {
  const res = await page.request.post(`${SANDBOX}${path}`, { data });
  expect(res.ok(), `${path}: ${await res.text()}`).toBeTruthy();
  return res.json();
}

async function signedInPage(browser: Browser, user: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, user);
  return page;
}

test('the Activity tab lists a rollback with its reason, and a denied attempt', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const lena = await signedInPage(browser, 'lena.fischer');
  // A second release in dev gives the history an entry to roll back to.
  await sandbox(lena, '/argocd/_sandbox/release', {
    service: 'ledger-service',
    environment: 'dev',
    bad: false,
  });
  await lena.goto('/catalog/default/component/ledger-service/deployments');
  const dev = lena.getByTestId('environment-dev');
  await expect(async () => {
    await sandbox(lena, '/argocd/_sandbox/tick', { ticks: 5 });
    await expect(dev.getByTestId('health').first()).toHaveText('Healthy', {
      timeout: 2_000,
    });
    await dev.getByRole('button', { name: 'Rollback' }).click({
      timeout: 2_000,
    });
  }).toPass({ timeout: 60_000 });
  const dialog = lena.getByRole('dialog');
  await expect(dialog.getByTestId('rollback-preview')).toContainText(
    'Revision',
  );
  await dialog.getByLabel(/Reason/).fill('ledger totals off by one cent');
  await dialog.getByRole('button', { name: 'Confirm rollback' }).click();
  // A retry finds auto-sync already off from the first try: "stays off".
  await expect(dev.getByRole('status')).toContainText(
    /auto-sync (suspended|stays off)/,
  );

  // sara.kim is not an owner: her crafted request is refused, and recorded.
  const sara = await signedInPage(browser, 'sara.kim');
  const denied = await sara.request.post(
    '/api/deployments/entities/default/component/ledger-service/environments/dev/rollback',
    {
      headers: { authorization: `Bearer ${await backstageToken(sara)}` },
      data: { id: 0, reason: 'not my service' },
    },
  );
  expect(denied.status()).toBe(403);

  await lena.goto('/catalog/default/component/ledger-service');
  // Entity tabs are links.
  await lena
    .getByRole('link', { name: 'Activity', exact: true })
    .first()
    .click();
  await expect(lena).toHaveURL(/ledger-service\/activity$/);
  const rollback = lena
    .getByTestId('activity-row')
    .filter({ hasText: 'ledger totals off by one cent' });
  await expect(rollback).toContainText('lena.fischer');
  await expect(rollback).toContainText('deployment-rollback (dev)');
  await expect(rollback).toContainText('succeeded');
  await expect(rollback).toContainText('autoSync: true → false');
  await expect(rollback.getByRole('link', { name: 'Open' })).toHaveAttribute(
    'href',
    /\/catalog\/default\/component\/ledger-service\/deployments$/,
  );
  const refused = lena
    .getByTestId('activity-row')
    .filter({ hasText: 'not my service' });
  await expect(refused).toContainText('sara.kim');
  await expect(refused).toContainText('denied');

  // The whole log is for admins: no sidebar entry for lena, a 403 for her.
  await lena.goto('/');
  await expect(lena.getByTestId('waiting-for-you')).toBeVisible();
  await expect(
    lena.getByRole('link', { name: 'Activity', exact: true }),
  ).toHaveCount(0);
  const all = await lena.request.get('/api/activity/events', {
    headers: { authorization: `Bearer ${await backstageToken(lena)}` },
  });
  expect(all.status()).toBe(403);

  const priya = await signedInPage(browser, 'priya.sharma');
  await priya.getByRole('link', { name: 'Activity', exact: true }).click();
  await expect(priya).toHaveURL(/\/activity$/);
  await priya.getByTestId('activity-filters').getByLabel('Result').click();
  await priya.getByRole('option', { name: 'denied' }).click();
  await expect(
    priya.getByTestId('activity-row').filter({ hasText: 'not my service' }),
  ).toBeVisible();
  await expect(
    priya
      .getByTestId('activity-row')
      .filter({ hasText: 'ledger totals off by one cent' }),
  ).toHaveCount(0);
});

test("noah's home page shows a prod run waiting for his approval and he approves it from there", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const lena = await signedInPage(browser, 'lena.fischer');
  const requested = await lena.request.post('/api/provisioning/requests', {
    headers: { authorization: `Bearer ${await backstageToken(lena)}` },
    data: {
      entityRef: 'component:default/fraud-detector',
      environments: ['prod'],
      tiers: { queue: 'sqs' },
      idempotencyKey: `e2e-activity-${Date.now()}`,
    },
  });
  expect(requested.status(), await requested.text()).toBe(201);

  const noah = await signedInPage(browser, 'noah.williams');
  await expect(noah.getByText('ACME portal').first()).toBeVisible();
  const waiting = noah.getByTestId('waiting-for-you');
  const item = waiting
    .getByTestId('waiting-item')
    .filter({ hasText: 'Approve the prod infrastructure of fraud-detector' });
  await expect(async () => {
    await noah.reload();
    await expect(item).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 60_000 });
  await expect(noah.getByTestId('your-services-empty')).toBeVisible();

  await item.getByRole('link').click();
  await expect(noah).toHaveURL(
    /\/catalog\/default\/component\/fraud-detector\/infrastructure$/,
  );
  const card = noah.getByTestId('environment-prod');
  await expect(card.getByTestId('phase-chip')).toHaveText(
    'Waiting for approval',
  );
  await card.getByRole('button', { name: 'Approve' }).click();
  const dialog = noah.getByRole('dialog');
  await dialog.getByRole('textbox').fill('CHG-2001: fraud-detector queue');
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await expect(dialog).toBeHidden();
  await expect(
    card.getByText(/Approved by user:default\/noah\.williams/),
  ).toBeVisible();

  // Back home: nothing of it waits any more; his approval is in his activity.
  await noah.goto('/');
  await expect(noah.getByTestId('waiting-for-you')).toBeVisible();
  await expect(item).toHaveCount(0);
  await expect(
    noah
      .getByTestId('activity-row')
      .filter({ hasText: 'CHG-2001: fraud-detector queue' }),
  ).toContainText('provisioning-run-apply (prod)');
});

test('the Deployments page does not scroll sideways at 1440 px with three environments', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, 'lena.fischer');
  await page.goto('/deployments');
  const table = page.getByRole('table', { name: 'Deployments' });
  const prod = table.getByRole('columnheader', { name: 'prod (production)' });
  await expect(prod).toBeVisible();
  await expect(
    table.getByRole('row').filter({ hasText: 'payments-api' }).first(),
  ).toBeVisible();
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  // The prod column ends inside the window, not cut at its edge.
  const box = await prod.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(1440);
});
