import type express from 'express';
import type { Request, Response } from 'express';
import {
  Repository,
  RepositoryError,
  type RepositoryStore,
} from './RepositoryStore';

type Handler = (req: Request, res: Response) => Promise<void>;

/** Hands what an async route throws to the router's error handler. */
export function passErrors(fn: Handler): express.RequestHandler {
  return (req, res, next) => {
    fn(req, res).catch(next);
  };
}

/** The repository of the route's `:owner/:repo`, or GitHub's 404. */
export function repositoryOf(store: RepositoryStore, req: Request): Repository {
  const repo = store.get(req.params.owner, req.params.repo);
  if (!repo) throw new RepositoryError(404, 'Not Found');
  return repo;
}
