import { expect, Page, test } from '@playwright/test';
import { backstageToken } from './support/identity';
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

test('a bad build in staging: "Promote to prod" shows the burning error budget, then why the canary rolled back, and the owners are notified', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signIn(page, 'lena.fischer');
  // A bad build of the image staging runs, registered as such with the registry.
  const appUrl = `${SANDBOX}/argocd/api/v1/applications/fraud-detector-staging`;
  const argo = { authorization: 'Bearer sandbox-argocd-token' };
  const app = await page.request.get(appUrl, { headers: argo });
  const running: string = (await app.json()).status.summary.images[0];
  const tag = `9.9.${Date.now() % 1000}`;
  const image = `${running.slice(0, running.lastIndexOf(':'))}:${tag}`;
  await sandbox(page, '/admin/images', { image, bad: true });
  // The world moves only when this test ticks, so the canary can be looked
  // at while it serves (the clock runs again by itself after 5 minutes).
  await sandbox(page, '/argocd/_sandbox/clock', { holdSeconds: 300 });
  try {
    await sandbox(page, '/argocd/_sandbox/release', {
      service: 'fraud-detector',
      environment: 'staging',
      image,
      bad: true,
    });
    // Sync, then 10 % of the traffic on the bad build (paused before its analysis).
    await expect(async () => {
      await sandbox(page, '/argocd/_sandbox/tick', { ticks: 1 });
      const images: string[] = (
        await (await page.request.get(appUrl, { headers: argo })).json()
      ).status.summary.images;
      expect(images).toContain(image);
      expect(images.length).toBeGreaterThan(1);
    }).toPass({ timeout: 20_000 });

    await page.goto('/catalog/default/component/fraud-detector/deployments');
    const lane = page.getByTestId('promotion-lane');
    await expect(lane.getByTestId('lane-staging')).toContainText(
      'canary in flight',
    );
    await lane.getByRole('button', { name: 'Promote to prod' }).click();
    let dialog = page.getByRole('dialog');
    // The e2e world's SLO is 99.9 % (app-config.e2e.yaml): 60 % errors on
    // 10 % of the traffic burn its 0.1 % budget far beyond 14.4x.
    const burn = dialog.getByTestId('gate-burn-rate');
    await expect(burn).toHaveAttribute('data-status', 'failed');
    await expect(burn).toContainText('SLO 99.90%');
    const detail = (await burn.textContent()) ?? '';
    const measured = [
      ...detail.matchAll(/(1h|5m): (\d+\.\d)x \((\d+\.\d+)% errors\)/g),
    ];
    expect(
      measured.map(m => m[1]),
      detail,
    ).toEqual(['1h', '5m']);
    for (const [, , rate, errors] of measured) {
      expect(Number(rate)).toBeGreaterThanOrEqual(14.4);
      // The burn rate is the error ratio over the budget.
      expect(Number(rate)).toBeCloseTo(Number(errors) / 0.1, 0);
    }
    await expect(dialog.getByTestId('gate-canary')).toHaveAttribute(
      'data-status',
      'failed',
    );
    await expect(
      dialog.getByRole('button', { name: 'Open a pull request to prod' }),
    ).toBeDisabled();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // Analysis: the measurements fail and the Rollout aborts by itself.
    const staging = page.getByTestId('environment-staging');
    const explanation = staging.getByTestId('abort-explanation');
    await expect(async () => {
      await sandbox(page, '/argocd/_sandbox/tick', { ticks: 3 });
      await page.reload();
      await expect(explanation).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 60_000 });
  } finally {
    await sandbox(page, '/argocd/_sandbox/clock', { holdSeconds: 0 });
  }
  const explanation = page
    .getByTestId('environment-staging')
    .getByTestId('abort-explanation');
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
  await expect(
    dialog.getByRole('button', { name: 'Open a pull request to prod' }),
  ).toBeDisabled();

  // The owners (lena's team) are notified of the abort, with a link to the card.
  await expect(async () => {
    await page.goto('/notifications');
    await expect(
      page.getByText(`Canary of fraud-detector ${tag} aborted in staging`),
    ).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
});

/** The numbers of the DORA card on an entity's Deployments tab (30 days). */
async function doraCounts(page: Page) {
  const card = page.getByTestId('dora-card');
  const deployments = await card.getByTestId('dora-deployments').textContent();
  const failures = await card
    .getByTestId('dora-change-failure-rate')
    .textContent();
  return {
    deployments: Number(/(\d+) deployments? in 30 days/.exec(deployments!)![1]),
    failures: Number(/(\d+) aborted or rolled back/.exec(failures!)![1]),
  };
}

test('noah (SRE) promotes a good build to prod through a pull request diego opened; the DORA card counts it', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const PAGE = '/catalog/default/component/cart-service/deployments';
  // diego.alvarez (storefront) owns cart-service, which no other spec
  // deploys: the DORA counts below are this test's alone.
  await signIn(page, 'diego.alvarez');
  // CI's job: a good build committed to values-staging.yaml.
  const release = await sandbox(page, '/argocd/_sandbox/release', {
    service: 'cart-service',
    environment: 'staging',
    bad: false,
  });
  const tag = String(release.image).split(':').pop()!;

  // Noah, SRE, in a browser of his own.
  const noahContext = await browser.newContext();
  const noah = await noahContext.newPage();
  await signIn(noah, 'noah.williams');

  // Prod may have a canary of its own in flight (the world is shared: a
  // commit to prod's values rolls out too), and the promotion's gate wants
  // prod idle. Noah, SRE, finishes it first.
  const noahHeaders = {
    authorization: `Bearer ${await backstageToken(noah)}`,
  };
  const finishProdCanary = async () => {
    const prodLane = page
      .getByTestId('promotion-lane')
      .getByTestId('lane-prod');
    if (!((await prodLane.textContent()) ?? '').includes('canary in flight')) {
      return;
    }
    const res = await noah.request.post(
      '/api/deployments/entities/default/component/cart-service/environments/prod/rollout/promote-full',
      {
        headers: noahHeaders,
        data: { reason: 'finish the canary before the next release' },
      },
    );
    expect([200, 409], await res.text()).toContain(res.status());
  };

  await page.goto(PAGE);
  const lane = page.getByTestId('promotion-lane');
  await expect(async () => {
    await sandbox(page, '/argocd/_sandbox/tick', { ticks: 10 });
    await page.reload();
    await expect(lane.getByTestId('lane-prod')).toBeVisible();
    await finishProdCanary();
    await expect(lane.getByTestId('lane-prod')).not.toContainText(
      'canary in flight',
      { timeout: 2_000 },
    );
    await expect(lane.getByTestId('lane-staging')).toContainText(
      `Runs ${tag}`,
      { timeout: 5_000 },
    );
    await expect(lane.getByTestId('lane-staging')).not.toContainText(
      'canary in flight',
      { timeout: 2_000 },
    );
  }).toPass({ timeout: 90_000 });

  // The DORA card before, once prod is settled (a canary finished above is
  // a production deployment of its own).
  await noah.goto(PAGE);
  await expect(noah.getByTestId('dora-deployments')).toContainText(
    /in 30 days/,
  );
  const before = await doraCounts(noah);

  // Diego (an owner, not SRE) opens the pull request: prod goes by pull request.
  await lane.getByRole('button', { name: 'Promote to prod' }).click();
  const dialog = page.getByRole('dialog');
  for (const gate of ['target-idle', 'canary', 'alerts', 'burn-rate']) {
    await expect(dialog.getByTestId(`gate-${gate}`)).toHaveAttribute(
      'data-status',
      'passed',
    );
  }
  await dialog.getByLabel(/Reason/).fill('staging is green');
  await dialog
    .getByRole('button', { name: 'Open a pull request to prod' })
    .click();
  await expect(lane.getByRole('status')).toContainText(
    `to promote ${tag} from staging to prod: waiting for group:default/sre to merge it`,
  );
  const pull = lane.getByTestId('pull-request-prod');
  await expect(pull).toContainText(
    `${tag} from staging, opened by diego.alvarez`,
  );
  await expect(pull).toContainText('Waiting for an SRE to merge it');
  await expect(pull.getByRole('button', { name: /^Merge/ })).toHaveCount(0);
  // Nothing reached prod's branch yet.
  await expect(lane.getByTestId('lane-prod')).not.toContainText(`git: ${tag}`);

  // Noah merges it from the portal.
  await noah.reload();
  const noahPull = noah.getByTestId('pull-request-prod');
  await noahPull.getByRole('button', { name: /^Merge #\d+$/ }).click();
  const merge = noah.getByRole('dialog');
  await merge.getByLabel(/Reason/).fill('release train');
  await merge.getByRole('button', { name: /^Merge #\d+$/ }).click();
  await expect(
    noah.getByTestId('promotion-lane').getByRole('status'),
  ).toContainText(
    new RegExp(
      `Merged #\\d+: ${tag.replace(/\./g, '\\.')} from staging to prod`,
    ),
  );

  // The merge commit is on main: Argo CD rolls it out in prod (its canary
  // waits for a person at 10 %).
  const prod = noah.getByTestId('promotion-lane').getByTestId('lane-prod');
  await expect(async () => {
    await sandbox(page, '/argocd/_sandbox/refresh', {});
    await sandbox(page, '/argocd/_sandbox/tick', { ticks: 3 });
    await noah.reload();
    // The canary's image is the newest one the lane shows as running.
    await expect(prod).toContainText(`Runs ${tag}`, { timeout: 5_000 });
    await expect(prod).toContainText('canary in flight', { timeout: 2_000 });
  }).toPass({ timeout: 90_000 });
  await expect(noah.getByTestId('pull-request-prod')).toHaveCount(0);

  // DORA: one more production deployment, and no more failures (the abort
  // of the other test was in staging).
  await expect(async () => {
    await noah.reload();
    await expect(noah.getByTestId('dora-deployments')).toContainText(
      `${before.deployments + 1} deployment`,
      { timeout: 5_000 },
    );
  }).toPass({ timeout: 60_000 });
  expect(await doraCounts(noah)).toEqual({
    deployments: before.deployments + 1,
    failures: before.failures,
  });
  await noahContext.close();
});
