import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Sandbox, startSandbox } from '../../server';
import { githubSimulator } from '.';

const run = promisify(execFile);
const TOKEN = 'sandbox-github-token';

const git = (cwd: string, ...args: string[]) =>
  run('git', args, {
    cwd,
    env: {
      ...process.env,
      GIT_TERMINAL_PROMPT: '0',
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
  });

describe('githubSimulator state across restarts', () => {
  let stateDir: string;
  let scratch: string;
  let sandbox: Sandbox | undefined;

  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'github-state-'));
    scratch = await mkdtemp(join(tmpdir(), 'github-work-'));
  });
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
    await rm(stateDir, { recursive: true, force: true });
    await rm(scratch, { recursive: true, force: true });
  });

  const start = async () => {
    sandbox = await startSandbox({
      port: 0,
      stateDir,
      simulators: [githubSimulator()],
    });
  };

  async function call(method: string, path: string, body?: unknown) {
    const res = await fetch(`${sandbox!.url}/github/api/v3${path}`, {
      method,
      headers: {
        authorization: `token ${TOKEN}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  const authed = (cloneUrl: string) => {
    const url = new URL(cloneUrl);
    url.username = 'x-access-token';
    url.password = TOKEN;
    return url.toString();
  };

  it('keeps repositories, their contents and settings; reset forgets them', async () => {
    await start();
    const { body: repo } = await call('POST', '/orgs/acme/repos', {
      name: 'orders',
      description: 'Orders service',
      private: true,
    });
    const work = join(scratch, 'work');
    fs.mkdirSync(work);
    await writeFile(join(work, 'README.md'), '# Orders\n');
    await git(work, 'init', '-q', '-b', 'trunk');
    await git(work, 'add', '.');
    await git(work, 'commit', '-q', '-m', 'initial commit');
    await git(work, 'push', '-q', authed(repo.clone_url), 'trunk');
    const { stdout: head } = await git(work, 'rev-parse', 'HEAD');
    expect(
      (await call('PUT', '/repos/acme/orders/topics', { names: ['orders'] }))
        .status,
    ).toBe(200);
    await call('PUT', '/repos/acme/orders/collaborators/lena.fischer', {
      permission: 'admin',
    });
    const protection = await call(
      'PUT',
      '/repos/acme/orders/branches/trunk/protection',
      {
        required_status_checks: null,
        enforce_admins: true,
        required_pull_request_reviews: null,
        restrictions: null,
      },
    );
    expect(protection.status).toBe(200);
    await sandbox!.close();

    await start();
    const again = await call('GET', '/repos/acme/orders');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      id: repo.id,
      description: 'Orders service',
      private: true,
      // The first pushed branch became the default, and stays it.
      default_branch: 'trunk',
      created_at: repo.created_at,
    });
    expect((await call('GET', '/repos/acme/orders/topics')).body).toEqual({
      names: ['orders'],
    });
    const collaborators = await call('GET', '/repos/acme/orders/collaborators');
    expect(collaborators.body.map((c: any) => c.login)).toEqual([
      'lena.fischer',
    ]);
    const branch = await call('GET', '/repos/acme/orders/branches/trunk');
    expect(branch.body).toMatchObject({
      protected: true,
      commit: { sha: head.trim() },
    });
    const clone = join(scratch, 'clone');
    await git(scratch, 'clone', '-q', authed(again.body.clone_url), clone);
    expect(await readFile(join(clone, 'README.md'), 'utf8')).toBe('# Orders\n');
    // A new repository gets a new id, not one of the restored ones.
    const second = await call('POST', '/orgs/acme/repos', { name: 'billing' });
    expect(second.body.id).toBeGreaterThan(repo.id);

    await fetch(`${sandbox!.url}/admin/reset`, { method: 'POST' });
    expect((await call('GET', '/repos/acme/orders')).status).toBe(404);
    await sandbox!.close();
    await start();
    expect((await call('GET', '/repos/acme/orders')).status).toBe(404);
    expect((await call('GET', '/orgs/acme/repos')).body).toEqual([]);
  });

  it('starts empty from saved metadata that does not fit', async () => {
    fs.mkdirSync(join(stateDir, 'github'), { recursive: true });
    fs.writeFileSync(
      join(stateDir, 'github', 'repositories.json'),
      JSON.stringify({ version: 1, nextId: 5, repos: [{ owner: null }] }),
    );
    const errors = jest.spyOn(console, 'error').mockImplementation(() => {});
    await start();
    errors.mockRestore();
    expect((await call('GET', '/orgs/acme/repos')).body).toEqual([]);
    expect((await call('POST', '/orgs/acme/repos', { name: 'x' })).status).toBe(
      201,
    );
  });
});
