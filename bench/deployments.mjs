// Deployments benchmark: 2,000 seeded services x 3 environments.
//   bash bench/deployments.sh [--services N] [--requests N]
// Prints: the matrix API's answer time (p50/p95, cache warm and on a
// refresh), the Argo CD calls one refresh costs, and the Deployments page's
// time to first rows in Chromium. Writes bench/results/deployments-<ts>.json.
// Everything it starts (sandbox, backend, Chromium) is stopped at the end.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '..');
const PORTAL = 'http://localhost:7007';
const SANDBOX = 'http://localhost:7010';
const CHROMIUM = JSON.parse(
  fs.readFileSync(
    new URL('../e2e-tests/chromium.json', import.meta.url),
    'utf8',
  ),
);
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SERVICES = arg('--services', 2000);
const REQUESTS = arg('--requests', 100);
/** deployments.cacheTtlSeconds in app-config.yaml. */
const CACHE_TTL_MS = 10_000;
const NAVIGATIONS = 5;

const STAMP = new Date().toISOString().replace(/[:.]/g, '-');
const RESULTS = path.join(ROOT, 'bench', 'results');
fs.mkdirSync(RESULTS, { recursive: true });

const round = (x, d = 0) => Math.round(x * 10 ** d) / 10 ** d;
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const summary = xs => ({
  n: xs.length,
  p50: round(percentile(xs, 50), 1),
  p95: round(percentile(xs, 95), 1),
  max: round(Math.max(...xs), 1),
});

function portInUse(port) {
  return new Promise(resolve => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

const children = new Set();
function startNode(name, args, cwd) {
  const log = fs.openSync(
    path.join(RESULTS, `${STAMP}-deployments-${name}.log`),
    'w',
  );
  const child = spawn(process.execPath, args, {
    cwd,
    stdio: ['ignore', log, log],
  });
  child.name = name;
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}
async function stopAll() {
  for (const child of [...children].reverse()) {
    if (child.exitCode !== null) continue;
    const exited = new Promise(resolve => child.once('exit', resolve));
    child.kill('SIGTERM');
    if (
      (await Promise.race([exited, sleep(15_000, 'timeout')])) === 'timeout'
    ) {
      child.kill('SIGKILL');
    }
  }
}
async function waitFor(what, check, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}
async function json(url, init) {
  const res = await fetch(url, init);
  if (!res.ok)
    throw new Error(
      `${init?.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`,
    );
  return res.json();
}

/** Catalog entities for the seeded services, as the scaffolder would register them. */
function writeCatalog(services) {
  const docs = services
    .filter(s => s.generated)
    .map(
      s => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${s.name}
  annotations:
    argocd/app-selector: app.kubernetes.io/name=${s.name}
    backstage.io/kubernetes-id: ${s.name}
spec:
  type: service
  lifecycle: production
  owner: ${s.owner}
  system: ${s.system}
`,
    );
  const file = path.join(RESULTS, `${STAMP}-deployments-services.yaml`);
  fs.writeFileSync(file, docs.join('---\n'));
  // Arrays replace each other across config files: repeat the sample world.
  const world = path.join(ROOT, 'packages/sandbox/world');
  const config = path.join(RESULTS, `${STAMP}-deployments-config.yaml`);
  fs.writeFileSync(
    config,
    `catalog:
  locations:
    - type: file
      target: ${path.join(world, 'org.yaml')}
      rules:
        - allow: [User, Group]
    - type: file
      target: ${path.join(world, 'services.yaml')}
    - type: file
      target: ${file}
`,
  );
  return config;
}

async function signIn(page, user) {
  await page.goto(`${PORTAL}/`);
  const popupPromise = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign In' }).click();
  const popup = await popupPromise;
  await popup.getByLabel('Username or e-mail').fill(user);
  await popup.getByLabel('Password').fill('sandbox');
  await Promise.all([
    popup.waitForEvent('close'),
    popup.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  await page
    .getByRole('link', { name: 'Settings', exact: true })
    .waitFor({ timeout: 60_000 });
}

async function tokenOf(page) {
  const res = await page.request.get(
    `${PORTAL}/api/auth/oidc/refresh?env=development`,
    {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    },
  );
  return (await res.json()).backstageIdentity.token;
}

/** ms until the Deployments page shows its first data row (one with a link). */
async function timePage(page) {
  const t0 = performance.now();
  await page.goto(`${PORTAL}/deployments`);
  await page
    .getByRole('table', { name: 'Deployments' })
    .getByRole('row')
    .filter({ has: page.getByRole('link') })
    .first()
    .waitFor({ state: 'visible', timeout: 60_000 });
  return performance.now() - t0;
}

let browser;
async function main() {
  for (const port of [7007, 7010]) {
    if (await portInUse(port)) {
      throw new Error(
        `port ${port} is in use (another portal or sandbox?); not measuring someone else's stack`,
      );
    }
  }
  console.error('==> sandbox');
  startNode(
    'sandbox',
    [path.join(ROOT, 'packages/sandbox/bin/sandbox'), '--port', '7010'],
    ROOT,
  );
  await waitFor(
    'the sandbox',
    async () => (await fetch(`${SANDBOX}/admin/health`)).ok,
  );
  await json(`${SANDBOX}/admin/seed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ services: SERVICES }),
  });
  const world = await json(`${SANDBOX}/admin/world`);
  const extraConfig = writeCatalog(world.services);
  const total = world.services.length;

  console.error(`==> backend (catalog of ${total} services)`);
  startNode(
    'backend',
    [
      '--enable-source-maps',
      '--require',
      '@backstage/cli-node/config/nodeTransform.cjs',
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
      '--config',
      '../../e2e-tests/app-config.e2e.yaml',
      '--config',
      extraConfig,
    ],
    path.join(ROOT, 'packages/backend'),
  );
  await waitFor(
    'the backend',
    async () => (await fetch(`${PORTAL}/.backstage/health/v1/readiness`)).ok,
  );

  browser = await chromium.launch({
    executablePath: CHROMIUM.executablePath,
    args: CHROMIUM.args,
    handleSIGINT: false,
    handleSIGTERM: false,
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'lena.fischer');
  const token = await tokenOf(page);
  const api = async query => {
    const t0 = performance.now();
    const body = await json(`${PORTAL}/api/deployments/matrix?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { ms: performance.now() - t0, body };
  };

  console.error('==> waiting for the catalog to ingest every service');
  await waitFor(
    'catalog ingestion',
    async () => (await api('limit=1')).body.total >= total,
    600_000,
  );

  // One refresh: the cache has expired; 20 different queries at once. They
  // are answered from the expired list (stale-while-revalidate) while one
  // list call per instance loads the next; wait until it has landed.
  console.error('==> Argo CD calls of one refresh');
  const before = (await api('limit=1')).body.refreshedAt;
  await sleep(CACHE_TTL_MS + 500);
  await fetch(`${SANDBOX}/admin/calls`, { method: 'DELETE' });
  const queries = [
    'limit=100',
    'limit=100&offset=1000',
    'owner=payments&limit=100',
    'system=storefront&limit=100',
    'environment=prod&limit=100',
    'health=Degraded,Suspended&limit=100',
    'search=svc-01&limit=100',
    'sort=health&order=desc&limit=100',
    'sort=deployedAt&order=desc&limit=100',
    'sort=owner&limit=200&offset=400',
  ];
  const refresh = await Promise.all([...queries, ...queries].map(api));
  await waitFor(
    'the refreshed list',
    async () => (await api('limit=1')).body.refreshedAt > before,
    60_000,
  );
  const calls = await json(`${SANDBOX}/admin/calls?simulator=argocd`);
  const argocdCalls = calls.argocd ?? {};
  const refreshCalls = Object.values(argocdCalls).reduce((a, b) => a + b, 0);

  // Steady use: sequential requests over several cache lifetimes; all are
  // answered from memory while lists refresh in the background.
  console.error(`==> matrix API, ${REQUESTS} requests`);
  const warm = [];
  for (let i = 0; i < REQUESTS; i++) {
    warm.push((await api(queries[i % queries.length])).ms);
    await sleep(100);
  }
  // Cold: nobody asked for longer than the stale window (3 TTLs), so the
  // request waits for the list of every application.
  console.error('==> matrix API after an idle period (waits for Argo CD)');
  const cold = [];
  for (let i = 0; i < 2; i++) {
    await sleep(4 * CACHE_TTL_MS + 1000);
    cold.push((await api('limit=100')).ms);
  }
  const first = (await api('limit=100')).body;

  console.error('==> Chromium: Deployments page, time to first rows');
  const nav = [];
  for (let i = 0; i < NAVIGATIONS; i++) nav.push(await timePage(page));
  await browser.close();
  await stopAll();

  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      load: os.loadavg().map(x => round(x, 2)),
      node: process.version,
    },
    services: total,
    environments: first.environments.map(e => e.name),
    rowsTotal: first.total,
    pageBytes: JSON.stringify(first).length,
    refresh: {
      concurrentRequests: refresh.length,
      argocdCalls: argocdCalls,
      argocdCallsTotal: refreshCalls,
      ms: summary(refresh.map(r => r.ms)),
    },
    matrixApiMs: {
      steady: summary(warm),
      afterIdle: summary(cold),
    },
    pageFirstRowsMs: { cold: round(nav[0]), warm: summary(nav.slice(1)) },
  };
  const file = path.join(RESULTS, `deployments-${STAMP}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

  const rows = [
    [
      'Services in the catalog and Argo CD (x environments)',
      `${total} x ${result.environments.length} = ${
        total * result.environments.length
      } applications`,
    ],
    [
      'Argo CD calls for one refresh (20 concurrent matrix requests)',
      `${refreshCalls} (${Object.entries(argocdCalls)
        .map(([k, v]) => `${v}x ${k}`)
        .join(', ')})`,
    ],
    [
      `Matrix API, steady use, ${REQUESTS} requests 100 ms apart (p50 / p95 / max)`,
      `${result.matrixApiMs.steady.p50} / ${result.matrixApiMs.steady.p95} / ${result.matrixApiMs.steady.max} ms`,
    ],
    [
      'Matrix API, first request after 40 s idle (waits for Argo CD)',
      `${result.matrixApiMs.afterIdle.p50} / ${result.matrixApiMs.afterIdle.max} ms (p50 / max, n=${cold.length})`,
    ],
    [
      '20 concurrent requests as the list expires (p50 / p95)',
      `${result.refresh.ms.p50} / ${result.refresh.ms.p95} ms`,
    ],
    ['One page of 100 rows', `${round(result.pageBytes / 1024, 1)} KiB JSON`],
    ['Deployments page, first rows, cold', `${result.pageFirstRowsMs.cold} ms`],
    [
      'Deployments page, first rows, warm (p50 / max)',
      `${result.pageFirstRowsMs.warm.p50} / ${
        result.pageFirstRowsMs.warm.max
      } ms (n=${NAVIGATIONS - 1})`,
    ],
  ];
  const width = Math.max(...rows.map(r => r[0].length));
  console.log(
    `\nDeployments benchmark — ${result.date}, ${
      result.machine.cpus
    } CPUs, load ${result.machine.load.join(' ')}`,
  );
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  console.log(`\nJSON: ${path.relative(ROOT, file)}`);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await browser?.close().catch(() => {});
    await stopAll();
    process.exit(130);
  });
}
process.on('exit', () => children.forEach(child => child.kill('SIGKILL')));
main().catch(async error => {
  console.error(error);
  await browser?.close().catch(() => {});
  await stopAll();
  process.exit(1);
});
