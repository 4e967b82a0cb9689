import { expect, test } from '@playwright/test';
import { signIn } from './support/signIn';

test.afterEach(async ({ page }, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    // Playwright's own artifacts are wiped by the next run of any spec.
    await page.screenshot({
      path: '/tmp/create-service-failure.png',
      fullPage: true,
    });
  }
});

/**
 * "Create microservice" from the form to a registered service: the name is
 * refused when malformed and when taken, the task runs every step against
 * the sandbox (GitHub Enterprise, Argo CD), and the new entity links to
 * its repository.
 */
test('a developer creates a service and opens it in the catalog', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const name = `e2e-${Date.now().toString(36)}`;
  await signIn(page, 'lena.fischer');
  await page.goto('/create/templates/default/microservice');

  // The browser refuses to go on while a required field is empty, before
  // the form's own validation runs: fill everything but the name first.
  await page
    .getByRole('textbox', { name: /^Description/ })
    .fill('Takes orders and hands them on');
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
  const next = page.getByRole('button', { name: 'Next' });
  await nameField.fill('Bad_Name');
  await next.click();
  await expect(
    page.getByText(/Use lower-case letters, digits and hyphens only/).first(),
  ).toBeVisible();

  // payments-api is a sample service of the catalog: refused while typing
  // and again on Next, which stays on the first page.
  const taken = page
    .getByText(/The name payments-api is taken in the catalog/)
    .first();
  await nameField.fill('payments-api');
  await expect(taken).toBeVisible();
  await next.click();
  await expect(taken).toBeVisible();
  await expect(nameField).toBeVisible(); // still on the first page

  // Right after a refused Next the form may still be settling and drop a
  // value typed at that moment: type again until the field shows it free.
  await expect(async () => {
    await nameField.fill(name);
    await expect(page.getByText(`${name} is free.`)).toBeVisible({
      timeout: 3_000,
    });
  }).toPass({ timeout: 30_000 });

  // Service -> Infrastructure -> Dev -> Staging -> Production, then Review.
  for (let i = 0; i < 4; i++) {
    await next.click();
  }
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  await expect(page.getByText('Register in the catalog')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Repository' })).toBeVisible({
    timeout: 120_000,
  });
  await expect(page.getByRole('link', { name: 'Repository' })).toHaveAttribute(
    'href',
    `http://localhost:7010/acme/${name}`,
  );

  await page.getByRole('link', { name: `Open ${name} in the catalog` }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible({
    timeout: 60_000,
  });
  await expect(
    page.getByRole('link', { name: /View Source/i }),
  ).toHaveAttribute('href', new RegExp(`localhost:7010/acme/${name}`));

  // Argo CD deploys it to the three environments the form kept; the task
  // page links to them.
  await page.goBack();
  await page
    .locator(`a[href$="/catalog/default/component/${name}/deployments"]`)
    .filter({ hasText: 'Deployments' })
    .click();
  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/component/${name}/deployments$`),
  );
  for (const environment of ['dev', 'staging', 'prod']) {
    await expect(page.getByTestId(`environment-${environment}`)).toBeVisible();
  }
});
