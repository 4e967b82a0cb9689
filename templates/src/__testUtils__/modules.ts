/*
 * Loads packages from the repository's node_modules outside Jest's module
 * system. The @kubernetes-models packages are ESM-only (their "exports" have
 * only an "import" condition), which Jest's CommonJS resolver cannot resolve;
 * Node 22 itself can require() an ES module by file path.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

// Jest replaces require() and node:module's createRequire with its own
// resolver; process.getBuiltinModule hands out Node's real module loader.
const nodeRequire = process
  .getBuiltinModule('node:module')
  .createRequire(__filename);

/** The installed directory of a package, found the way Node searches node_modules. */
export function packageDir(
  name: string,
  from = resolve(__dirname, '../..'),
): string {
  for (let dir = from; ; dir = resolve(dir, '..')) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === resolve(dir, '..')) throw new Error(`${name} is not installed`);
  }
}

/** Loads one file of an ES module package with Node's own require(). */
export function requireEsm<T>(name: string, file: string): T {
  return nodeRequire(join(packageDir(name), file)) as T;
}
