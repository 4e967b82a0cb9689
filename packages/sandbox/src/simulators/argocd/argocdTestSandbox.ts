import { Sandbox, startSandbox } from '../../server';
import { renderServiceSkeleton } from '../../world/serviceSkeleton';
import { ENVIRONMENTS, type Environment } from '../../world/World';
import { githubSimulator } from '../github';
import { argocdSimulator, ArgoCDSimulatorOptions } from './argocdSimulator';
import { publishRepository } from './publishRepository';

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
  /**
   * Creates `acme/<name>` in the GitHub simulator with the microservice
   * template's chart and Argo CD manifests (as the portal would) and
   * answers its clone URL.
   */
  createServiceRepo(
    name: string,
    options?: { environments?: Environment[]; imageTag?: string },
  ): Promise<string>;
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
  /** A state directory that outlives the sandbox (a temporary one otherwise). */
  stateDir?: string,
): Promise<ArgoCDTestSandbox> {
  const name = options.name ?? 'argocd';
  const sandbox = await startSandbox({
    port: 0,
    stateDir,
    simulators: [
      argocdSimulator({ tickMs: 0, pollMs: 0, ...options }),
      // The repositories of created applications.
      githubSimulator(),
    ],
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
    async createServiceRepo(serviceName, repoOptions = {}) {
      const environments = repoOptions.environments ?? [...ENVIRONMENTS];
      const repoUrl = `${sandbox.url}/acme/${serviceName}.git`;
      const files = renderServiceSkeleton({
        name: serviceName,
        description: `The ${serviceName} service`,
        owner: 'group:default/payments',
        system: 'system:default/payments',
        environments,
        repoUrl,
        imageTag: repoOptions.imageTag ?? '1.0.0',
      });
      return publishRepository({
        apiUrl: `${sandbox.url}/github/api/v3`,
        token: 'sandbox-github-token',
        owner: 'acme',
        name: serviceName,
        files,
        message: `Create ${serviceName} from the microservice template`,
      });
    },
    close: () => sandbox.close(),
  };
}
