// Deployments benchmark: the deployments index at 2,000 and 10,000 seeded
// services x 3 environments, each next to a baseline measured in the same
// run: the same backend with `deployments.argocd.watch: false` (one list
// per cacheTtlSeconds, the design before the watch stream).
//   bash bench/deployments.sh [--sizes 2000,10000] [--window 30]
// Per size and mode: the matrix API's p50/p95 with 20 concurrent clients
// while the world changes (~1 release per second), Argo CD calls and bytes
// per minute in that steady state (counted by a proxy in front of the
// sandbox), the backend's event-loop delay max from ready until the index
// and catalog are loaded (perf_hooks.monitorEventLoopDelay, preloaded by
// bench/eventLoopProbe.cjs) and its RSS. Writes
// bench/results/deployments-<ts>.json. Everything it starts (sandbox,
// proxy, backend, Chromium) is stopped at the end.
import { execFileSync, spawn } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '..');
/**
 * --ports PORTAL,SANDBOX (7007,7010 by default): other ports let the bench
 * run while someone's portal holds the usual ones; the backend then gets
 * app-config.yaml with every localhost:7007/7010 rewritten.
 */
const [PORTAL_PORT, SANDBOX_PORT] = (() => {
  const i = process.argv.indexOf('--ports');
  return (i > 0 ? process.argv[i + 1] : '7007,7010').split(',').map(Number);
})();
const PORTAL = `http://localhost:${PORTAL_PORT}`;
const SANDBOX = `http://localhost:${SANDBOX_PORT}`;
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
const SIZES = (() => {
  const i = process.argv.indexOf('--sizes');
  return (i > 0 ? process.argv[i + 1] : '2000,10000').split(',').map(Number);
})();
/** Seconds of steady state (releases + 20 clients) per backend. */
const WINDOW_S = arg('--window', 30);
/** --modes watch,baseline (both by default): which backends to measure. */
const MODES = (() => {
  const i = process.argv.indexOf('--modes');
  return (i > 0 ? process.argv[i + 1] : 'watch,baseline').split(',');
})();
/**
 * --profile: the backend CPU-profiles each window (initial load, catalog
 * ingest, steady state) into bench/results/<stamp>-cpu-<size>-<mode>-<n>.cpuprofile
 * (n = 1, 2, 3); open them in Chrome DevTools or bench/cpuprofile-top.mjs.
 */
const PROFILE = process.argv.includes('--profile');
const CLIENTS = 20;
/**
 * The backend as scripts/start.sh runs it: the built bundle that
 * build_backend_if_stale unpacked (deployments.sh builds it unless
 * --no-setup), or src/index.ts with BENCH_BACKEND=source.
 */
const BUNDLE_ENTRY = path.join(
  ROOT,
  '.data/backend-bundle/packages/backend/dist/index.cjs.js',
);
const BACKEND_ENTRY =
  process.env.BENCH_BACKEND !== 'source' && fs.existsSync(BUNDLE_ENTRY)
    ? [BUNDLE_ENTRY]
    : [
        '--require',
        '@backstage/cli-node/config/nodeTransform.cjs',
        'src/index.ts',
      ];

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
function startNode(name, args, cwd, env = {}) {
  const log = fs.openSync(
    path.join(RESULTS, `${STAMP}-deployments-${name}.log`),
    'w',
  );
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', log, log],
  });
  child.name = name;
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}
async function stopNode(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise(resolve => child.once('exit', resolve));
  child.kill('SIGTERM');
  if ((await Promise.race([exited, sleep(15_000, 'timeout')])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
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

const GITHUB_TOKEN = 'sandbox-github-token';

/**
 * The seeded services' catalog-info.yaml, the way real services arrive: a
 * repository in the sandbox's GitHub (created through its REST API, pushed
 * with git), whose file the portal's catalog reads once the location is
 * registered (`registerCatalog`, as the scaffolder's catalog:register does).
 * Answers the location's target.
 */
async function publishCatalog(services) {
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
  const name = `bench-services-${services.length}-${Date.now().toString(36)}`;
  await json(`${SANDBOX}/github/api/v3/orgs/acme/repos`, {
    method: 'POST',
    headers: {
      authorization: `token ${GITHUB_TOKEN}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ name }),
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-catalog-'));
  try {
    fs.writeFileSync(path.join(dir, 'catalog-info.yaml'), docs.join('---\n'));
    const git = (...args) =>
      execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git(
      '-c',
      'user.name=Bench',
      '-c',
      'user.email=bench@acme.example',
      'commit',
      '-qm',
      'catalog-info',
    );
    git(
      'push',
      '-q',
      `http://x-access-token:${GITHUB_TOKEN}@localhost:${SANDBOX_PORT}/acme/${name}.git`,
      'main',
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return `${SANDBOX}/acme/${name}/blob/main/catalog-info.yaml`;
}

/** Registers the seeded services' location in the portal's catalog as the user. */
async function registerCatalog(target, token) {
  await json(`${PORTAL}/api/catalog/locations`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ type: 'url', target }),
  });
}

/**
 * With --pg: the backend on PostgreSQL (a fresh database per backend, on
 * the server of BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING), as in
 * production; search then uses its PostgreSQL engine, not an in-memory
 * Lunr index of the catalog. Without it: SQLite files, as the e2e suite.
 */
const PG = process.argv.includes('--pg')
  ? new URL(
      process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
        (() => {
          throw new Error(
            '--pg needs BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING',
          );
        })(),
    )
  : undefined;
function psql(sql) {
  execFileSync('psql', [new URL('/postgres', PG).href, '-qc', sql], {
    stdio: 'pipe',
  });
}
function databaseConfig(database) {
  if (!PG) return '';
  return `backend:
  database:
    client: pg
    pluginDivisionMode: schema
    ensureSchemaExists: true
    connection:
      host: ${PG.hostname}
      port: ${PG.port || 5432}
      user: ${decodeURIComponent(PG.username) || 'postgres'}
      password: ${JSON.stringify(decodeURIComponent(PG.password))}
      database: ${database}
`;
}

/** app-config.yaml, on other ports when --ports says so. */
function baseConfig() {
  if (PORTAL_PORT === 7007 && SANDBOX_PORT === 7010)
    return '../../app-config.yaml';
  const file = path.join(RESULTS, `${STAMP}-app-config.yaml`);
  const text = fs
    .readFileSync(path.join(ROOT, 'app-config.yaml'), 'utf8')
    .replaceAll('localhost:7010', `localhost:${SANDBOX_PORT}`)
    .replaceAll('localhost:7007', `localhost:${PORTAL_PORT}`)
    .replace(/^(\s+port:) 7007$/m, `$1 ${PORTAL_PORT}`);
  fs.writeFileSync(file, text);
  return file;
}

/** The backend's extra config: the proxy in front of Argo CD, the watch. */
function writeConfig(services, { argocdUrl, watch, database }) {
  const config = path.join(
    RESULTS,
    `${STAMP}-deployments-config-${services.length}-${watch}.yaml`,
  );
  fs.writeFileSync(
    config,
    `deployments:
  argocd:
    watch: ${watch}
    instances:
      - name: argocd
        baseUrl: ${argocdUrl}
        webUrl: ${SANDBOX}/argocd
        token: sandbox-argocd-token
        environments: [dev, staging, prod]
${databaseConfig(database)}`,
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

/**
 * A proxy in front of the sandbox's Argo CD: counts the backend's calls
 * and the bytes Argo CD sends back (watch streams included, as they flow).
 */
async function startProxy() {
  const stats = { calls: {}, bytes: 0 };
  const server = http.createServer((req, res) => {
    const key = `${req.method} ${req.url.split('?')[0]}`;
    stats.calls[key] = (stats.calls[key] ?? 0) + 1;
    const upstream = http.request(
      `${SANDBOX}/argocd${req.url}`,
      { method: req.method, headers: req.headers },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        // At once, as Argo CD does: a watch may send nothing for a while.
        res.flushHeaders();
        answer.on('data', chunk => {
          stats.bytes += chunk.length;
        });
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    stats,
    reset() {
      stats.calls = {};
      stats.bytes = 0;
    },
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

const probeOf = file => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
};

async function measure(services, watch, proxy, catalogTarget) {
  const label = `${services.length} services, ${
    watch ? 'watch' : 'baseline (lists)'
  }`;
  const database = `bench_deployments_${
    services.length
  }_${watch}_${Date.now()}`;
  if (PG) psql(`CREATE DATABASE ${database}`);
  const extraConfig = writeConfig(services, {
    argocdUrl: proxy.url,
    watch,
    database,
  });
  const probeFile = path.join(
    RESULTS,
    `${STAMP}-probe-${services.length}-${watch}.json`,
  );
  const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-deployments-'));
  proxy.reset();
  console.error(`==> backend: ${label}`);
  const t0 = performance.now();
  const backend = startNode(
    `backend-${services.length}-${watch}`,
    [
      '--enable-source-maps',
      '--require',
      path.join(ROOT, 'bench/eventLoopProbe.cjs'),
      ...BACKEND_ENTRY,
      '--config',
      baseConfig(),
      '--config',
      '../../e2e-tests/app-config.e2e.yaml',
      '--config',
      extraConfig,
    ],
    path.join(ROOT, 'packages/backend'),
    {
      BENCH_PROBE_FILE: probeFile,
      E2E_DATABASE_DIR: dbDir,
      ...(PROFILE
        ? {
            BENCH_CPU_PROFILE: path.join(
              RESULTS,
              `${STAMP}-cpu-${services.length}-${watch ? 'watch' : 'baseline'}`,
            ),
          }
        : {}),
    },
  );
  await waitFor(
    'the backend',
    async () => (await fetch(`${PORTAL}/.backstage/health/v1/readiness`)).ok,
  );
  const readyMs = performance.now() - t0;
  // The window of "initial load" starts now: the index's list (and the
  // sample world's few entities), then, measured apart, the catalog's
  // ingestion of the seeded services.
  backend.kill('SIGUSR2');

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'lena.fischer');
  const token = await tokenOf(page);
  await context.close();
  const api = async query => {
    const t = performance.now();
    const body = await json(`${PORTAL}/api/deployments/matrix?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { ms: performance.now() - t, body };
  };
  console.error('    waiting for the index');
  await waitFor(
    'the index',
    async () => {
      const { body } = await api('limit=1&search=payments-api');
      return body.rows[0]?.deployments.dev?.state === 'deployed';
    },
    900_000,
  );
  const indexedMs = performance.now() - t0;
  await sleep(1000);
  const indexProbe = probeOf(probeFile);

  console.error('    registering the seeded services, waiting for the catalog');
  backend.kill('SIGUSR2');
  await registerCatalog(catalogTarget, token);
  await waitFor(
    'catalog ingestion',
    async () => {
      const { body } = await api('limit=1&environment=prod&search=svc-');
      return body.total >= services.filter(s => s.generated).length;
    },
    900_000,
  );
  const loadedMs = performance.now() - t0;
  await sleep(1000);
  const catalogProbe = probeOf(probeFile);

  // Steady state: ~1 release per second, 20 clients reading the matrix.
  console.error(`    steady state, ${WINDOW_S} s`);
  backend.kill('SIGUSR2');
  proxy.reset();
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
  const generated = services.filter(s => s.generated);
  const end = Date.now() + WINDOW_S * 1000;
  let releases = 0;
  const releasing = (async () => {
    while (Date.now() < end) {
      const service = generated[Math.floor(Math.random() * generated.length)];
      const environment = ['dev', 'staging', 'prod'][releases % 3];
      await fetch(`${SANDBOX}/argocd/_sandbox/release`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ service: service.name, environment }),
      }).catch(() => {});
      releases++;
      await sleep(1000);
    }
  })();
  const latencies = [];
  const errors = [];
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      for (let i = c; Date.now() < end; i++) {
        try {
          latencies.push((await api(queries[i % queries.length])).ms);
        } catch (error) {
          errors.push(String(error));
        }
      }
    }),
  );
  await releasing;
  const steadyProbe = probeOf(probeFile);
  if (PROFILE) {
    // Ends the steady window's profile (the probe writes it), then lets it land.
    backend.kill('SIGUSR2');
    await sleep(3000);
  }
  const perMinute = 60 / WINDOW_S;
  const steady = {
    releases,
    argocdCallsPerMinute: Object.fromEntries(
      Object.entries(proxy.stats.calls).map(([k, v]) => [
        k,
        round(v * perMinute, 1),
      ]),
    ),
    argocdMiBPerMinute: round((proxy.stats.bytes * perMinute) / 2 ** 20, 2),
    matrixMs: summary(latencies),
    matrixErrors: errors.length,
    eventLoopMaxMs: round(steadyProbe?.maxMs ?? NaN, 1),
  };
  const rssMb = round((steadyProbe?.rssBytes ?? NaN) / 2 ** 20);
  const mb = bytes => round((bytes ?? NaN) / 2 ** 20);
  const memory = {
    heapUsedMb: mb(steadyProbe?.heapUsedBytes),
    heapTotalMb: mb(steadyProbe?.heapTotalBytes),
    externalMb: mb(steadyProbe?.externalBytes),
    arrayBuffersMb: mb(steadyProbe?.arrayBuffersBytes),
  };
  await stopNode(backend);
  fs.rmSync(dbDir, { recursive: true, force: true });
  if (PG) psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  return {
    services: services.length,
    applications: services.length * 3,
    mode: watch ? 'watch' : 'baseline',
    readyMs: round(readyMs),
    loadedMs: round(loadedMs),
    indexedMs: round(indexedMs),
    initialLoad: {
      eventLoopMaxMs: round(indexProbe?.maxMs ?? NaN, 1),
      eventLoopP99Ms: round(indexProbe?.p99Ms ?? NaN, 1),
      rssMb: round((indexProbe?.rssBytes ?? NaN) / 2 ** 20),
    },
    catalogIngest: {
      eventLoopMaxMs: round(catalogProbe?.maxMs ?? NaN, 1),
      eventLoopP99Ms: round(catalogProbe?.p99Ms ?? NaN, 1),
    },
    rssMb,
    memory,
    steady,
  };
}

let browser;
async function main() {
  for (const port of [PORTAL_PORT, SANDBOX_PORT]) {
    if (await portInUse(port)) {
      throw new Error(
        `port ${port} is in use (another portal or sandbox?); not measuring someone else's stack`,
      );
    }
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM.executablePath,
    args: CHROMIUM.args,
    handleSIGINT: false,
    handleSIGTERM: false,
  });
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sandbox-'));
  console.error('==> sandbox');
  startNode(
    'sandbox',
    [
      path.join(ROOT, 'packages/sandbox/bin/sandbox'),
      '--port',
      String(SANDBOX_PORT),
      '--state-dir',
      stateDir,
    ],
    ROOT,
    // The IdP's redirect URI is the portal's.
    { PORTAL_URL: PORTAL },
  );
  await waitFor(
    'the sandbox',
    async () => (await fetch(`${SANDBOX}/admin/health`)).ok,
  );
  const proxy = await startProxy();
  const results = [];
  for (const size of SIZES) {
    await json(`${SANDBOX}/admin/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ services: size }),
    });
    const world = await json(`${SANDBOX}/admin/world`);
    const catalogTarget = await publishCatalog(world.services);
    // The watch first: if the run is cut short, its figure is there.
    for (const watch of [true, false]) {
      if (!MODES.includes(watch ? 'watch' : 'baseline')) continue;
      const result = await measure(world.services, watch, proxy, catalogTarget);
      results.push(result);
      console.error(JSON.stringify(result));
    }
  }
  proxy.close();
  await browser.close();
  await stopAll();
  fs.rmSync(stateDir, { recursive: true, force: true });

  const output = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      load: os.loadavg().map(x => round(x, 2)),
      node: process.version,
    },
    backend: BACKEND_ENTRY.at(-1),
    database: PG ? 'postgresql' : 'sqlite',
    windowSeconds: WINDOW_S,
    clients: CLIENTS,
    results,
  };
  const file = path.join(RESULTS, `deployments-${STAMP}.json`);
  fs.writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);

  console.log(
    `\nDeployments benchmark — ${output.date}, ${
      output.machine.cpus
    } CPUs, load ${output.machine.load.join(' ')}`,
  );
  console.log(
    `steady state: ${WINDOW_S} s, ~1 release/s, ${CLIENTS} concurrent matrix clients`,
  );
  const header = [
    'services x 3',
    'mode',
    'matrix p50/p95 ms',
    'Argo CD calls/min',
    'Argo CD MiB/min',
    'loop max ms (index load / catalog ingest)',
    'RSS MB (JS heap used)',
    'ready / indexed / loaded s',
  ];
  const rows = results.map(r => [
    String(r.services),
    r.mode,
    `${r.steady.matrixMs.p50} / ${r.steady.matrixMs.p95} (n=${r.steady.matrixMs.n}, errors ${r.steady.matrixErrors})`,
    Object.entries(r.steady.argocdCallsPerMinute)
      .map(([k, v]) => `${v}x ${k}`)
      .join(', ') || '0',
    String(r.steady.argocdMiBPerMinute),
    `${r.initialLoad.eventLoopMaxMs} / ${r.catalogIngest.eventLoopMaxMs}`,
    `${r.rssMb} (heap ${r.memory.heapUsedMb})`,
    `${round(r.readyMs / 1000, 1)} / ${round(r.indexedMs / 1000, 1)} / ${round(
      r.loadedMs / 1000,
      1,
    )}`,
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map(r => r[i].length)),
  );
  for (const row of [header, ...rows]) {
    console.log(row.map((c, i) => c.padEnd(widths[i])).join('  '));
  }
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
