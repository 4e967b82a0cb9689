#!/usr/bin/env node
// What the CloudFormation provisioning engine costs: AWS calls and latency of
// each engine operation against the sandbox's CloudFormation simulator
// (in-process, real AWS SDK, real SigV4), on a stack with a long history.
//
//   node bench/cloudformation-engine.mjs [--updates 20] [--samples 100]
//
// Prints a table; nothing listens on a fixed port (the sandbox binds port 0).
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
// The sandbox and the engine run from their TypeScript sources.
require('@backstage/cli-node/config/nodeTransform.cjs');
const { startSandbox } = require('../packages/sandbox/src/server');
const {
  cloudformationSimulator,
  SANDBOX_AWS_CREDENTIALS,
} = require('../packages/sandbox/src/simulators/cloudformation');
const {
  CloudFormationEngine,
  DEFAULT_TEMPLATE_PATH,
} = require('../plugins/provisioning-node/src/cloudformation');
const { CloudFormationClient } = require('@aws-sdk/client-cloudformation');
const { readFileSync } = require('node:fs');

const { values } = parseArgs({
  options: {
    updates: { type: 'string', default: '20' },
    samples: { type: 'string', default: '100' },
  },
});
const UPDATES = Number(values.updates);
const SAMPLES = Number(values.samples);

const sandbox = await startSandbox({
  port: 0,
  simulators: [cloudformationSimulator({ stepMs: 10 })],
});
const calls = new Map();
const client = new CloudFormationClient({
  region: 'eu-central-1',
  endpoint: `${sandbox.url}/cloudformation`,
  credentials: SANDBOX_AWS_CREDENTIALS,
  maxAttempts: 1,
});
client.middlewareStack.add(
  (next, context) => args => {
    calls.set(context.commandName, (calls.get(context.commandName) ?? 0) + 1);
    return next(args);
  },
  { step: 'initialize', name: 'countCalls' },
);
const engine = new CloudFormationEngine({
  client,
  region: 'eu-central-1',
  templateBody: readFileSync(DEFAULT_TEMPLATE_PATH, 'utf8'),
  pollIntervalMs: 10,
});

const target = retention => ({
  service: 'payments-api',
  environment: 'dev',
  variables: {
    tiers: { queue: 'sqs' },
    sizes: { queue_message_retention_seconds: retention },
  },
  autoApply: true,
});

async function settle(ref) {
  for (;;) {
    const state = await engine.getRunState(ref);
    if (!['pending', 'planning', 'applying'].includes(state.phase)) {
      return state;
    }
    await new Promise(r => setTimeout(r, 5));
  }
}

/** Calls and latency of `fn`, over `n` runs. */
async function measure(name, n, fn) {
  const times = [];
  let perCall;
  for (let i = 0; i < n; i++) {
    calls.clear();
    const start = process.hrtime.bigint();
    await fn(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    perCall = Object.fromEntries(calls);
  }
  times.sort((a, b) => a - b);
  const pick = q =>
    times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return {
    operation: name,
    samples: n,
    'median ms': pick(0.5).toFixed(1),
    'p95 ms': pick(0.95).toFixed(1),
    'AWS calls': Object.values(perCall).reduce((a, b) => a + b, 0),
    'calls by action': Object.entries(perCall)
      .map(([k, v]) => `${k.replace(/Command$/, '')}×${v}`)
      .join(' '),
  };
}

try {
  // A stack with history: one creation and UPDATES updates.
  let ref = await engine.startRun(target(60), 'create');
  await settle(ref);
  for (let i = 1; i <= UPDATES; i++) {
    ref = await engine.startRun(target(60 + i), `update-${i}`);
    await settle(ref);
  }
  const { StackEvents } = await client.send(
    new (require('@aws-sdk/client-cloudformation').DescribeStackEventsCommand)({
      StackName: 'payments-api-dev',
    }),
  );

  const rows = [];
  rows.push(
    await measure('getRunState (applied run)', SAMPLES, () =>
      engine.getRunState(ref),
    ),
  );
  rows.push(
    await measure('getRunLog (applied run)', SAMPLES, () =>
      engine.getRunLog(ref),
    ),
  );
  rows.push(
    await measure('startRun again, same key', SAMPLES, () =>
      engine.startRun(target(60 + UPDATES), `update-${UPDATES}`),
    ),
  );
  const pending = [];
  rows.push(
    await measure('startRun, new change set', 20, async i => {
      pending.push(
        await engine.startRun(
          { ...target(5000 + i), autoApply: false },
          `plan-${i}`,
        ),
      );
    }),
  );
  await settle(pending[pending.length - 1]);
  rows.push(
    await measure('getRunState (awaiting approval)', SAMPLES, () =>
      engine.getRunState(pending[pending.length - 1]),
    ),
  );
  rows.push(
    await measure(
      'full run: startRun -> applied (sim step 10 ms)',
      10,
      async i => {
        await settle(await engine.startRun(target(9000 + i), `full-${i}`));
      },
    ),
  );

  console.log(
    `CloudFormation engine against the sandbox simulator: stack with 1 creation + ${UPDATES} updates (${StackEvents.length} events on the first DescribeStackEvents page)`,
  );
  console.table(rows);
} finally {
  client.destroy();
  await sandbox.close();
}
