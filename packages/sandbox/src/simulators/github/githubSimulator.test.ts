import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Sandbox, startSandbox } from '../../server';
import { githubSimulator } from '.';

const run = promisify(execFile);
const TOKEN = 'sandbox-github-token';

describe('githubSimulator', () => {
  let sandbox: Sandbox;
  let api: string;
  let scratch: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, simulators: [githubSimulator()] });
    api = `${sandbox.url}/github/api/v3`;
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await fetch(`${sandbox.url}/admin/reset`, { method: 'POST' });
    scratch = await mkdtemp(join(tmpdir(), 'github-sim-test-'));
  });
  afterEach(() => rm(scratch, { recursive: true, force: true }));

  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = { authorization: `token ${TOKEN}` },
  ) {
    const res = await fetch(`${api}${path}`, {
      method,
      headers: {
        ...headers,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: res.status, body: json, headers: res.headers };
  }

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

  function authedUrl(cloneUrl: string) {
    const url = new URL(cloneUrl);
    url.username = 'x-access-token';
    url.password = TOKEN;
    return url.toString();
  }

  it('refuses calls without the token, with GitHub error bodies', async () => {
    expect((await call('GET', '/user', undefined, {})).body).toMatchObject({
      message: 'Requires authentication',
    });
    const bad = await call('GET', '/user', undefined, {
      authorization: 'token nope',
    });
    expect(bad.status).toBe(401);
    expect(bad.body.message).toBe('Bad credentials');
  });

  it('knows the organisation, the world users and their teams', async () => {
    expect((await call('GET', '/users/acme')).body.type).toBe('Organization');
    expect((await call('GET', '/users/lena.fischer')).body.type).toBe('User');
    expect((await call('GET', '/orgs/acme/teams/payments')).status).toBe(200);
    expect((await call('GET', '/orgs/acme/teams/nobody')).status).toBe(404);
    expect((await call('GET', '/users/ghost')).status).toBe(404);
  });

  it('creates an organisation repository once; a second create is a 422', async () => {
    const created = await call('POST', '/orgs/acme/repos', {
      name: 'orders',
      description: 'Orders',
      private: true,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      full_name: 'acme/orders',
      private: true,
      default_branch: 'main',
      size: 0,
      html_url: `${sandbox.url}/acme/orders`,
      clone_url: `${sandbox.url}/acme/orders.git`,
    });

    const again = await call('POST', '/orgs/acme/repos', { name: 'orders' });
    expect(again.status).toBe(422);
    expect(again.body.errors[0].message).toBe(
      'name already exists on this account',
    );
    expect(
      (await call('POST', '/orgs/acme/repos', { name: 'bad name!' })).status,
    ).toBe(422);
    expect((await call('GET', '/repos/acme/missing')).status).toBe(404);
  });

  it('takes a push from the git CLI and serves what was pushed', async () => {
    const { body: repo } = await call('POST', '/orgs/acme/repos', {
      name: 'orders',
    });
    const work = join(scratch, 'work');
    await mkdir(join(work, 'docs'), { recursive: true });
    await writeFile(join(work, 'catalog-info.yaml'), 'kind: Component\n');
    await writeFile(join(work, 'docs', 'index.md'), '# Orders\n');
    await git(work, 'init', '-q', '-b', 'main');
    await git(work, 'add', '.');
    await git(work, 'commit', '-q', '-m', 'initial commit');

    // Without credentials git gets a 401 and, with no prompt, fails.
    await expect(git(work, 'push', repo.clone_url, 'main')).rejects.toThrow(
      /Authentication failed|could not read Username/,
    );

    await git(work, 'push', '-q', authedUrl(repo.clone_url), 'main');
    const { stdout: head } = await git(work, 'rev-parse', 'HEAD');

    const raw = await call(
      'GET',
      '/repos/acme/orders/contents/catalog-info.yaml?ref=main',
      undefined,
      {
        authorization: `Bearer ${TOKEN}`,
        accept: 'application/vnd.github.v3.raw',
      },
    );
    expect(raw.body).toBe('kind: Component\n');

    const json = await call('GET', '/repos/acme/orders/contents/docs');
    expect(json.body).toEqual([
      expect.objectContaining({ type: 'file', path: 'docs/index.md' }),
    ]);
    const file = await call('GET', '/repos/acme/orders/contents/docs/index.md');
    expect(Buffer.from(file.body.content, 'base64').toString()).toBe(
      '# Orders\n',
    );

    const status = await call('GET', '/repos/acme/orders/commits/main/status');
    expect(status.body.sha).toBe(head.trim());
    expect((await call('GET', '/repos/acme/orders')).body.size).toBeGreaterThan(
      0,
    );

    const clone = join(scratch, 'clone');
    await git(scratch, 'clone', '-q', authedUrl(repo.clone_url), clone);
    expect(await readFile(join(clone, 'docs', 'index.md'), 'utf8')).toBe(
      '# Orders\n',
    );

    const page = await fetch(`${sandbox.url}/acme/orders`);
    expect(await page.text()).toContain('catalog-info.yaml');
    const tarball = await fetch(`${api}/repos/acme/orders/tarball/main`, {
      headers: { authorization: `token ${TOKEN}` },
    });
    expect(tarball.headers.get('content-type')).toBe('application/x-gzip');
  });

  it('answers the contents of an empty repository with 404', async () => {
    await call('POST', '/orgs/acme/repos', { name: 'empty' });
    expect(
      (await call('GET', '/repos/acme/empty/contents/catalog-info.yaml'))
        .status,
    ).toBe(404);
    expect(
      (await call('GET', '/repos/acme/empty/git/ref/heads/main')).status,
    ).toBe(409);
  });

  it('protects only branches that exist', async () => {
    await call('POST', '/orgs/acme/repos', { name: 'orders' });
    const res = await call(
      'PUT',
      '/repos/acme/orders/branches/main/protection',
      {
        required_status_checks: null,
        enforce_admins: true,
        required_pull_request_reviews: null,
        restrictions: null,
      },
    );
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('Branch not found');
  });

  it('lets an admin past required reviews only while admins are not enforced', async () => {
    await call('POST', '/orgs/acme/repos', { name: 'orders' });
    const write = (file: string) =>
      call('PUT', `/repos/acme/orders/contents/${file}`, {
        message: `add ${file}`,
        content: Buffer.from('x').toString('base64'),
      });
    expect((await write('README.md')).status).toBe(201); // first commit
    const protect = (enforceAdmins: boolean, bypass: string[] = []) =>
      call('PUT', '/repos/acme/orders/branches/main/protection', {
        required_status_checks: null,
        enforce_admins: enforceAdmins,
        required_pull_request_reviews: {
          required_approving_review_count: 1,
          bypass_pull_request_allowances: { users: bypass },
        },
        restrictions: null,
      });

    await protect(true);
    const refused = await write('a.txt');
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe(
      'Changes must be made through a pull request.',
    );
    // The token's user owns the organisation: an admin of every repository.
    await protect(false);
    expect((await write('b.txt')).status).toBe(201);
    await protect(true, ['backstage-bot']);
    const written = await write('c.txt');
    expect(written.status).toBe(201);

    // The commit's html_url is a page with its message and patch.
    const commitPage = await fetch(written.body.commit.html_url);
    expect(commitPage.status).toBe(200);
    const text = await commitPage.text();
    expect(text).toContain('add c.txt');
    expect(text).toContain('+++ b/c.txt');
    expect(
      (await fetch(`${sandbox.url}/acme/orders/commit/deadbeef`)).status,
    ).toBe(404);
  });

  it('leaves unknown root paths to the rest of the sandbox', async () => {
    const res = await fetch(`${sandbox.url}/nobody/nothing`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: 'no simulator serves GET /nobody/nothing',
    });
  });
});
