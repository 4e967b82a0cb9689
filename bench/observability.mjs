// Observability benchmark: the entity's Observability tab with 200 traces and
// 5 Grafana dashboards.
//   bash bench/observability.sh [--navigations N]
// Prints: the tab's time to fully rendered in Chromium (first visit and
// repeated visits), and each card endpoint's answer time with a cold and a
// warm cache. Writes bench/results/observability-<ts>.json.
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
const NAVIGATIONS = arg('--navigations', 6);
const TRACES = 200;
const DASHBOARDS = 5;
const ENTITY = 'bench-observability';
const TAB = `${PORTAL}/catalog/default/component/${ENTITY}/observability?traces=${TRACES}`;

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
  min: round(Math.min(...xs), 1),
  p50: round(percentile(xs, 50), 1),
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
    path.join(RESULTS, `${STAMP}-observability-${name}.log`),
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
const alive = child => child.exitCode === null && child.signalCode === null;
async function stop(child) {
  if (!alive(child)) return;
  const exited = new Promise(resolve => child.once('exit', resolve));
  child.kill('SIGTERM');
  if ((await Promise.race([exited, sleep(15_000, 'timeout')])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}
async function waitReady(url, child, timeoutMs = 300_000) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (!alive(child))
      throw new Error(`${child.name} exited before it was ready`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${child.name} not ready at ${url}`);
}

/**
 * The entity under test: its dashboard selector matches the `system:payments`
 * dashboards (3 sample services + 2 seeded ones = 5), its traces and SLIs
 * are payments-api's (prod samples a trace every 5 s: 200 in the last hour).
 */
function writeBenchConfig() {
  const entityFile = path.join(RESULTS, `${STAMP}-observability-entity.yaml`);
  fs.writeFileSync(
    entityFile,
    `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${ENTITY}
  annotations:
    grafana/dashboard-selector: "tags @> 'system:payments'"
    grafana/alert-label-selector: service=payments-api
    jaegertracing.io/service: payments-api
spec:
  type: service
  lifecycle: experimental
  owner: group:default/payments
`,
  );
  const configFile = path.join(RESULTS, `${STAMP}-observability-config.yaml`);
  // Arrays replace: the users (to sign in) and the bench entity are enough.
  fs.writeFileSync(
    configFile,
    `catalog:
  locations:
    - type: file
      target: ../sandbox/world/org.yaml
      rules:
        - allow: [User, Group]
    - type: file
      target: ${entityFile}
`,
  );
  return configFile;
}

async function signIn(page) {
  await page.goto(`${PORTAL}/`);
  const popupPromise = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign In' }).click();
  const popup = await popupPromise;
  await popup.getByLabel('Username or e-mail').fill('lena.fischer');
  await popup.getByLabel('Password').fill('sandbox');
  await Promise.all([
    popup.waitForEvent('close'),
    popup.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  await page
    .getByRole('link', { name: 'Settings', exact: true })
    .waitFor({ timeout: 30_000 });
}

/**
 * ms from navigation until every card has rendered its data: 200 trace
 * rows and the latency scatter, the 5 dashboards with their panel images,
 * the alerts, the SLI charts of every environment and the log links.
 */
async function timeTab(page) {
  const t0 = performance.now();
  await page.goto(TAB);
  const marks = {};
  const mark = async (name, locator) => {
    await locator.waitFor({ state: 'visible', timeout: 120_000 });
    marks[name] = performance.now() - t0;
  };
  await Promise.all([
    mark('traces', page.getByTestId('trace-row').nth(TRACES - 1)),
    mark('scatter', page.locator('.recharts-scatter-symbol').first()),
    mark(
      'dashboards',
      page
        .getByRole('list', { name: 'Grafana dashboards' })
        .getByRole('listitem')
        .nth(DASHBOARDS - 1),
    ),
    mark('panels', page.getByRole('img', { name: /^Grafana panel / }).last()),
    mark(
      'alerts',
      page
        .getByRole('table', { name: 'Alert rules' })
        .or(page.getByText(/^Nothing firing or pending/))
        .first(),
    ),
    mark(
      'slis',
      page
        .getByTestId('sli-chart-errorRatio-prod')
        .locator('.recharts-line')
        .first(),
    ),
    mark('logs', page.getByRole('list', { name: 'Logs per environment' })),
  ]);
  const traces = await page.getByTestId('trace-row').count();
  const dashboards = await page
    .getByRole('list', { name: 'Grafana dashboards' })
    .getByRole('listitem')
    .count();
  if (traces !== TRACES || dashboards !== DASHBOARDS) {
    throw new Error(
      `expected ${TRACES} traces and ${DASHBOARDS} dashboards, got ${traces} and ${dashboards}`,
    );
  }
  // Every panel image is loaded (not only the last one shown).
  await page.waitForFunction(() =>
    [...document.querySelectorAll('img[alt^="Grafana panel"]')].every(
      i => i.complete && i.naturalWidth > 0,
    ),
  );
  marks.total = performance.now() - t0;
  return marks;
}

/** Each card endpoint, straight, with the user's token: cold then cached. */
async function timeEndpoints(token) {
  const base = `${PORTAL}/api/observability/entities/component/default/${ENTITY}`;
  const endpoints = {
    dashboards: 'dashboards',
    alerts: 'alerts',
    traces: `traces?window=1h&limit=${TRACES}`,
    slis: 'slis?window=1h',
    logs: 'logs?window=1h',
  };
  const out = {};
  for (const [name, p] of Object.entries(endpoints)) {
    const times = [];
    for (let i = 0; i < 6; i++) {
      const t0 = performance.now();
      const res = await fetch(`${base}/${p}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
      times.push(performance.now() - t0);
    }
    out[name] = { first: round(times[0], 1), cached: summary(times.slice(1)) };
  }
  return out;
}

let browser;
async function stopAll() {
  await browser?.close().catch(() => {});
  await Promise.all([...children].reverse().map(stop));
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await stopAll();
    process.exit(130);
  });
}
process.on('exit', () => children.forEach(child => child.kill('SIGKILL')));

async function main() {
  for (const port of [7007, 7010]) {
    if (await portInUse(port)) {
      throw new Error(
        `port ${port} is already in use; not measuring someone else's stack`,
      );
    }
  }
  console.error('==> sandbox, seeded so that 5 dashboards match');
  const sandbox = startNode(
    'sandbox',
    [path.join(ROOT, 'packages/sandbox/bin/sandbox'), '--port', '7010'],
    ROOT,
  );
  await waitReady(`${SANDBOX}/admin/health`, sandbox);
  const seeded = await fetch(`${SANDBOX}/admin/seed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ services: 6 }),
  });
  if (!seeded.ok) throw new Error(`seed: HTTP ${seeded.status}`);

  console.error('==> backend');
  const backend = startNode(
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
      writeBenchConfig(),
    ],
    path.join(ROOT, 'packages/backend'),
  );
  await waitReady(`${PORTAL}/.backstage/health/v1/readiness`, backend);

  console.error('==> Chromium');
  browser = await chromium.launch({
    executablePath: CHROMIUM.executablePath,
    args: CHROMIUM.args,
    handleSIGINT: false,
    handleSIGTERM: false,
  });
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
  });
  const page = await context.newPage();
  await signIn(page);
  // The catalog ingests the bench entity shortly after start.
  const deadline = performance.now() + 120_000;
  for (;;) {
    await page.goto(`${PORTAL}/catalog/default/component/${ENTITY}`);
    const found = await page
      .getByRole('tab', { name: 'Observability' })
      .or(page.getByRole('link', { name: 'Observability' }))
      .first()
      .waitFor({ timeout: 5_000 })
      .then(
        () => true,
        () => false,
      );
    if (found) break;
    if (performance.now() > deadline)
      throw new Error(`${ENTITY} did not appear in the catalog`);
  }

  const visits = [];
  for (let i = 0; i < NAVIGATIONS; i++) {
    visits.push(await timeTab(page));
    console.error(`  visit ${i + 1}: ${round(visits[i].total)} ms`);
  }
  // What was measured, to look at.
  const screenshot = path.join(RESULTS, `observability-${STAMP}.png`);
  await page.screenshot({ path: screenshot, fullPage: true });
  const token = await page.evaluate(async () => {
    const res = await fetch('/api/auth/oidc/refresh?env=development', {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
      credentials: 'include',
    });
    return (await res.json()).backstageIdentity.token;
  });
  // Let the cache (30 s) expire, so the first call of each endpoint is cold.
  await sleep(31_000);
  const endpoints = await timeEndpoints(token);
  await stopAll();

  const cards = [
    'traces',
    'scatter',
    'dashboards',
    'panels',
    'alerts',
    'slis',
    'logs',
    'total',
  ];
  const warm = visits.slice(1);
  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      node: process.version,
    },
    traces: TRACES,
    dashboards: DASHBOARDS,
    firstVisitMs: Object.fromEntries(cards.map(c => [c, round(visits[0][c])])),
    repeatVisitsMs: Object.fromEntries(
      cards.map(c => [c, summary(warm.map(v => v[c]))]),
    ),
    endpointsMs: endpoints,
  };
  const file = path.join(RESULTS, `observability-${STAMP}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

  console.log(
    `\nObservability tab, ${TRACES} traces, ${DASHBOARDS} dashboards (${
      os.cpus().length
    } CPUs)`,
  );
  console.log('card         first visit   repeat visits min / p50 / max (ms)');
  for (const c of cards) {
    const r = result.repeatVisitsMs[c];
    console.log(
      `${c.padEnd(12)} ${String(result.firstVisitMs[c]).padStart(8)} ms   ${
        r.min
      } / ${r.p50} / ${r.max}  (n=${r.n})`,
    );
  }
  console.log('\nendpoint     cold cache    cached min / p50 / max (ms)');
  for (const [name, e] of Object.entries(endpoints)) {
    console.log(
      `${name.padEnd(12)} ${String(e.first).padStart(8)} ms   ${
        e.cached.min
      } / ${e.cached.p50} / ${e.cached.max}`,
    );
  }
  console.log(`\nJSON: ${path.relative(ROOT, file)}`);
  console.log(`Screenshot: ${path.relative(ROOT, screenshot)}`);
}

main().catch(async error => {
  console.error(error);
  await stopAll();
  process.exit(1);
});
