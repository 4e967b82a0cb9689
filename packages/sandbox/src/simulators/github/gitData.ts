import express, { Request, Router } from 'express';
import { Account, Repository, RepositoryError } from './RepositoryStore';
import type { RepositoryStore } from './RepositoryStore';
import { treeJson, type GithubUrls } from './representations';
import { passErrors, repositoryOf } from './routing';

const SHA = /^[0-9a-f]{40}$/;
const MODES = new Set(['100644', '100755', '040000', '160000', '120000']);

function validationFailed(message: string): RepositoryError {
  return new RepositoryError(422, message);
}

/** A person of a commit as GitHub takes them: name and email, an optional ISO 8601 date. */
function personOf(
  value: unknown,
  what: string,
): { name: string; email: string; date?: string } | undefined {
  if (value === undefined) return undefined;
  const p = value as Record<string, unknown>;
  if (
    !p ||
    typeof p !== 'object' ||
    typeof p.name !== 'string' ||
    typeof p.email !== 'string' ||
    (p.date !== undefined &&
      (typeof p.date !== 'string' || Number.isNaN(Date.parse(p.date))))
  ) {
    throw validationFailed(`Invalid request.\n\n${what} is not a person.`);
  }
  return {
    name: p.name,
    email: p.email,
    ...(typeof p.date === 'string' ? { date: p.date } : {}),
  };
}

/**
 * GitHub's Git database API (REST docs, "Git blobs", "Git trees", "Git
 * commits"), writing into the bare repositories: `POST .../git/blobs`,
 * `POST .../git/trees` (with `base_tree`; an entry with `sha: null` deletes
 * its path), `POST .../git/commits` and `GET .../git/commits/{sha}`. With
 * the refs of pullRequests.ts a client writes many files in one commit.
 */
export function createGitDataRoutes(options: {
  store: RepositoryStore;
  urls: GithubUrls;
  viewer: Account;
}): Router {
  const { store, urls, viewer } = options;
  const router = Router();
  router.use(express.json({ limit: '50mb' }));

  const handle = passErrors;
  const repoOf = (req: Request) => repositoryOf(store, req);

  const apiOf = (repo: Repository) =>
    `${urls.api}/repos/${repo.owner.login}/${repo.name}`;

  router.post(
    '/repos/:owner/:repo/git/blobs',
    handle(async (req, res) => {
      const repo = repoOf(req);
      const { content, encoding = 'utf-8' } = (req.body ?? {}) as Record<
        string,
        unknown
      >;
      if (typeof content !== 'string') {
        throw validationFailed(
          'Invalid request.\n\n"content" wasn\'t supplied.',
        );
      }
      if (encoding !== 'utf-8' && encoding !== 'base64') {
        throw validationFailed(
          `Invalid request.\n\nencoding must be one of utf-8, base64.`,
        );
      }
      const sha = await repo.git.writeBlob(
        Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8'),
      );
      res.status(201).json({ sha, url: `${apiOf(repo)}/git/blobs/${sha}` });
    }),
  );

  router.post(
    '/repos/:owner/:repo/git/trees',
    handle(async (req, res) => {
      const repo = repoOf(req);
      const { tree, base_tree: baseTree } = (req.body ?? {}) as Record<
        string,
        unknown
      >;
      if (!Array.isArray(tree)) {
        throw validationFailed('Invalid request.\n\n"tree" wasn\'t supplied.');
      }
      if (baseTree !== undefined && typeof baseTree !== 'string') {
        throw validationFailed('Invalid request.\n\nbase_tree is not a SHA.');
      }
      // GitHub takes a commit's SHA as base_tree too (its tree).
      let base: string | undefined;
      if (typeof baseTree === 'string') {
        if (await repo.git.hasObject(baseTree, 'tree')) base = baseTree;
        else if (await repo.git.hasObject(baseTree, 'commit')) {
          base = (await repo.git.readCommit(baseTree)).tree;
        } else throw validationFailed('base_tree is not a valid tree');
      }
      const entries: Array<{ path: string; mode: string; sha: string | null }> =
        [];
      for (const raw of tree) {
        const entry = (raw ?? {}) as Record<string, unknown>;
        const { path, mode, type, sha, content } = entry;
        if (
          typeof path !== 'string' ||
          !path ||
          path.startsWith('/') ||
          path.endsWith('/') ||
          path.split('/').some(s => s === '' || s === '.' || s === '..')
        ) {
          throw validationFailed(
            `tree.path ${JSON.stringify(path)} is not a valid path`,
          );
        }
        if (typeof mode !== 'string' || !MODES.has(mode)) {
          throw validationFailed(
            `tree.mode ${JSON.stringify(
              mode,
            )} is not one of 100644, 100755, 040000, 160000, 120000`,
          );
        }
        if (
          type !== undefined &&
          !['blob', 'tree', 'commit'].includes(type as string)
        ) {
          throw validationFailed(
            `tree.type ${JSON.stringify(type)} is not valid`,
          );
        }
        if (sha === null) {
          entries.push({ path, mode, sha: null });
        } else if (typeof content === 'string') {
          if (sha !== undefined) {
            throw validationFailed(
              'Must supply either tree.sha or tree.content, not both',
            );
          }
          entries.push({
            path,
            mode,
            sha: await repo.git.writeBlob(Buffer.from(content, 'utf8')),
          });
        } else if (typeof sha === 'string' && SHA.test(sha)) {
          // Blobs only: a folder is written file by file.
          if (!(await repo.git.hasObject(sha, 'blob'))) {
            throw validationFailed(`tree.sha ${sha} is not a valid blob`);
          }
          entries.push({ path, mode, sha });
        } else {
          throw validationFailed('Must supply either tree.sha or tree.content');
        }
      }
      const sha = await repo.git.writeTree(base, entries);
      const api = apiOf(repo);
      const listed = await repo.git.listTree(sha, '', false);
      res.status(201).json(treeJson(api, sha, listed));
    }),
  );

  async function commitJson(repo: Repository, sha: string) {
    const commit = await repo.git.readCommit(sha);
    const api = apiOf(repo);
    return {
      sha,
      node_id: Buffer.from(`Commit:${repo.id}:${sha}`).toString('base64'),
      url: `${api}/git/commits/${sha}`,
      html_url: `${urls.web}/${repo.owner.login}/${repo.name}/commit/${sha}`,
      author: commit.author,
      committer: commit.committer,
      message: commit.message,
      tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
      parents: commit.parents.map(p => ({
        sha: p,
        url: `${api}/git/commits/${p}`,
        html_url: `${urls.web}/${repo.owner.login}/${repo.name}/commit/${p}`,
      })),
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
      },
    };
  }

  router.post(
    '/repos/:owner/:repo/git/commits',
    handle(async (req, res) => {
      const repo = repoOf(req);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const { message, tree, parents = [] } = body;
      if (typeof message !== 'string') {
        throw validationFailed(
          'Invalid request.\n\n"message" wasn\'t supplied.',
        );
      }
      if (
        typeof tree !== 'string' ||
        !(await repo.git.hasObject(tree, 'tree'))
      ) {
        throw validationFailed('Tree SHA does not exist');
      }
      if (!Array.isArray(parents)) {
        throw validationFailed('Invalid request.\n\nparents is not an array.');
      }
      for (const parent of parents) {
        if (
          typeof parent !== 'string' ||
          !(await repo.git.hasObject(parent, 'commit'))
        ) {
          throw validationFailed(
            'Parent SHA does not exist or is not a commit object',
          );
        }
      }
      // Without an author, GitHub records the authenticated user.
      const author = personOf(body.author, 'author') ?? {
        name: viewer.login,
        email: `${viewer.login}@users.noreply.github.com`,
      };
      const committer = personOf(body.committer, 'committer') ?? author;
      const sha = await repo.git.createCommit({
        tree,
        parents: parents as string[],
        message,
        author,
        committer,
      });
      res.status(201).json(await commitJson(repo, sha));
    }),
  );

  router.get(
    '/repos/:owner/:repo/git/commits/:sha',
    handle(async (req, res) => {
      const repo = repoOf(req);
      if (!(await repo.git.hasObject(req.params.sha, 'commit'))) {
        throw new RepositoryError(404, 'Not Found');
      }
      res.json(await commitJson(repo, req.params.sha));
    }),
  );

  return router;
}
