import { expect, Page, test } from '@playwright/test';
import { signIn } from './support/signIn';

/**
 * Logs from the sandbox's Elasticsearch, which tells the traces' story in
 * lines: a bad build's canary fails requests, and every failed request logs
 * its error with the trace id Jaeger shows. From a failing trace's row,
 * "logs of this trace" opens exactly those lines in the Logs card.
 */
const SANDBOX = 'http://localhost:7010';
// A service no other spec releases, so parallel specs do not meet here.
const SERVICE = 'notification-worker';
const IMAGE = `registry.acme.example/${SERVICE}:9.0.0`;

async function sandbox(page: Page, path: string, data: unknown) {
  const res = await page.request.post(`${SANDBOX}${path}`, { data });
  expect(res.ok(), `${path}: ${await res.text()}`).toBeTruthy();
  return res.json();
}

test('the logs of a failing trace of a bad build open from its trace row', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await signIn(page, 'marco.rossi');
  // CI built a bad image; it is released to prod, whose canary pauses at 10 %.
  await sandbox(page, '/admin/images', { image: IMAGE, bad: true });
  await sandbox(page, '/argocd/_sandbox/release', {
    service: SERVICE,
    environment: 'prod',
    image: IMAGE,
    bad: true,
  });
  await sandbox(page, '/argocd/_sandbox/tick', { ticks: 3 });

  await page.goto(`/catalog/default/component/${SERVICE}/observability`);

  // The Logs card lists the service's prod lines by itself.
  const logs = page.getByRole('table', { name: 'Log lines' });
  await expect(logs.getByTestId('log-row').first()).toBeVisible();

  // A failing trace of prod (errors only, over 6 h): the other environments
  // fail a request now and then too.
  await page.getByRole('button', { name: '6h' }).click();
  await page.getByTestId('traces-environment').getByRole('combobox').click();
  await page.getByRole('option', { name: 'prod', exact: true }).click();
  await page.getByRole('checkbox', { name: 'Errors only' }).check();
  const failing = page
    .locator('[data-testid="trace-row"][data-error="true"]')
    .first();
  await expect(failing).toBeVisible();
  const traceUrl = await failing.getByRole('link').first().getAttribute('href');
  const traceId = /\/trace\/([0-9a-f]{32})$/.exec(traceUrl ?? '')?.[1];
  expect(traceId, traceUrl ?? '').toBeTruthy();
  // The Discover link of the row stays.
  await expect(failing.getByRole('link', { name: 'logs' })).toBeVisible();

  await failing.getByRole('button', { name: 'Logs of this trace' }).click();
  await expect(page.getByTestId('log-trace-filter')).toHaveText(
    `trace ${traceId}`,
  );
  const rows = logs.getByTestId('log-row');
  await expect(rows.first()).toHaveAttribute('data-trace-id', traceId!);
  const count = await rows.count();
  for (let i = 0; i < count; i++) {
    await expect(rows.nth(i)).toHaveAttribute('data-trace-id', traceId!);
  }
  const errorLine = logs.locator('[data-testid="log-row"][data-level="error"]');
  await expect(errorLine.first()).toBeVisible();

  // Every field of the line, the trace id and the pod among them.
  await errorLine
    .first()
    .getByRole('button', { name: 'Show all fields' })
    .click();
  const fields = page.getByTestId('log-fields');
  await expect(fields).toContainText('trace.id');
  await expect(fields).toContainText(traceId!);
  await expect(fields).toContainText(`${SERVICE}-prod`);

  // Open in Kibana: Discover with the same query.
  const kibana = page.getByRole('link', { name: /Open in Kibana/ });
  const href = decodeURIComponent((await kibana.getAttribute('href')) ?? '');
  expect(href).toMatch(/^http:\/\/localhost:5601\/app\/discover#\/\?_g=/);
  expect(href).toContain(`'trace.id':'${traceId}'`);
  expect(href).toContain(`'service.name':'${SERVICE}'`);
});
