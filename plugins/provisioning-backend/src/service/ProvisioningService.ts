import { randomUUID } from 'node:crypto';
import type {
  AuditorService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
  assertError,
} from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  annotatedWorkspaces,
  provisioningReadPermission,
  provisioningRunRequestPermission,
  provisioningServiceCreatePermission,
  runDecisionPermission,
  workspaceNameOf,
  type EnvironmentProvisioning,
  type ProvisioningRequestBody,
  type ProvisioningRequestResult,
  type ProvisioningRun,
  type RunLogEntry,
  type ServiceProvisioning,
} from '@internal/plugin-provisioning-common';
import type {
  EngineRunRef,
  EngineTarget,
} from '@internal/plugin-provisioning-node';
import type { Request } from 'express';
import { NewRun, RunStore, StoredRun, toApiRun } from '../database/RunStore';
import { EngineRegistry } from './EngineRegistry';

/** Who is asking, and the HTTP request to audit. */
export interface CallContext {
  credentials: BackstageCredentials;
  /** The user's entity ref, or the service principal's subject. */
  actor: string;
  request?: Request;
}

/** Settings per environment (`provisioning.environments`). */
export interface EnvironmentSettings {
  autoApply: boolean;
}

export interface ProvisioningServiceOptions {
  store: RunStore;
  engines: EngineRegistry;
  catalog: CatalogService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
  environments: Record<string, EnvironmentSettings>;
  /** Called after a run moved, so the follower can look at it soon. */
  onRunChanged?: (runId: string) => void;
}

/**
 * What the REST API (and through it the scaffolder action) can do:
 * request tiers, decide on runs, and read a service's provisioning. Every
 * method checks permissions; every mutation is audited. Following runs is
 * the {@link RunFollower}'s job.
 */
export class ProvisioningService {
  constructor(private readonly options: ProvisioningServiceOptions) {}

  /** The Infrastructure tab's view: per environment the newest runs. */
  async getServiceProvisioning(
    entityRef: string,
    ctx: CallContext,
    historyLimit: number,
  ): Promise<ServiceProvisioning> {
    await this.authorizeBasic(provisioningReadPermission, ctx);
    const entity = await this.requireEntity(entityRef, ctx);
    const ref = stringifyEntityRef(entity);
    const { runs, totals } = await this.options.store.listRunsOfEntity(
      ref,
      historyLimit,
    );
    const environments = new Map<string, EnvironmentProvisioning>();
    for (const { environment, workspaceName } of annotatedWorkspaces(entity)) {
      environments.set(environment, {
        environment,
        workspaceName,
        runs: [],
        totalRuns: totals[environment] ?? 0,
      });
    }
    for (const run of runs) {
      let env = environments.get(run.environment);
      if (!env) {
        env = {
          environment: run.environment,
          workspaceName: run.workspaceName,
          runs: [],
          totalRuns: totals[run.environment] ?? 0,
        };
        environments.set(run.environment, env);
      }
      const apiRun = toApiRun(run);
      // Older runs are history rows: their outputs and timeline are what
      // makes the view heavy (and are one GET /runs/:id away).
      env.runs.push(
        env.runs.length === 0
          ? apiRun
          : { ...apiRun, outputs: undefined, timeline: [] },
      );
    }
    return {
      entityRef: ref,
      service: entity.metadata.name,
      engine: this.options.engines.engineIdFor(entity.metadata.name),
      environments: [...environments.values()].sort(
        (a, b) =>
          environmentOrder(a.environment) - environmentOrder(b.environment),
      ),
    };
  }

  async getRun(runId: string, ctx: CallContext): Promise<ProvisioningRun> {
    await this.authorizeBasic(provisioningReadPermission, ctx);
    return toApiRun(await this.requireRun(runId));
  }

  async getRunLog(runId: string, ctx: CallContext): Promise<RunLogEntry[]> {
    await this.authorizeBasic(provisioningReadPermission, ctx);
    const run = await this.requireRun(runId);
    const ref = refOf(run);
    if (!ref) {
      return [];
    }
    return this.options.engines.get(run.engine).getRunLog(ref);
  }

  /**
   * Plans the tiers of a service in each environment. Same idempotency key,
   * same answer: nothing is created twice.
   */
  async request(
    body: ProvisioningRequestBody,
    ctx: CallContext,
  ): Promise<ProvisioningRequestResult> {
    const entityRef = normalizeRef(body.entityRef);
    const service = parseEntityRef(entityRef).name;
    const requestKey = body.idempotencyKey ?? randomUUID();
    const audit = await this.options.auditor.createEvent({
      eventId: 'provisioning-request',
      severityLevel: body.environments.some(isProduction) ? 'high' : 'medium',
      request: ctx.request,
      meta: {
        entityRef,
        environments: body.environments,
        idempotencyKey: requestKey,
        // Names only: sensitive values are never audited either.
        sensitiveVariables: Object.keys(body.sensitiveVariables ?? {}),
      },
    });
    try {
      const entity = await this.options.catalog.getEntityByRef(entityRef, {
        credentials: ctx.credentials,
      });
      // A service the catalog knows is its owners' to change; one that is
      // being created (the scaffolder runs before it registers the entity)
      // needs the create permission.
      if (entity) {
        await this.authorizeResource(
          provisioningRunRequestPermission,
          entityRef,
          ctx,
        );
      } else {
        await this.authorizeBasic(provisioningServiceCreatePermission, ctx);
      }
      for (const environment of body.environments) {
        if (!this.options.environments[environment]) {
          throw new InputError(
            `Unknown environment "${environment}"; configured: ${Object.keys(
              this.options.environments,
            ).join(', ')}`,
          );
        }
      }
      const engine = this.options.engines.engineIdFor(service);
      const variables = stackVariables(service, body);
      const runs: NewRun[] = body.environments.map(environment => ({
        id: randomUUID(),
        idempotencyKey: `${requestKey}:${environment}`,
        entityRef,
        service,
        environment,
        engine,
        workspaceName: workspaceNameOf(service, environment),
        autoApply: this.options.environments[environment].autoApply,
        tiers: body.tiers,
        variables: { ...variables, environment },
        requestedBy: ctx.actor,
      }));
      const { requestId, created } = await this.options.store.createRequest({
        id: randomUUID(),
        idempotencyKey: requestKey,
        entityRef,
        createdBy: ctx.actor,
        runs,
      });
      if (created) {
        await Promise.all(
          runs.map(run => this.start(run, body.sensitiveVariables)),
        );
      }
      const stored = await this.options.store.listRunsOfRequest(requestId);
      await audit.success({
        meta: { requestId, created, runIds: stored.map(r => r.id) },
      });
      return { requestId, created, runs: stored.map(toApiRun) };
    } catch (error) {
      assertError(error);
      await audit.fail({ error });
      throw error;
    }
  }

  /** Confirms a run waiting for approval. */
  async approve(
    runId: string,
    comment: string,
    ctx: CallContext,
  ): Promise<ProvisioningRun> {
    return this.decide(runId, 'apply', comment, ctx);
  }

  /** Discards a run waiting for approval. */
  async discard(
    runId: string,
    comment: string,
    ctx: CallContext,
  ): Promise<ProvisioningRun> {
    return this.decide(runId, 'discard', comment, ctx);
  }

  /** Queues a new run with the same settings as a finished, unsuccessful one. */
  async retry(
    runId: string,
    comment: string | undefined,
    ctx: CallContext,
  ): Promise<ProvisioningRun> {
    const run = await this.requireRun(runId);
    const audit = await this.options.auditor.createEvent({
      eventId: 'provisioning-run-retry',
      severityLevel: isProduction(run.environment) ? 'high' : 'medium',
      request: ctx.request,
      meta: { runId, entityRef: run.entityRef, environment: run.environment },
    });
    try {
      await this.authorizeResource(
        runDecisionPermission(run.environment),
        run.entityRef,
        ctx,
      );
      if (!['errored', 'discarded', 'canceled'].includes(run.phase)) {
        throw new ConflictError(
          `Run ${run.id} is ${run.phase}; only errored, discarded or canceled runs can be retried`,
        );
      }
      const newRun: NewRun = {
        id: randomUUID(),
        // One retry per run: a double click does not queue two.
        idempotencyKey: `retry:${run.id}`,
        entityRef: run.entityRef,
        service: run.service,
        environment: run.environment,
        engine: run.engine,
        workspaceName: run.workspaceName,
        autoApply: run.autoApply,
        tiers: run.tiers,
        variables: run.variables,
        requestedBy: ctx.actor,
        retryOf: run.id,
      };
      const inserted = await this.options.store.insertRun(newRun);
      if (!inserted) {
        const earlier = await this.options.store.getRunByKey(
          newRun.idempotencyKey,
        );
        throw new ConflictError(
          `Run ${run.id} was retried already by run ${earlier?.id}`,
        );
      }
      await this.start(newRun, undefined, comment);
      const result = (await this.options.store.getRun(newRun.id))!;
      await audit.success({ meta: { newRunId: result.id } });
      return toApiRun(result);
    } catch (error) {
      assertError(error);
      await audit.fail({ error });
      throw error;
    }
  }

  private async decide(
    runId: string,
    action: 'apply' | 'discard',
    comment: string,
    ctx: CallContext,
  ): Promise<ProvisioningRun> {
    const run = await this.requireRun(runId);
    const audit = await this.options.auditor.createEvent({
      eventId:
        action === 'apply'
          ? 'provisioning-run-apply'
          : 'provisioning-run-discard',
      severityLevel: isProduction(run.environment) ? 'high' : 'medium',
      request: ctx.request,
      meta: {
        runId,
        entityRef: run.entityRef,
        environment: run.environment,
        engineRunId: run.engineRunId ?? null,
        comment,
      },
    });
    try {
      // Inside the audited block: denied attempts are audited too.
      await this.authorizeResource(
        runDecisionPermission(run.environment),
        run.entityRef,
        ctx,
      );
      const ref = refOf(run);
      if (run.phase !== 'awaiting_approval' || !ref) {
        throw new ConflictError(
          `Run ${run.id} is ${run.phase}, not waiting for approval`,
        );
      }
      const decision = {
        action,
        by: ctx.actor,
        comment,
        at: new Date().toISOString(),
      };
      // Compare-and-set first: of two people deciding at once, one wins and
      // only that one calls the engine.
      const next = action === 'apply' ? 'applying' : 'discarded';
      const won = await this.options.store.updateRun(
        run.id,
        {
          phase: next,
          decision,
          timeline: [
            {
              status: action === 'apply' ? 'approved' : 'discard_requested',
              at: decision.at,
            },
          ],
          nextCheckAt: decision.at,
        },
        { expectedPhase: 'awaiting_approval' },
      );
      if (!won) {
        throw new ConflictError(
          `Run ${run.id} is no longer waiting for approval`,
        );
      }
      const engine = this.options.engines.get(run.engine);
      const text = `${comment} (${
        action === 'apply' ? 'approved' : 'discarded'
      } by ${ctx.actor} in the portal)`;
      try {
        if (action === 'apply') {
          await engine.applyRun(ref, text);
        } else {
          await engine.discardRun(ref, text);
        }
      } catch (error) {
        // The engine refused: put the run back so someone can decide again
        // once the cause is fixed, and say why.
        assertError(error);
        await this.options.store.updateRun(run.id, {
          phase: 'awaiting_approval',
          message: `Could not ${action}: ${error.message}`,
        });
        const status = (error as { status?: number }).status;
        if (status === 409) {
          throw new ConflictError(
            `The engine refused to ${action} run ${run.id}: ${error.message}`,
          );
        }
        // Upstream down or slow: say so (503) rather than a bare 500; the
        // follower will show what the engine did, if anything.
        throw new ServiceUnavailableError(
          `Could not ${action} run ${run.id}: ${error.message}`,
        );
      }
      this.options.onRunChanged?.(run.id);
      await audit.success();
      return toApiRun((await this.options.store.getRun(run.id))!);
    } catch (error) {
      assertError(error);
      await audit.fail({ error });
      throw error;
    }
  }

  /**
   * Asks the engine to start a stored run. A failure to start is stored on
   * the run (errored, with the reason) instead of failing the request, so
   * the other environments' runs still start and the answer shows each.
   */
  private async start(
    run: NewRun,
    sensitiveVariables: Record<string, string> | undefined,
    comment?: string,
  ): Promise<void> {
    const target: EngineTarget = {
      service: run.service,
      environment: run.environment,
      variables: run.variables,
      sensitiveVariables,
      autoApply: run.autoApply,
      tags: { 'managed-by': 'portal' },
    };
    try {
      const ref = await this.options.engines
        .get(run.engine)
        .startRun(target, run.idempotencyKey);
      await this.options.store.updateRun(run.id, {
        phase: 'pending',
        rawStatus: 'pending',
        scope: ref.scope ?? null,
        workspaceId: ref.workspaceId,
        workspaceUrl: ref.workspaceUrl,
        engineRunId: ref.runId,
        runUrl: ref.runUrl,
        message: comment ?? null,
        nextCheckAt: new Date().toISOString(),
        timeline: [{ status: 'queued', at: new Date().toISOString() }],
      });
      this.options.onRunChanged?.(run.id);
    } catch (error) {
      assertError(error);
      this.options.logger.warn(
        `Could not start provisioning run ${run.id} (${run.workspaceName}): ${error.message}`,
      );
      const at = new Date().toISOString();
      await this.options.store.updateRun(run.id, {
        phase: 'errored',
        rawStatus: 'start_failed',
        message: `Could not start the run: ${error.message}`,
        finishedAt: at,
        timeline: [{ status: 'start_failed', at }],
      });
    }
  }

  private async requireRun(runId: string): Promise<StoredRun> {
    const run = await this.options.store.getRun(runId);
    if (!run) {
      throw new NotFoundError(`No provisioning run ${runId}`);
    }
    return run;
  }

  private async requireEntity(
    entityRef: string,
    ctx: CallContext,
  ): Promise<Entity> {
    const entity = await this.options.catalog.getEntityByRef(
      normalizeRef(entityRef),
      { credentials: ctx.credentials },
    );
    if (!entity) {
      throw new NotFoundError(`No catalog entity ${entityRef}`);
    }
    return entity;
  }

  private async authorizeBasic(permission: BasicPermission, ctx: CallContext) {
    const [decision] = await this.options.permissions.authorize(
      [{ permission }],
      { credentials: ctx.credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
  }

  private async authorizeResource(
    permission: ResourcePermission,
    resourceRef: string,
    ctx: CallContext,
  ) {
    const [decision] = await this.options.permissions.authorize(
      [{ permission, resourceRef }],
      { credentials: ctx.credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed: ${permission.name} on ${resourceRef}`,
      );
    }
  }
}

/** The engine reference of a stored run, once it has been started. */
export function refOf(run: StoredRun): EngineRunRef | undefined {
  if (!run.engineRunId || !run.workspaceId) {
    return undefined;
  }
  return {
    engine: run.engine,
    scope: run.scope,
    workspaceId: run.workspaceId,
    runId: run.engineRunId,
    workspaceUrl: run.workspaceUrl,
    runUrl: run.runUrl,
  };
}

function isProduction(environment: string): boolean {
  return runDecisionPermission(environment).name.endsWith('.production');
}

function normalizeRef(ref: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    );
  } catch (error) {
    assertError(error);
    throw new InputError(`Invalid entity ref "${ref}": ${error.message}`);
  }
}

function environmentOrder(environment: string): number {
  const index = ['dev', 'staging', 'prod'].indexOf(environment);
  return index === -1 ? 99 : index;
}

/** The service-tiers stack's variables for a request (no secrets). */
function stackVariables(
  service: string,
  body: ProvisioningRequestBody,
): Record<string, unknown> {
  return {
    ...body.variables,
    service_name: service,
    tiers: {
      database: body.tiers.database ?? 'none',
      cache: body.tiers.cache ?? 'none',
      queue: body.tiers.queue ?? 'none',
      public_http: body.tiers.publicHttp ?? false,
    },
    ...(body.sizes &&
      Object.keys(body.sizes).length > 0 && { sizes: body.sizes }),
  };
}
