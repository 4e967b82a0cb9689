import path from 'node:path';
import { expect, test } from '@playwright/test';
import { backstageToken } from './support/identity';
import { signIn } from './support/signIn';

/*
 * Backstage's Kubernetes plugin on the entity page, against the sandbox's
 * Kubernetes API simulator (clusters dev, staging and prod of app-config.yaml),
 * which runs what the Argo CD simulator deploys from each service's repository:
 * an Argo Rollouts canary with the chart's replicas per environment (the HPA
 * minimum of values-<env>.yaml: the template's default sizes).
 */

const CLUSTERS = ['dev', 'staging', 'prod'];
const PODS: Record<string, number> = { dev: 1, staging: 2, prod: 3 };
const podCount = (n: number) => (n === 1 ? '1 pod' : `${n} pods`);

test('the Kubernetes tab of payments-api shows its pods in dev, staging and prod and the Rollout', async ({
  page,
}) => {
  await signIn(page, 'lena.fischer');
  await page.goto('/catalog/default/component/payments-api');
  // The plugin puts its tab in the entity page's "Deployment" group.
  await page.getByRole('button', { name: 'Deployment' }).click();
  await page.getByRole('menuitemradio', { name: 'Kubernetes' }).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/payments-api\/kubernetes/,
  );

  const clusters = page.getByRole('button').filter({ hasText: 'Cluster' });
  for (const cluster of CLUSTERS) {
    const summary = clusters.filter({
      has: page.getByText(cluster, { exact: true }),
    });
    await expect(summary).toBeVisible();
    await expect(
      summary.getByText(podCount(PODS[cluster]), { exact: true }),
    ).toBeVisible();
    await expect(summary.getByText('No pods with errors')).toBeVisible();
  }

  // Open prod: the Rollout (an Argo Rollouts custom resource) with its
  // pods, and inside it the canary's steps.
  await clusters
    .filter({ has: page.getByText('prod', { exact: true }) })
    .click();
  const rolloutSummary = page
    .getByRole('button')
    .filter({ hasText: 'Rollout' })
    .filter({ hasText: 'No pods with errors' });
  await expect(rolloutSummary).toBeVisible();
  await expect(
    rolloutSummary.getByText('payments-api', { exact: true }),
  ).toBeVisible();
  await expect(
    rolloutSummary.getByText(podCount(PODS.prod), { exact: true }),
  ).toBeVisible();
  await rolloutSummary.getByText('No pods with errors').click();
  await expect(page.getByText('Rollout status')).toBeVisible();
  await expect(page.getByText('setWeight 10%')).toBeVisible();
  await expect(page.getByText('setWeight 50%')).toBeVisible();
});

test('the kubernetes backend answers with objects from the three clusters', async ({
  page,
}) => {
  await signIn(page, 'sara.kim');
  const token = await backstageToken(page);
  const entity = await page.request
    .get('/api/catalog/entities/by-name/component/default/cart-service', {
      headers: { authorization: `Bearer ${token}` },
    })
    .then(r => r.json());
  const res = await page.request.post('/api/kubernetes/services/cart-service', {
    headers: { authorization: `Bearer ${token}` },
    data: { entity },
  });
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.items.map((i: any) => i.cluster.name)).toEqual(CLUSTERS);
  for (const item of body.items) {
    expect(item.errors).toEqual([]);
    const pods = item.resources.find((r: any) => r.type === 'pods').resources;
    expect(pods).toHaveLength(PODS[item.cluster.name]);
    const rollouts = item.resources
      .filter((r: any) => r.type === 'customresources')
      .flatMap((r: any) => r.resources)
      .filter((r: any) => r.kind === 'Rollout');
    expect(rollouts.map((r: any) => r.metadata.name)).toEqual(['cart-service']);
  }
});

test('README screenshot of the Kubernetes tab', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await signIn(page, 'lena.fischer');
  await page.goto('/catalog/default/component/payments-api/kubernetes');
  const prod = page
    .getByRole('button')
    .filter({ hasText: 'Cluster' })
    .filter({ has: page.getByText('prod', { exact: true }) });
  await prod.click();
  const rolloutSummary = page
    .getByRole('button')
    .filter({ hasText: 'Rollout' })
    .filter({ hasText: 'No pods with errors' });
  await rolloutSummary.getByText('No pods with errors').click();
  await expect(page.getByText('setWeight 10%')).toBeVisible();
  await page.screenshot({
    path: path.resolve(
      __dirname,
      '..',
      'docs',
      'screenshots',
      'kubernetes.png',
    ),
  });
});
