/*
 * Backstage's own Kubernetes backend (@backstage/plugin-kubernetes-backend,
 * unmodified) against the simulator, configured with the kubernetes section
 * of the portal's app-config.yaml: what the Kubernetes tab of an entity gets.
 *
 * Why a hand-made backend and not startTestBackend: the test utils of our
 * Backstage release are not on the registry we can reach (see
 * plugins/permission-backend-module-portal-policy/src/module.test.ts). The
 * backend here is Backstage's createBackend() with every default service;
 * only the config, the root logger and the catalog are stand-ins (the
 * catalog answers with the sandbox's own catalog files). Permissions are off
 * and the default auth policy is disabled, because signing a user in is not
 * what this test is about.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net, { AddressInfo } from 'node:net';
import path from 'node:path';
import yaml from 'js-yaml';
import { DEFAULT_WORLD_DIR } from '../../server';
import {
  KubernetesTestSandbox,
  startKubernetesTestSandbox,
} from './kubernetesTestSandbox';

jest.setTimeout(90_000);

const REPO_ROOT = path.resolve(DEFAULT_WORLD_DIR, '..', '..', '..');
const BACKEND_SCRIPT = path.resolve(
  __dirname,
  '__testUtils__',
  'portalKubernetesBackend.ts',
);

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/**
 * The portal's kubernetes config, with the sandbox the test started: its
 * HTTPS URL, and the CA it made where the config's `${SANDBOX_STATE_DIR}`
 * substitution points.
 */
function portalKubernetesConfig(sandbox: KubernetesTestSandbox) {
  const appConfig = yaml.load(
    fs.readFileSync(path.join(REPO_ROOT, 'app-config.yaml'), 'utf8'),
  ) as { kubernetes: unknown };
  const config = JSON.parse(
    JSON.stringify(appConfig.kubernetes).replaceAll(
      'https://localhost:7010',
      sandbox.httpsClusterUrl('').replace(/\/kubernetes\/$/, ''),
    ),
  );
  for (const method of config.clusterLocatorMethods) {
    for (const cluster of method.clusters) {
      expect(cluster.caFile).toBe(
        '${SANDBOX_STATE_DIR:-../../.data/sandbox}/kubernetes/ca.crt',
      );
      expect(cluster.skipTLSVerify).toBeUndefined();
      cluster.caFile = sandbox.caFile;
    }
  }
  return config;
}

/** The sandbox world's catalog entities, as the portal's catalog holds them. */
function worldEntity(name: string) {
  return fs
    .readdirSync(DEFAULT_WORLD_DIR)
    .filter(f => f.endsWith('.yaml'))
    .flatMap(f =>
      yaml.loadAll(fs.readFileSync(path.join(DEFAULT_WORLD_DIR, f), 'utf8')),
    )
    .find(
      (e: any) => e?.kind === 'Component' && e.metadata?.name === name,
    ) as any;
}

/**
 * Starts the backend in a child process (plain Node, like the portal runs):
 * the plugin's fetcher loads @kubernetes/client-node, an ES module, with a
 * dynamic import that jest's module system cannot serve.
 */
async function startPortalBackend(kubernetes: unknown) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      BACKEND_SCRIPT,
    ],
    {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        PORTAL_TEST_PORT: String(port),
        PORTAL_TEST_KUBERNETES: JSON.stringify(kubernetes),
        PORTAL_TEST_WORLD_DIR: DEFAULT_WORLD_DIR,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('portal backend started')) {
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', code =>
      reject(new Error(`backend exited with ${code}:\n${output}`)),
    );
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise(resolve => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** A cluster's objects of one type (custom resources come one entry per kind). */
function resourcesOf(item: any, type: string): any[] {
  return item.resources
    .filter((r: any) => r.type === type)
    .flatMap((r: any) => r.resources);
}

describe('@backstage/plugin-kubernetes-backend against the simulator', () => {
  let k8s: KubernetesTestSandbox;
  let portal: Awaited<ReturnType<typeof startPortalBackend>>;

  const objectsOf = async (name: string) => {
    const entity = worldEntity(name);
    const res = await fetch(
      `${portal.baseUrl}/api/kubernetes/services/${name}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ entity, auth: {} }),
      },
    );
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    k8s = await startKubernetesTestSandbox();
    portal = await startPortalBackend(portalKubernetesConfig(k8s));
  });

  afterAll(async () => {
    await portal?.stop();
    await k8s?.close();
  });

  beforeEach(async () => {
    await k8s.call('POST', '/admin/reset');
  });

  it('knows the three clusters of app-config.yaml', async () => {
    const res = await fetch(`${portal.baseUrl}/api/kubernetes/clusters`);
    const body = await res.json();
    expect(body.items.map((c: { name: string }) => c.name)).toEqual([
      'dev',
      'staging',
      'prod',
    ]);
  });

  it('gets the workloads of payments-api from dev, staging and prod', async () => {
    const { status, body } = await objectsOf('payments-api');
    expect(status).toBe(200);
    expect(body.items.map((i: any) => i.cluster.name)).toEqual([
      'dev',
      'staging',
      'prod',
    ]);
    for (const item of body.items) {
      expect(item.errors).toEqual([]);
      const resources = (type: string) => resourcesOf(item, type);
      const pods = resources('pods');
      expect(pods).toHaveLength(4);
      expect(
        pods.every(
          (p: any) =>
            p.metadata.namespace === 'payments-api' &&
            p.status.phase === 'Running',
        ),
      ).toBe(true);
      expect(resources('services').map((s: any) => s.metadata.name)).toEqual([
        'payments-api',
        'payments-api-canary',
      ]);
      expect(resources('ingresses')).toHaveLength(1);
      expect(resources('replicasets').length).toBeGreaterThanOrEqual(1);

      const custom = resources('customresources');
      const rollouts = custom.filter((r: any) => r.kind === 'Rollout');
      expect(rollouts).toHaveLength(1);
      expect(rollouts[0].status.phase).toBe('Healthy');
      expect(custom.some((r: any) => r.kind === 'AnalysisRun')).toBe(true);

      // Pod metrics come from metrics.k8s.io, joined to the pods by the fetcher.
      expect(item.podMetrics).toHaveLength(4);
      expect(item.podMetrics[0].cpu.currentUsage).toBeGreaterThan(0);
    }
  });

  it('follows the Argo CD world: a bad release aborts its canary', async () => {
    await k8s.call('POST', '/argocd/_sandbox/release', {
      service: 'cart-service',
      environment: 'dev',
      bad: true,
    });
    // Sync, weight 10, pause (3 ticks), analysis start, first measurement.
    await k8s.tick(3);
    let dev = (await objectsOf('cart-service')).body.items.find(
      (i: any) => i.cluster.name === 'dev',
    );
    const rolloutOf = (item: any) =>
      resourcesOf(item, 'customresources').find(
        (r: any) => r.kind === 'Rollout',
      );
    expect(rolloutOf(dev).status.phase).toBe('Paused');
    expect(rolloutOf(dev).status.canary.weights.canary.weight).toBe(10);

    await k8s.tick(10);
    dev = (await objectsOf('cart-service')).body.items.find(
      (i: any) => i.cluster.name === 'dev',
    );
    expect(rolloutOf(dev).status).toMatchObject({
      phase: 'Degraded',
      abort: true,
    });
    const runs = resourcesOf(dev, 'customresources').filter(
      (r: any) => r.kind === 'AnalysisRun',
    );
    expect(runs.map((r: any) => r.status.phase)).toContain('Failed');
  });

  it('reports a failing cluster API as an error of each cluster, not a failed request', async () => {
    await k8s.call('PUT', '/admin/faults/kubernetes', { status: 500 });
    const { status, body } = await objectsOf('payments-api');
    expect(status).toBe(200);
    expect(body.items).toHaveLength(3);
    for (const item of body.items) {
      expect(item.errors.length).toBeGreaterThan(0);
      expect(item.errors[0]).toMatchObject({
        errorType: 'SYSTEM_ERROR',
        statusCode: 500,
      });
    }
  });
});
