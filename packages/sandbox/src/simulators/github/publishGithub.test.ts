/*
 * Backstage's own clients against the simulated GitHub Enterprise:
 * `publish:github` (Octokit + isomorphic-git smart HTTP) creates and pushes
 * a repository, and the catalog's GitHub URL reader reads it back, both
 * configured only through `integrations.github`.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createPublishGithubAction } from '@backstage/plugin-scaffolder-backend-module-github';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sandbox, startSandbox } from '../../server';
import { githubSimulator } from '.';

const logger: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => logger,
};

// Real git pushes to a real HTTP server: slower than a unit test on a busy machine.
jest.setTimeout(30_000);

describe('publish:github and the GitHub URL reader against the simulator', () => {
  let sandbox: Sandbox;
  let config: ConfigReader;
  let host: string;
  let workspace: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, simulators: [githubSimulator()] });
    host = new URL(sandbox.url).host;
    config = new ConfigReader({
      backend: { baseUrl: 'http://localhost:7007' },
      integrations: {
        github: [
          {
            host,
            apiBaseUrl: `${sandbox.url}/github/api/v3`,
            rawBaseUrl: `${sandbox.url}/github/raw`,
            token: 'sandbox-github-token',
          },
        ],
      },
    });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await fetch(`${sandbox.url}/admin/reset`, { method: 'POST' });
    workspace = await mkdtemp(join(tmpdir(), 'publish-github-test-'));
    await mkdir(join(workspace, 'docs'));
    await writeFile(
      join(workspace, 'catalog-info.yaml'),
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: orders\n',
    );
    await writeFile(join(workspace, 'docs', 'index.md'), '# Orders\n');
  });
  afterEach(() => rm(workspace, { recursive: true, force: true }));

  async function publish(repo: string) {
    const action = createPublishGithubAction({
      integrations: ScmIntegrations.fromConfig(config),
      config,
    });
    const outputs: Record<string, unknown> = {};
    await action.handler({
      input: {
        repoUrl: `${host}?owner=acme&repo=${repo}`,
        description: 'Takes orders',
        repoVisibility: 'private',
        defaultBranch: 'main',
        topics: ['service', 'typescript'],
        collaborators: [{ team: 'group:default/payments', access: 'admin' }],
        gitCommitMessage: 'Create orders from the microservice template',
      },
      workspacePath: workspace,
      logger,
      templateInfo: { entityRef: 'template:default/microservice' },
      task: { id: 'task-1' },
      step: { id: 'publish', name: 'Publish' },
      checkpoint: async ({ fn }: { fn: () => Promise<unknown> }) => fn(),
      output: (name: string, value: unknown) => {
        outputs[name] = value;
      },
      createTemporaryDirectory: () =>
        mkdtemp(join(tmpdir(), 'publish-github-tmp-')),
      getInitiatorCredentials: () => Promise.reject(new Error('unused')),
    } as any);
    return outputs;
  }

  it('creates the repository, pushes the workspace and protects main', async () => {
    const outputs = await publish('orders');

    expect(outputs).toMatchObject({
      remoteUrl: `${sandbox.url}/acme/orders.git`,
      repoContentsUrl: `${sandbox.url}/acme/orders/blob/main`,
      commitHash: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    const get = (path: string) =>
      fetch(`${sandbox.url}/github/api/v3${path}`, {
        headers: { authorization: 'token sandbox-github-token' },
      }).then(r => r.json());
    expect(await get('/repos/acme/orders')).toMatchObject({
      description: 'Takes orders',
      private: true,
      topics: ['service', 'typescript'],
    });
    expect(await get('/repos/acme/orders/teams')).toEqual([
      { slug: 'payments', name: 'payments', permission: 'admin' },
    ]);
    expect(await get('/repos/acme/orders/branches/main')).toMatchObject({
      commit: { sha: outputs.commitHash },
      protected: true,
    });

    // What catalog:register then reads, through the catalog's URL reader.
    const reader = UrlReaders.default({ logger, config });
    const file = await reader.readUrl(
      `${outputs.repoContentsUrl}/catalog-info.yaml`,
    );
    expect((await file.buffer()).toString()).toContain('name: orders');
    // And what TechDocs reads: the repository as a tree.
    const tree = await reader.readTree(`${sandbox.url}/acme/orders/tree/main`);
    const files = await tree.files();
    expect(files.map(f => f.path).sort()).toEqual([
      'catalog-info.yaml',
      'docs/index.md',
    ]);
  });

  it('fails, as on GitHub, when the repository already exists', async () => {
    await publish('orders');
    await expect(publish('orders')).rejects.toThrow(
      /Failed to create the Organization repository acme\/orders.*name already exists on this account/,
    );
  });
});
