import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request, Response } from 'express';
import {
  Account,
  Repository,
  RepositoryError,
  RepositoryStore,
} from './RepositoryStore';
import type { GithubUrls } from './representations';

function git(
  dir: string,
  args: string[],
  options: { input?: Buffer; env?: Record<string, string> } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-C', dir, ...args], {
      env: { ...process.env, ...options.env },
      stdio: [options.input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', d => out.push(d));
    child.stderr!.on('data', d => err.push(d));
    child.on('error', reject);
    child.on('close', code =>
      code === 0
        ? resolve(Buffer.concat(out).toString('utf8').trim())
        : reject(new Error(Buffer.concat(err).toString('utf8').trim())),
    );
    if (options.input) {
      // git may exit before reading everything (and then says why on stderr).
      child.stdin!.on('error', () => {});
      child.stdin!.end(options.input);
    }
  });
}

/**
 * `PUT /repos/{owner}/{repo}/contents/{path}`: creates or updates one file
 * with a commit on a branch, as GitHub does: the blob `sha` the client read
 * must be given for an existing file (422 without it, 409 when the file
 * changed since), a branch whose protection requires pull requests refuses
 * the write (409) unless the caller may bypass it, and the branch moves only
 * if nobody pushed meanwhile.
 */
/**
 * Whether GitHub lets the caller write past required reviews: an admin of
 * the repository when admins are not enforced (the token's user owns the
 * organisation, so it is one), or an actor of bypass_pull_request_allowances.
 */
export function bypassesReviews(
  protection: Record<string, any>,
  viewer: Account,
): boolean {
  const enforceAdmins = protection.enforce_admins;
  const enforced =
    typeof enforceAdmins === 'object' && enforceAdmins !== null
      ? !!enforceAdmins.enabled
      : !!enforceAdmins;
  if (!enforced) return true;
  const users: unknown[] =
    protection.required_pull_request_reviews?.bypass_pull_request_allowances
      ?.users ?? [];
  return users.some(
    user =>
      String(
        typeof user === 'object' && user ? (user as any).login : user,
      ).toLowerCase() === viewer.login.toLowerCase(),
  );
}

export function createContentsWriteHandler(options: {
  store: RepositoryStore;
  urls: GithubUrls;
  viewer: Account;
}) {
  const { store, urls, viewer } = options;
  return async (req: Request, res: Response) => {
    const repo = store.get(req.params[0], req.params[1]);
    if (!repo) throw new RepositoryError(404, 'Not Found');
    const path = String(req.params[2] ?? '').replace(/^\/+|\/+$/g, '');
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!path || typeof body.message !== 'string' || !body.message) {
      throw new RepositoryError(
        422,
        'Invalid request.\n\n"message" wasn\'t supplied.',
      );
    }
    if (typeof body.content !== 'string') {
      throw new RepositoryError(
        422,
        'Invalid request.\n\n"content" wasn\'t supplied.',
      );
    }
    const branch =
      typeof body.branch === 'string' ? body.branch : repo.defaultBranch;
    const parent = await repo.git.resolveCommit(`refs/heads/${branch}`);
    // An empty repository gets its first commit this way, as on GitHub.
    if (!parent && (await repo.git.branches()).length > 0) {
      throw new RepositoryError(404, `Branch ${branch} not found`);
    }
    const protection = repo.protection.get(branch);
    if (
      protection?.required_pull_request_reviews &&
      !bypassesReviews(protection, viewer)
    ) {
      throw new RepositoryError(
        409,
        'Changes must be made through a pull request.',
      );
    }
    const existing = parent && (await repo.git.entryAt(parent, path));
    if (existing === 'tree') {
      throw new RepositoryError(422, `${path} is a directory`);
    }
    if (existing && body.sha === undefined) {
      throw new RepositoryError(
        422,
        'Invalid request.\n\n"sha" wasn\'t supplied.',
      );
    }
    if (existing && body.sha !== existing.sha) {
      throw new RepositoryError(409, `${path} does not match ${body.sha}`);
    }
    const commit = await writeCommit(repo, {
      parent,
      branch,
      path,
      content: Buffer.from(body.content, 'base64'),
      message: body.message,
      author: viewer.login,
    });
    await store.pushed(repo);
    const fullName = `${repo.owner.login}/${repo.name}`;
    res.status(existing ? 200 : 201).json({
      content: {
        name: path.split('/').pop(),
        path,
        sha: commit.blob,
        url: `${urls.api}/repos/${fullName}/contents/${path}?ref=${branch}`,
        html_url: `${urls.web}/${fullName}/blob/${branch}/${path}`,
        type: 'file',
      },
      commit: {
        sha: commit.sha,
        url: `${urls.api}/repos/${fullName}/git/commits/${commit.sha}`,
        html_url: `${urls.web}/${fullName}/commit/${commit.sha}`,
        message: body.message,
        parents: parent ? [{ sha: parent }] : [],
      },
    });
  };
}

async function writeCommit(
  repo: Repository,
  change: {
    parent: string | undefined;
    branch: string;
    path: string;
    content: Buffer;
    message: string;
    author: string;
  },
): Promise<{ sha: string; blob: string }> {
  const dir = repo.git.dir;
  const blob = await git(dir, ['hash-object', '-w', '--stdin'], {
    input: change.content,
  });
  // A throw-away index: the bare repository has no work tree to stage in.
  const indexDir = await mkdtemp(join(tmpdir(), 'github-index-'));
  try {
    const env = { GIT_INDEX_FILE: join(indexDir, 'index') };
    await git(
      dir,
      change.parent ? ['read-tree', change.parent] : ['read-tree', '--empty'],
      { env },
    );
    await git(
      dir,
      ['update-index', '--add', '--cacheinfo', `100644,${blob},${change.path}`],
      { env },
    );
    const tree = await git(dir, ['write-tree'], { env });
    const email = `${change.author}@users.noreply.github.com`;
    const sha = await git(
      dir,
      [
        'commit-tree',
        tree,
        ...(change.parent ? ['-p', change.parent] : []),
        '-F',
        '-',
      ],
      {
        input: Buffer.from(change.message),
        env: {
          GIT_AUTHOR_NAME: change.author,
          GIT_AUTHOR_EMAIL: email,
          GIT_COMMITTER_NAME: 'GitHub',
          GIT_COMMITTER_EMAIL: 'noreply@github.com',
        },
      },
    );
    try {
      // Compare-and-set: fails if the branch moved since it was read.
      await git(dir, [
        'update-ref',
        `refs/heads/${change.branch}`,
        sha,
        // The empty old value: the branch must not exist yet.
        change.parent ?? '0'.repeat(40),
      ]);
    } catch {
      throw new RepositoryError(409, `${change.path} does not match`);
    }
    return { sha, blob };
  } finally {
    await rm(indexDir, { recursive: true, force: true });
  }
}
