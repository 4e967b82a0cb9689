import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { ACTIVITY_RESULTS } from '@internal/plugin-activity-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { MAX_PAGE_SIZE } from './database/ActivityStore';
import { ActivityReader } from './service/ActivityReader';
import { toCsv } from './service/toCsv';

/** The most rows one CSV export holds. */
export const MAX_EXPORT_ROWS = 10_000;

const page = {
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
};
const pageQuery = z.object(page).strict();

const isoTime = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO-8601 time' })
  .transform(t => new Date(t).toISOString());

const filters = {
  actor: z.string().trim().min(1).max(255).optional(),
  entityRef: z.string().trim().min(1).max(255).optional(),
  plugin: z.string().trim().min(1).max(64).optional(),
  action: z.string().trim().min(1).max(128).optional(),
  result: z.enum(ACTIVITY_RESULTS as [string, ...string[]]).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
};
const searchQuery = z.object({ ...filters, ...page }).strict();
const exportQuery = z.object(filters).strict();

const entityParams = z.object({
  kind: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/i, 'not a kind'),
  namespace: z.string().regex(/^[a-z0-9][a-z0-9-.]{0,62}$/i, 'not a namespace'),
  name: z.string().regex(/^[a-z0-9][a-z0-9-_.]{0,252}$/i, 'not a name'),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    throw new InputError(
      `Invalid ${what}: ${result.error.issues
        .map(i => `${i.path.join('.') || what}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return result.data;
}

/**
 * The activity REST API. Handlers only validate and delegate; who may read
 * what is the reader's.
 */
export function createRouter(options: {
  httpAuth: HttpAuthService;
  reader: ActivityReader;
}): express.Router {
  const { httpAuth, reader } = options;
  const router = Router();
  const credentials = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user'] });

  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    const { kind, namespace, name } = parse(entityParams, req.params, 'entity');
    const query = parse(pageQuery, req.query, 'query');
    res.json(
      await reader.forEntity(
        `${kind}:${namespace}/${name}`,
        await credentials(req),
        query,
      ),
    );
  });

  router.get('/teams', async (req, res) => {
    const query = parse(pageQuery, req.query, 'query');
    res.json(await reader.forTeams(await credentials(req), query));
  });

  router.get('/events', async (req, res) => {
    const query = parse(searchQuery, req.query, 'query');
    res.json(await reader.search(query as any, await credentials(req)));
  });

  router.get('/events/export.csv', async (req, res) => {
    const query = parse(exportQuery, req.query, 'query');
    const creds = await credentials(req);
    const events = [];
    for (let offset = 0; offset < MAX_EXPORT_ROWS; ) {
      const chunk = await reader.search(
        { ...(query as any), offset, limit: MAX_PAGE_SIZE },
        creds,
      );
      events.push(...chunk.events);
      offset += chunk.events.length;
      if (chunk.events.length < MAX_PAGE_SIZE) break;
    }
    res
      .status(200)
      .type('text/csv')
      .set('content-disposition', 'attachment; filename="activity.csv"')
      .send(toCsv(events.slice(0, MAX_EXPORT_ROWS)));
  });

  router.get('/facets', async (req, res) => {
    res.json(await reader.facets(await credentials(req)));
  });

  return router;
}
