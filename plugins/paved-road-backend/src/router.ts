import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { DriftService } from './service/DriftService';
import type { UpgradeService } from './service/UpgradeService';

const entityParams = z.object({
  kind: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/i, 'not a kind'),
  namespace: z.string().regex(/^[a-z0-9][a-z0-9-.]{0,62}$/i, 'not a namespace'),
  name: z.string().regex(/^[a-z0-9][a-z0-9-_.]{0,252}$/i, 'not a name'),
});
const listQuery = z
  .object({ owner: z.string().trim().min(1).max(255).optional() })
  .strict();
const bulkBody = z
  .object({
    entityRefs: z
      .array(z.string().regex(/^[a-z0-9-]+:[a-z0-9-.]+\/[a-z0-9-_.]+$/i))
      .min(1)
      .max(100),
  })
  .strict();

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

/** The Paved road REST API: handlers validate and delegate. */
export function createRouter(options: {
  httpAuth: HttpAuthService;
  drift: DriftService;
  upgrades: UpgradeService;
}): express.Router {
  const { httpAuth, drift, upgrades } = options;
  const router = Router();
  router.use(express.json());

  const entityRefOf = (req: express.Request) =>
    stringifyEntityRef(parse(entityParams, req.params, 'entity'));

  router.get('/services', async (req, res) => {
    const { owner } = parse(listQuery, req.query, 'query');
    const credentials = await httpAuth.credentials(req);
    res.json({ items: await drift.list(credentials, { owner }) });
  });

  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const entity = await drift.entity(entityRefOf(req), credentials);
    res.json(await drift.drift(entity));
  });

  router.post('/entities/:kind/:namespace/:name/upgrade', async (req, res) => {
    const entityRef = entityRefOf(req);
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await upgrades.upgrade(entityRef, { credentials, request: req }));
  });

  router.post(
    '/entities/:kind/:namespace/:name/upgrade/merge',
    async (req, res) => {
      const entityRef = entityRefOf(req);
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      res.json(await upgrades.merge(entityRef, { credentials, request: req }));
    },
  );

  router.post('/upgrades', async (req, res) => {
    const { entityRefs } = parse(bulkBody, req.body, 'body');
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(
      await upgrades.upgradeMany(entityRefs, { credentials, request: req }),
    );
  });

  return router;
}
