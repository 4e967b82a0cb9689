import { expect, Page, test } from '@playwright/test';
import { signIn } from './support/signIn';

/**
 * The observability plugin end to end, against the sandbox's Argo CD,
 * Grafana, Jaeger and Prometheus, which tell one story: a bad release's
 * canary in prod (paused at 10 % until a person resumes it) fails requests,
 * so its error ratio rises, its traces fail and the service's error-rate
 * alert goes pending, then firing (the sandbox's Grafana: every 10 s,
 * `for: 30s`).
 */
const SANDBOX = 'http://localhost:7010';
// A service no other spec releases to, so parallel specs do not meet here.
const SERVICE = 'search-service';

async function sandbox(page: Page, path: string, data: unknown) {
  const res = await page.request.post(`${SANDBOX}${path}`, { data });
  expect(res.ok(), `${path}: ${await res.text()}`).toBeTruthy();
  return res.json();
}

test('a bad canary shows in the alerts, the SLI charts and the traces', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await signIn(page, 'sara.kim');
  await sandbox(page, '/argocd/_sandbox/release', {
    service: SERVICE,
    environment: 'prod',
    bad: true,
  });
  // Sync, then 10 % to the canary and the manual pause of prod; the clock
  // ticks every second by itself too.
  await sandbox(page, '/argocd/_sandbox/tick', { ticks: 3 });

  await page.goto(`/catalog/default/component/${SERVICE}/observability`);

  // Dashboards: a deep link into Grafana and a panel rendered by the backend.
  const dashboards = page.getByRole('list', { name: 'Grafana dashboards' });
  const dashboardLink = dashboards.getByRole('link').first();
  await expect(dashboardLink).toHaveAttribute(
    'href',
    new RegExp(`^${SANDBOX}/grafana/d/`),
  );
  const panel = page.getByRole('img', { name: /^Grafana panel / }).first();
  await expect(panel).toBeVisible();
  // Decoded, not only present: the browser may display it (CSP, format).
  await expect
    .poll(() => panel.evaluate(img => (img as HTMLImageElement).naturalWidth))
    .toBeGreaterThan(0);

  // SLIs: the canary's error ratio rises above the stable one's in prod.
  const prod = page.getByTestId('sli-prod');
  await expect(prod.getByText(/^canary \w+ vs stable \w+$/)).toBeVisible();
  const chart = page.getByTestId('sli-chart-errorRatio-prod');
  const canary = await chart.getAttribute('data-canary-revision');
  expect(canary).toMatch(/^\w{10}$/);
  // One line per revision that served in the window, the current canary's among them.
  await expect(chart.getByText(`canary ${canary}`)).toBeVisible();
  await expect(chart.getByText(/^stable \w{10}$/)).toBeVisible();
  const canaryRatio = Number(
    await prod.getAttribute('data-latest-canary-error-ratio'),
  );
  const stableRatio = Number(
    await prod.getAttribute('data-latest-stable-error-ratio'),
  );
  expect(canaryRatio).toBeGreaterThan(0.3);
  expect(stableRatio).toBeLessThan(0.02);

  // Traces: errors only over 6 h (the canary's few minutes hold few
  // sampled traces; the baseline's rare errors add some), the first one
  // opens in the Jaeger UI.
  await page.getByRole('button', { name: '6h' }).click();
  await page.getByRole('checkbox', { name: 'Errors only' }).check();
  const firstError = page
    .locator('[data-testid="trace-row"][data-error="true"]')
    .first();
  await expect(firstError).toBeVisible();
  await expect(
    page.locator('[data-testid="trace-row"][data-error="false"]'),
  ).toHaveCount(0);
  await expect(firstError.getByRole('link').first()).toHaveAttribute(
    'href',
    new RegExp(`^${SANDBOX}/jaeger/trace/[0-9a-f]{32}$`),
  );
  // The sandbox's stand-in of the Jaeger UI knows that trace.
  const traceUrl = await firstError
    .getByRole('link')
    .first()
    .getAttribute('href');
  const tracePage = await page.request.get(traceUrl!);
  expect(tracePage.ok()).toBeTruthy();
  expect(await tracePage.text()).toContain('<td>error</td>');

  // Alerts: pending from the rule's next evaluation (every 10 s), firing
  // 30 s later; the card shows what it got at load time, so reload.
  const errorRule = page
    .getByTestId('alert-row')
    .filter({ hasText: `${SERVICE} error rate (prod)` });
  await expect(async () => {
    await page.reload();
    await expect(errorRule).toHaveAttribute('data-state', 'firing', {
      timeout: 5_000,
    });
  }).toPass({ timeout: 100_000, intervals: [5_000] });
  await expect(errorRule).toContainText(/since \d+ (s|min) ago/);
});

test('the overview card shows what fires and the production SLIs', async ({
  page,
}) => {
  await signIn(page, 'sara.kim');
  await page.goto(`/catalog/default/component/cart-service`);
  const card = page.getByText('Observability', { exact: true }).first();
  await expect(card).toBeVisible();
  await expect(page.getByRole('table', { name: 'SLIs prod' })).toContainText(
    'Error ratio',
  );
});
