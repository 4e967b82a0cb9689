import type { Config } from '@backstage/config';
import {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';
import { GitHubWriteError } from './GitHubWriteError';
import { describeRepository, OctokitFactory } from './octokitFactory';
import { GitHubRepository } from './repositoryUrl';

/** A pull request as the portal needs it. */
export interface GitHubPullRequest {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  merged: boolean;
  /** Null while GitHub has not computed it (or a branch is gone); only `get` tells. */
  mergeable: boolean | null;
  /** `clean`, `dirty` (conflicts), `blocked` (reviews), `unknown`...; only `get` tells. */
  mergeableState?: string;
  head: { ref: string; sha: string | null };
  base: { ref: string; sha: string | null };
  htmlUrl: string;
  mergeCommitSha: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface GitHubPullRequestsOptions {
  integrations: ScmIntegrationRegistry;
  credentialsProvider?: GithubCredentialsProvider;
  /** For tests: the fetch Octokit sends with. */
  fetch?: typeof fetch;
}

function toPullRequest(data: any): GitHubPullRequest {
  return {
    number: data.number,
    title: data.title,
    body: data.body ?? '',
    state: data.state,
    merged: !!data.merged || !!data.merged_at,
    mergeable: data.mergeable ?? null,
    mergeableState: data.mergeable_state,
    head: { ref: data.head.ref, sha: data.head.sha ?? null },
    base: { ref: data.base.ref, sha: data.base.sha ?? null },
    htmlUrl: data.html_url,
    mergeCommitSha: data.merge_commit_sha ?? null,
    createdAt: data.created_at,
    updatedAt: data.updated_at,
  };
}

/**
 * Branches and pull requests of a service repository (GitHub's pulls and
 * git refs APIs, through Octokit on the same integration as
 * {@link GitHubWriter}): what upgrade and promotion pull requests are made
 * with. Failures are {@link GitHubWriteError}s.
 */
export class GitHubPullRequests {
  private readonly octokits: OctokitFactory;

  constructor(options: GitHubPullRequestsOptions) {
    this.octokits = new OctokitFactory(options);
  }

  static fromConfig(
    config: Config,
    options: { fetch?: typeof fetch } = {},
  ): GitHubPullRequests {
    return new GitHubPullRequests({
      integrations: ScmIntegrations.fromConfig(config),
      fetch: options.fetch,
    });
  }

  private async call<T>(
    repository: GitHubRepository,
    what: string,
    fn: (
      octokit: Awaited<ReturnType<OctokitFactory['forRepository']>>,
    ) => Promise<T>,
  ): Promise<T> {
    const octokit = await this.octokits.forRepository(repository);
    try {
      return await fn(octokit);
    } catch (error) {
      throw GitHubWriteError.from(
        error,
        `${what} of ${describeRepository(repository)}`,
      );
    }
  }

  /** The commit a branch points at; undefined when there is no such branch. */
  async branchSha(
    repository: GitHubRepository,
    branch: string,
  ): Promise<string | undefined> {
    try {
      return await this.call(
        repository,
        `read the branch ${branch}`,
        async o => {
          const { data } = await o.git.getRef({
            owner: repository.owner,
            repo: repository.repo,
            ref: `heads/${branch}`,
          });
          return data.object.sha;
        },
      );
    } catch (error) {
      if (error instanceof GitHubWriteError && error.reason === 'notFound') {
        return undefined;
      }
      throw error;
    }
  }

  /**
   * Points `branch` at `sha`: creates it, or moves it there even when that
   * is not a fast-forward (a branch the portal owns, rebuilt from scratch).
   */
  async setBranch(
    repository: GitHubRepository,
    branch: string,
    sha: string,
  ): Promise<void> {
    const { owner, repo } = repository;
    const exists = await this.branchSha(repository, branch);
    await this.call(
      repository,
      `point ${branch} at ${sha.slice(0, 7)}`,
      async o => {
        if (exists) {
          await o.git.updateRef({
            owner,
            repo,
            ref: `heads/${branch}`,
            sha,
            force: true,
          });
        } else {
          await o.git.createRef({
            owner,
            repo,
            ref: `refs/heads/${branch}`,
            sha,
          });
        }
      },
    );
  }

  /**
   * Writes many files in one commit on top of `branch` (GitHub's Git
   * database API: blobs, a tree on the branch's tree, a commit, the ref
   * moved as a fast-forward): a path mapped to null is deleted. Answers the
   * new commit, or the branch's head when nothing changed.
   */
  async commitFiles(
    repository: GitHubRepository,
    request: {
      branch: string;
      message: string;
      files: Map<string, string | null>;
    },
  ): Promise<{ sha: string }> {
    const { owner, repo } = repository;
    const { branch, message, files } = request;
    return this.call(
      repository,
      `commit ${files.size} files to ${branch}`,
      async o => {
        const { data: ref } = await o.git.getRef({
          owner,
          repo,
          ref: `heads/${branch}`,
        });
        const parent = ref.object.sha;
        const { data: head } = await o.git.getCommit({
          owner,
          repo,
          commit_sha: parent,
        });
        // A file keeps its mode (an executable script stays one).
        const { data: listing } = await o.git.getTree({
          owner,
          repo,
          tree_sha: head.tree.sha,
          recursive: 'true',
        });
        const modes = new Map(listing.tree.map(e => [e.path, e.mode] as const));
        const modeOf = (path: string) =>
          (modes.get(path) === '100755' ? '100755' : '100644') as
            | '100644'
            | '100755';
        const tree = [];
        for (const [path, content] of [...files].sort(([a], [b]) =>
          a.localeCompare(b),
        )) {
          if (content === null) {
            tree.push({ path, mode: modeOf(path), sha: null });
            continue;
          }
          const { data: blob } = await o.git.createBlob({
            owner,
            repo,
            content: Buffer.from(content, 'utf8').toString('base64'),
            encoding: 'base64',
          });
          tree.push({ path, mode: modeOf(path), sha: blob.sha });
        }
        const { data: written } = await o.git.createTree({
          owner,
          repo,
          base_tree: head.tree.sha,
          tree,
        });
        if (written.sha === head.tree.sha) return { sha: parent };
        const { data: commit } = await o.git.createCommit({
          owner,
          repo,
          message,
          tree: written.sha,
          parents: [parent],
        });
        await o.git.updateRef({
          owner,
          repo,
          ref: `heads/${branch}`,
          sha: commit.sha,
        });
        return { sha: commit.sha };
      },
    );
  }

  /** Pull requests by state (open by default), head branch and base branch, newest first. */
  async list(
    repository: GitHubRepository,
    filter: {
      state?: 'open' | 'closed' | 'all';
      head?: string;
      base?: string;
    } = {},
  ): Promise<GitHubPullRequest[]> {
    const { owner, repo } = repository;
    return this.call(repository, 'list the pull requests', async o => {
      const { data } = await o.pulls.list({
        owner,
        repo,
        state: filter.state ?? 'open',
        ...(filter.head && { head: `${owner}:${filter.head}` }),
        ...(filter.base && { base: filter.base }),
        per_page: 100,
      });
      return data.map(toPullRequest);
    });
  }

  async get(
    repository: GitHubRepository,
    number: number,
  ): Promise<GitHubPullRequest> {
    const { owner, repo } = repository;
    return this.call(repository, `read pull request #${number}`, async o =>
      toPullRequest(
        (await o.pulls.get({ owner, repo, pull_number: number })).data,
      ),
    );
  }

  async create(
    repository: GitHubRepository,
    request: { title: string; body: string; head: string; base: string },
  ): Promise<GitHubPullRequest> {
    const { owner, repo } = repository;
    return this.call(
      repository,
      `open a pull request from ${request.head}`,
      async o =>
        toPullRequest((await o.pulls.create({ owner, repo, ...request })).data),
    );
  }

  async update(
    repository: GitHubRepository,
    number: number,
    change: { title?: string; body?: string; state?: 'open' | 'closed' },
  ): Promise<GitHubPullRequest> {
    const { owner, repo } = repository;
    return this.call(repository, `update pull request #${number}`, async o =>
      toPullRequest(
        (await o.pulls.update({ owner, repo, pull_number: number, ...change }))
          .data,
      ),
    );
  }

  /**
   * Merges a pull request (a merge commit by default). With `sha`, only if
   * its head is still that commit (GitHub answers 409 otherwise); a pull
   * request that conflicts or waits for a review is a `notMergeable` error.
   */
  async merge(
    repository: GitHubRepository,
    number: number,
    options: {
      sha?: string;
      method?: 'merge' | 'squash' | 'rebase';
      commitTitle?: string;
      /** The merge commit's message below the title (e.g. trailers naming who merged). */
      commitMessage?: string;
    } = {},
  ): Promise<{ sha: string }> {
    const { owner, repo } = repository;
    return this.call(repository, `merge pull request #${number}`, async o => {
      const { data } = await o.pulls.merge({
        owner,
        repo,
        pull_number: number,
        merge_method: options.method ?? 'merge',
        ...(options.sha && { sha: options.sha }),
        ...(options.commitTitle && { commit_title: options.commitTitle }),
        ...(options.commitMessage && {
          commit_message: options.commitMessage,
        }),
      });
      return { sha: data.sha };
    });
  }
}
