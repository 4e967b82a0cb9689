import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backstageToken } from './support/identity';
import { signIn } from './support/signIn';

/**
 * Issue 12, finding 2, end to end: sara.kim (storefront) registers a
 * Component whose `argocd/app-selector` names payments-api's applications.
 * The annotation grants nothing: the entity lists none of them as its own,
 * says whose they are, and the rollback preview is refused.
 */
const SANDBOX = 'http://localhost:7010';
const GITHUB_TOKEN = 'sandbox-github-token';

/** A repository in the sandbox's GitHub holding one catalog-info.yaml. */
async function publishRepository(name: string, catalogInfo: string) {
  const res = await fetch(`${SANDBOX}/github/api/v3/orgs/acme/repos`, {
    method: 'POST',
    headers: {
      authorization: `token ${GITHUB_TOKEN}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ name }),
  });
  expect(res.status, await res.text()).toBe(201);
  const dir = mkdtempSync(join(tmpdir(), 'spoof-'));
  try {
    writeFileSync(join(dir, 'catalog-info.yaml'), catalogInfo);
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git(
      '-c',
      'user.name=Sara Kim',
      '-c',
      'user.email=sara.kim@acme.example',
      'commit',
      '-qm',
      'catalog-info',
    );
    git(
      'push',
      '-q',
      `http://x-access-token:${GITHUB_TOKEN}@localhost:7010/acme/${name}.git`,
      'main',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("a Component whose annotation names payments-api's applications does not get them", async ({
  page,
}) => {
  const name = `probe-sec-spoof-${Date.now().toString(36)}`;
  await publishRepository(
    name,
    `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations:
    argocd/app-selector: app.kubernetes.io/name=payments-api
spec:
  type: service
  lifecycle: experimental
  owner: group:default/storefront
`,
  );

  await signIn(page, 'sara.kim');
  const token = await backstageToken(page);
  const headers = { Authorization: `Bearer ${token}` };
  const registered = await page.request.post('/api/catalog/locations', {
    headers,
    data: {
      type: 'url',
      target: `${SANDBOX}/acme/${name}/blob/main/catalog-info.yaml`,
    },
  });
  expect(registered.status(), await registered.text()).toBe(201);

  // The catalog processes the entity, the deployments index picks it up.
  const path = `/api/deployments/entities/default/component/${name}`;
  let view: any;
  await expect
    .poll(
      async () => {
        const res = await page.request.get(path, { headers });
        view = res.ok() ? await res.json() : undefined;
        return res.status();
      },
      { timeout: 60_000, intervals: [1000] },
    )
    .toBe(200);

  expect(
    view.environments.map((e: any) => [e.environment, e.state, e.application]),
  ).toEqual([
    ['dev', 'missing', undefined],
    ['staging', 'missing', undefined],
    ['prod', 'missing', undefined],
  ]);
  expect(view.warnings.map((w: any) => [w.application, w.boundTo])).toEqual([
    ['payments-api-dev', 'component:default/payments-api'],
    ['payments-api-staging', 'component:default/payments-api'],
    ['payments-api-prod', 'component:default/payments-api'],
  ]);

  for (const environment of ['dev', 'staging']) {
    const preview = await page.request.post(
      `${path}/environments/${environment}/rollback/preview`,
      { headers, data: { id: 1 } },
    );
    expect(preview.status()).toBe(403);
    expect((await preview.json()).error.message).toMatch(
      /belongs to component:default\/payments-api/,
    );
  }

  // The matrix does not show payments-api's apps in the spoofing row either.
  const matrix = await page.request.get(
    `/api/deployments/matrix?search=${name}`,
    { headers },
  );
  const [row] = (await matrix.json()).rows;
  expect(row.deployments.dev.state).toBe('missing');

  // The Deployments tab says whose they are.
  await page.goto(`/catalog/default/component/${name}/deployments`);
  await expect(page.getByTestId('ownership-warnings')).toContainText(
    'These applications belong to payments-api',
  );
  await expect(page.getByTestId('environment-dev')).toContainText(
    'Not deployed to dev',
  );
});

test("payments-api keeps its applications, bound to it from the platform's config", async ({
  page,
}) => {
  await signIn(page, 'lena.fischer');
  const token = await backstageToken(page);
  const res = await page.request.get(
    '/api/deployments/entities/default/component/payments-api',
    { headers: { Authorization: `Bearer ${token}` } },
  );
  expect(res.ok()).toBeTruthy();
  const view = await res.json();
  expect(view.environments.map((e: any) => [e.application, e.binding])).toEqual(
    [
      ['payments-api-dev', 'bound'],
      ['payments-api-staging', 'bound'],
      ['payments-api-prod', 'bound'],
    ],
  );
  const preview = await page.request.post(
    '/api/deployments/entities/default/component/payments-api/environments/dev/rollback/preview',
    { headers: { Authorization: `Bearer ${token}` }, data: { id: 1 } },
  );
  expect([200, 409]).toContain(preview.status());
  if (preview.status() === 409) {
    // Only a state refusal (e.g. an operation running), never a binding one.
    expect((await preview.json()).error.message).not.toMatch(/not bound/);
  }
});
