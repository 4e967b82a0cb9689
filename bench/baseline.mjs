// Baseline performance figures for the portal; run through bench/run.sh.
//   node bench/baseline.mjs [--runs N]
// Prints a table and writes bench/results/baseline-<timestamp>.json.
// Everything it starts (sandbox, backend, Chromium) is stopped at the end,
// on errors and on Ctrl-C.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '..');
const PORTAL = 'http://localhost:7007';
const SANDBOX = 'http://localhost:7010';
const READINESS = `${PORTAL}/.backstage/health/v1/readiness`;
const CATALOG = `${PORTAL}/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=all`;
const NAVIGATIONS = 5;
// Shared with the Playwright suite.
const CHROMIUM = JSON.parse(
  fs.readFileSync(
    new URL('../e2e-tests/chromium.json', import.meta.url),
    'utf8',
  ),
);

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
if (!Number.isInteger(RUNS) || RUNS < 1) {
  console.error('usage: node bench/baseline.mjs [--runs N]   (N >= 1)');
  process.exit(2);
}

const STAMP = new Date().toISOString().replace(/[:.]/g, '-');
const RESULTS = path.join(ROOT, 'bench', 'results');
fs.mkdirSync(RESULTS, { recursive: true });

// ---- helpers ----------------------------------------------------------------

const median = xs => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stats = xs => ({
  min: Math.min(...xs),
  median: median(xs),
  max: Math.max(...xs),
});
const round = (x, d = 0) => Math.round(x * 10 ** d) / 10 ** d;
const kb = bytes => `${round(bytes / 1024, 1)} KiB`;

function portInUse(port) {
  return new Promise(resolve => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

const children = new Set();
const alive = child => child.exitCode === null && child.signalCode === null;

/** Spawns `node args` with output to a log file under bench/results. */
function startNode(name, args, cwd) {
  const log = fs.openSync(path.join(RESULTS, `${STAMP}-${name}.log`), 'w');
  // process.execPath is the Node 22 of scripts/env.sh, i.e. `node` in stack.sh.
  const child = spawn(process.execPath, args, {
    cwd,
    stdio: ['ignore', log, log],
  });
  child.name = name;
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

async function stop(child) {
  if (!alive(child)) return;
  const exited = new Promise(resolve => child.once('exit', resolve));
  child.kill('SIGTERM');
  if ((await Promise.race([exited, sleep(15_000, 'timeout')])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Polls url every 100 ms until it answers 200; fails if the process dies. */
async function waitReady(url, child, timeoutMs = 300_000) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (!alive(child))
      throw new Error(
        `${child.name} exited before it was ready (see bench/results/${STAMP}-${child.name}.log)`,
      );
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(
    `${child.name} not ready at ${url} after ${timeoutMs / 1000} s`,
  );
}

function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)[1]) / 1024;
}

// ---- 1 + 2: backend cold start and RSS --------------------------------------

// The backend is spawned exactly as scripts/lib/stack.sh does, plus the e2e
// config (in-memory SQLite), so every start is cold: no catalog or migrations
// left over from a previous run. Time runs from spawn (so Node's own start-up
// and the TypeScript transform count) to the first 200 of the readiness
// endpoint, the moment start.sh declares the portal ready.
async function coldStart(run) {
  const t0 = performance.now();
  const backend = startNode(
    `backend-${run}`,
    [
      '--enable-source-maps',
      '--require',
      '@backstage/cli-node/config/nodeTransform.cjs',
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
      '--config',
      '../../e2e-tests/app-config.e2e.yaml',
    ],
    path.join(ROOT, 'packages/backend'),
  );
  await waitReady(READINESS, backend);
  const readyMs = performance.now() - t0;
  // Ready is not idle: the catalog still ingests the sample world and plugins
  // schedule their first tasks. 5 s later the RSS is closer to steady state.
  await sleep(5_000);
  const rss = rssMb(backend.pid);
  console.error(
    `  run ${run}: ready after ${round(readyMs)} ms, RSS ${round(rss, 1)} MB`,
  );
  return { backend, readyMs, rssMb: rss };
}

// ---- 3 + 4: the browser -----------------------------------------------------

/** The real OIDC popup flow, as in e2e-tests/support/signIn.ts. */
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

/** Navigates to the catalog; ms until the first table row with a link shows. */
async function timeCatalog(page) {
  const t0 = performance.now();
  await page.goto(CATALOG);
  await page
    .locator('tbody tr')
    .filter({ has: page.getByRole('link') })
    .first()
    .waitFor({ state: 'visible', timeout: 60_000 });
  return performance.now() - t0;
}

/**
 * Returns quiet(): resolves once no request of the context has been in
 * flight for 500 ms (at most 15 s). page.waitForLoadState('networkidle') is
 * no use after a click: it returns at once if the page was idle before.
 */
function trackNetwork(context) {
  let inFlight = 0;
  let lastChange = performance.now();
  const change = delta => () => (
    (inFlight += delta), (lastChange = performance.now())
  );
  context.on('request', change(+1));
  context.on('requestfinished', change(-1));
  context.on('requestfailed', change(-1));
  return async () => {
    const deadline = performance.now() + 15_000;
    while (
      performance.now() < deadline &&
      (inFlight > 0 || performance.now() - lastChange < 500)
    ) {
      await sleep(50);
    }
  };
}

let browser; // closed by the signal handlers too

async function measureBrowser() {
  browser = await chromium.launch({
    executablePath: CHROMIUM.executablePath,
    args: CHROMIUM.args,
    // Our own handlers below stop the backend and sandbox as well.
    handleSIGINT: false,
    handleSIGTERM: false,
  });
  try {
    // A new context has an empty HTTP cache, like a first visit.
    const context = await browser.newContext();
    // Every script response of the context (portal page and IdP popup), from
    // the first page load until the first catalog page has settled.
    // Encoded = body bytes on the wire as Chromium counts them (responseBodySize),
    // decoded = the JavaScript after decompression (response.body()).
    // page.goto(catalog) reloads the whole app, so the bundles of the sign-in
    // page are requested again but come from the HTTP cache (nothing received:
    // body + header bytes = Chromium's encodedDataLength = 0): they count as
    // requests, not as downloaded bytes.
    let phase = 'sign-in'; // then 'catalog', then null (stop recording)
    const pending = [];
    context.on('response', response => {
      if (!phase || response.request().resourceType() !== 'script') return;
      const inPhase = phase;
      pending.push(
        (async () => {
          const headers = await response.allHeaders();
          const sizes = await response.request().sizes();
          // Chromium drops the body of a document being navigated away from;
          // then fetch the same file again just to learn its decoded size.
          const body = await response
            .body()
            .catch(async () =>
              Buffer.from(await (await fetch(response.url())).arrayBuffer()),
            );
          const fromCache =
            sizes.responseBodySize + sizes.responseHeadersSize <= 0;
          return {
            url: response.url(),
            phase: inPhase,
            status: response.status(),
            fromCache,
            encoded: fromCache ? 0 : sizes.responseBodySize,
            contentLength: headers['content-length']
              ? Number(headers['content-length'])
              : null,
            decoded: fromCache ? 0 : body.length,
            encoding: headers['content-encoding'] ?? null,
            cacheControl: headers['cache-control'] ?? null,
          };
        })(),
      );
    });

    const quiet = trackNetwork(context);
    const page = await context.newPage();
    await signIn(page);
    // The signed-in home page then lazily loads its widgets. Wait until the
    // network is quiet so they are always counted, rather than depending on
    // how fast the next goto cancels them.
    await quiet();
    phase = 'catalog';
    const navMs = [await timeCatalog(page)];
    // Chunks loaded lazily after the first rows belong to the catalog page too.
    await quiet();
    phase = null;
    const scripts = await Promise.all(pending);

    // Warm: same signed-in context, so the HTTP cache and session cookie are
    // reused; each goto is still a full page load of the single-page app.
    for (let i = 1; i < NAVIGATIONS; i++) navMs.push(await timeCatalog(page));
    await context.close();

    const downloaded = scripts.filter(s => !s.fromCache);
    const sum = (key, list = downloaded) =>
      list.reduce((n, s) => n + s[key], 0);
    const byPhase = {};
    for (const name of ['sign-in', 'catalog']) {
      const list = downloaded.filter(s => s.phase === name);
      byPhase[name] = {
        files: list.length,
        encodedBytes: sum('encoded', list),
        decodedBytes: sum('decoded', list),
      };
    }
    return {
      scripts: {
        requests: scripts.length,
        fromCache: scripts.length - downloaded.length,
        files: downloaded.length,
        portalFiles: downloaded.filter(s => s.url.startsWith(PORTAL)).length,
        encodedBytes: sum('encoded'),
        decodedBytes: sum('decoded'),
        byPhase,
        compressedFiles: downloaded.filter(s => s.encoding).length,
        encodings: [...new Set(downloaded.map(s => s.encoding ?? 'none'))],
        uncompressed: downloaded
          .filter(s => !s.encoding)
          .map(s => `${s.url} (${s.decoded} B)`),
        list: scripts,
      },
      catalogNavigationMs: {
        cold: navMs[0],
        warm: stats(navMs.slice(1)),
        all: navMs,
      },
    };
  } finally {
    await browser.close();
  }
}

// ---- main -------------------------------------------------------------------

async function stopAll() {
  await Promise.all([...children].reverse().map(stop));
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    console.error(`\n${signal}: stopping what the benchmark started`);
    await browser?.close().catch(() => {});
    await stopAll();
    process.exit(130);
  });
}
process.on('exit', () => children.forEach(child => child.kill('SIGKILL')));

async function main() {
  for (const port of [7007, 7010]) {
    if (await portInUse(port)) {
      throw new Error(
        `port ${port} is already in use (another portal or sandbox?); not measuring someone else's stack`,
      );
    }
  }

  console.error('==> starting the sandbox');
  const sandbox = startNode(
    'sandbox',
    [path.join(ROOT, 'packages/sandbox/bin/sandbox'), '--port', '7010'],
    ROOT,
  );
  await waitReady(`${SANDBOX}/admin/health`, sandbox);

  console.error(`==> backend cold start x${RUNS}`);
  const runs = [];
  for (let run = 1; run <= RUNS; run++) {
    const { backend, ...figures } = await coldStart(run);
    runs.push(figures);
    // The last backend stays up for the browser measurements.
    if (run < RUNS) await stop(backend);
  }

  console.error('==> Chromium: sign-in and catalog (against the last backend)');
  const browserFigures = await measureBrowser();
  await stopAll();

  const result = {
    date: new Date().toISOString(),
    // What was measured: the commit (plus any uncommitted changes) and the build.
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim(),
    frontendBuiltAt: fs
      .statSync(path.join(ROOT, 'packages/app/dist/index.html'))
      .mtime.toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: round(os.totalmem() / 2 ** 30, 1),
      node: process.version,
    },
    backend: {
      runs,
      coldStartMs: stats(runs.map(r => r.readyMs)),
      rssMbMedian: median(runs.map(r => r.rssMb)),
    },
    browser: browserFigures,
  };
  const file = path.join(RESULTS, `baseline-${STAMP}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  printTable(result);
  console.log(`\nJSON: ${path.relative(ROOT, file)}`);
}

function printTable({ machine, backend, browser }) {
  const { scripts, catalogNavigationMs: nav } = browser;
  const cs = backend.coldStartMs;
  const rows = [
    [
      'Backend cold start to ready (min / median / max)',
      `${round(cs.min)} / ${round(cs.median)} / ${round(cs.max)} ms  (${
        backend.runs.length
      } runs)`,
    ],
    [
      'Backend RSS 5 s after ready (median)',
      `${round(backend.rssMbMedian, 1)} MB`,
    ],
    [
      'Script files downloaded, sign-in + first catalog',
      `${scripts.files} (${scripts.portalFiles} from the portal; ${scripts.fromCache} more requests served from cache)`,
    ],
    ['JS bytes on the wire (encoded)', kb(scripts.encodedBytes)],
    ['JS bytes decoded', kb(scripts.decodedBytes)],
    ...Object.entries(scripts.byPhase).map(([name, p]) => [
      `  of which ${
        name === 'sign-in' ? 'sign-in + home page' : 'catalog page'
      }`,
      `${p.files} files, ${kb(p.encodedBytes)} encoded, ${kb(
        p.decodedBytes,
      )} decoded`,
    ]),
    [
      'Compressed script responses',
      `${scripts.compressedFiles} of ${scripts.files} (${scripts.encodings.join(
        ', ',
      )})`,
    ],
    ['Catalog first rows, cold navigation', `${round(nav.cold)} ms`],
    [
      'Catalog first rows, warm (min / median / max)',
      `${round(nav.warm.min)} / ${round(nav.warm.median)} / ${round(
        nav.warm.max,
      )} ms  (${nav.all.length - 1} runs)`,
    ],
  ];
  const width = Math.max(...rows.map(r => r[0].length));
  console.log(`\nPortal baseline, ${machine.cpus} CPUs, Node ${machine.node}`);
  console.log('-'.repeat(width + 40));
  for (const [label, value] of rows)
    console.log(`${label.padEnd(width)}  ${value}`);
}

main()
  .catch(error => {
    console.error(`error: ${error.message}`);
    process.exitCode = 1;
  })
  .finally(stopAll);
