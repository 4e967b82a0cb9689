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
import { measureFirstLoad } from './lib/firstLoad.mjs';

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

const argOf = name => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(argOf('--runs') ?? 3);
// An earlier result (bench/results/baseline-*.json) to print the JS bytes next to.
const COMPARE = argOf('--compare');
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
    const { scripts, navMs } = await measureFirstLoad(browser, {
      portal: PORTAL,
      catalog: CATALOG,
      navigations: NAVIGATIONS,
    });
    return {
      scripts,
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
