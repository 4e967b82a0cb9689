#!/usr/bin/env node
// What the entity's Infrastructure view costs with a long run history: the
// latency of `GET /api/provisioning/entities/component/default/payments-api`
// (what the tab polls) with 50 runs per environment stored, and how many
// Terraform Cloud calls one refresh makes (and, for comparison, what one
// request and following it to the end cost).
//
//   node bench/provisioning.mjs [--runs 50] [--samples 200]
//
// In-process: the sandbox's Terraform Cloud simulator and the provisioning
// backend's real store (SQLite), engine, client, router and follower, on
// ports chosen by the OS; auth, permissions and the catalog are the backend
// tests' stand-ins. Prints a table.
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
// The sandbox and the plugin run from their TypeScript sources.
require('@backstage/cli-node/config/nodeTransform.cjs');
const { startSandbox } = require('../packages/sandbox/src/server');
const { tfcSimulator } = require('../packages/sandbox/src/simulators/tfc');
const {
  sandboxEngine,
  startInstance,
} = require('../plugins/provisioning-backend/src/__testUtils__/harness');
const knexFactory = require(require.resolve('knex', {
  paths: [require.resolve('../plugins/provisioning-backend/package.json')],
}));

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '50' },
    samples: { type: 'string', default: '200' },
  },
});
const RUNS = Number(values.runs);
const SAMPLES = Number(values.samples);

const sandbox = await startSandbox({
  port: 0,
  simulators: [tfcSimulator({ stepMs: 5, outputsProcessingMs: 5 })],
});
const knex = knexFactory({
  client: 'better-sqlite3',
  connection: ':memory:',
  useNullAsDefault: true,
});
const backend = await startInstance({
  knex,
  engine: sandboxEngine(sandbox.url),
});

const admin = async (method, path) =>
  (await fetch(`${sandbox.url}${path}`, { method })).json();
async function tfcCalls() {
  const calls = (await admin('GET', '/admin/calls?simulator=tfc')).tfc ?? {};
  return Object.values(calls).reduce((a, b) => a + b, 0);
}

async function followToEnd(runId) {
  for (;;) {
    await backend.follower.tick();
    const run = await backend.store.getRun(runId);
    if (run.finishedAt || run.phase === 'awaiting_approval') return run;
    await new Promise(r => setTimeout(r, 5));
  }
}

async function request(environments, key) {
  const res = await backend.call('POST', '/requests', {
    body: {
      entityRef: 'component:default/payments-api',
      environments,
      tiers: { database: 'aurora-serverless-v2', queue: 'sqs' },
      idempotencyKey: key,
    },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.runs;
}

// ---- history: RUNS runs in each of dev, staging and prod --------------------
// Three real rounds (request, follow to the end; staging and prod discarded,
// the last prod run left waiting), then the finished rows are copied with
// older timestamps up to RUNS per environment: real run rows, without
// waiting out Terraform Cloud's 30 run listings a minute for each request.
const REAL_ROUNDS = Math.min(3, RUNS);
const started = Date.now();
let perRequest;
let perFollow;
for (let i = 0; i < REAL_ROUNDS; i++) {
  await admin('DELETE', '/admin/calls');
  const runs = await request(['dev', 'staging', 'prod'], `bench-${i}`);
  const afterRequest = await tfcCalls();
  for (const run of runs) await followToEnd(run.id);
  // Leave staging and prod waiting only in the last round.
  if (i < REAL_ROUNDS - 1) {
    for (const run of runs.slice(1)) {
      // A run left waiting would keep the workspace's next run pending.
      const res = await backend.call('POST', `/runs/${run.id}/discard`, {
        // The owner decides on staging, the SRE on prod.
        user:
          run.environment === 'prod'
            ? 'user:default/noah.williams'
            : 'user:default/lena.fischer',
        body: { comment: 'bench' },
      });
      if (res.status !== 200) throw new Error(JSON.stringify(res.body));
      await followToEnd(run.id);
    }
  }
  if (i === 0) {
    perRequest = afterRequest / 3;
    perFollow = ((await tfcCalls()) - afterRequest) / 3;
  }
}
const finished = await knex('provisioning_runs').whereNotNull('finished_at');
for (const environment of ['dev', 'staging', 'prod']) {
  const rows = finished.filter(r => r.environment === environment);
  const have = await knex('provisioning_runs')
    .where({ environment })
    .count({ n: '*' });
  const copies = [];
  for (let i = Number(have[0].n); i < RUNS; i++) {
    const row = rows[i % rows.length];
    const at = new Date(
      Date.parse(row.created_at) - (i + 1) * 3_600_000,
    ).toISOString();
    copies.push({
      ...row,
      id: crypto.randomUUID(),
      request_id: null,
      idempotency_key: `bench-copy-${environment}-${i}`,
      created_at: at,
      updated_at: at,
      finished_at: at,
    });
  }
  for (let i = 0; i < copies.length; i += 50) {
    await knex('provisioning_runs').insert(copies.slice(i, i + 50));
  }
}
const seedSeconds = (Date.now() - started) / 1000;

// ---- the view --------------------------------------------------------------
const view = '/entities/component/default/payments-api?history=50';
const first = await backend.call('GET', view);
const bytes = Buffer.byteLength(JSON.stringify(first.body));
const stored = first.body.environments.map(
  e => `${e.environment}:${e.totalRuns}`,
);

await admin('DELETE', '/admin/calls');
const latencies = [];
for (let i = 0; i < SAMPLES; i++) {
  const t0 = process.hrtime.bigint();
  const res = await backend.call('GET', view);
  latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
  if (res.status !== 200) throw new Error(`view: ${res.status}`);
}
const callsPerRefresh = (await tfcCalls()) / SAMPLES;
async function sample(history) {
  const xs = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = process.hrtime.bigint();
    await backend.call(
      'GET',
      `/entities/component/default/payments-api?history=${history}`,
    );
    xs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return xs;
}
// What the tab asks for (20), and the smallest view.
const tab = await sample(20);
const short = await sample(1);

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = x => `${x.toFixed(1)} ms`;
const row = (name, value) => console.log(`| ${name.padEnd(58)} | ${value} |`);

console.log(`\nProvisioning view benchmark (${new Date().toISOString()})`);
console.log(`| ${'figure'.padEnd(58)} | value |`);
console.log(`| ${'-'.repeat(58)} | ----- |`);
row('runs stored per environment', stored.join(', '));
row(
  `seeding (${REAL_ROUNDS} real rounds + copies)`,
  `${seedSeconds.toFixed(1)} s`,
);
for (const [label, xs] of [
  [`GET view, history=50 (${SAMPLES} samples)`, latencies],
  [`GET view, history=20, as the tab (${SAMPLES} samples)`, tab],
  [`GET view, history=1 (${SAMPLES} samples)`, short],
]) {
  row(
    `${label} min / median / p95 / max`,
    `${ms(Math.min(...xs))} / ${ms(pct(xs, 50))} / ${ms(pct(xs, 95))} / ${ms(
      Math.max(...xs),
    )}`,
  );
}
row('view response size, history=50', `${(bytes / 1024).toFixed(1)} KiB`);
row('Terraform Cloud calls per refresh of the view', String(callsPerRefresh));
row(
  'Terraform Cloud calls to start one run (per environment)',
  perRequest.toFixed(1),
);
row('Terraform Cloud calls to follow one run to its end', perFollow.toFixed(1));

await backend.close();
await knex.destroy();
await sandbox.close();
