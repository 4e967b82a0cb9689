import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { githubSimulator, startSandbox, type Sandbox } from '@internal/sandbox';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { actionContext } from '../__testUtils__/actionContext';

const run = promisify(execFile);
import { createResolveRepositoryAction } from './resolveRepository';

describe('github:repo:resolve', () => {
  let sandbox: Sandbox;
  let host: string;
  let action: ReturnType<typeof createResolveRepositoryAction>;

  const github = (method: string, path: string, body?: unknown) =>
    fetch(`${sandbox.url}/github/api/v3${path}`, {
      method,
      headers: {
        authorization: 'token sandbox-github-token',
        'content-type': 'application/json',
      },
      body: body ? JSON.stringify(body) : undefined,
    });

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, simulators: [githubSimulator()] });
    host = new URL(sandbox.url).host;
    const config = new ConfigReader({
      integrations: {
        github: [
          { host: 'github.com', token: 'unused' },
          {
            host,
            apiBaseUrl: `${sandbox.url}/github/api/v3`,
            token: 'sandbox-github-token',
          },
        ],
      },
    });
    action = createResolveRepositoryAction({
      integrations: ScmIntegrations.fromConfig(config),
    });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => fetch(`${sandbox.url}/admin/reset`, { method: 'POST' }));

  const resolve = async (input: object) => {
    const { ctx, outputs } = actionContext({
      input: { owner: 'acme', entityName: 'orders', repo: 'orders', ...input },
      workspacePath: '/nonexistent',
    });
    await action.handler(ctx);
    return outputs;
  };

  it('plans a new repository on the configured GitHub Enterprise host', async () => {
    expect(await resolve({})).toEqual({
      repoUrl: `${host}?owner=acme&repo=orders`,
      remoteUrl: `${sandbox.url}/acme/orders.git`,
      htmlUrl: `${sandbox.url}/acme/orders`,
      repoContentsUrl: `${sandbox.url}/acme/orders/blob/main`,
      exists: false,
      empty: false,
    });
  });

  it('says an empty repository (a run that never pushed) exists and is empty', async () => {
    await github('POST', '/orgs/acme/repos', { name: 'orders' });
    expect(await resolve({})).toMatchObject({ exists: true, empty: true });
  });

  it('refuses a repository that holds something else', async () => {
    await github('POST', '/orgs/acme/repos', { name: 'orders' });
    // Another service's catalog-info.yaml, pushed with the git CLI.
    const dir = await mkdtemp(join(tmpdir(), 'resolve-test-'));
    await writeFile(
      join(dir, 'catalog-info.yaml'),
      'metadata:\n  name: billing\n',
    );
    const git = (...args: string[]) =>
      run(
        'git',
        ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args],
        { cwd: dir },
      );
    await git('init', '-q', '-b', 'main');
    await git('add', '.');
    await git('commit', '-q', '-m', 'x');
    const url = new URL(`${sandbox.url}/acme/orders.git`);
    url.username = 'x';
    url.password = 'sandbox-github-token';
    await git('push', '-q', url.toString(), 'main');

    await expect(resolve({})).rejects.toThrow(
      `The repository acme/orders already exists on ${host} and does not hold the service orders; choose another name`,
    );
    await expect(resolve({ entityName: 'billing' })).resolves.toMatchObject({
      exists: true,
      empty: false,
    });
  });

  it('asks for a host when several GitHub Enterprise hosts are configured', async () => {
    const two = createResolveRepositoryAction({
      integrations: ScmIntegrations.fromConfig(
        new ConfigReader({
          integrations: {
            github: [
              {
                host: 'a.example.com',
                apiBaseUrl: 'https://a.example.com/api/v3',
              },
              {
                host: 'b.example.com',
                apiBaseUrl: 'https://b.example.com/api/v3',
              },
            ],
          },
        }),
      ),
    });
    const { ctx } = actionContext({
      input: { owner: 'acme', repo: 'orders', entityName: 'orders' },
      workspacePath: '/nonexistent',
    });
    await expect(two.handler(ctx)).rejects.toThrow(/Several GitHub hosts/);
  });
});
