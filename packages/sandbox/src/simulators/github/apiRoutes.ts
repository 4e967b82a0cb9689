import express, { Request, Response, Router } from 'express';
import {
  Account,
  Repository,
  RepositoryError,
  RepositorySettings,
  RepositoryStore,
} from './RepositoryStore';
import { createContentsWriteHandler } from './contentsWrite';
import { createGitDataRoutes } from './gitData';
import { createPullRequestRoutes } from './pullRequests';
import {
  accountJson,
  GithubUrls,
  repositoryJson,
  treeJson,
} from './representations';
import { repositoryOf } from './routing';

const DOCS = 'https://docs.github.com/enterprise-server@3.14/rest';

/** GitHub's error body: `{ message, documentation_url[, errors] }`. */
export function sendGithubError(
  res: Response,
  status: number,
  message: string,
  errors?: object[],
): void {
  res.status(status).json({
    message,
    ...(errors ? { errors } : {}),
    documentation_url: DOCS,
    status: String(status),
  });
}

type Handler = (req: Request, res: Response) => Promise<void> | void;

function handle(fn: Handler): express.RequestHandler {
  return (req, res) => {
    Promise.resolve()
      .then(() => fn(req, res))
      .catch(error => {
        if (res.headersSent) return;
        if (error instanceof RepositoryError) {
          sendGithubError(res, error.status, error.message, error.errors);
        } else {
          sendGithubError(res, 500, String(error?.message ?? error));
        }
      });
  };
}

const SETTINGS_FIELDS: (keyof RepositorySettings)[] = [
  'description',
  'homepage',
  'private',
  'visibility',
  'has_issues',
  'has_projects',
  'has_wiki',
  'allow_merge_commit',
  'allow_squash_merge',
  'allow_rebase_merge',
  'allow_auto_merge',
  'allow_update_branch',
  'delete_branch_on_merge',
  'squash_merge_commit_title',
  'squash_merge_commit_message',
];

function settingsFrom(body: Record<string, unknown>): RepositorySettings {
  const settings: Record<string, unknown> = {};
  for (const field of SETTINGS_FIELDS) {
    if (body[field] !== undefined && body[field] !== null) {
      settings[field] = body[field];
    }
  }
  return settings as RepositorySettings;
}

const TOPIC = /^[a-z0-9][a-z0-9-]{0,49}$/;
const PERMISSIONS = ['pull', 'triage', 'push', 'maintain', 'admin'];

/**
 * The subset of GitHub's REST API (v3, as GitHub Enterprise Server serves it
 * under `/api/v3`) that Backstage's GitHub integration and `publish:github`
 * call: accounts, repositories, teams and collaborators, topics, branch
 * protection, contents, trees and blobs, refs, commit status and tarballs;
 * and pull requests (`pullRequests.ts`).
 */
export function createApiRoutes(options: {
  store: RepositoryStore;
  urls: GithubUrls;
  teams: Set<string>;
  /** The account the token belongs to. */
  viewer: Account;
}): Router {
  const { store, urls, teams, viewer } = options;
  const router = Router();
  router.use(express.json({ limit: '10mb' }));

  const repoOf = (req: Request) => repositoryOf(store, req);

  async function commitOf(repo: Repository, ref?: string): Promise<string> {
    const wanted = ref || repo.defaultBranch;
    const sha = await repo.git.resolveCommit(wanted);
    if (sha) return sha;
    if (!repo.pushedAt) {
      throw new RepositoryError(409, 'Git Repository is empty.');
    }
    throw new RepositoryError(404, `No commit found for the ref ${wanted}`);
  }

  router.get(
    '/user',
    handle((_req, res) => {
      res.json(accountJson(viewer, urls));
    }),
  );

  router.get(
    '/users/:username',
    handle((req, res) => {
      const account = store.account(req.params.username);
      if (!account) throw new RepositoryError(404, 'Not Found');
      res.json(accountJson(account, urls));
    }),
  );

  router.get(
    '/orgs/:org',
    handle((req, res) => {
      const account = store.account(req.params.org);
      if (account?.type !== 'Organization') {
        throw new RepositoryError(404, 'Not Found');
      }
      res.json(accountJson(account, urls));
    }),
  );

  const createRepo =
    (owner: () => (req: Request) => Account): Handler =>
    async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const repo = await store.create(
        owner()(req),
        body.name as string,
        settingsFrom(body),
      );
      res.status(201).json(repositoryJson(repo, urls));
    };

  router.post(
    '/orgs/:org/repos',
    handle(
      createRepo(() => req => {
        const account = store.account(req.params.org);
        if (account?.type !== 'Organization') {
          throw new RepositoryError(404, 'Not Found');
        }
        return account;
      }),
    ),
  );
  router.post('/user/repos', handle(createRepo(() => () => viewer)));

  router.get(
    '/orgs/:org/repos',
    handle((req, res) => {
      res.json(store.list(req.params.org).map(r => repositoryJson(r, urls)));
    }),
  );

  router.get(
    '/repos/:owner/:repo',
    handle((req, res) => {
      res.json(repositoryJson(repoOf(req), urls));
    }),
  );

  router.patch(
    '/repos/:owner/:repo',
    handle((req, res) => {
      const repo = repoOf(req);
      const body = (req.body ?? {}) as Record<string, unknown>;
      repo.settings = { ...repo.settings, ...settingsFrom(body) };
      if (typeof body.default_branch === 'string') {
        repo.defaultBranch = body.default_branch;
      }
      repo.updatedAt = new Date();
      res.json(repositoryJson(repo, urls));
    }),
  );

  router.delete(
    '/repos/:owner/:repo',
    handle(async (req, res) => {
      await store.delete(repoOf(req));
      res.status(204).end();
    }),
  );

  router.get(
    '/orgs/:org/teams/:team',
    handle((req, res) => {
      if (
        store.account(req.params.org)?.type !== 'Organization' ||
        !teams.has(req.params.team)
      ) {
        throw new RepositoryError(404, 'Not Found');
      }
      res.json({
        id: [...teams].indexOf(req.params.team) + 1,
        slug: req.params.team,
        name: req.params.team,
        privacy: 'closed',
        permission: 'pull',
        url: `${urls.api}/orgs/${req.params.org}/teams/${req.params.team}`,
      });
    }),
  );

  router.put(
    '/orgs/:org/teams/:team/repos/:owner/:repo',
    handle((req, res) => {
      const repo = repoOf(req);
      if (!teams.has(req.params.team)) {
        throw new RepositoryError(404, 'Not Found');
      }
      const permission = String(req.body?.permission ?? 'push');
      if (!PERMISSIONS.includes(permission)) {
        throw new RepositoryError(422, 'Validation Failed', [
          { resource: 'Team', field: 'permission', code: 'invalid' },
        ]);
      }
      repo.teams.set(req.params.team, permission);
      res.status(204).end();
    }),
  );

  router.put(
    '/repos/:owner/:repo/collaborators/:username',
    handle((req, res) => {
      const repo = repoOf(req);
      const user = store.account(req.params.username);
      if (user?.type !== 'User') throw new RepositoryError(404, 'Not Found');
      repo.collaborators.set(
        user.login,
        String(req.body?.permission ?? 'push'),
      );
      // GitHub answers 201 with an invitation; org members are added at once (204).
      res.status(204).end();
    }),
  );

  router.get(
    '/repos/:owner/:repo/collaborators',
    handle((req, res) => {
      const repo = repoOf(req);
      res.json(
        [...repo.collaborators].map(([login, permission]) => ({
          ...accountJson(store.account(login)!, urls),
          role_name: permission,
        })),
      );
    }),
  );

  router.get(
    '/repos/:owner/:repo/teams',
    handle((req, res) => {
      const repo = repoOf(req);
      res.json(
        [...repo.teams].map(([slug, permission]) => ({
          slug,
          name: slug,
          permission,
        })),
      );
    }),
  );

  router.get(
    '/repos/:owner/:repo/topics',
    handle((req, res) => {
      res.json({ names: repoOf(req).topics });
    }),
  );

  router.put(
    '/repos/:owner/:repo/topics',
    handle((req, res) => {
      const repo = repoOf(req);
      const names = req.body?.names;
      if (!Array.isArray(names)) {
        throw new RepositoryError(
          422,
          'Invalid request.\n\n"names" wasn\'t supplied.',
        );
      }
      const invalid = names.filter(
        n => typeof n !== 'string' || !TOPIC.test(n),
      );
      if (invalid.length > 0) {
        throw new RepositoryError(422, 'Validation Failed', [
          {
            resource: 'Repository',
            field: 'topics',
            code: 'invalid',
            message: `${invalid.join(', ')} is not a valid topic`,
          },
        ]);
      }
      repo.topics = [...new Set(names as string[])];
      res.json({ names: repo.topics });
    }),
  );

  router.get(
    '/repos/:owner/:repo/branches/:branch',
    handle(async (req, res) => {
      const repo = repoOf(req);
      const sha = (await repo.git.branches()).find(
        b => b.name === req.params.branch,
      )?.sha;
      if (!sha) throw new RepositoryError(404, 'Branch not found');
      res.json({
        name: req.params.branch,
        commit: {
          sha,
          url: `${urls.api}/repos/${repo.owner.login}/${repo.name}/commits/${sha}`,
        },
        protected: repo.protection.has(req.params.branch),
      });
    }),
  );

  router.put(
    '/repos/:owner/:repo/branches/:branch/protection',
    handle(async (req, res) => {
      const repo = repoOf(req);
      const branch = req.params.branch;
      if (!(await repo.git.branches()).some(b => b.name === branch)) {
        throw new RepositoryError(404, 'Branch not found');
      }
      const body = (req.body ?? {}) as Record<string, unknown>;
      // GitHub requires all four keys to be present (null allowed).
      const missing = [
        'required_status_checks',
        'enforce_admins',
        'required_pull_request_reviews',
        'restrictions',
      ].filter(key => !(key in body));
      if (missing.length > 0) {
        throw new RepositoryError(
          422,
          `Invalid request.\n\n${missing
            .map(key => `"${key}" wasn't supplied.`)
            .join('\n')}`,
        );
      }
      repo.protection.set(branch, { ...body });
      res.json({
        url: `${urls.api}/repos/${repo.owner.login}/${repo.name}/branches/${branch}/protection`,
        ...body,
        enforce_admins: { enabled: !!body.enforce_admins },
      });
    }),
  );

  router.get(
    '/repos/:owner/:repo/branches/:branch/protection',
    handle((req, res) => {
      const protection = repoOf(req).protection.get(req.params.branch);
      if (!protection) throw new RepositoryError(404, 'Branch not protected');
      res.json(protection);
    }),
  );

  router.post(
    '/repos/:owner/:repo/branches/:branch/protection/required_signatures',
    handle((req, res) => {
      const protection = repoOf(req).protection.get(req.params.branch);
      if (!protection) throw new RepositoryError(404, 'Branch not protected');
      protection.required_signatures = true;
      res.json({ enabled: true });
    }),
  );

  router.get(
    /^\/repos\/([^/]+)\/([^/]+)\/git\/ref\/(.+)$/,
    handle(async (req, res) => {
      const repo = store.get(req.params[0], req.params[1]);
      if (!repo) throw new RepositoryError(404, 'Not Found');
      if (!repo.pushedAt)
        throw new RepositoryError(409, 'Git Repository is empty.');
      const ref = req.params[2];
      const sha = ref.startsWith('heads/')
        ? (await repo.git.branches()).find(b => `heads/${b.name}` === ref)?.sha
        : undefined;
      if (!sha) throw new RepositoryError(404, 'Not Found');
      res.json({ ref: `refs/${ref}`, object: { sha, type: 'commit' } });
    }),
  );

  router.get(
    '/repos/:owner/:repo/commits/:ref/status',
    handle(async (req, res) => {
      const repo = repoOf(req);
      const sha = await commitOf(repo, req.params.ref);
      res.json({
        state: 'pending',
        sha,
        total_count: 0,
        statuses: [],
        repository: repositoryJson(repo, urls),
      });
    }),
  );

  router.get(
    '/repos/:owner/:repo/commits/:ref',
    handle(async (req, res) => {
      const repo = repoOf(req);
      const sha = await commitOf(repo, req.params.ref);
      res.json({
        sha,
        commit: {
          committer: { date: (await repo.git.commitDate(sha)).toISOString() },
        },
        html_url: `${urls.web}/${repo.owner.login}/${repo.name}/commit/${sha}`,
      });
    }),
  );

  // GitHub's compare API (`base...head`): the commits of head since the merge base.
  router.get(
    '/repos/:owner/:repo/compare/:basehead',
    handle(async (req, res) => {
      const repo = repoOf(req);
      const [baseRef, headRef] = req.params.basehead.split('...');
      if (!baseRef || !headRef) throw new RepositoryError(404, 'Not Found');
      const base = await commitOf(repo, baseRef);
      const head = await commitOf(repo, headRef);
      const ahead = await repo.git.log(base, head);
      const behind = await repo.git.log(head, base);
      const web = `${urls.web}/${repo.owner.login}/${repo.name}`;
      res.json({
        url: `${urls.api}/repos/${repo.owner.login}/${repo.name}/compare/${baseRef}...${headRef}`,
        html_url: `${web}/compare/${baseRef}...${headRef}`,
        status: compareStatus(ahead.length, behind.length),
        ahead_by: ahead.length,
        behind_by: behind.length,
        total_commits: ahead.length,
        commits: ahead.map(c => ({
          sha: c.sha,
          html_url: `${web}/commit/${c.sha}`,
          commit: {
            author: { name: c.name, email: c.email, date: c.date },
            committer: { name: c.name, email: c.email, date: c.committerDate },
            message: c.message,
          },
          author: null,
          committer: null,
          parents: [],
        })),
        files: [],
      });
    }),
  );

  router.get(
    '/repos/:owner/:repo/git/trees/:sha',
    handle(async (req, res) => {
      const repo = repoOf(req);
      // A tree's SHA, or (as GitHub takes it) a commit's or a branch.
      const commit = (await repo.git.hasObject(req.params.sha, 'tree'))
        ? req.params.sha
        : await commitOf(repo, req.params.sha);
      const api = `${urls.api}/repos/${repo.owner.login}/${repo.name}`;
      const entries = await repo.git.listTree(
        commit,
        '',
        req.query.recursive !== undefined,
      );
      res.json(treeJson(api, commit, entries));
    }),
  );

  router.get(
    '/repos/:owner/:repo/git/blobs/:sha',
    handle(async (req, res) => {
      const repo = repoOf(req);
      if (!/^[0-9a-f]{40}$/.test(req.params.sha)) {
        throw new RepositoryError(404, 'Not Found');
      }
      const content = await repo.git.readBlob(req.params.sha).catch(() => {
        throw new RepositoryError(404, 'Not Found');
      });
      res.json({
        sha: req.params.sha,
        size: content.length,
        content: content.toString('base64'),
        encoding: 'base64',
      });
    }),
  );

  router.get(
    '/repos/:owner/:repo/tarball/:ref?',
    handle(async (req, res) => {
      const repo = repoOf(req);
      const sha = await commitOf(repo, req.params.ref);
      // GitHub's archives hold one top-level folder, `<owner>-<repo>-<sha7>`.
      const prefix = `${repo.owner.login}-${repo.name}-${sha.slice(0, 7)}`;
      res.setHeader('content-type', 'application/x-gzip');
      res.setHeader(
        'content-disposition',
        `attachment; filename=${prefix}.tar.gz`,
      );
      repo.git.tarball(sha, prefix).pipe(res);
    }),
  );

  router.get(
    /^\/repos\/([^/]+)\/([^/]+)\/contents(?:\/(.*))?$/,
    handle(async (req, res) => {
      const repo = store.get(req.params[0], req.params[1]);
      if (!repo) throw new RepositoryError(404, 'Not Found');
      const path = (req.params[2] ?? '').replace(/\/+$/, '');
      const ref = typeof req.query.ref === 'string' ? req.query.ref : undefined;
      let commit: string;
      try {
        commit = await commitOf(repo, ref);
      } catch (error) {
        // An empty repository has no contents; GitHub says so with a 404.
        if (error instanceof RepositoryError && error.status === 409) {
          throw new RepositoryError(404, 'This repository is empty.');
        }
        throw error;
      }
      const entry = await repo.git.entryAt(commit, path);
      if (!entry) throw new RepositoryError(404, 'Not Found');
      const fullName = `${repo.owner.login}/${repo.name}`;
      const refName = ref ?? repo.defaultBranch;
      const describe = (
        e: { path: string; sha: string; size: number },
        type: string,
      ) => ({
        type,
        name: e.path.split('/').pop(),
        path: e.path,
        sha: e.sha,
        size: e.size,
        url: `${urls.api}/repos/${fullName}/contents/${e.path}?ref=${refName}`,
        html_url: `${urls.web}/${fullName}/${
          type === 'dir' ? 'tree' : 'blob'
        }/${refName}/${e.path}`,
        git_url: `${urls.api}/repos/${fullName}/git/${
          type === 'dir' ? 'trees' : 'blobs'
        }/${e.sha}`,
        download_url:
          type === 'file'
            ? `${urls.raw}/${fullName}/${refName}/${e.path}`
            : null,
      });
      if (entry === 'tree') {
        const entries = await repo.git.listTree(commit, path);
        res.json(
          entries.map(e => describe(e, e.type === 'tree' ? 'dir' : 'file')),
        );
        return;
      }
      const content = await repo.git.readBlob(entry.sha);
      res.setHeader('etag', `"${entry.sha}"`);
      if (req.headers['if-none-match'] === `"${entry.sha}"`) {
        res.status(304).end();
        return;
      }
      // Backstage's URL reader asks for the raw media type.
      if (
        /application\/vnd\.github(\.v3)?\.raw/.test(String(req.headers.accept))
      ) {
        res.setHeader(
          'content-type',
          'application/vnd.github.raw; charset=utf-8',
        );
        res.end(content);
        return;
      }
      res.json({
        ...describe(entry, 'file'),
        encoding: 'base64',
        content: content.toString('base64'),
      });
    }),
  );

  router.put(
    /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/,
    handle(createContentsWriteHandler({ store, urls, viewer })),
  );

  router.use(createPullRequestRoutes({ store, urls, viewer }));
  router.use(createGitDataRoutes({ store, urls, viewer }));

  router.use((_req, res) => sendGithubError(res, 404, 'Not Found'));
  router.use(
    (
      error: unknown,
      _req: Request,
      res: Response,
      _next: express.NextFunction,
    ) => {
      if (res.headersSent) return;
      if (error instanceof RepositoryError) {
        sendGithubError(res, error.status, error.message, error.errors);
      } else {
        sendGithubError(res, 500, String((error as Error)?.message ?? error));
      }
    },
  );
  return router;
}

/** GitHub's `status` of a comparison of two commits. */
function compareStatus(ahead: number, behind: number): string {
  if (ahead && behind) return 'diverged';
  if (ahead) return 'ahead';
  if (behind) return 'behind';
  return 'identical';
}
