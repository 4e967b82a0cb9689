import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  git: BareRepository;
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

/**
 * The repositories of the simulated GitHub: metadata in memory, contents in
 * bare git repositories under one temporary directory (removed on reset).
 */
export class RepositoryStore {
  private repos = new Map<string, Repository>();
  private nextId = 1000;
  private rootDir?: Promise<string>;

  constructor(private readonly accounts: Map<string, Account>) {}

  /** `<root>/<owner>/<repo>.git` is where git http-backend finds a repository. */
  root(): Promise<string> {
    this.rootDir ??= mkdtemp(join(tmpdir(), 'sandbox-github-'));
    return this.rootDir;
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
    return repo;
  }

  delete(repo: Repository): Promise<void> {
    this.repos.delete(`${repo.owner.login}/${repo.name}`.toLowerCase());
    return rm(repo.git.dir, { recursive: true, force: true });
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
    }
  }

  async reset(): Promise<void> {
    this.repos.clear();
    if (this.rootDir) {
      const dir = await this.rootDir;
      this.rootDir = undefined;
      await rm(dir, { recursive: true, force: true });
    }
  }
}
