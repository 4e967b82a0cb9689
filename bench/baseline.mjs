// Baseline performance figures for the portal; run through bench/run.sh.
//   node bench/baseline.mjs [--runs N] [--compare results.json] [--stock-app DIR]
// Prints a table and writes bench/results/baseline-<timestamp>.json.
// --stock-app DIR (bench/stock-app.sh's build, which run.sh --stock passes)
// measures the stock create-app app the same way after the portal, in the
// same run, and prints its figures next to ours.
// Everything it starts (sandbox, backend, Chromium) is stopped at the end,
// on errors and on Ctrl-C.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import {
  deploymentsRow,
  measureFirstLoad,
  signInAsGuest,
} from './lib/firstLoad.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const PORTAL = 'http://localhost:7007';
const SANDBOX = 'http://localhost:7010';
const READINESS = `${PORTAL}/.backstage/health/v1/readiness`;
const FILTERS = 'filters%5Bkind%5D=component&filters%5Buser%5D=all';
const CATALOG = `${PORTAL}/catalog?${FILTERS}`;
const DEPLOYMENTS = `${PORTAL}/deployments`;
// The stock app's catalog is its root page (page:catalog at / in its app-config).
const STOCK_CATALOG = `${PORTAL}/?${FILTERS}`;
const NAVIGATIONS = 5;
// Shared with the Playwright suite.
const CHROMIUM = JSON.parse(
  fs.readFileSync(
    new URL('../e2e-tests/chromium.json', import.meta.url),
    'utf8',
  ),
);

const argOf = name => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(argOf('--runs') ?? 3);
// An earlier result (bench/results/baseline-*.json) to print the JS bytes next to.
const COMPARE = argOf('--compare');
const STOCK_APP = argOf('--stock-app');
/**
 * The backend as scripts/start.sh runs it: the built bundle that
 * build_backend_if_stale unpacked (run.sh builds it unless --no-setup), or
 * src/index.ts through the TypeScript transform with BENCH_BACKEND=source.
 */
const BUNDLE_ENTRY = path.join(
  ROOT,
  '.data/backend-bundle/packages/backend/dist/index.cjs.js',
);
const BACKEND_ENTRY =
  process.env.BENCH_BACKEND === 'source'
    ? [
        '--require',
        '@backstage/cli-node/config/nodeTransform.cjs',
        'src/index.ts',
      ]
    : [BUNDLE_ENTRY];
if (BACKEND_ENTRY[0] === BUNDLE_ENTRY && !fs.existsSync(BUNDLE_ENTRY)) {
  console.error(
    `error: no backend bundle at ${BUNDLE_ENTRY} (run bench/run.sh without --no-setup, or BENCH_BACKEND=source)`,
  );
  process.exit(2);
}
if (!Number.isInteger(RUNS) || RUNS < 1) {
  console.error(
    'usage: node bench/baseline.mjs [--runs N] [--compare results.json]   (N >= 1)',
  );
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
function startNode(name, args, cwd, env = {}) {
  const log = fs.openSync(path.join(RESULTS, `${STAMP}-${name}.log`), 'w');
  // process.execPath is the Node 22 of scripts/env.sh, i.e. `node` in stack.sh.
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

// SQLite files in memory where there is a tmpfs, as near as the portal's
// per-plugin database directory gets to the stock app's ':memory:'.
const DB_PARENT = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();

// The backend is spawned exactly as scripts/lib/stack.sh does (the built
// bundle, from packages/backend), plus the e2e config with a fresh database
// directory per start, so every start is cold: no catalog or migrations left
// over from a previous run. Time runs from spawn (so Node's own start-up
// counts) to the first 200 of the readiness endpoint, the moment start.sh
// declares the portal ready.
function startOurs(run) {
  const dbDir = fs.mkdtempSync(path.join(DB_PARENT, 'bench-baseline-'));
  const backend = startNode(
    `backend-${run}`,
    [
      '--enable-source-maps',
      ...BACKEND_ENTRY,
      '--config',
      '../../app-config.yaml',
      '--config',
      '../../e2e-tests/app-config.e2e.yaml',
    ],
    path.join(ROOT, 'packages/backend'),
    { E2E_DATABASE_DIR: dbDir },
  );
  backend.once('exit', () =>
    fs.rmSync(dbDir, { recursive: true, force: true }),
  );
  return backend;
}

// The stock app's built backend (`yarn workspace backend build`; it has no
// workspace packages to unpack, so dist/ runs in place) with its own
// app-config.yaml (SQLite ':memory:', the guest provider) and one override:
// app.baseUrl on the backend's port, because its app-backend plugin serves
// the built frontend there, as in its production image.
function startStock(run) {
  const config = path.join(RESULTS, `${STAMP}-stock-app-config.yaml`);
  fs.writeFileSync(config, 'app:\n  baseUrl: http://localhost:7007\n');
  return startNode(
    `stock-backend-${run}`,
    [
      '--enable-source-maps',
      path.join(STOCK_APP, 'bundle/packages/backend/dist/index.cjs.js'),
      '--config',
      '../../app-config.yaml',
      '--config',
      config,
    ],
    path.join(STOCK_APP, 'packages/backend'),
  );
}

async function coldStart(run, start = startOurs) {
  const t0 = performance.now();
  const backend = start(run);
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

let browser; // closed by the signal handlers too

async function measureBrowser({ stock = false } = {}) {
  browser = await chromium.launch({
    executablePath: CHROMIUM.executablePath,
    args: CHROMIUM.args,
    // Our own handlers below stop the backend and sandbox as well.
    handleSIGINT: false,
    handleSIGTERM: false,
  });
  try {
    const { scripts, navMs, pagesMs } = await measureFirstLoad(
      browser,
      stock
        ? {
            portal: PORTAL,
            catalog: STOCK_CATALOG,
            navigations: NAVIGATIONS,
            signInWith: signInAsGuest,
          }
        : {
            portal: PORTAL,
            catalog: CATALOG,
            navigations: NAVIGATIONS,
            // Same signed-in context, after the catalog's visits.
            pages: {
              deployments: { url: DEPLOYMENTS, rowsOf: deploymentsRow },
            },
          },
    );
    const navigation = ms => ({
      cold: ms[0],
      warm: stats(ms.slice(1)),
      all: ms,
    });
    return {
      scripts,
      catalogNavigationMs: navigation(navMs),
      ...(pagesMs.deployments
        ? { deploymentsNavigationMs: navigation(pagesMs.deployments) }
        : {}),
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

  console.error(
    `==> backend cold start x${RUNS}${
      STOCK_APP ? ', the stock app after each of ours' : ''
    }`,
  );
  const runs = [];
  const stockRuns = [];
  let browserFigures;
  let stockBrowser;
  for (let run = 1; run <= RUNS; run++) {
    const { backend, ...figures } = await coldStart(run);
    runs.push(figures);
    // The last backend stays up for the browser measurements.
    if (run === RUNS) {
      console.error(
        '==> Chromium: sign-in, catalog, deployments (against the last backend)',
      );
      browserFigures = await measureBrowser();
    }
    await stop(backend);
    if (!STOCK_APP) continue;
    // Interleaved with ours, so that the load others put on the machine
    // weighs on both alike. Our sandbox stays up; the stock app does not
    // use it.
    const stock = await coldStart(run, startStock);
    stockRuns.push({ readyMs: stock.readyMs, rssMb: stock.rssMb });
    if (run === RUNS) {
      console.error('==> Chromium: the stock app, guest sign-in and catalog');
      stockBrowser = await measureBrowser({ stock: true });
    }
    await stop(stock.backend);
  }
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
      entry: BACKEND_ENTRY.at(-1),
      ...backendFigures(runs),
    },
    browser: browserFigures,
    ...(STOCK_APP
      ? {
          stock: {
            app: STOCK_APP,
            createApp: path.basename(STOCK_APP),
            backstage: JSON.parse(
              fs.readFileSync(path.join(STOCK_APP, 'backstage.json'), 'utf8'),
            ).version,
            backend: backendFigures(stockRuns),
            browser: stockBrowser,
          },
        }
      : {}),
  };
  if (result.stock) result.ratios = ratios(result);
  const file = path.join(RESULTS, `baseline-${STAMP}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  printTable(result);
  if (result.stock) printStock(result);
  printScripts(result.browser.scripts);
  if (COMPARE) {
    printComparison(
      JSON.parse(fs.readFileSync(COMPARE, 'utf8')),
      result,
      path.relative(ROOT, COMPARE),
    );
  }
  console.log(`\nJSON: ${path.relative(ROOT, file)}`);
}

function backendFigures(runs) {
  return {
    runs,
    coldStartMs: stats(runs.map(r => r.readyMs)),
    rssMbMedian: median(runs.map(r => r.rssMb)),
  };
}

/** Ours / stock, for the figures the issue sets targets on. */
function ratios({ backend, browser, stock }) {
  const r = (a, b) => round(a / b, 2);
  return {
    coldStartMedian: r(
      backend.coldStartMs.median,
      stock.backend.coldStartMs.median,
    ),
    rssMedian: r(backend.rssMbMedian, stock.backend.rssMbMedian),
    jsEncoded: r(
      browser.scripts.encodedBytes,
      stock.browser.scripts.encodedBytes,
    ),
    jsDecoded: r(
      browser.scripts.decodedBytes,
      stock.browser.scripts.decodedBytes,
    ),
    catalogCold: r(
      browser.catalogNavigationMs.cold,
      stock.browser.catalogNavigationMs.cold,
    ),
    catalogWarmMedian: r(
      browser.catalogNavigationMs.warm.median,
      stock.browser.catalogNavigationMs.warm.median,
    ),
    // Our Deployments page against the stock catalog page.
    deploymentsCold: r(
      browser.deploymentsNavigationMs.cold,
      stock.browser.catalogNavigationMs.cold,
    ),
    deploymentsWarmMedian: r(
      browser.deploymentsNavigationMs.warm.median,
      stock.browser.catalogNavigationMs.warm.median,
    ),
  };
}

/** Ours next to the stock app, with ours / stock. */
function printStock({ backend, browser, stock, ratios: q }) {
  const ms = x => `${round(x)} ms`;
  const phase = (s, name) =>
    `${s.byPhase[name].files} files, ${kb(s.byPhase[name].encodedBytes)}`;
  const b = browser;
  const sb = stock.browser;
  const rows = [
    [
      'Backend cold start, median',
      ms(backend.coldStartMs.median),
      ms(stock.backend.coldStartMs.median),
      q.coldStartMedian,
    ],
    [
      'Backend cold start, min',
      ms(backend.coldStartMs.min),
      ms(stock.backend.coldStartMs.min),
      round(backend.coldStartMs.min / stock.backend.coldStartMs.min, 2),
    ],
    [
      'Backend RSS 5 s after ready',
      `${round(backend.rssMbMedian)} MB`,
      `${round(stock.backend.rssMbMedian)} MB`,
      q.rssMedian,
    ],
    [
      'JS on the wire, sign-in + home + catalog',
      `${b.scripts.files} files, ${kb(b.scripts.encodedBytes)}`,
      `${sb.scripts.files} files, ${kb(sb.scripts.encodedBytes)}`,
      q.jsEncoded,
    ],
    [
      '  sign-in + home',
      phase(b.scripts, 'sign-in'),
      phase(sb.scripts, 'sign-in'),
      round(
        b.scripts.byPhase['sign-in'].encodedBytes /
          sb.scripts.byPhase['sign-in'].encodedBytes,
        2,
      ),
    ],
    [
      '  catalog',
      phase(b.scripts, 'catalog'),
      phase(sb.scripts, 'catalog'),
      round(
        b.scripts.byPhase.catalog.encodedBytes /
          sb.scripts.byPhase.catalog.encodedBytes,
        2,
      ),
    ],
    [
      'JS decoded',
      kb(b.scripts.decodedBytes),
      kb(sb.scripts.decodedBytes),
      q.jsDecoded,
    ],
    [
      'Catalog first rows, cold',
      ms(b.catalogNavigationMs.cold),
      ms(sb.catalogNavigationMs.cold),
      q.catalogCold,
    ],
    [
      'Catalog first rows, warm median',
      ms(b.catalogNavigationMs.warm.median),
      ms(sb.catalogNavigationMs.warm.median),
      q.catalogWarmMedian,
    ],
    [
      'Deployments (ours) vs stock catalog, cold',
      ms(b.deploymentsNavigationMs.cold),
      ms(sb.catalogNavigationMs.cold),
      q.deploymentsCold,
    ],
    [
      'Deployments (ours) vs stock catalog, warm median',
      ms(b.deploymentsNavigationMs.warm.median),
      ms(sb.catalogNavigationMs.warm.median),
      q.deploymentsWarmMedian,
    ],
  ];
  const w = [0, 1, 2].map(i => Math.max(...rows.map(r => String(r[i]).length)));
  console.log(
    `\nNext to the stock app (${stock.createApp}, Backstage ${stock.backstage}), same run; ratio = ours / stock`,
  );
  console.log(
    `${''.padEnd(w[0])}  ${'ours'.padEnd(w[1])}  ${'stock'.padEnd(
      w[2],
    )}  ratio`,
  );
  for (const [label, ours, theirs, ratio] of rows)
    console.log(
      `${label.padEnd(w[0])}  ${ours.padEnd(w[1])}  ${theirs.padEnd(
        w[2],
      )}  ${ratio}`,
    );
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
    ...(browser.deploymentsNavigationMs
      ? [
          [
            'Deployments first rows, cold / warm median',
            `${round(browser.deploymentsNavigationMs.cold)} / ${round(
              browser.deploymentsNavigationMs.warm.median,
            )} ms`,
          ],
        ]
      : []),
  ];
  const width = Math.max(...rows.map(r => r[0].length));
  console.log(`\nPortal baseline, ${machine.cpus} CPUs, Node ${machine.node}`);
  console.log('-'.repeat(width + 40));
  for (const [label, value] of rows)
    console.log(`${label.padEnd(width)}  ${value}`);
}

/** The downloaded scripts, largest first, so a new eager chunk stands out. */
function printScripts(scripts) {
  const files = scripts.list
    .filter(s => !s.fromCache)
    .sort((a, b) => b.encoded - a.encoded);
  console.log('\nDownloaded scripts (encoded / decoded, phase)');
  for (const s of files) {
    console.log(
      `  ${kb(s.encoded).padStart(11)} ${kb(s.decoded).padStart(11)}  ${
        s.phase
      }  ${new URL(s.url).pathname}`,
    );
  }
}

/** JS bytes of this run next to an earlier one, in total and per phase. */
function printComparison(before, after, label) {
  const rows = [['total', before.browser.scripts, after.browser.scripts]];
  for (const name of Object.keys(after.browser.scripts.byPhase)) {
    rows.push([
      name === 'sign-in' ? 'sign-in + home page' : 'catalog page',
      before.browser.scripts.byPhase[name],
      after.browser.scripts.byPhase[name],
    ]);
  }
  console.log(
    `\nJS on the wire: ${label} (${before.commit}) -> this run (${after.commit})`,
  );
  for (const [name, b, a] of rows) {
    const delta = a.encodedBytes - b.encodedBytes;
    console.log(
      `  ${name.padEnd(20)} ${b.files} -> ${a.files} files, ${kb(
        b.encodedBytes,
      )} -> ${kb(a.encodedBytes)} encoded (${delta > 0 ? '+' : ''}${kb(
        delta,
      )}), ${kb(b.decodedBytes)} -> ${kb(a.decodedBytes)} decoded`,
    );
  }
}

main()
  .catch(error => {
    console.error(`error: ${error.message}`);
    process.exitCode = 1;
  })
  .finally(stopAll);
