import type { TreeEntry } from './bareRepository';
import { Account, Repository } from './RepositoryStore';

/** Where the simulated GitHub Enterprise serves what. */
export interface GithubUrls {
  /** Web pages and git: `http://localhost:7010` (repos at `/<owner>/<repo>`). */
  web: string;
  /** REST API: `http://localhost:7010/github/api/v3`, as GHE's `/api/v3`. */
  api: string;
  /** Raw files: `http://localhost:7010/github/raw` (`/<owner>/<repo>/<ref>/<path>`). */
  raw: string;
}

export function accountJson(account: Account, urls: GithubUrls) {
  return {
    login: account.login,
    id: account.id,
    node_id: Buffer.from(`${account.type}:${account.id}`).toString('base64'),
    type: account.type,
    site_admin: false,
    url: `${urls.api}/${account.type === 'Organization' ? 'orgs' : 'users'}/${
      account.login
    }`,
    html_url: `${urls.web}/${account.login}`,
    repos_url: `${urls.api}/${
      account.type === 'Organization' ? 'orgs' : 'users'
    }/${account.login}/repos`,
  };
}

/** A repository as `GET /repos/{owner}/{repo}` answers it. */
export function repositoryJson(repo: Repository, urls: GithubUrls) {
  const fullName = `${repo.owner.login}/${repo.name}`;
  const api = `${urls.api}/repos/${fullName}`;
  const host = new URL(urls.web).host;
  const isPrivate =
    repo.settings.visibility !== undefined
      ? repo.settings.visibility !== 'public'
      : repo.settings.private !== false;
  return {
    id: repo.id,
    node_id: Buffer.from(`Repository:${repo.id}`).toString('base64'),
    name: repo.name,
    full_name: fullName,
    private: isPrivate,
    visibility: repo.settings.visibility ?? (isPrivate ? 'private' : 'public'),
    owner: accountJson(repo.owner, urls),
    html_url: `${urls.web}/${fullName}`,
    description: repo.settings.description ?? null,
    homepage: repo.settings.homepage ?? null,
    fork: false,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    trees_url: `${api}/git/trees{/sha}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    contents_url: `${api}/contents/{+path}`,
    branches_url: `${api}/branches{/branch}`,
    clone_url: `${urls.web}/${fullName}.git`,
    git_url: `git://${host}/${fullName}.git`,
    ssh_url: `git@${host}:${fullName}.git`,
    svn_url: `${urls.web}/${fullName}`,
    default_branch: repo.defaultBranch,
    // GitHub reports 0 until something was pushed; callers use it to tell
    // an empty repository.
    size: repo.pushedAt ? 1 : 0,
    topics: repo.topics,
    archived: false,
    disabled: false,
    has_issues: repo.settings.has_issues ?? true,
    has_projects: repo.settings.has_projects ?? true,
    has_wiki: repo.settings.has_wiki ?? true,
    allow_merge_commit: repo.settings.allow_merge_commit ?? true,
    allow_squash_merge: repo.settings.allow_squash_merge ?? true,
    allow_rebase_merge: repo.settings.allow_rebase_merge ?? true,
    allow_auto_merge: repo.settings.allow_auto_merge ?? false,
    allow_update_branch: repo.settings.allow_update_branch ?? false,
    delete_branch_on_merge: repo.settings.delete_branch_on_merge ?? false,
    created_at: repo.createdAt.toISOString(),
    updated_at: repo.updatedAt.toISOString(),
    pushed_at: (repo.pushedAt ?? repo.createdAt).toISOString(),
    permissions: {
      admin: true,
      maintain: true,
      push: true,
      triage: true,
      pull: true,
    },
  };
}

/** A Git tree as GitHub's `.../git/trees` answers it (`api`: the repository's API URL). */
export function treeJson(api: string, sha: string, entries: TreeEntry[]) {
  return {
    sha,
    url: `${api}/git/trees/${sha}`,
    tree: entries.map(e => ({
      path: e.path,
      mode: e.mode,
      type: e.type,
      sha: e.sha,
      ...(e.type === 'blob' ? { size: e.size } : {}),
      url: `${api}/git/${e.type === 'tree' ? 'trees' : 'blobs'}/${e.sha}`,
    })),
    truncated: false,
  };
}
