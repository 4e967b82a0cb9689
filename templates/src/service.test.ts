/*
 * The generated service's own tests pass: `npm test` in the rendered
 * repository. No install is needed (and none is possible offline): the tests
 * run on Node's built-in test runner, TypeScript runs through Node 22's type
 * stripping, and the few runtime dependencies are linked from this
 * repository's node_modules, where @internal/templates pins exactly the
 * versions of the skeleton's package-lock.json (checked below).
 */
import type { JsonObject } from '@backstage/types';
import { execFile } from 'node:child_process';
import { mkdir, readFile, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { FORM_CASES } from './__testUtils__/cases';
import { fillForm } from './__testUtils__/form';
import { packageDir } from './__testUtils__/modules';
import {
  loadTemplate,
  runTemplate,
  type TemplateRun,
} from './__testUtils__/scaffolder';

const exec = promisify(execFile);
jest.setTimeout(120_000);

describe('the generated service', () => {
  let run: TemplateRun;
  let pkg: {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  let lock: {
    packages: Record<
      string,
      {
        version?: string;
        dependencies?: Record<string, string>;
        devDependencies?: Record<string, string>;
      }
    >;
  };

  beforeAll(async () => {
    const template = await loadTemplate();
    const values: JsonObject = fillForm(template, FORM_CASES[1].typed);
    run = await runTemplate(template, values);
    pkg = JSON.parse(
      await readFile(join(run.workspacePath, 'package.json'), 'utf8'),
    );
    lock = JSON.parse(
      await readFile(join(run.workspacePath, 'package-lock.json'), 'utf8'),
    );
    // Link what `npm ci` would install; the dev tools for the type-check too.
    for (const name of [
      ...Object.keys(pkg.dependencies),
      'typescript',
      '@types/node',
    ]) {
      const link = join(run.workspacePath, 'node_modules', name);
      await mkdir(dirname(link), { recursive: true });
      await symlink(packageDir(name), link, 'dir');
    }
  });
  afterAll(() => run?.cleanup());

  it('passes its own tests with npm test', async () => {
    const { stdout } = await exec('npm', ['test'], {
      cwd: run.workspacePath,
      // The Node that runs this test (22, with type stripping) runs npm's script too.
      env: {
        ...process.env,
        PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
      },
    });
    expect(stdout).toMatch(/^# fail 0$/m);
    expect(Number(/^# pass (\d+)$/m.exec(stdout)?.[1])).toBeGreaterThanOrEqual(
      10,
    );
  });

  it('type-checks with its own tsconfig', async () => {
    const tsc = join(packageDir('typescript'), 'bin', 'tsc');
    await expect(
      exec(process.execPath, [tsc, '--noEmit', '-p', '.'], {
        cwd: run.workspacePath,
      }),
    ).resolves.toBeDefined();
  });

  it('locks the runtime dependencies at the versions its tests ran with', async () => {
    expect(lock.packages[''].dependencies).toEqual(pkg.dependencies);
    expect(lock.packages[''].devDependencies).toEqual(pkg.devDependencies);
    for (const name of Object.keys(pkg.dependencies)) {
      const installed = JSON.parse(
        await readFile(join(packageDir(name), 'package.json'), 'utf8'),
      );
      expect({
        name,
        version: lock.packages[`node_modules/${name}`].version,
      }).toEqual({
        name,
        version: installed.version,
      });
    }
  });
});
