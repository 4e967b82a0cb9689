import { ConfigReader } from '@backstage/config';
import {
  githubApi,
  githubSimulator,
  startSandbox,
  type Sandbox,
} from '@internal/sandbox';
import { GitHubPullRequests } from './GitHubPullRequests';
import { GitHubWriter } from './GitHubWriter';
import { GitHubWriteError } from './GitHubWriteError';

const TOKEN = 'sandbox-github-token';

describe('GitHubPullRequests, against the sandbox GitHub', () => {
  let sandbox: Sandbox;
  let pulls: GitHubPullRequests;
  let writer: GitHubWriter;
  let host: string;

  const api = githubApi(() => sandbox.url, TOKEN);

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, simulators: [githubSimulator()] });
    host = new URL(sandbox.url).host;
    const config = new ConfigReader({
      integrations: {
        github: [
          { host, apiBaseUrl: `${sandbox.url}/github/api/v3`, token: TOKEN },
        ],
      },
    });
    pulls = GitHubPullRequests.fromConfig(config);
    writer = GitHubWriter.fromConfig(config);
  });
  afterAll(() => sandbox.close());

  const repository = () => ({ host, owner: 'acme', repo: 'orders' });
  const commit = (path: string, content: string, branch = 'main') =>
    writer.commitFile({
      repository: repository(),
      path,
      branch,
      message: `Change ${path}`,
      change: () => content,
    });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a failure');
      },
      error => error as GitHubWriteError,
    );

  let mainSha: string;
  beforeEach(async () => {
    await fetch(`${sandbox.url}/admin/reset`, { method: 'POST' });
    await api('POST', '/orgs/acme/repos', { name: 'orders' });
    // The first commit of the empty repository, as publish:github pushes one.
    await api('PUT', '/repos/acme/orders/contents/chart/values.yaml', {
      message: 'Create orders',
      content: Buffer.from('replicas: 1\nimage: a\nport: 8080\n').toString(
        'base64',
      ),
    });
    mainSha = (await pulls.branchSha(repository(), 'main'))!;
  });

  it('writes many files and deletes one in a single commit through the git database API', async () => {
    await commit('chart/old.yaml', 'gone: soon\n');
    const before = (await pulls.branchSha(repository(), 'main'))!;
    const { sha } = await pulls.commitFiles(repository(), {
      branch: 'main',
      message: 'Template 1.1.0',
      files: new Map([
        ['chart/values.yaml', 'replicas: 3\nimage: a\nport: 8080\n'],
        ['chart/templates/new.yaml', 'kind: ConfigMap\n'],
        ['chart/old.yaml', null],
      ]),
    });
    expect(sha).not.toBe(before);
    expect(await pulls.branchSha(repository(), 'main')).toBe(sha);
    const commits = await api(
      'GET',
      `/repos/acme/orders/compare/${before}...${sha}`,
    );
    expect(commits.body.commits.map((c: any) => c.commit.message)).toEqual([
      'Template 1.1.0',
    ]);
    expect(
      (await writer.readFile(repository(), 'chart/values.yaml'))?.content,
    ).toBe('replicas: 3\nimage: a\nport: 8080\n');
    expect(
      (await writer.readFile(repository(), 'chart/templates/new.yaml'))
        ?.content,
    ).toBe('kind: ConfigMap\n');
    expect(await writer.readFile(repository(), 'chart/old.yaml')).toBeFalsy();
    // Nothing to change: no empty commit.
    const again = await pulls.commitFiles(repository(), {
      branch: 'main',
      message: 'Again',
      files: new Map([['chart/templates/new.yaml', 'kind: ConfigMap\n']]),
    });
    expect(again.sha).toBe(sha);
    // GitHub's validation: a tree entry needs a sha or content.
    const bad = await api('POST', '/repos/acme/orders/git/trees', {
      tree: [{ path: 'a.txt', mode: '100644', type: 'blob' }],
    });
    expect(bad.status).toBe(422);
    const missing = await api('POST', '/repos/acme/orders/git/commits', {
      message: 'x',
      tree: '0'.repeat(40),
    });
    expect(missing).toMatchObject({
      status: 422,
      body: { message: 'Tree SHA does not exist' },
    });
  });

  it("rebase-merges: the head's commits replayed onto the base, without a merge commit", async () => {
    await pulls.setBranch(repository(), 'upgrade', mainSha);
    await commit('chart/a.yaml', 'a: 1\n', 'upgrade');
    await commit('chart/b.yaml', 'b: 1\n', 'upgrade');
    await commit('chart/values.yaml', 'replicas: 1\nimage: b\nport: 8080\n');
    const moved = (await pulls.branchSha(repository(), 'main'))!;
    await pulls.create(repository(), {
      title: 'Two files',
      body: '',
      head: 'upgrade',
      base: 'main',
    });
    const { sha } = await pulls.merge(repository(), 1, { method: 'rebase' });
    const compare = await api(
      'GET',
      `/repos/acme/orders/compare/${moved}...${sha}`,
    );
    expect(compare.body.commits.map((c: any) => c.commit.message)).toEqual([
      'Change chart/a.yaml',
      'Change chart/b.yaml',
    ]);
    // A line: each new commit has one parent, the first one main's old head.
    const last = await api('GET', `/repos/acme/orders/git/commits/${sha}`);
    expect(last.body.parents).toHaveLength(1);
    const before = await api(
      'GET',
      `/repos/acme/orders/git/commits/${last.body.parents[0].sha}`,
    );
    expect(before.body.parents.map((p: any) => p.sha)).toEqual([moved]);
    expect(last.body.committer.name).toBe('GitHub');
    expect(await pulls.branchSha(repository(), 'main')).toBe(sha);
    expect((await writer.readFile(repository(), 'chart/b.yaml'))?.content).toBe(
      'b: 1\n',
    );
    expect(
      (await writer.readFile(repository(), 'chart/values.yaml'))?.content,
    ).toBe('replicas: 1\nimage: b\nport: 8080\n');
    expect(await pulls.get(repository(), 1)).toMatchObject({
      merged: true,
      mergeCommitSha: sha,
    });
  });

  it('opens, lists, reads, updates and merges a pull request with a real merge commit', async () => {
    await pulls.setBranch(repository(), 'upgrade', mainSha);
    await commit(
      'chart/values.yaml',
      'replicas: 2\nimage: a\nport: 8080\n',
      'upgrade',
    );
    // main moves on meanwhile, in another line of the same file
    await commit('chart/values.yaml', 'replicas: 1\nimage: a\nport: 9090\n');

    const created = await pulls.create(repository(), {
      title: 'Upgrade',
      body: 'Two replicas',
      head: 'upgrade',
      base: 'main',
    });
    expect(created).toMatchObject({
      number: 1,
      state: 'open',
      merged: false,
      mergeable: true,
      mergeableState: 'clean',
      head: { ref: 'upgrade' },
      base: { ref: 'main' },
      htmlUrl: `${sandbox.url}/acme/orders/pull/1`,
    });

    expect((await pulls.list(repository())).map(p => p.number)).toEqual([1]);
    expect(await pulls.list(repository(), { head: 'upgrade' })).toHaveLength(1);
    expect(await pulls.list(repository(), { head: 'other' })).toHaveLength(0);
    expect(await pulls.list(repository(), { base: 'develop' })).toHaveLength(0);
    expect(await pulls.list(repository(), { state: 'closed' })).toHaveLength(0);

    const updated = await pulls.update(repository(), 1, {
      title: 'Upgrade to 1.1.0',
      body: 'Changed',
    });
    expect(updated).toMatchObject({
      title: 'Upgrade to 1.1.0',
      body: 'Changed',
    });

    const headSha = (await pulls.get(repository(), 1)).head.sha!;
    const { sha } = await pulls.merge(repository(), 1, { sha: headSha });
    expect(await pulls.branchSha(repository(), 'main')).toBe(sha);
    expect(
      (await writer.readFile(repository(), 'chart/values.yaml'))?.content,
    ).toBe('replicas: 2\nimage: a\nport: 9090\n');
    const merged = await pulls.get(repository(), 1);
    expect(merged).toMatchObject({
      state: 'closed',
      merged: true,
      mergeCommitSha: sha,
    });
    // A merge commit: its parents are main's last commit and the head.
    const compare = await api(
      'GET',
      `/repos/acme/orders/compare/${mainSha}...${sha}`,
    );
    expect(compare.body.commits.map((c: any) => c.commit.message).pop()).toBe(
      'Merge pull request #1 from acme/upgrade\n\nUpgrade to 1.1.0',
    );
    expect(await pulls.list(repository(), { state: 'closed' })).toHaveLength(1);

    // Merged is final: a second merge is a 405.
    expect((await failure(pulls.merge(repository(), 1))).status).toBe(405);
  });

  it('says a conflicting pull request is not mergeable and refuses to merge it (405)', async () => {
    await pulls.setBranch(repository(), 'upgrade', mainSha);
    await commit(
      'chart/values.yaml',
      'replicas: 2\nimage: a\nport: 8080\n',
      'upgrade',
    );
    await commit('chart/values.yaml', 'replicas: 3\nimage: a\nport: 8080\n');
    await pulls.create(repository(), {
      title: 'Upgrade',
      body: '',
      head: 'upgrade',
      base: 'main',
    });
    expect(await pulls.get(repository(), 1)).toMatchObject({
      mergeable: false,
      mergeableState: 'dirty',
    });
    const refused = await failure(pulls.merge(repository(), 1));
    expect(refused).toMatchObject({ reason: 'notMergeable', status: 405 });
    expect(refused.message).toMatch(/Pull Request is not mergeable/);
  });

  it('refuses a merge when the head moved since it was read (409), a duplicate (422) and an empty one (422)', async () => {
    await pulls.setBranch(repository(), 'upgrade', mainSha);
    expect(
      (
        await failure(
          pulls.create(repository(), {
            title: 'x',
            body: '',
            head: 'upgrade',
            base: 'main',
          }),
        )
      ).message,
    ).toMatch(/No commits between main and upgrade/);
    await commit('README.md', 'one\n', 'upgrade');
    await pulls.create(repository(), {
      title: 'x',
      body: '',
      head: 'upgrade',
      base: 'main',
    });
    const duplicate = await failure(
      pulls.create(repository(), {
        title: 'x',
        body: '',
        head: 'upgrade',
        base: 'main',
      }),
    );
    expect(duplicate.status).toBe(422);
    expect(duplicate.message).toMatch(/Validation Failed/);
    const stale = (await pulls.get(repository(), 1)).head.sha!;
    await commit('README.md', 'two\n', 'upgrade');
    const moved = await failure(pulls.merge(repository(), 1, { sha: stale }));
    expect(moved).toMatchObject({ reason: 'conflict', status: 409 });
    expect(await pulls.branchSha(repository(), 'main')).toBe(mainSha);

    // A branch of the portal's is rebuilt from scratch: moved even when not a fast-forward.
    await pulls.setBranch(repository(), 'upgrade', mainSha);
    expect(await pulls.branchSha(repository(), 'upgrade')).toBe(mainSha);
    expect(await pulls.branchSha(repository(), 'nope')).toBeUndefined();
  });

  it('closes and reopens, and waits for a review where admins are held to the protection', async () => {
    await pulls.setBranch(repository(), 'upgrade', mainSha);
    await commit('README.md', 'one\n', 'upgrade');
    await pulls.create(repository(), {
      title: 'x',
      body: '',
      head: 'upgrade',
      base: 'main',
    });
    expect(
      (await pulls.update(repository(), 1, { state: 'closed' })).state,
    ).toBe('closed');
    expect(await pulls.list(repository())).toHaveLength(0);
    expect((await pulls.update(repository(), 1, { state: 'open' })).state).toBe(
      'open',
    );

    await api('PUT', '/repos/acme/orders/branches/main/protection', {
      required_status_checks: null,
      enforce_admins: true,
      required_pull_request_reviews: { required_approving_review_count: 1 },
      restrictions: null,
    });
    expect((await pulls.get(repository(), 1)).mergeableState).toBe('blocked');
    const refused = await failure(pulls.merge(repository(), 1));
    expect(refused.status).toBe(405);
    expect(refused.message).toMatch(/approving review is required/);
  });
});
