// "Create microservice": time from submit (POST /api/scaffolder/v2/tasks) to
// the task completed, against a running portal and sandbox
// (scripts/start.sh, or the Playwright stack). Target: under 15 s.
//   node bench/create-service.mjs [--runs N] [--user lena.fischer]
// Signs in through the sandbox IdP in Chromium for a real user token, then
// submits N services with fresh names (bench-<time>-<i>) one after another
// and prints each run's total and the slowest steps, from the task's events.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const PORTAL = process.env.PORTAL_URL ?? 'http://localhost:7007';
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Number(arg('runs', '3'));
const USER = arg('user', 'lena.fischer');
if (!Number.isInteger(RUNS) || RUNS < 1) {
  console.error(
    'usage: node bench/create-service.mjs [--runs N] [--user LOGIN]',
  );
  process.exit(2);
}
const CHROMIUM = JSON.parse(
  fs.readFileSync(
    new URL('../e2e-tests/chromium.json', import.meta.url),
    'utf8',
  ),
);

async function userToken() {
  const browser = await chromium.launch(CHROMIUM);
  try {
    const page = await (
      await browser.newContext({ baseURL: PORTAL })
    ).newPage();
    await page.goto('/');
    const popupPromise = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Sign In' }).click();
    const popup = await popupPromise;
    await popup.getByLabel('Username or e-mail').fill(USER);
    await popup.getByLabel('Password').fill('sandbox');
    await Promise.all([
      popup.waitForEvent('close'),
      popup.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    const res = await page.request.get(
      '/api/auth/oidc/refresh?env=development',
      {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      },
    );
    if (!res.ok()) throw new Error(`sign-in refresh: ${res.status()}`);
    return (await res.json()).backstageIdentity.token;
  } finally {
    await browser.close();
  }
}

async function api(token, method, url, body) {
  const res = await fetch(`${PORTAL}/api/scaffolder${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return JSON.parse(text);
}

async function createOnce(token, name) {
  const values = {
    name,
    description: 'A service created by the create-service benchmark',
    owner: 'group:default/payments',
    system: 'system:default/payments',
    lifecycle: 'experimental',
    database: 'none',
    cache: 'none',
    queue: 'none',
    public: false,
    environments: ['dev', 'staging', 'prod'],
    dev: { replicas: '1-2', cpu: '100m', memory: '256Mi' },
    staging: { replicas: '2-4', cpu: '250m', memory: '512Mi' },
    prod: { replicas: '3-10', cpu: '500m', memory: '1Gi' },
    syncWindow: 'none',
  };
  const started = performance.now();
  const { id } = await api(token, 'POST', '/v2/tasks', {
    templateRef: 'template:default/microservice',
    values,
  });
  let task;
  for (;;) {
    task = await api(token, 'GET', `/v2/tasks/${id}`);
    if (['completed', 'failed', 'cancelled'].includes(task.status)) break;
    await new Promise(r => setTimeout(r, 100));
  }
  const totalMs = performance.now() - started;
  const events = await api(token, 'GET', `/v2/tasks/${id}/events`);
  const steps = {};
  for (const e of events) {
    const { stepId, status } = e.body ?? {};
    if (!stepId || !status) continue;
    steps[stepId] ??= {};
    steps[stepId][status] = Date.parse(e.createdAt);
  }
  const stepMs = Object.fromEntries(
    Object.entries(steps)
      .filter(([, s]) => s.processing && (s.completed ?? s.failed))
      .map(([id, s]) => [id, (s.completed ?? s.failed) - s.processing]),
  );
  if (task.status !== 'completed') {
    const last = events.filter(e => e.body?.message).slice(-5);
    throw new Error(
      `task ${id} ${task.status}: ${last.map(e => e.body.message).join(' | ')}`,
    );
  }
  return { name, totalMs, stepMs };
}

const token = await userToken();
const stamp = Date.now().toString(36);
const results = [];
for (let i = 1; i <= RUNS; i++) {
  const result = await createOnce(token, `bench-${stamp}-${i}`);
  results.push(result);
  const slowest = Object.entries(result.stepMs)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([id, ms]) => `${id} ${(ms / 1000).toFixed(2)} s`)
    .join(', ');
  console.log(
    `run ${i}: ${result.name} completed in ${(result.totalMs / 1000).toFixed(
      2,
    )} s (${slowest})`,
  );
}
const totals = results.map(r => r.totalMs).sort((a, b) => a - b);
const median = totals[totals.length >> 1];
console.log(
  `submit -> completed over ${RUNS} runs: min ${(totals[0] / 1000).toFixed(
    2,
  )} s, median ${(median / 1000).toFixed(2)} s, max ${(
    totals.at(-1) / 1000
  ).toFixed(2)} s (target < 15 s)`,
);
const out = path.join(import.meta.dirname, 'results');
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(
  path.join(
    out,
    `create-service-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  ),
  JSON.stringify({ portal: PORTAL, user: USER, results }, null, 2),
);
