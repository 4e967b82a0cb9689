import { Request, Router } from 'express';
import { parseEntityRef } from '@backstage/catalog-model';
import { SimulatorFactory } from '../types';
import { createApiRoutes, sendGithubError } from './apiRoutes';
import { Account, RepositoryStore } from './RepositoryStore';
import { GithubUrls } from './representations';
import { createWebRoutes } from './webRoutes';

export interface GithubSimulatorOptions {
  /** Mount name of the API and raw files: `/github` by default. */
  name?: string;
  /** The token of the portal's GitHub integration. */
  token?: string;
  /** The account the token belongs to (a bot user). */
  tokenUser?: string;
  /** The organisation service repositories are created in. */
  organization?: string;
}

/** The token from `Authorization: token|Bearer <t>` or Basic auth (either half). */
function presentedTokens(req: Request): string[] {
  const header = req.headers.authorization ?? '';
  const [scheme, value = ''] = header.split(' ', 2);
  if (/^(token|bearer)$/i.test(scheme)) return [value.trim()];
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0
      ? [decoded]
      : [decoded.slice(0, colon), decoded.slice(colon + 1)];
  }
  return [];
}

/**
 * GitHub Enterprise Server, as much of it as Backstage uses: the REST API at
 * `/github/api/v3`, raw files at `/github/raw`, and, at the host root as GHE
 * serves them, repository pages and git smart HTTP backed by real bare
 * repositories (`git http-backend`). The organisation `acme` has a team per
 * group of the world and the world's users as members.
 */
export function githubSimulator(
  options: GithubSimulatorOptions = {},
): SimulatorFactory {
  const name = options.name ?? 'github';
  const token = options.token ?? 'sandbox-github-token';
  const organization = options.organization ?? 'acme';
  const tokenUser = options.tokenUser ?? 'backstage-bot';

  return {
    name,
    async create({ world, baseUrl, mountUrl, stateDir }) {
      const accounts = new Map<string, Account>();
      const add = (login: string, type: Account['type']) =>
        accounts.set(login.toLowerCase(), {
          login,
          id: accounts.size + 1,
          type,
        });
      add(organization, 'Organization');
      add(tokenUser, 'User');
      const teams = new Set<string>();
      for (const user of world.users()) {
        add(user.name, 'User');
        for (const group of user.groups) {
          teams.add(parseEntityRef(group).name);
        }
      }
      const viewer = accounts.get(tokenUser.toLowerCase())!;
      const store = new RepositoryStore(accounts, stateDir);
      await store.load();
      const urls: GithubUrls = {
        web: baseUrl,
        api: `${mountUrl}/api/v3`,
        raw: `${mountUrl}/raw`,
      };
      const authenticate = (req: Request) =>
        presentedTokens(req).includes(token) ? tokenUser : undefined;

      const router = Router();
      // Whatever a write changed (settings, topics, collaborators,
      // protection, ...) is saved once it has answered.
      router.use('/api/v3', (req, res, next) => {
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          res.once('finish', () => store.changed());
        }
        next();
      });
      router.use('/api/v3', (req, res, next) => {
        if (!req.headers.authorization) {
          sendGithubError(res, 401, 'Requires authentication');
          return;
        }
        if (!authenticate(req)) {
          sendGithubError(res, 401, 'Bad credentials');
          return;
        }
        next();
      });
      router.use('/api/v3', createApiRoutes({ store, urls, teams, viewer }));
      router.get(
        /^\/raw\/([^/]+)\/([^/]+)\/([^/]+)\/(.+)$/,
        (req, res, next) => {
          (async () => {
            if (!authenticate(req)) {
              res.status(404).type('text/plain').send('404: Not Found');
              return;
            }
            const [owner, repoName, ref, path] = [0, 1, 2, 3].map(
              i => req.params[i],
            );
            const repo = store.get(owner, repoName);
            const commit = await repo?.git.resolveCommit(ref);
            const entry = commit && (await repo!.git.entryAt(commit, path));
            if (!entry || entry === 'tree') {
              res.status(404).type('text/plain').send('404: Not Found');
              return;
            }
            res
              .type('text/plain')
              .setHeader('etag', `"${entry.sha}"`)
              .end(await repo!.git.readBlob(entry.sha));
          })().catch(next);
        },
      );
      router.use((_req, res) => sendGithubError(res, 404, 'Not Found'));

      return {
        handler: router,
        rootHandler: createWebRoutes({ store, authenticate }),
        reset: () => store.reset(),
        // The repositories stay where they are: the next start finds them.
        close: () => store.flush(),
      };
    },
  };
}
