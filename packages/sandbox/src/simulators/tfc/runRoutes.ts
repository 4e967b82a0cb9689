import type { IncludedResource, RunVariable } from '@internal/api-tfc';
import { Request, RequestHandler, Response, Router } from 'express';
import { TfcContext } from './context';
import { ActionResult } from './RunEngine';
import {
  paginate,
  sendDocument,
  sendErrors,
  sendInvalidAttribute,
  sendNotFound,
  sendTransitionNotAllowed,
} from './jsonApi';
import { typedRequestData } from './requestBody';
import { newId, RunRecord } from './TfcStore';

/** `include` values of GET /runs/:id in the spec; the ones not simulated are accepted and ignored. */
const RUN_INCLUDES = new Set([
  'plan',
  'apply',
  'created_by',
  'configuration_version',
  'configuration_version.ingress_attributes',
  'cost_estimate',
  'workspace',
  'task_stages',
  'tf_policy_evaluations',
]);

const ATTRIBUTE_TYPES = {
  message: 'string',
  'auto-apply': 'boolean',
  'is-destroy': 'boolean',
  'plan-only': 'boolean',
  'allow-empty-apply': 'boolean',
  refresh: 'boolean',
  'refresh-only': 'boolean',
  'save-plan': 'boolean',
  'debugging-mode': 'boolean',
  variables: 'array',
  'target-addrs': 'array',
  'replace-addrs': 'array',
} as const;

/** Runs, their actions, plans, applies and cost estimates. */
export function runRoutes(router: Router, ctx: TfcContext) {
  const { store, engine, documents, runListLimiter } = ctx;

  const runOf = (req: Request, res: Response): RunRecord | undefined => {
    const run = store.runs.get(req.params.runId);
    if (!run) {
      sendNotFound(res);
    }
    return run;
  };

  router.post('/runs', (req, res) => {
    const request = typedRequestData(req.body, ATTRIBUTE_TYPES, res);
    if (!request) {
      return;
    }
    const { data, attributes } = request;
    const relationships = (data.relationships ?? {}) as Record<string, any>;
    const workspaceId = relationships.workspace?.data?.id;
    if (typeof workspaceId !== 'string') {
      sendInvalidAttribute(
        res,
        '/data/relationships/workspace',
        'Workspace is required',
      );
      return;
    }
    const ws = store.workspaces.get(workspaceId);
    if (!ws) {
      sendNotFound(res);
      return;
    }
    if (ws.attributes['execution-mode'] === 'local') {
      sendInvalidAttribute(
        res,
        '/data/relationships/workspace',
        'Runs cannot be queued on a workspace in local execution mode',
      );
      return;
    }
    const cvId: unknown =
      relationships['configuration-version']?.data?.id ??
      ws.latestConfigurationVersionId;
    const cv =
      typeof cvId === 'string'
        ? store.configurationVersions.get(cvId)
        : undefined;
    if (!cv) {
      if (cvId === undefined) {
        sendInvalidAttribute(
          res,
          '/data/relationships/configuration-version',
          'The workspace has no configuration version to run',
        );
      } else {
        sendNotFound(res);
      }
      return;
    }
    if (cv.status !== 'uploaded') {
      sendInvalidAttribute(
        res,
        '/data/relationships/configuration-version',
        `Configuration version ${cv.id} is ${cv.status}, not uploaded; it cannot be used in a run`,
      );
      return;
    }
    const variables = (attributes.variables ?? []) as RunVariable[];
    if (
      !variables.every(
        v => typeof v?.key === 'string' && typeof v?.value === 'string',
      )
    ) {
      sendInvalidAttribute(
        res,
        '/data/attributes/variables',
        'Each run variable needs a string key and value',
      );
      return;
    }
    const org = store.organizations.get(ws.organization)!;
    const now = new Date().toISOString();
    const run: RunRecord = {
      id: newId('run'),
      sequence: store.nextRunSequence(),
      workspaceId: ws.id,
      configurationVersionId: cv.id,
      message:
        (attributes.message as string | undefined) ??
        'Queued manually via the Terraform Enterprise API',
      autoApply:
        (attributes['auto-apply'] as boolean | undefined) ??
        ws.attributes['auto-apply'],
      isDestroy: (attributes['is-destroy'] as boolean | undefined) ?? false,
      planOnly:
        (attributes['plan-only'] as boolean | undefined) ?? cv.speculative,
      variables: variables.map(v => ({ key: v.key, value: v.value })),
      createdAt: now,
      status: 'pending',
      timestamps: {},
      hasChanges: false,
      canceledAt: null,
      planId: newId('plan'),
      applyId: newId('apply'),
    };
    const phase = {
      status: 'pending' as const,
      additions: null,
      changes: null,
      destructions: null,
      timestamps: {},
    };
    store.plans.set(run.planId, {
      ...phase,
      id: run.planId,
      runId: run.id,
      logObjectId: store.newArchivistObject({
        kind: 'plan-log',
        planId: run.planId,
      }),
    });
    store.applies.set(run.applyId, {
      ...phase,
      id: run.applyId,
      runId: run.id,
      logObjectId: store.newArchivistObject({
        kind: 'apply-log',
        applyId: run.applyId,
      }),
    });
    if (org.costEstimation) {
      run.costEstimateId = newId('ce');
      store.costEstimates.set(run.costEstimateId, {
        id: run.costEstimateId,
        runId: run.id,
        status: 'pending',
        timestamps: { 'pending-at': now },
      });
    }
    store.runs.set(run.id, run);
    if (!run.planOnly) {
      ws.currentRunId = run.id;
    }
    engine.start(run);
    sendDocument(res, 201, { data: documents.run(run) });
  });

  router.get('/runs/:runId', (req, res) => {
    const run = runOf(req, res);
    if (!run) {
      return;
    }
    const includes = String(req.query.include ?? '')
      .split(',')
      .map(name => name.trim())
      .filter(Boolean);
    const unknown = includes.find(name => !RUN_INCLUDES.has(name));
    if (unknown) {
      sendErrors(res, 400, [
        {
          title: 'Invalid include parameter',
          detail: `"${unknown}" is not a relationship of runs`,
          source: { parameter: 'include' },
        },
      ]);
      return;
    }
    const included: IncludedResource[] = [];
    for (const name of includes) {
      if (name === 'plan') {
        included.push(documents.plan(store.plans.get(run.planId)!));
      } else if (name === 'apply') {
        included.push(documents.apply(store.applies.get(run.applyId)!));
      } else if (name === 'cost_estimate' && run.costEstimateId) {
        included.push(
          documents.costEstimate(store.costEstimates.get(run.costEstimateId)!),
        );
      } else if (name === 'workspace') {
        included.push(
          documents.workspace(store.workspaces.get(run.workspaceId)!),
        );
      } else if (name === 'configuration_version') {
        included.push(
          documents.configurationVersion(
            store.configurationVersions.get(run.configurationVersionId)!,
          ),
        );
      }
    }
    sendDocument(res, 200, {
      data: documents.run(run),
      ...(includes.length > 0 && { included }),
    });
  });

  const action =
    (perform: (run: RunRecord) => ActionResult): RequestHandler =>
    (req, res) => {
      const run = runOf(req, res);
      if (!run) {
        return;
      }
      const result = perform(run);
      if (!result.ok) {
        sendTransitionNotAllowed(res, result.detail);
        return;
      }
      // An action, not a resource: 202 and no body.
      res.status(202).end();
    };
  router.post(
    '/runs/:runId/actions/apply',
    action(run => engine.apply(run)),
  );
  router.post(
    '/runs/:runId/actions/discard',
    action(run => engine.discard(run)),
  );
  router.post(
    '/runs/:runId/actions/cancel',
    action(run => engine.cancel(run)),
  );

  /** 30 run listings a minute per user (the token, here); then 429. */
  const runListRateLimit: RequestHandler = (req, res, next) => {
    const token = String(req.headers.authorization ?? '');
    const waitMs = runListLimiter.take(token);
    if (waitMs === undefined) {
      next();
      return;
    }
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil(waitMs / 1000))));
    res.setHeader('X-RateLimit-Limit', String(runListLimiter.limit));
    res.setHeader('X-RateLimit-Reset', (waitMs / 1000).toFixed(3));
    sendErrors(res, 429, [
      {
        title: 'Too many requests',
        detail: "You have exceeded the API's rate limit.",
      },
    ]);
  };

  router.get('/workspaces/:workspaceId/runs', runListRateLimit, (req, res) => {
    const ws = store.workspaces.get(req.params.workspaceId);
    if (!ws) {
      sendNotFound(res);
      return;
    }
    const filter = (req.query.filter ?? {}) as Record<string, unknown>;
    const statuses =
      typeof filter.status === 'string' ? filter.status.split(',') : undefined;
    const operations =
      typeof filter.operation === 'string'
        ? filter.operation.split(',')
        : undefined;
    const operationOf = (run: RunRecord) => {
      if (run.planOnly) return 'plan_only';
      return run.isDestroy ? 'destroy' : 'plan_and_apply';
    };
    const runs = store
      .runsOf(ws.id)
      // "By default, plan_only runs will be excluded from the results."
      .filter(run =>
        operations ? operations.includes(operationOf(run)) : !run.planOnly,
      )
      .filter(run => !statuses || statuses.includes(run.status));
    const page = paginate(
      runs,
      req,
      `${ctx.urls.apiUrl}/workspaces/${ws.id}/runs`,
    );
    sendDocument(res, 200, {
      ...page,
      data: page.data.map(run => documents.run(run)),
    });
  });

  router.get('/runs/:runId/plan', (req, res) => {
    const run = runOf(req, res);
    if (run) {
      sendDocument(res, 200, {
        data: documents.plan(store.plans.get(run.planId)!),
      });
    }
  });

  router.get('/plans/:planId', (req, res) => {
    const plan = store.plans.get(req.params.planId);
    if (!plan) {
      sendNotFound(res);
      return;
    }
    sendDocument(res, 200, { data: documents.plan(plan) });
  });

  router.get('/applies/:applyId', (req, res) => {
    const apply = store.applies.get(req.params.applyId);
    if (!apply) {
      sendNotFound(res);
      return;
    }
    sendDocument(res, 200, { data: documents.apply(apply) });
  });

  router.get('/cost-estimates/:costEstimateId', (req, res) => {
    const estimate = store.costEstimates.get(req.params.costEstimateId);
    if (!estimate) {
      sendNotFound(res);
      return;
    }
    sendDocument(res, 200, { data: documents.costEstimate(estimate) });
  });
}
