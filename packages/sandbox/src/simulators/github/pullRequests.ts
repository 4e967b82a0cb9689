import express, { Request, Router } from 'express';
import {
  Account,
  PullRequest,
  Repository,
  RepositoryError,
  RepositoryStore,
} from './RepositoryStore';
import { bypassesReviews } from './contentsWrite';
import { accountJson, GithubUrls, repositoryJson } from './representations';
import { passErrors, repositoryOf } from './routing';

const ZERO = '0'.repeat(40);
const BRANCH = /^[\w./-]+$/;

function mergeableState(mergeable: boolean | null, blocked: boolean) {
  if (mergeable === null) return 'unknown';
  if (!mergeable) return 'dirty';
  return blocked ? 'blocked' : 'clean';
}

function validationFailed(errors: object[]): RepositoryError {
  return new RepositoryError(422, 'Validation Failed', errors);
}

/** `head` as GitHub takes it: `branch` or `owner:branch` (no forks here). */
function headBranch(repo: Repository, head: string): string | undefined {
  const colon = head.indexOf(':');
  if (colon < 0) return head;
  return head.slice(0, colon).toLowerCase() === repo.owner.login.toLowerCase()
    ? head.slice(colon + 1)
    : undefined;
}

/**
 * The pull requests of GitHub's REST API, with real merges on the bare
 * repositories: `POST|GET /repos/{o}/{r}/pulls`, `GET|PATCH .../pulls/{n}`,
 * `GET|PUT .../pulls/{n}/merge`, and the refs a client makes its branch
 * with (`POST .../git/refs`, `PATCH|DELETE .../git/refs/heads/{branch}`).
 * Validation errors, mergeability and the merge's 405/409 answers are
 * GitHub's (REST docs, "Pulls" and "Git references").
 */
export function createPullRequestRoutes(options: {
  store: RepositoryStore;
  urls: GithubUrls;
  viewer: Account;
}): Router {
  const { store, urls, viewer } = options;
  const router = Router();
  router.use(express.json({ limit: '10mb' }));

  const handle = passErrors;
  const repoOf = (req: Request) => repositoryOf(store, req);

  function pullOf(repo: Repository, number: string): PullRequest {
    const pull = repo.pulls?.find(p => String(p.number) === number);
    if (!pull) throw new RepositoryError(404, 'Not Found');
    return pull;
  }

  const branchSha = (repo: Repository, branch: string) =>
    BRANCH.test(branch) && !branch.startsWith('-')
      ? repo.git.resolveCommit(`refs/heads/${branch}`)
      : Promise.resolve(undefined);

  /** GitHub's `mergeable`: null while it cannot tell (a branch is gone), else whether the branches merge cleanly. */
  async function mergeability(
    repo: Repository,
    pull: PullRequest,
  ): Promise<{
    headSha?: string;
    baseSha?: string;
    mergeable: boolean | null;
    conflicts: string[];
  }> {
    const headSha = (await branchSha(repo, pull.head)) ?? pull.headSha;
    const baseSha = (await branchSha(repo, pull.base)) ?? pull.baseSha;
    if (pull.state === 'closed' || !headSha || !baseSha) {
      return { headSha, baseSha, mergeable: null, conflicts: [] };
    }
    const merged = await repo.git.mergeTree(baseSha, headSha);
    return 'tree' in merged
      ? { headSha, baseSha, mergeable: true, conflicts: [] }
      : { headSha, baseSha, mergeable: false, conflicts: merged.conflicts };
  }

  function blocked(repo: Repository, pull: PullRequest): boolean {
    const protection = repo.protection.get(pull.base);
    return (
      !!protection?.required_pull_request_reviews &&
      !bypassesReviews(protection, viewer)
    );
  }

  function branchJson(repo: Repository, ref: string, sha: string | undefined) {
    return {
      label: `${repo.owner.login}:${ref}`,
      ref,
      sha: sha ?? null,
      user: accountJson(repo.owner, urls),
      repo: repositoryJson(repo, urls),
    };
  }

  /** `pull-request-simple` (lists) or, with `full`, `pull-request` (get, create, update). */
  async function pullJson(repo: Repository, pull: PullRequest, full: boolean) {
    const fullName = `${repo.owner.login}/${repo.name}`;
    const api = `${urls.api}/repos/${fullName}`;
    const html = `${urls.web}/${fullName}/pull/${pull.number}`;
    const state = await mergeability(repo, pull);
    const user = store.account(pull.user) ?? viewer;
    const simple = {
      url: `${api}/pulls/${pull.number}`,
      id: repo.id * 10000 + pull.number,
      node_id: Buffer.from(`PullRequest:${repo.id}:${pull.number}`).toString(
        'base64',
      ),
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: `${api}/issues/${pull.number}`,
      commits_url: `${api}/pulls/${pull.number}/commits`,
      review_comments_url: `${api}/pulls/${pull.number}/comments`,
      review_comment_url: `${api}/pulls/comments{/number}`,
      comments_url: `${api}/issues/${pull.number}/comments`,
      statuses_url: `${api}/statuses/${state.headSha ?? ''}`,
      number: pull.number,
      state: pull.state,
      locked: false,
      title: pull.title,
      user: accountJson(user, urls),
      body: pull.body,
      labels: [],
      milestone: null,
      active_lock_reason: null,
      created_at: pull.createdAt.toISOString(),
      updated_at: pull.updatedAt.toISOString(),
      closed_at: pull.closedAt?.toISOString() ?? null,
      merged_at: pull.mergedAt?.toISOString() ?? null,
      merge_commit_sha: pull.mergeCommitSha ?? null,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: branchJson(repo, pull.head, state.headSha),
      base: branchJson(repo, pull.base, state.baseSha),
      _links: {
        self: { href: `${api}/pulls/${pull.number}` },
        html: { href: html },
        issue: { href: `${api}/issues/${pull.number}` },
        comments: { href: `${api}/issues/${pull.number}/comments` },
        review_comments: { href: `${api}/pulls/${pull.number}/comments` },
        review_comment: { href: `${api}/pulls/comments{/number}` },
        commits: { href: `${api}/pulls/${pull.number}/commits` },
        statuses: { href: `${api}/statuses/${state.headSha ?? ''}` },
      },
      author_association: 'MEMBER',
      auto_merge: null,
      draft: pull.draft,
    };
    if (!full) return simple;
    const commits =
      state.headSha && state.baseSha
        ? await repo.git.log(state.baseSha, state.headSha)
        : [];
    const files =
      state.headSha && state.baseSha && !pull.mergedAt
        ? await repo.git.diffStat(state.baseSha, state.headSha)
        : [];
    return {
      ...simple,
      merged: !!pull.mergedAt,
      mergeable: state.mergeable,
      rebaseable: state.mergeable,
      mergeable_state: mergeableState(state.mergeable, blocked(repo, pull)),
      merged_by: pull.mergedBy
        ? accountJson(store.account(pull.mergedBy) ?? viewer, urls)
        : null,
      comments: 0,
      review_comments: 0,
      maintainer_can_modify: false,
      commits: commits.length,
      additions: files.reduce((n, f) => n + f.additions, 0),
      deletions: files.reduce((n, f) => n + f.deletions, 0),
      changed_files: files.length,
    };
  }

  router.post(
    '/repos/:owner/:repo/pulls',
    handle(async (req, res) => {
      const repo = repoOf(req);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const missing = ['head', 'base'].filter(
        field => typeof body[field] !== 'string' || !body[field],
      );
      if (typeof body.title !== 'string' || !body.title) missing.push('title');
      if (missing.length > 0) {
        throw validationFailed(
          missing.map(field => ({
            resource: 'PullRequest',
            field,
            code: 'missing_field',
          })),
        );
      }
      const head = headBranch(repo, body.head as string);
      const base = body.base as string;
      const headSha = head && (await branchSha(repo, head));
      const baseSha = await branchSha(repo, base);
      const invalid = [
        ...(headSha ? [] : ['head']),
        ...(baseSha ? [] : ['base']),
      ];
      if (invalid.length > 0) {
        throw validationFailed(
          invalid.map(field => ({
            resource: 'PullRequest',
            field,
            code: 'invalid',
          })),
        );
      }
      if (
        repo.pulls?.some(
          p => p.state === 'open' && p.head === head && p.base === base,
        )
      ) {
        throw validationFailed([
          {
            resource: 'PullRequest',
            code: 'custom',
            message: `A pull request already exists for ${repo.owner.login}:${head}.`,
          },
        ]);
      }
      if (await repo.git.isAncestor(headSha!, baseSha!)) {
        throw validationFailed([
          {
            resource: 'PullRequest',
            code: 'custom',
            message: `No commits between ${base} and ${head}`,
          },
        ]);
      }
      repo.pulls ??= [];
      const now = new Date();
      const pull: PullRequest = {
        number: Math.max(0, ...repo.pulls.map(p => p.number)) + 1,
        title: body.title as string,
        body: typeof body.body === 'string' ? body.body : null,
        state: 'open',
        draft: body.draft === true,
        head: head!,
        base,
        user: viewer.login,
        createdAt: now,
        updatedAt: now,
      };
      repo.pulls.push(pull);
      res
        .status(201)
        .setHeader(
          'location',
          `${urls.api}/repos/${repo.owner.login}/${repo.name}/pulls/${pull.number}`,
        )
        .json(await pullJson(repo, pull, true));
    }),
  );

  router.get(
    '/repos/:owner/:repo/pulls',
    handle(async (req, res) => {
      const repo = repoOf(req);
      const state = String(req.query.state ?? 'open');
      if (!['open', 'closed', 'all'].includes(state)) {
        throw validationFailed([
          { resource: 'PullRequest', field: 'state', code: 'invalid' },
        ]);
      }
      const head =
        typeof req.query.head === 'string'
          ? headBranch(repo, req.query.head)
          : undefined;
      const base =
        typeof req.query.base === 'string' ? req.query.base : undefined;
      const direction = req.query.direction === 'asc' ? 1 : -1;
      const pulls = (repo.pulls ?? [])
        .filter(p => state === 'all' || p.state === state)
        // A head of another owner names no branch here: nothing matches.
        .filter(
          p =>
            typeof req.query.head !== 'string' ||
            (head !== undefined && p.head === head),
        )
        .filter(p => base === undefined || p.base === base)
        .sort((a, b) =>
          req.query.sort === 'updated'
            ? direction * (a.updatedAt.getTime() - b.updatedAt.getTime())
            : direction * (a.number - b.number),
        );
      const perPage = Math.min(Number(req.query.per_page) || 30, 100);
      const page = Math.max(Number(req.query.page) || 1, 1);
      res.json(
        await Promise.all(
          pulls
            .slice((page - 1) * perPage, page * perPage)
            .map(p => pullJson(repo, p, false)),
        ),
      );
    }),
  );

  router.get(
    '/repos/:owner/:repo/pulls/:number',
    handle(async (req, res) => {
      const repo = repoOf(req);
      res.json(await pullJson(repo, pullOf(repo, req.params.number), true));
    }),
  );

  router.patch(
    '/repos/:owner/:repo/pulls/:number',
    handle(async (req, res) => {
      const repo = repoOf(req);
      const pull = pullOf(repo, req.params.number);
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (
        body.state !== undefined &&
        !['open', 'closed'].includes(String(body.state))
      ) {
        throw validationFailed([
          { resource: 'PullRequest', field: 'state', code: 'invalid' },
        ]);
      }
      if (body.state === 'open' && pull.state === 'closed') {
        if (pull.mergedAt) {
          throw validationFailed([
            {
              resource: 'PullRequest',
              code: 'custom',
              message: 'state cannot be changed. The pull request is merged.',
            },
          ]);
        }
        if (!(await branchSha(repo, pull.head))) {
          throw validationFailed([
            {
              resource: 'PullRequest',
              code: 'custom',
              message: `state cannot be changed. The ${pull.head} branch has been deleted.`,
            },
          ]);
        }
      }
      if (
        typeof body.base === 'string' &&
        !(await branchSha(repo, body.base))
      ) {
        throw validationFailed([
          { resource: 'PullRequest', field: 'base', code: 'invalid' },
        ]);
      }
      if (typeof body.title === 'string' && body.title) pull.title = body.title;
      if (typeof body.body === 'string') pull.body = body.body;
      if (typeof body.base === 'string') pull.base = body.base;
      if (body.state === 'closed' && pull.state === 'open') {
        const state = await mergeability(repo, pull);
        Object.assign(pull, {
          state: 'closed',
          closedAt: new Date(),
          headSha: state.headSha,
          baseSha: state.baseSha,
        });
      } else if (body.state === 'open' && pull.state === 'closed') {
        Object.assign(pull, { state: 'open', closedAt: undefined });
      }
      pull.updatedAt = new Date();
      res.json(await pullJson(repo, pull, true));
    }),
  );

  router.get(
    '/repos/:owner/:repo/pulls/:number/merge',
    handle(async (req, res) => {
      const repo = repoOf(req);
      const pull = pullOf(repo, req.params.number);
      res.status(pull.mergedAt ? 204 : 404).end();
    }),
  );

  router.put(
    '/repos/:owner/:repo/pulls/:number/merge',
    handle(async (req, res) => {
      const repo = repoOf(req);
      const pull = pullOf(repo, req.params.number);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const method = String(body.merge_method ?? 'merge');
      if (!['merge', 'squash', 'rebase'].includes(method)) {
        throw validationFailed([
          { resource: 'PullRequest', field: 'merge_method', code: 'invalid' },
        ]);
      }
      const allowed = {
        merge: repo.settings.allow_merge_commit,
        squash: repo.settings.allow_squash_merge,
        rebase: repo.settings.allow_rebase_merge,
      }[method];
      if (allowed === false) {
        throw new RepositoryError(
          405,
          `${method[0].toUpperCase()}${method.slice(
            1,
          )} merges are not allowed on this repository.`,
        );
      }
      const state = await mergeability(repo, pull);
      if (pull.state !== 'open' || !state.mergeable) {
        throw new RepositoryError(405, 'Pull Request is not mergeable');
      }
      if (typeof body.sha === 'string' && body.sha !== state.headSha) {
        throw new RepositoryError(
          409,
          'Head branch was modified. Review and try the merge again.',
        );
      }
      if (blocked(repo, pull)) {
        throw new RepositoryError(
          405,
          'At least 1 approving review is required by reviewers with write access.',
        );
      }
      const merged = await repo.git.mergeTree(state.baseSha!, state.headSha!);
      if (!('tree' in merged)) {
        throw new RepositoryError(405, 'Pull Request is not mergeable');
      }
      // Rebase: the head's commits replayed onto the base, no merge commit.
      const rebased =
        method === 'rebase'
          ? await repo.git.rebase(
              state.baseSha!,
              state.baseSha!,
              state.headSha!,
            )
          : undefined;
      if (method === 'rebase' && !rebased) {
        throw new RepositoryError(405, "This branch can't be rebased");
      }
      const squash = method === 'squash';
      const defaultTitle = squash
        ? `${pull.title} (#${pull.number})`
        : `Merge pull request #${pull.number} from ${repo.owner.login}/${pull.head}`;
      const title =
        typeof body.commit_title === 'string' && body.commit_title
          ? body.commit_title
          : defaultTitle;
      const message =
        typeof body.commit_message === 'string'
          ? body.commit_message
          : (!squash && pull.title) || '';
      const sha =
        rebased ??
        (await repo.git.commitTree(
          merged.tree,
          method === 'squash'
            ? [state.baseSha!]
            : [state.baseSha!, state.headSha!],
          message ? `${title}\n\n${message}` : title,
          viewer.login,
        ));
      if (
        !(await repo.git.updateRef(
          `refs/heads/${pull.base}`,
          sha,
          state.baseSha,
        ))
      ) {
        throw new RepositoryError(
          409,
          'Base branch was modified. Review and try the merge again.',
        );
      }
      const now = new Date();
      Object.assign(pull, {
        state: 'closed',
        closedAt: now,
        mergedAt: now,
        updatedAt: now,
        mergedBy: viewer.login,
        mergeCommitSha: sha,
        headSha: state.headSha,
        baseSha: sha,
      });
      if (repo.settings.delete_branch_on_merge) {
        await repo.git.deleteRef(`refs/heads/${pull.head}`);
      }
      await store.pushed(repo);
      res.json({
        sha,
        merged: true,
        message: 'Pull Request successfully merged',
      });
    }),
  );

  const refJson = (repo: Repository, ref: string, sha: string) => {
    const api = `${urls.api}/repos/${repo.owner.login}/${repo.name}`;
    return {
      ref,
      node_id: Buffer.from(`Ref:${repo.id}:${ref}`).toString('base64'),
      url: `${api}/git/${ref}`,
      object: { sha, type: 'commit', url: `${api}/git/commits/${sha}` },
    };
  };

  router.post(
    '/repos/:owner/:repo/git/refs',
    handle(async (req, res) => {
      const repo = repoOf(req);
      const { ref, sha } = (req.body ?? {}) as Record<string, unknown>;
      if (
        typeof ref !== 'string' ||
        !/^refs\/(heads|tags)\/[\w./-]+$/.test(ref) ||
        ref.split('/').length < 3
      ) {
        throw new RepositoryError(
          422,
          `${String(ref)} is not a valid ref name.`,
        );
      }
      const commit =
        typeof sha === 'string' && /^[0-9a-f]{40}$/.test(sha)
          ? await repo.git.resolveCommit(sha)
          : undefined;
      if (!commit) throw new RepositoryError(422, 'Object does not exist');
      if (!(await repo.git.updateRef(ref, commit, ZERO))) {
        throw new RepositoryError(422, 'Reference already exists');
      }
      await store.pushed(repo);
      res.status(201).json(refJson(repo, ref, commit));
    }),
  );

  router.patch(
    /^\/repos\/([^/]+)\/([^/]+)\/git\/refs\/(.+)$/,
    handle(async (req, res) => {
      const repo = store.get(req.params[0], req.params[1]);
      if (!repo) throw new RepositoryError(404, 'Not Found');
      // Octokit sends `heads%2Fmain`; express hands the decoded capture.
      const ref = `refs/${req.params[2]}`;
      if (!/^refs\/heads\/[\w./-]+$/.test(ref)) {
        throw new RepositoryError(422, 'Reference does not exist');
      }
      const { sha, force } = (req.body ?? {}) as Record<string, unknown>;
      const current = await repo.git.resolveCommit(ref);
      if (!current) throw new RepositoryError(422, 'Reference does not exist');
      const commit =
        typeof sha === 'string' && /^[0-9a-f]{40}$/.test(sha)
          ? await repo.git.resolveCommit(sha)
          : undefined;
      if (!commit) throw new RepositoryError(422, 'Object does not exist');
      // A branch that needs reviews moves only through a pull request.
      const protection = repo.protection.get(ref.slice('refs/heads/'.length));
      if (
        protection?.required_pull_request_reviews &&
        !bypassesReviews(protection, viewer)
      ) {
        throw new RepositoryError(
          422,
          `Protected branch update failed for ${ref}.`,
        );
      }
      if (force !== true && !(await repo.git.isAncestor(current, commit))) {
        throw new RepositoryError(422, 'Update is not a fast forward');
      }
      if (!(await repo.git.updateRef(ref, commit, current))) {
        throw new RepositoryError(422, 'Reference cannot be updated');
      }
      await store.pushed(repo);
      res.json(refJson(repo, ref, commit));
    }),
  );

  router.delete(
    /^\/repos\/([^/]+)\/([^/]+)\/git\/refs\/(.+)$/,
    handle(async (req, res) => {
      const repo = store.get(req.params[0], req.params[1]);
      if (!repo) throw new RepositoryError(404, 'Not Found');
      // Octokit sends `heads%2Fmain`; express hands the decoded capture.
      const ref = `refs/${req.params[2]}`;
      if (!/^refs\/heads\/[\w./-]+$/.test(ref)) {
        throw new RepositoryError(422, 'Reference does not exist');
      }
      if (!(await repo.git.resolveCommit(ref))) {
        throw new RepositoryError(422, 'Reference does not exist');
      }
      await repo.git.deleteRef(ref);
      await store.pushed(repo);
      res.status(204).end();
    }),
  );

  return router;
}
