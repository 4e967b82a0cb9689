import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonStateFile } from '../../state/JsonStateFile';
import { fromPlain, toPlain } from '../../state/plainJson';
import { BareRepository } from './bareRepository';

/** What a person or the token's bot account can own. */
export interface Account {
  login: string;
  id: number;
  type: 'User' | 'Organization';
}

/** The settings a repository is created or updated with (GitHub's field names). */
export interface RepositorySettings {
  description?: string | null;
  homepage?: string | null;
  private?: boolean;
  visibility?: 'public' | 'private' | 'internal';
  has_issues?: boolean;
  has_projects?: boolean;
  has_wiki?: boolean;
  allow_merge_commit?: boolean;
  allow_squash_merge?: boolean;
  allow_rebase_merge?: boolean;
  allow_auto_merge?: boolean;
  allow_update_branch?: boolean;
  delete_branch_on_merge?: boolean;
  squash_merge_commit_title?: string;
  squash_merge_commit_message?: string;
}

export interface Repository {
  id: number;
  owner: Account;
  name: string;
  settings: RepositorySettings;
  defaultBranch: string;
  topics: string[];
  /** login -> permission */
  collaborators: Map<string, string>;
  /** team slug -> permission */
  teams: Map<string, string>;
  /** branch -> the protection as it was PUT, plus `required_signatures`. */
  protection: Map<string, Record<string, unknown>>;
  createdAt: Date;
  updatedAt: Date;
  pushedAt?: Date;
  /** Its pull requests, by number (issues share the numbers on GitHub; here there are none). */
  pulls?: PullRequest[];
  git: BareRepository;
}

/** A pull request as the simulator keeps it; the branches live in git. */
export interface PullRequest {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  draft: boolean;
  /** The branch to merge (in the same repository: no forks here). */
  head: string;
  base: string;
  user: string;
  createdAt: Date;
  updatedAt: Date;
  closedAt?: Date;
  mergedAt?: Date;
  mergedBy?: string;
  mergeCommitSha?: string;
  /** The head commit when it was merged or closed (the branch may be deleted since). */
  headSha?: string;
  /** The base commit when it was merged or closed. */
  baseSha?: string;
}

export class RepositoryError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: object[],
  ) {
    super(message);
  }
}

// GitHub's rule for repository names (it replaces other characters with '-';
// the simulator refuses them instead, which is what a template should see).
const REPO_NAME = /^[A-Za-z0-9._-]{1,100}$/;

/** A repository as the state file holds it (its contents are on disk). */
type SavedRepository = Omit<Repository, 'owner' | 'git'> & { owner: string };

/**
 * The repositories of the simulated GitHub: metadata in memory, contents in
 * bare git repositories under one directory. With a `stateDir` both survive
 * a restart: the bare repositories live in `<stateDir>/repos` and the
 * metadata (owners, settings, topics, collaborators, teams, protection,
 * ids) in `<stateDir>/repositories.json`, saved after every change. Without
 * one, a temporary directory removed on reset.
 */
export class RepositoryStore {
  private repos = new Map<string, Repository>();
  private nextId = 1000;
  private rootDir?: Promise<string>;
  private readonly stateFile?: JsonStateFile<unknown>;

  constructor(
    private readonly accounts: Map<string, Account>,
    private readonly stateDir?: string,
  ) {
    this.stateFile = stateDir
      ? new JsonStateFile(join(stateDir, 'repositories.json'))
      : undefined;
  }

  /** `<root>/<owner>/<repo>.git` is where git http-backend finds a repository. */
  root(): Promise<string> {
    this.rootDir ??= this.stateDir
      ? mkdir(join(this.stateDir, 'repos'), { recursive: true }).then(() =>
          join(this.stateDir!, 'repos'),
        )
      : mkdtemp(join(tmpdir(), 'sandbox-github-'));
    return this.rootDir;
  }

  /**
   * Takes back what the state file saved. A repository whose bare
   * repository is gone from disk is dropped; an owner the simulator no
   * longer knows keeps the account it was saved with.
   */
  async load(): Promise<void> {
    try {
      await this.restore();
    } catch (error) {
      // A state file that does not fit must not stop the sandbox.
      console.error(
        `github simulator: ignoring the saved repositories in ${this.stateFile?.file}`,
        error,
      );
      this.repos.clear();
    }
  }

  private async restore(): Promise<void> {
    const saved = fromPlain<
      { version: number; nextId: number; repos: SavedRepository[] } | undefined
    >(this.stateFile?.load());
    if (!saved || saved.version !== 1 || !Array.isArray(saved.repos)) {
      return;
    }
    const root = await this.root();
    for (const record of saved.repos) {
      const dir = join(root, record.owner, `${record.name}.git`);
      if (!existsSync(join(dir, 'HEAD'))) {
        continue;
      }
      const { owner: login, ...rest } = record;
      const owner = this.account(login) ?? {
        login,
        id: 0,
        type: 'User' as const,
      };
      this.repos.set(`${login}/${record.name}`.toLowerCase(), {
        ...rest,
        owner,
        git: new BareRepository(dir),
      });
    }
    this.nextId = Math.max(
      Number(saved.nextId) || 1000,
      ...[...this.repos.values()].map(r => r.id),
    );
  }

  /** Saves the metadata soon (after a change through the API or a push). */
  changed(): void {
    this.stateFile?.save(() =>
      toPlain({
        version: 1,
        nextId: this.nextId,
        repos: [...this.repos.values()].map(
          ({ git: _git, owner, ...rest }) => ({
            ...rest,
            owner: owner.login,
          }),
        ),
      }),
    );
  }

  /** Writes what is pending (on close); the repositories stay on disk. */
  flush(): void {
    this.stateFile?.flush();
  }

  account(login: string): Account | undefined {
    return this.accounts.get(login.toLowerCase());
  }

  get(owner: string, name: string): Repository | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  list(owner: string): Repository[] {
    return [...this.repos.values()].filter(
      r => r.owner.login.toLowerCase() === owner.toLowerCase(),
    );
  }

  async create(
    owner: Account,
    name: string,
    settings: RepositorySettings,
  ): Promise<Repository> {
    if (
      typeof name !== 'string' ||
      !REPO_NAME.test(name) ||
      /^\.+$/.test(name)
    ) {
      throw new RepositoryError(422, 'Repository creation failed.', [
        {
          resource: 'Repository',
          code: 'custom',
          field: 'name',
          message: 'name is invalid',
        },
      ]);
    }
    if (this.get(owner.login, name)) {
      throw new RepositoryError(422, 'Repository creation failed.', [
        {
          resource: 'Repository',
          code: 'custom',
          field: 'name',
          message: 'name already exists on this account',
        },
      ]);
    }
    const dir = join(await this.root(), owner.login, `${name}.git`);
    const now = new Date();
    const repo: Repository = {
      id: ++this.nextId,
      owner,
      name,
      settings: {
        has_issues: true,
        has_projects: true,
        has_wiki: true,
        ...settings,
      },
      defaultBranch: 'main',
      topics: [],
      collaborators: new Map(),
      teams: new Map(),
      protection: new Map(),
      createdAt: now,
      updatedAt: now,
      git: await BareRepository.init(dir, 'main'),
    };
    this.repos.set(`${owner.login}/${name}`.toLowerCase(), repo);
    this.changed();
    return repo;
  }

  async delete(repo: Repository): Promise<void> {
    this.repos.delete(`${repo.owner.login}/${repo.name}`.toLowerCase());
    this.changed();
    await rm(repo.git.dir, { recursive: true, force: true });
  }

  /** After a push: an empty repository's first branch becomes its default. */
  async pushed(repo: Repository): Promise<void> {
    repo.pushedAt = new Date();
    const branches = await repo.git.branches();
    if (
      branches.length > 0 &&
      !branches.some(b => b.name === repo.defaultBranch)
    ) {
      repo.defaultBranch = branches[0].name;
      await repo.git.setHead(repo.defaultBranch);
    }
    this.changed();
  }

  /** Forgets every repository, on disk too. */
  async reset(): Promise<void> {
    this.repos.clear();
    this.stateFile?.clear();
    if (this.rootDir) {
      const dir = await this.rootDir;
      this.rootDir = undefined;
      await rm(dir, { recursive: true, force: true });
    }
  }
}
