import { Sandbox, startSandbox } from '../../server';
import { argocdSimulator, ArgoCDSimulatorOptions } from './argocdSimulator';

export const SANDBOX_ARGOCD_TOKEN = 'sandbox-argocd-token';

export interface ArgoCDTestSandbox {
  sandbox: Sandbox;
  /** The Argo CD base URL clients are configured with (`<sandbox>/argocd`). */
  baseUrl: string;
  /** Calls the sandbox (admin API or simulator); `auth: false` sends no token. */
  call(
    method: string,
    path: string,
    body?: unknown,
    options?: { auth?: boolean },
  ): Promise<{ status: number; body: any }>;
  /** Moves the simulated world on by `ticks` steps. */
  tick(ticks?: number): Promise<void>;
  /** Commits a release of `service` to `environment` (auto-sync deploys it). */
  release(body: {
    service: string;
    environment: string;
    revision?: string;
    image?: string;
    bad?: boolean;
  }): Promise<{ revision: string; image: string }>;
  close(): Promise<void>;
}

/**
 * A sandbox running only the Argo CD simulator, on a free port, with the
 * world clock stopped: tests move it with `tick`, so they are deterministic.
 * (The default simulator list includes the OIDC provider, which jest cannot
 * load.)
 */
export async function startArgoCDTestSandbox(
  options: ArgoCDSimulatorOptions = {},
): Promise<ArgoCDTestSandbox> {
  const name = options.name ?? 'argocd';
  const sandbox = await startSandbox({
    port: 0,
    simulators: [argocdSimulator({ tickMs: 0, ...options })],
  });
  const call: ArgoCDTestSandbox['call'] = async (method, path, body, opts) => {
    const headers: Record<string, string> = {};
    if (opts?.auth !== false && path.startsWith(`/${name}/api/`)) {
      headers.authorization = `Bearer ${options.token ?? SANDBOX_ARGOCD_TOKEN}`;
    }
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${sandbox.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    sandbox,
    baseUrl: `${sandbox.url}/${name}`,
    call,
    async tick(ticks = 1) {
      const res = await call('POST', `/${name}/_sandbox/tick`, { ticks });
      if (res.status !== 200) {
        throw new Error(
          `tick failed: ${res.status} ${JSON.stringify(res.body)}`,
        );
      }
    },
    async release(body) {
      const res = await call('POST', `/${name}/_sandbox/release`, body);
      if (res.status !== 201) {
        throw new Error(
          `release failed: ${res.status} ${JSON.stringify(res.body)}`,
        );
      }
      return res.body;
    },
    close: () => sandbox.close(),
  };
}
