import { Browser, expect, Page, test } from '@playwright/test';
import { backstageToken } from './support/identity';
import { signIn } from './support/signIn';

/**
 * The provisioning plugin end to end against the sandbox's Terraform Cloud:
 * an owner requests a prod database and queue for payments-api (as the
 * scaffolder action or the CLI would, through the REST API); the run stops
 * for approval; the owner may not approve prod, an SRE may; the tab then
 * shows the run applying, then applied with its outputs.
 */
async function signedInPage(browser: Browser, user: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, user);
  return page;
}

/**
 * A failed attempt may leave its run waiting for approval; Terraform Cloud
 * would queue the next attempt's run behind it. An SRE discards it first.
 */
async function discardLeftoverRuns(browser: Browser) {
  const noah = await signedInPage(browser, 'noah.williams');
  const headers = { authorization: `Bearer ${await backstageToken(noah)}` };
  const res = await noah.request.get('/api/provisioning/decisions', {
    headers,
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  const { runs } = (await res.json()) as {
    runs: { id: string; workspaceName: string }[];
  };
  for (const run of runs.filter(r => r.workspaceName === 'payments-api-prod')) {
    const discarded = await noah.request.post(
      `/api/provisioning/runs/${run.id}/discard`,
      { headers, data: { comment: 'left over by a failed e2e attempt' } },
    );
    expect(discarded.ok(), await discarded.text()).toBeTruthy();
  }
  await noah.context().close();
}

function prodCard(page: Page) {
  return page.getByTestId('environment-prod');
}

test('a prod run waits for approval, an SRE approves it, the tab shows it applied with outputs', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  if (test.info().retry > 0) await discardLeftoverRuns(browser);

  // lena.fischer owns payments-api: she may request, but not approve prod.
  const lena = await signedInPage(browser, 'lena.fischer');
  const token = await backstageToken(lena);
  const requested = await lena.request.post('/api/provisioning/requests', {
    headers: { authorization: `Bearer ${token}` },
    data: {
      entityRef: 'component:default/payments-api',
      environments: ['prod'],
      tiers: { database: 'aurora-serverless-v2', queue: 'sqs' },
      idempotencyKey: `e2e-${Date.now()}`,
    },
  });
  expect(requested.status(), await requested.text()).toBe(201);
  const { runs } = await requested.json();
  expect(runs[0]).toMatchObject({
    environment: 'prod',
    workspaceName: 'payments-api-prod',
  });

  await lena.goto('/catalog/default/component/payments-api');
  // The plugin puts its tab in the entity page's "Deployment" group.
  await lena.getByRole('button', { name: 'Deployment' }).click();
  await lena.getByRole('menuitemradio', { name: 'Infrastructure' }).click();
  await expect(lena).toHaveURL(
    /\/catalog\/default\/component\/payments-api\/infrastructure/,
  );
  await expect(prodCard(lena).getByTestId('phase-chip')).toHaveText(
    'Waiting for approval',
    { timeout: 60_000 },
  );
  await expect(
    prodCard(lena).getByText('Waiting for someone allowed to approve prod.'),
  ).toBeVisible();
  await expect(
    prodCard(lena).getByRole('button', { name: 'Approve' }),
  ).toHaveCount(0);
  await expect(prodCard(lena).getByLabel('Plan summary')).toHaveText(/^\+\d+/);

  // noah.williams is SRE: the production group may approve.
  const noah = await signedInPage(browser, 'noah.williams');
  await noah.goto('/catalog/default/component/payments-api/infrastructure');
  const card = prodCard(noah);
  await expect(card.getByTestId('phase-chip')).toHaveText(
    'Waiting for approval',
  );
  await card.getByRole('button', { name: 'Approve' }).click();
  const dialog = noah.getByRole('dialog');
  const confirm = dialog.getByRole('button', { name: 'Approve' });
  await expect(confirm).toBeDisabled();
  await dialog.getByRole('textbox').fill('CHG-1234: new payments database');
  await confirm.click();
  await expect(dialog).toBeHidden();

  await expect(card.getByTestId('phase-chip')).toHaveText('Applying');
  await expect(
    card.getByText(/Approved by user:default\/noah\.williams/),
  ).toBeVisible();
  await expect(card.getByTestId('phase-chip')).toHaveText('Applied', {
    timeout: 60_000,
  });
  const outputs = card.getByRole('table', {
    name: 'Outputs of payments-api-prod',
  });
  await expect(
    outputs.getByText('database_endpoint', { exact: true }),
  ).toBeVisible();
  await expect(outputs.getByText(/payments-api-prod\.cluster-/)).toBeVisible();
  await expect(outputs.getByText('queue_url', { exact: true })).toBeVisible();
  await expect(
    outputs.getByText('sensitive (kept in Terraform Cloud)'),
  ).toBeVisible();
});
