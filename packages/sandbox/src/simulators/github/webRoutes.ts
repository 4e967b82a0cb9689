import { Request, Response, Router } from 'express';
import { runGitHttpBackend } from './gitHttpBackend';
import { Repository, RepositoryStore } from './RepositoryStore';

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(
    title,
  )}</title><style>body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem}pre{background:#f6f8fa;padding:1rem;overflow:auto}li{font-family:monospace}</style></head><body>${body}</body></html>`;
}

/**
 * What GitHub Enterprise serves at the host root: git smart HTTP at
 * `/<owner>/<repo>.git` and the pages of a repository
 * (`/<owner>/<repo>`, `/blob/<ref>/<path>`, `/tree/<ref>/<path>`), which
 * Backstage's links point at. Only owners the simulator knows are served;
 * anything else falls through to the rest of the sandbox.
 */
export function createWebRoutes(options: {
  store: RepositoryStore;
  /** Whether a request carries credentials valid for git. */
  authenticate(req: Request): string | undefined;
}): Router {
  const { store, authenticate } = options;
  const router = Router();

  async function git(
    req: Request,
    res: Response,
    next: () => void,
    service: string,
  ) {
    if (!store.account(req.params.owner)) {
      next();
      return;
    }
    const repo = store.get(
      req.params.owner,
      req.params.repo.replace(/\.git$/, ''),
    );
    if (!repo) {
      res.status(404).type('text/plain').send('Repository not found.\n');
      return;
    }
    const user = authenticate(req);
    if (!user) {
      // git retries with the credentials it has (or asks for them) after this.
      res
        .status(401)
        .setHeader('www-authenticate', 'Basic realm="GitHub"')
        .type('text/plain')
        .send('Authentication failed\n');
      return;
    }
    await runGitHttpBackend(req, res, {
      projectRoot: await store.root(),
      pathInfo: `/${repo.owner.login}/${repo.name}.git/${service}`,
      remoteUser: user,
    });
    if (service === 'git-receive-pack') {
      await store.pushed(repo);
    }
  }

  router.get('/:owner/:repo/info/refs', (req, res, next) =>
    git(req, res, next, 'info/refs').catch(next),
  );
  router.post('/:owner/:repo/git-upload-pack', (req, res, next) =>
    git(req, res, next, 'git-upload-pack').catch(next),
  );
  router.post('/:owner/:repo/git-receive-pack', (req, res, next) =>
    git(req, res, next, 'git-receive-pack').catch(next),
  );

  async function show(
    req: Request,
    res: Response,
    repo: Repository,
    ref: string,
    path: string,
  ) {
    const fullName = `${repo.owner.login}/${repo.name}`;
    const commit = await repo.git.resolveCommit(ref);
    const header = `<h1><a href="/${fullName}">${escapeHtml(
      fullName,
    )}</a></h1><p>${escapeHtml(repo.settings.description ?? '')}</p>`;
    if (!commit) {
      res.send(
        page(
          fullName,
          `${header}<p>This repository is empty.</p><pre>git clone ${escapeHtml(
            `${req.protocol}://${req.get('host')}/${fullName}.git`,
          )}</pre>`,
        ),
      );
      return;
    }
    const entry = await repo.git.entryAt(commit, path);
    if (!entry) {
      res
        .status(404)
        .send(
          page('Not Found', `${header}<p>Not found: ${escapeHtml(path)}</p>`),
        );
      return;
    }
    if (entry !== 'tree') {
      const content = (await repo.git.readBlob(entry.sha)).toString('utf8');
      res.send(
        page(
          `${path} · ${fullName}`,
          `${header}<h2>${escapeHtml(path)}</h2><pre>${escapeHtml(
            content,
          )}</pre>`,
        ),
      );
      return;
    }
    const entries = await repo.git.listTree(commit, path);
    const items = entries
      .map(
        e =>
          `<li><a href="/${fullName}/${
            e.type === 'tree' ? 'tree' : 'blob'
          }/${encodeURIComponent(ref)}/${e.path}">${escapeHtml(
            e.path.split('/').pop()!,
          )}${e.type === 'tree' ? '/' : ''}</a></li>`,
      )
      .join('');
    const readme = entries.find(e =>
      /^readme\.md$/i.test(e.path.split('/').pop()!),
    );
    const readmeText = readme
      ? `<h2>README</h2><pre>${escapeHtml(
          (await repo.git.readBlob(readme.sha)).toString('utf8'),
        )}</pre>`
      : '';
    res.send(
      page(
        fullName,
        `${header}<p>Branch <b>${escapeHtml(ref)}</b> at <code>${commit.slice(
          0,
          7,
        )}</code></p><ul>${items}</ul>${readmeText}`,
      ),
    );
  }

  // A commit's page (`html_url` of a commit): its message and patch.
  router.get('/:owner/:repo/commit/:sha', (req, res, next) => {
    const repo = store.get(req.params.owner, req.params.repo);
    if (!repo) {
      next();
      return;
    }
    (async () => {
      const fullName = `${repo.owner.login}/${repo.name}`;
      const sha = /^[0-9a-f]{4,40}$/.test(req.params.sha)
        ? await repo.git.resolveCommit(req.params.sha)
        : undefined;
      if (!sha) {
        res.status(404).send(page('Not Found', '<p>No such commit.</p>'));
        return;
      }
      res.send(
        page(
          `${sha.slice(0, 7)} · ${fullName}`,
          `<h1><a href="/${fullName}">${escapeHtml(
            fullName,
          )}</a></h1><h2>Commit <code>${sha}</code></h2><pre>${escapeHtml(
            await repo.git.show(sha),
          )}</pre>`,
        ),
      );
    })().catch(next);
  });

  router.get(
    /^\/([^/]+)\/([^/]+?)(?:\/(blob|tree)\/([^/]+)(?:\/(.*))?)?\/?$/,
    (req, res, next) => {
      const repo = store.get(req.params[0], req.params[1]);
      if (!repo) {
        next();
        return;
      }
      show(
        req,
        res,
        repo,
        req.params[3] ?? repo.defaultBranch,
        (req.params[4] ?? '').replace(/\/+$/, ''),
      ).catch(next);
    },
  );

  return router;
}
