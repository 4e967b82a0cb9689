import fs from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Sandbox, startSandbox } from '../../server';
import { argocdSimulator } from '../argocd';
import { kubernetesSimulator } from './kubernetesSimulator';

export const SANDBOX_K8S_TOKEN = 'sandbox-k8s-token';

export interface KubernetesTestSandbox {
  sandbox: Sandbox;
  /** The API server URL of a cluster, e.g. `<sandbox>/kubernetes/dev`. */
  clusterUrl(cluster: string): string;
  /** The same over HTTPS (same port), as kubectl and the portal reach it. */
  httpsClusterUrl(cluster: string): string;
  /** The CA that signed the sandbox's server certificate. */
  caFile: string;
  /** GET from the sandbox with the service account token (or `token`). */
  get(
    path: string,
    options?: { token?: string | null; accept?: string },
  ): Promise<{ status: number; body: any }>;
  /** Any call to the sandbox (admin API, Argo CD controls), JSON in and out. */
  call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }>;
  /** Moves the Argo CD world on by `ticks` steps. */
  tick(ticks?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A sandbox with the Argo CD simulator (clock stopped: tests tick by hand)
 * and the Kubernetes API simulator serving what it deploys.
 */
export async function startKubernetesTestSandbox(): Promise<KubernetesTestSandbox> {
  // Its own state directory, to know where the CA is.
  const stateDir = fs.mkdtempSync(join(os.tmpdir(), 'k8s-test-state-'));
  const sandbox = await startSandbox({
    port: 0,
    stateDir,
    simulators: [argocdSimulator({ tickMs: 0 }), kubernetesSimulator()],
  });
  const httpsUrl = sandbox.url.replace(/^http:/, 'https:');
  const call: KubernetesTestSandbox['call'] = async (method, path, body) => {
    const res = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    sandbox,
    clusterUrl: cluster => `${sandbox.url}/kubernetes/${cluster}`,
    httpsClusterUrl: cluster => `${httpsUrl}/kubernetes/${cluster}`,
    caFile: join(stateDir, 'kubernetes', 'ca.crt'),
    async get(path, options = {}) {
      const headers: Record<string, string> = {
        accept: options.accept ?? 'application/json',
      };
      if (options.token !== null) {
        headers.authorization = `Bearer ${options.token ?? SANDBOX_K8S_TOKEN}`;
      }
      const res = await fetch(`${sandbox.url}${path}`, { headers });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    call,
    async tick(ticks = 1) {
      const res = await call('POST', '/argocd/_sandbox/tick', { ticks });
      if (res.status !== 200) {
        throw new Error(
          `tick failed: ${res.status} ${JSON.stringify(res.body)}`,
        );
      }
    },
    close: async () => {
      await sandbox.close();
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
