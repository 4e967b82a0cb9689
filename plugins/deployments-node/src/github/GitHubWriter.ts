import type { Config } from '@backstage/config';
import {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';
import { Octokit } from '@octokit/rest';
import { GitHubWriteError } from './GitHubWriteError';
import { OctokitFactory } from './octokitFactory';
import { GitHubRepository } from './repositoryUrl';

/** A file as read at a branch: its text and the blob sha a write must name. */
export interface GitHubFile {
  path: string;
  branch: string;
  content: string;
  sha: string;
}

/** What {@link GitHubWriter.commitFile} did. */
export interface CommitFileResult {
  /** False when the change left the file as it was: nothing was committed. */
  committed: boolean;
  branch: string;
  /** The new commit, when one was made. */
  commitSha?: string;
  commitUrl?: string;
}

export interface CommitFileRequest {
  repository: GitHubRepository;
  path: string;
  /** Defaults to the repository's default branch. */
  branch?: string;
  message: string;
  /**
   * The new content from the current one (undefined when the file does not
   * exist). Called again with the fresh content if someone else committed
   * in between, so it must not depend on anything but its argument.
   * Returning the content unchanged commits nothing.
   */
  change: (current: string | undefined) => string | Promise<string>;
}

/** One commit as the compare API lists it. */
export interface GitHubCommit {
  sha: string;
  message: string;
  author?: string;
  date?: string;
  url?: string;
}

export interface GitHubWriterOptions {
  integrations: ScmIntegrationRegistry;
  credentialsProvider?: GithubCredentialsProvider;
  /** For tests: the fetch Octokit sends with. */
  fetch?: typeof fetch;
}

/**
 * Everything the portal writes to a service repository goes through here:
 * Octokit on the host's `integrations.github` entry (token or GitHub App,
 * as Backstage's own GitHub actions get them). A file is changed with the
 * contents API naming the blob sha it was read at, so a concurrent commit
 * is never overwritten: GitHub answers 409 (or 422) and the change is
 * computed again on the new content, once.
 */
export class GitHubWriter {
  private readonly octokits: OctokitFactory;

  constructor(options: GitHubWriterOptions) {
    this.octokits = new OctokitFactory(options);
  }

  static fromConfig(
    config: Config,
    options: { fetch?: typeof fetch } = {},
  ): GitHubWriter {
    return new GitHubWriter({
      integrations: ScmIntegrations.fromConfig(config),
      fetch: options.fetch,
    });
  }

  /** The repository's default branch. */
  async defaultBranch(repository: GitHubRepository): Promise<string> {
    const octokit = await this.octokit(repository);
    try {
      const { data } = await octokit.repos.get({
        owner: repository.owner,
        repo: repository.repo,
      });
      return data.default_branch;
    } catch (error) {
      throw GitHubWriteError.from(error, `read ${describe(repository)}`);
    }
  }

  /** A file at a branch (the default branch when none is given); undefined when it does not exist. */
  async readFile(
    repository: GitHubRepository,
    path: string,
    branch?: string,
  ): Promise<GitHubFile | undefined> {
    const ref = branch ?? (await this.defaultBranch(repository));
    const octokit = await this.octokit(repository);
    try {
      const { data } = await octokit.repos.getContent({
        owner: repository.owner,
        repo: repository.repo,
        path,
        ref,
      });
      if (Array.isArray(data) || data.type !== 'file') {
        throw new GitHubWriteError(
          'badRequest',
          `${path} in ${describe(repository)} is not a file`,
        );
      }
      const content = Buffer.from(
        (data as { content?: string }).content ?? '',
        'base64',
      ).toString('utf8');
      return { path, branch: ref, content, sha: data.sha };
    } catch (error) {
      if ((error as { status?: number }).status === 404) {
        // The branch must exist, though: writing would fail on it.
        await this.assertBranch(octokit, repository, ref);
        return undefined;
      }
      throw GitHubWriteError.from(
        error,
        `read ${path} at ${ref} of ${describe(repository)}`,
      );
    }
  }

  /** A file at any ref (branch, tag or commit SHA); undefined when it is not there. */
  async readFileAt(
    repository: GitHubRepository,
    path: string,
    ref: string,
  ): Promise<string | undefined> {
    const octokit = await this.octokit(repository);
    try {
      const { data } = await octokit.repos.getContent({
        owner: repository.owner,
        repo: repository.repo,
        path,
        ref,
      });
      if (Array.isArray(data) || data.type !== 'file') return undefined;
      return Buffer.from(
        (data as { content?: string }).content ?? '',
        'base64',
      ).toString('utf8');
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw GitHubWriteError.from(
        error,
        `read ${path} at ${ref} of ${describe(repository)}`,
      );
    }
  }

  /**
   * The commits reachable from `head` and not from `base` (GitHub's compare
   * API), newest first; empty when `head` is `base` or behind it.
   */
  async compareCommits(
    repository: GitHubRepository,
    base: string,
    head: string,
  ): Promise<GitHubCommit[]> {
    const octokit = await this.octokit(repository);
    try {
      const { data } = await octokit.repos.compareCommitsWithBasehead({
        owner: repository.owner,
        repo: repository.repo,
        basehead: `${base}...${head}`,
      });
      return data.commits
        .map(c => ({
          sha: c.sha,
          message: c.commit.message,
          author: c.author?.login ?? c.commit.author?.name ?? undefined,
          date: c.commit.author?.date ?? c.commit.committer?.date ?? undefined,
          url: c.html_url,
        }))
        .reverse();
    } catch (error) {
      throw GitHubWriteError.from(
        error,
        `compare ${base.slice(0, 7)}...${head.slice(0, 7)} of ${describe(
          repository,
        )}`,
      );
    }
  }

  /**
   * Commits a change to one file: read, change, write with the sha read.
   * Nothing is committed when the change leaves the file as it is.
   */
  async commitFile(request: CommitFileRequest): Promise<CommitFileResult> {
    const { repository, path, message } = request;
    const branch =
      request.branch ?? (await this.defaultBranch(request.repository));
    const octokit = await this.octokit(repository);
    for (let attempt = 1; ; attempt++) {
      const current = await this.readFile(repository, path, branch);
      const next = await request.change(current?.content);
      if (current && next === current.content) {
        return { committed: false, branch };
      }
      try {
        const { data } = await octokit.repos.createOrUpdateFileContents({
          owner: repository.owner,
          repo: repository.repo,
          path,
          branch,
          message,
          content: Buffer.from(next, 'utf8').toString('base64'),
          ...(current && { sha: current.sha }),
        });
        return {
          committed: true,
          branch,
          commitSha: data.commit.sha,
          commitUrl: data.commit.html_url,
        };
      } catch (error) {
        const status = (error as { status?: number }).status;
        // 409: the file moved since we read it; 422: it was created (no
        // sha given) or deleted meanwhile. Read again and redo the change once.
        if ((status === 409 || status === 422) && attempt === 1) {
          continue;
        }
        const failure = GitHubWriteError.from(
          error,
          `commit ${path} to ${branch} of ${describe(repository)}`,
        );
        if (status === 422 && attempt > 1) {
          throw new GitHubWriteError('conflict', failure.message, status);
        }
        throw failure;
      }
    }
  }

  private async assertBranch(
    octokit: Octokit,
    repository: GitHubRepository,
    branch: string,
  ): Promise<void> {
    try {
      await octokit.repos.getBranch({
        owner: repository.owner,
        repo: repository.repo,
        branch,
      });
    } catch (error) {
      throw GitHubWriteError.from(
        error,
        `find the branch ${branch} of ${describe(repository)}`,
      );
    }
  }

  private octokit(repository: GitHubRepository): Promise<Octokit> {
    return this.octokits.forRepository(repository);
  }
}

function describe(repository: GitHubRepository): string {
  return `${repository.host}/${repository.owner}/${repository.repo}`;
}
