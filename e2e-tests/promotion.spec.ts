import { expect, Page, test } from '@playwright/test';
import { signIn } from './support/signIn';

/**
 * Promotion through git, end to end: the lane on the entity's Deployments
 * tab, the "Promote to <env>" dialog with the backend's gates, the commit on
 * the service repository (the sandbox's GitHub), and Argo CD rolling it out.
 */
const SANDBOX = 'http://localhost:7010';

async function sandbox(page: Page, path: string, data: unknown) {
  const res = await page.request.post(`${SANDBOX}${path}`, { data });
  expect(res.ok(), `${path}: ${await res.text()}`).toBeTruthy();
  return res.json();
}

test('lena promotes a healthy dev build to staging and sees it roll out', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signIn(page, 'lena.fischer');
  // CI's job: a good build's tag committed to values-dev.yaml.
  const release = await sandbox(page, '/argocd/_sandbox/release', {
    service: 'payments-api',
    environment: 'dev',
    bad: false,
  });
  const tag = String(release.image).split(':').pop()!;
  await page.goto('/catalog/default/component/payments-api/deployments');
  const lane = page.getByTestId('promotion-lane');
  // Dev's canary runs through its steps; the lane reads it again as the tab polls.
  await expect(async () => {
    await sandbox(page, '/argocd/_sandbox/tick', { ticks: 10 });
    await page.reload();
    await expect(lane.getByTestId('lane-dev')).toContainText(`Runs ${tag}`, {
      timeout: 5_000,
    });
    await expect(lane.getByTestId('lane-dev')).not.toContainText(
      'canary in flight',
      { timeout: 2_000 },
    );
  }).toPass({ timeout: 90_000 });

  await lane.getByRole('button', { name: 'Promote to staging' }).click();
  const dialog = page.getByRole('dialog');
  for (const gate of ['target-idle', 'canary', 'alerts', 'burn-rate']) {
    await expect(dialog.getByTestId(`gate-${gate}`)).toHaveAttribute(
      'data-status',
      'passed',
    );
  }
  await expect(dialog.getByTestId('promote-image')).toContainText(
    `payments-api:${tag}`,
  );
  await expect(dialog.getByLabel('values diff')).toContainText(
    `+  tag: "${tag}"`,
  );
  await dialog.getByLabel(/Reason/).fill('ready for integration tests');
  await dialog.getByRole('button', { name: 'Promote to staging' }).click();
  await expect(lane.getByRole('status')).toContainText(
    `Promoted ${tag} from dev to staging`,
  );

  // Git is the source of truth: Argo CD sees the commit and rolls it out.
  await expect(async () => {
    await sandbox(page, '/argocd/_sandbox/refresh', {});
    await sandbox(page, '/argocd/_sandbox/tick', { ticks: 10 });
    await page.reload();
    await expect(lane.getByTestId('lane-staging')).toContainText(
      `Runs ${tag}`,
      { timeout: 5_000 },
    );
  }).toPass({ timeout: 120_000 });
});

test('a bad build in staging: "Promote to prod" shows the failed gates and why the canary rolled back', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await signIn(page, 'lena.fischer');
  // A bad build of the image staging runs, registered as such with the registry.
  const app = await page.request.get(
    `${SANDBOX}/argocd/api/v1/applications/fraud-detector-staging`,
    { headers: { authorization: 'Bearer sandbox-argocd-token' } },
  );
  const running: string = (await app.json()).status.summary.images[0];
  const image = `${running.slice(0, running.lastIndexOf(':'))}:9.9.${
    Date.now() % 1000
  }`;
  await sandbox(page, '/admin/images', { image, bad: true });
  await sandbox(page, '/argocd/_sandbox/release', {
    service: 'fraud-detector',
    environment: 'staging',
    image,
    bad: true,
  });
  // Sync, 10 %, pause, analysis: the measurements fail and the Rollout aborts.
  await sandbox(page, '/argocd/_sandbox/tick', { ticks: 15 });

  await page.goto('/catalog/default/component/fraud-detector/deployments');
  const staging = page.getByTestId('environment-staging');
  const explanation = staging.getByTestId('abort-explanation');
  await expect(async () => {
    await sandbox(page, '/argocd/_sandbox/tick', { ticks: 5 });
    await page.reload();
    await expect(explanation).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
  await expect(explanation).toContainText('Rolled back automatically');
  await expect(explanation).toContainText(/analysis metric ".+" .* failed/);
  await expect(explanation).toContainText(/by itself/);
  await expect(
    explanation.getByRole('link', { name: /failing traces/ }),
  ).toHaveAttribute('href', /\/observability\?environment=staging/);

  await page
    .getByTestId('promotion-lane')
    .getByRole('button', { name: 'Promote to prod' })
    .click();
  const dialog = page.getByRole('dialog');
  const canary = dialog.getByTestId('gate-canary');
  await expect(canary).toHaveAttribute('data-status', 'failed');
  await expect(canary).toContainText('aborted automatically');
  await expect(dialog.getByTestId('gate-burn-rate')).toBeVisible();
  await expect(
    dialog.getByRole('button', { name: 'Promote to prod' }),
  ).toBeDisabled();
});
