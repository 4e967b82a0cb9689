import { ConfigReader } from '@backstage/config';
import {
  githubApi,
  githubSimulator,
  startSandbox,
  type Sandbox,
} from '@internal/sandbox';
import { GitHubWriter } from './GitHubWriter';
import { GitHubWriteError } from './GitHubWriteError';
import { parseGitHubRepositoryUrl } from './repositoryUrl';

const TOKEN = 'sandbox-github-token';

// A real HTTP server and git on disk: slower than a unit test on a busy machine.
jest.setTimeout(30_000);

describe('GitHubWriter, against the sandbox GitHub', () => {
  let sandbox: Sandbox;
  let writer: GitHubWriter;
  let host: string;

  const api = githubApi(() => sandbox.url, TOKEN);
  const commits = async () => {
    const { body } = await api('GET', '/repos/acme/orders/commits/main');
    return body?.sha as string | undefined;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, simulators: [githubSimulator()] });
    host = new URL(sandbox.url).host;
    writer = GitHubWriter.fromConfig(
      new ConfigReader({
        integrations: {
          github: [
            {
              host,
              apiBaseUrl: `${sandbox.url}/github/api/v3`,
              token: TOKEN,
            },
          ],
        },
      }),
    );
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await fetch(`${sandbox.url}/admin/reset`, { method: 'POST' });
    const created = await api('POST', '/orgs/acme/repos', { name: 'orders' });
    if (created.status !== 201) throw new Error(JSON.stringify(created));
    // The first commit of the empty repository, as publish:github pushes one.
    const pushed = await api('PUT', '/repos/acme/orders/contents/README.md', {
      message: 'Create orders',
      content: Buffer.from('# orders\n').toString('base64'),
    });
    if (pushed.status !== 201) throw new Error(JSON.stringify(pushed));
  });

  const repository = () => ({ host, owner: 'acme', repo: 'orders' });
  const write = (
    content: string | ((current?: string) => string | Promise<string>),
  ) =>
    writer.commitFile({
      repository: repository(),
      path: 'chart/values-dev.yaml',
      message: 'Record outputs',
      change: typeof content === 'string' ? () => content : content,
    });

  it('creates a file, reads it back at the branch, and changes it with one commit', async () => {
    const created = await write('a: 1\n');
    expect(created).toMatchObject({ committed: true, branch: 'main' });
    expect(created.commitSha).toMatch(/^[0-9a-f]{40}$/);
    expect(created.commitUrl).toBe(
      `${sandbox.url}/acme/orders/commit/${created.commitSha}`,
    );

    const updated = await write(current => `${current}b: 2\n`);
    expect(updated.committed).toBe(true);
    expect(await commits()).toBe(updated.commitSha);
    const file = await writer.readFile(
      repository(),
      'chart/values-dev.yaml',
      'main',
    );
    expect(file).toMatchObject({ branch: 'main', content: 'a: 1\nb: 2\n' });
    expect(await writer.defaultBranch(repository())).toBe('main');
  });

  it('reads a file at a commit and lists the commits between two revisions, newest first', async () => {
    const base = (await write('a: 1\n')).commitSha!;
    const middle = (await write('a: 2\n')).commitSha!;
    const tip = (await write('a: 3\n')).commitSha!;
    expect(
      await writer.readFileAt(repository(), 'chart/values-dev.yaml', middle),
    ).toBe('a: 2\n');
    expect(
      await writer.readFileAt(repository(), 'chart/nope.yaml', middle),
    ).toBeUndefined();
    const between = await writer.compareCommits(repository(), base, tip);
    expect(between.map(c => [c.sha, c.message])).toEqual([
      [tip, 'Record outputs'],
      [middle, 'Record outputs'],
    ]);
    expect(between[0].date).toMatch(/^\d{4}-/);
    expect(between[0].url).toBe(`${sandbox.url}/acme/orders/commit/${tip}`);
    expect(await writer.compareCommits(repository(), tip, tip)).toEqual([]);
    await expect(
      writer.compareCommits(repository(), base, 'f'.repeat(40)),
    ).rejects.toThrow(/compare/);
  });

  it('commits nothing when the change leaves the file as it is', async () => {
    const first = await write('a: 1\n');
    const second = await write(current => current!);
    expect(second).toEqual({ committed: false, branch: 'main' });
    expect(await commits()).toBe(first.commitSha);
  });

  it('never overwrites a concurrent commit: after the 409 it reads again and redoes the change', async () => {
    await write('a: 1\n');
    const seen: string[] = [];
    const statuses: number[] = [];
    const result = await write(async current => {
      seen.push(current!);
      if (seen.length === 1) {
        // Someone else commits after our read: the sha we read is stale now.
        const { body } = await api(
          'GET',
          '/repos/acme/orders/contents/chart/values-dev.yaml',
        );
        const theirs = await api(
          'PUT',
          '/repos/acme/orders/contents/chart/values-dev.yaml',
          {
            message: 'theirs',
            content: Buffer.from(`${current}theirs: true\n`).toString('base64'),
            sha: body.sha,
            branch: 'main',
          },
        );
        statuses.push(theirs.status);
      }
      return `${current}mine: true\n`;
    });
    expect(result.committed).toBe(true);
    expect(statuses).toEqual([200]);
    expect(seen).toEqual(['a: 1\n', 'a: 1\ntheirs: true\n']);
    expect(
      (await writer.readFile(repository(), 'chart/values-dev.yaml'))!.content,
    ).toBe('a: 1\ntheirs: true\nmine: true\n');
  });

  it('says why a push is refused: protected branch, missing repository, unknown host', async () => {
    await write('a: 1\n');
    await api('PUT', '/repos/acme/orders/branches/main/protection', {
      required_status_checks: null,
      enforce_admins: true,
      required_pull_request_reviews: { required_approving_review_count: 1 },
      restrictions: null,
    });
    await expect(write('a: 2\n')).rejects.toMatchObject({
      name: 'GitHubWriteError',
      status: 409,
      message: expect.stringContaining(
        'Changes must be made through a pull request.',
      ),
    });

    const missing = writer.commitFile({
      repository: { host, owner: 'acme', repo: 'nope' },
      path: 'x',
      message: 'm',
      change: () => 'x',
    });
    await expect(missing).rejects.toBeInstanceOf(GitHubWriteError);
    await expect(missing).rejects.toMatchObject({
      reason: 'notFound',
      status: 404,
    });

    await expect(
      writer.readFile(
        { host: 'elsewhere.example', owner: 'a', repo: 'b' },
        'x',
      ),
    ).rejects.toMatchObject({ reason: 'notConfigured' });
  });

  it('finds no file on an existing branch, and refuses a missing branch', async () => {
    await write('a: 1\n');
    expect(
      await writer.readFile(repository(), 'nothing.yaml', 'main'),
    ).toBeUndefined();
    await expect(
      writer.readFile(repository(), 'nothing.yaml', 'release'),
    ).rejects.toMatchObject({ reason: 'notFound' });
  });
});

describe('parseGitHubRepositoryUrl', () => {
  it('reads the URLs Backstage keeps of a repository', () => {
    expect(
      parseGitHubRepositoryUrl(
        'url:http://localhost:7010/acme/walk-orders/tree/main/',
      ),
    ).toEqual({
      host: 'localhost:7010',
      owner: 'acme',
      repo: 'walk-orders',
      branch: 'main',
      htmlUrl: 'http://localhost:7010/acme/walk-orders',
    });
    expect(parseGitHubRepositoryUrl('https://github.com/acme/x.git')).toEqual({
      host: 'github.com',
      owner: 'acme',
      repo: 'x',
      htmlUrl: 'https://github.com/acme/x',
    });
    expect(
      parseGitHubRepositoryUrl('ghe.example.com?owner=acme&repo=orders'),
    ).toEqual({
      host: 'ghe.example.com',
      owner: 'acme',
      repo: 'orders',
      htmlUrl: 'https://ghe.example.com/acme/orders',
    });
    expect(parseGitHubRepositoryUrl('https://github.com/acme')).toBeUndefined();
    expect(parseGitHubRepositoryUrl('not a url')).toBeUndefined();
  });
});
