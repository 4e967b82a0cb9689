import type {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import {
  bindingBodySchema,
  decisionBodySchema,
  grantBodySchema,
  historyQuerySchema,
  parse,
  requestBodySchema,
  retryBodySchema,
  runIdSchema,
  workspaceParamsSchema,
} from './schemas';
import {
  CallContext,
  ProvisioningService,
} from './service/ProvisioningService';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  service: ProvisioningService;
}

/** Who the audit events and runs name: the user, or the calling service. */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? principal.subject ?? principal.type;
}

/**
 * The provisioning REST API. Handlers validate their input and delegate;
 * permission checks and audit events are the service's.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, service } = options;
  const router = Router();
  router.use(express.json({ limit: '100kb' }));

  const context = async (req: Request): Promise<CallContext> => {
    const credentials = await httpAuth.credentials(req);
    return { credentials, actor: actorOf(credentials), request: req };
  };

  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    const { history } = parse(historyQuerySchema, req.query, 'query');
    const { kind, namespace, name } = req.params;
    res.json(
      await service.getServiceProvisioning(
        `${kind}:${namespace}/${name}`,
        await context(req),
        history,
      ),
    );
  });

  // The runs waiting for an approval the caller may give.
  router.get('/decisions', async (req, res) => {
    res.json({ runs: await service.listRunsToDecide(await context(req)) });
  });

  router.get('/runs/:runId', async (req, res) => {
    const runId = parse(runIdSchema, req.params.runId, 'run id');
    res.json(await service.getRun(runId, await context(req)));
  });

  router.get('/runs/:runId/log', async (req, res) => {
    const runId = parse(runIdSchema, req.params.runId, 'run id');
    // The engine's errors are Backstage errors: the error handler answers
    // 404/409/503 for them, with their message.
    res.json({ entries: await service.getRunLog(runId, await context(req)) });
  });

  router.get('/variables', async (_req, res) => {
    res.json(service.describeVariables());
  });

  router.post('/grants', async (req, res) => {
    const body = parse(grantBodySchema, req.body, 'grant request');
    res.status(201).json(await service.issueGrant(body, await context(req)));
  });

  router.post('/requests', async (req, res) => {
    const body = parse(requestBodySchema, req.body, 'request');
    const result = await service.request(body, await context(req));
    res.status(result.created ? 201 : 200).json(result);
  });

  router.put('/workspaces/:engine/:workspaceName/binding', async (req, res) => {
    const { engine, workspaceName } = parse(
      workspaceParamsSchema,
      req.params,
      'workspace',
    );
    const body = parse(bindingBodySchema, req.body, 'binding');
    res.json(
      await service.bindWorkspace(
        engine,
        workspaceName,
        body,
        await context(req),
      ),
    );
  });

  router.post('/runs/:runId/approve', async (req, res) => {
    const runId = parse(runIdSchema, req.params.runId, 'run id');
    const { comment } = parse(decisionBodySchema, req.body, 'approval');
    res.json(await service.approve(runId, comment, await context(req)));
  });

  router.post('/runs/:runId/discard', async (req, res) => {
    const runId = parse(runIdSchema, req.params.runId, 'run id');
    const { comment } = parse(decisionBodySchema, req.body, 'discard');
    res.json(await service.discard(runId, comment, await context(req)));
  });

  router.post('/runs/:runId/retry', async (req, res) => {
    const runId = parse(runIdSchema, req.params.runId, 'run id');
    const { comment } = parse(retryBodySchema, req.body ?? {}, 'retry');
    res
      .status(201)
      .json(await service.retry(runId, comment, await context(req)));
  });

  return router;
}
