#!/usr/bin/env node
// What the Kubernetes tab of one entity costs the sandbox's Kubernetes API
// simulator in a large world: the GET calls @backstage/plugin-kubernetes-backend
// sends to each cluster for one entity (13 object types, 2 Argo Rollouts
// custom resources, pods + pod metrics of its namespace), with N services
// seeded (N x 3 Argo CD applications, each a Rollout with ReplicaSets and pods).
//
//   node bench/kubernetes-simulator.mjs [--services 2000] [--samples 50]
//
// Prints a table; nothing listens on a fixed port (the sandbox binds port 0).
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
// The sandbox runs from its TypeScript sources.
require('@backstage/cli-node/config/nodeTransform.cjs');
const { startSandbox } = require('../packages/sandbox/src/server');
const {
  argocdSimulator,
} = require('../packages/sandbox/src/simulators/argocd');
const {
  kubernetesSimulator,
} = require('../packages/sandbox/src/simulators/kubernetes');

const { values } = parseArgs({
  options: {
    services: { type: 'string', default: '2000' },
    samples: { type: 'string', default: '50' },
  },
});
const SERVICES = Number(values.services);
const SAMPLES = Number(values.samples);

// What the plugin's fetcher lists per cluster (DEFAULT_OBJECTS + the portal's
// customResources), then pods and metrics for the namespace it found pods in.
const LISTS = [
  '/api/v1/pods',
  '/api/v1/services',
  '/api/v1/configmaps',
  '/api/v1/limitranges',
  '/api/v1/resourcequotas',
  '/apis/apps/v1/deployments',
  '/apis/apps/v1/replicasets',
  '/apis/autoscaling/v2/horizontalpodautoscalers',
  '/apis/batch/v1/jobs',
  '/apis/batch/v1/cronjobs',
  '/apis/networking.k8s.io/v1/ingresses',
  '/apis/apps/v1/statefulsets',
  '/apis/apps/v1/daemonsets',
  '/apis/argoproj.io/v1alpha1/rollouts',
  '/apis/argoproj.io/v1alpha1/analysisruns',
];
const metricsLists = ns => [
  `/apis/metrics.k8s.io/v1beta1/namespaces/${ns}/pods`,
  `/api/v1/namespaces/${ns}/pods`,
];

const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

const sandbox = await startSandbox({
  port: 0,
  simulators: [argocdSimulator({ tickMs: 0 }), kubernetesSimulator()],
});
const get = async (cluster, path, service) => {
  const selector = encodeURIComponent(`backstage.io/kubernetes-id=${service}`);
  const res = await fetch(
    `${sandbox.url}/kubernetes/${cluster}${path}?labelSelector=${selector}`,
    { headers: { authorization: 'Bearer sandbox-k8s-token' } },
  );
  if (res.status !== 200) {
    throw new Error(`${path}: ${res.status} ${await res.text()}`);
  }
  return res.json();
};

try {
  await fetch(`${sandbox.url}/admin/seed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ services: SERVICES }),
  });
  let t = performance.now();
  // The first call after seeding creates the Argo CD applications.
  await get('dev', '/api/v1/pods', 'svc-0001');
  const firstCall = performance.now() - t;

  const single = [];
  const tabs = [];
  let objects = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const service = `svc-${String(1 + ((i * 37) % SERVICES)).padStart(4, '0')}`;
    t = performance.now();
    await get('prod', '/api/v1/pods', service);
    single.push(performance.now() - t);

    // One entity's tab: every cluster in parallel, as the fan-out handler does.
    t = performance.now();
    const answers = await Promise.all(
      ['dev', 'staging', 'prod'].flatMap(cluster =>
        [...LISTS, ...metricsLists(service)].map(path =>
          get(cluster, path, service),
        ),
      ),
    );
    tabs.push(performance.now() - t);
    objects = answers.reduce((n, a) => n + a.items.length, 0);
  }

  console.log(
    `Kubernetes API simulator, ${SERVICES} services x 3 clusters (${
      SERVICES * 3
    } Rollouts), ${SAMPLES} samples`,
  );
  console.table({
    'first list after seed (ms)': { value: round(firstCall) },
    'one pods list by label, p50 (ms)': {
      value: round(percentile(single, 50)),
    },
    'one pods list by label, p95 (ms)': {
      value: round(percentile(single, 95)),
    },
    [`one entity's tab: ${(LISTS.length + 2) * 3} calls, p50 (ms)`]: {
      value: round(percentile(tabs, 50)),
    },
    [`one entity's tab: ${(LISTS.length + 2) * 3} calls, p95 (ms)`]: {
      value: round(percentile(tabs, 95)),
    },
    'objects returned per tab': { value: objects },
  });
} finally {
  await sandbox.close();
}
