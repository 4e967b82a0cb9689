import { HttpAuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  HEALTH_STATUSES,
  MatrixQuery,
  ROLLOUT_ACTIONS,
} from '@internal/plugin-deployments-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { ApplicationCreator } from './service/ApplicationCreator';
import { BindingClaims } from './service/BindingClaims';
import { DeploymentActions } from './service/DeploymentActions';
import { DeploymentsJoin } from './service/DeploymentsJoin';
import { EntityDeployments } from './service/EntityDeployments';
import { MAX_PAGE_SIZE } from './service/queryMatrix';
import {
  MATRIX_ENCODINGS,
  MatrixBodies,
  MatrixEncoding,
} from './service/MatrixBodies';
import { PromotionService } from './service/promotion/PromotionService';
import { DoraService } from './service/dora/DoraService';
import { DORA_WINDOWS } from '@internal/plugin-deployments-common';

/** A query parameter given once, repeated, or comma-separated. */
const list = () =>
  z
    .union([z.string(), z.array(z.string())])
    .transform(v =>
      (Array.isArray(v) ? v : [v])
        .flatMap(s => s.split(','))
        .map(s => s.trim())
        .filter(Boolean),
    )
    .optional();

const HEALTH_FILTERS: readonly string[] = [...HEALTH_STATUSES, 'unavailable'];

export const matrixQuery = z
  .object({
    owner: list(),
    system: list(),
    environment: list(),
    health: list().refine(v => !v || v.every(h => HEALTH_FILTERS.includes(h)), {
      message: `must be among ${HEALTH_FILTERS.join(', ')}`,
    }),
    search: z.string().max(200).optional(),
    sort: z
      .enum(['name', 'owner', 'system', 'deployedAt', 'health'])
      .optional(),
    order: z.enum(['asc', 'desc']).optional(),
    offset: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
  })
  .strict();

export const rollbackBody = z
  .object({
    id: z.number().int().min(0),
    reason: z
      .string()
      .trim()
      .min(3, 'a reason is required (at least 3 characters)')
      .max(1000),
  })
  .strict();

export const previewBody = z.object({ id: z.number().int().min(0) }).strict();

export const actionBody = z
  .object({ reason: z.string().trim().max(1000).optional() })
  .strict();

export const promoteBody = z
  .object({
    reason: z
      .string()
      .trim()
      .min(3, 'a reason is required (at least 3 characters)')
      .max(1000),
    override: z
      .object({
        reason: z
          .string()
          .trim()
          .min(3, 'an override needs a reason (at least 3 characters)')
          .max(1000),
      })
      .strict()
      .optional(),
  })
  .strict();

const doraQuery = z
  .object({
    days: z.coerce
      .number()
      .int()
      .refine(d => (DORA_WINDOWS as readonly number[]).includes(d), {
        message: `must be one of ${DORA_WINDOWS.join(', ')}`,
      })
      .default(30),
  })
  .strict();

export const mergePromotionBody = promoteBody
  .extend({ number: z.number().int().min(1).optional() })
  .strict();

const promotionRequestBody = z
  .object({
    reason: z
      .string()
      .trim()
      .min(3, 'a reason is required (at least 3 characters)')
      .max(1000),
  })
  .strict();

export const environmentName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/i, 'not an environment name');

/** A full entity ref (kind:namespace/name), normalised. */
const fullEntityRef = z.string().transform((text, ctx) => {
  try {
    const ref = parseEntityRef(text);
    if (!text.includes(':') || !text.includes('/'))
      throw new Error('incomplete');
    return stringifyEntityRef(ref);
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: 'must be a full entity ref, kind:namespace/name',
    });
    return z.NEVER;
  }
});

const objectName = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/,
    'must be a Kubernetes object name',
  );

const manifest = (kind: 'Application' | 'AppProject') =>
  z
    .object({
      apiVersion: z.literal('argoproj.io/v1alpha1'),
      kind: z.literal(kind),
      metadata: z.object({ name: objectName }).passthrough(),
      spec: z.record(z.string(), z.unknown()),
    })
    .passthrough();

const createApplicationsBody = z
  .object({
    entityRef: fullEntityRef,
    project: manifest('AppProject').optional(),
    applications: z.array(manifest('Application')).min(1).max(50),
    upsert: z.boolean().optional(),
    dryRun: z.boolean().optional(),
    taskId: z.string().max(64).optional(),
  })
  .strict();

const claimBody = z
  .object({
    entityRef: fullEntityRef,
    applications: z.array(objectName).max(50),
    projects: z.array(objectName).max(10).optional(),
  })
  .strict()
  .refine(b => b.applications.length + (b.projects?.length ?? 0) > 0, {
    message: 'name at least one application or project',
  });

/** Parses input, or throws an InputError (400) naming each bad field; the actions share it. */
export function parse<T>(
  schema: z.ZodType<T>,
  value: unknown,
  what: string,
): T {
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
 * The deployments REST API. Handlers only validate and delegate; permission
 * checks, auditing and Argo CD calls live in the services.
 */
export function createRouter(options: {
  httpAuth: HttpAuthService;
  join: DeploymentsJoin;
  entities: EntityDeployments;
  actions: DeploymentActions;
  creator: ApplicationCreator;
  claims: BindingClaims;
  promotions: PromotionService;
  dora: DoraService;
}): express.Router {
  const {
    httpAuth,
    join,
    entities,
    actions,
    creator,
    claims,
    promotions,
    dora,
  } = options;
  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  const matrixBodies = new MatrixBodies();
  router.get('/matrix', async (req, res) => {
    const query = parse(matrixQuery, req.query, 'query') as MatrixQuery;
    const accepted = req.acceptsEncodings([...MATRIX_ENCODINGS, 'identity']);
    const encoding = (accepted || 'identity') as MatrixEncoding;
    const { body, etag } = await matrixBodies.response(join, query, encoding);
    // Already compressed (and kept so): the compression middleware leaves
    // a response with a Content-Encoding alone.
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('ETag', etag);
    if (encoding !== 'identity') res.setHeader('Content-Encoding', encoding);
    res.type('application/json').send(body);
  });

  const entityRef = (req: express.Request) =>
    stringifyEntityRef({
      kind: req.params.kind,
      namespace: req.params.namespace,
      name: req.params.name,
    });

  const entityPath = '/entities/:namespace/:kind/:name';

  router.get(entityPath, async (req, res) => {
    await httpAuth.credentials(req);
    res.json(await entities.get(entityRef(req)));
  });

  const envPath = `${entityPath}/environments/:environment`;
  const context = async (req: express.Request) => ({
    entityRef: entityRef(req),
    environment: parse(environmentName, req.params.environment, 'environment'),
    credentials: await httpAuth.credentials(req, { allow: ['user'] }),
    request: req,
  });

  router.post(`${envPath}/rollback/preview`, async (req, res) => {
    const { id } = parse(previewBody, req.body, 'body');
    res.json(await actions.previewRollback(await context(req), id));
  });

  router.post(`${envPath}/rollback`, async (req, res) => {
    const body = parse(rollbackBody, req.body, 'body');
    res.json(await actions.rollback(await context(req), body));
  });

  router.post(`${envPath}/rollout/:action`, async (req, res) => {
    const action = parse(z.enum(ROLLOUT_ACTIONS), req.params.action, 'action');
    const { reason } = parse(actionBody, req.body, 'body');
    res.json(await actions.rolloutAction(await context(req), action, reason));
  });

  // The promotion lane: environments in order, what runs, what would change.
  router.get(`${entityPath}/promotion`, async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json(await promotions.lane(entityRef(req), credentials));
  });

  // DORA metrics of a service, or of a team for a Group (its services).
  router.get(`${entityPath}/dora`, async (req, res) => {
    const { days } = parse(doraQuery, req.query, 'query');
    const credentials = await httpAuth.credentials(req);
    const ref = entityRef(req);
    res.json(
      req.params.kind.toLocaleLowerCase('en-US') === 'group'
        ? await dora.teamMetrics(ref, days, credentials)
        : await dora.serviceMetrics(ref, days, credentials),
    );
  });

  // The release timeline: each build and every environment it reached.
  router.get(`${entityPath}/releases`, async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json(await dora.timeline(entityRef(req), credentials));
  });

  router.post(`${envPath}/promotion/preview`, async (req, res) => {
    res.json(await promotions.preview(await context(req)));
  });

  router.post(`${envPath}/promotion`, async (req, res) => {
    const body = parse(promoteBody, req.body, 'body');
    res.json(await promotions.promote(await context(req), body));
  });

  // The production groups merge the open promotion pull request (gates again).
  router.post(`${envPath}/promotion/merge`, async (req, res) => {
    const body = parse(mergePromotionBody, req.body, 'body');
    res.json(await promotions.mergePromotion(await context(req), body));
  });

  // An owner who may not promote here asks those who may (notified).
  router.post(`${envPath}/promotion/request`, async (req, res) => {
    const { reason } = parse(promotionRequestBody, req.body, 'body');
    res.json(await promotions.requestPromotion(await context(req), { reason }));
  });

  router.post(`${envPath}/auto-sync/resume`, async (req, res) => {
    const { reason } = parse(actionBody, req.body, 'body');
    res.json(await actions.resumeAutoSync(await context(req), reason));
  });

  // The scaffolder's argocd:create-applications, on behalf of the task's user.
  router.post('/applications', async (req, res) => {
    const body = parse(createApplicationsBody, req.body, 'body');
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const result = await creator.create(body as any, {
      credentials,
      request: req,
    });
    res.status(body.dryRun ? 200 : 201).json(result);
  });

  router.post('/bindings/claim', async (req, res) => {
    const body = parse(claimBody, req.body, 'body');
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await claims.claim(body, { credentials, request: req }));
  });

  return router;
}
