import { defaultEnvironments, type Environments } from '@internal/environments';
import { randomUUID } from 'node:crypto';
import type {
  AuditorService,
  AuthService,
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
  SERVICE_NAME_RULE,
  annotatedWorkspaces,
  isServiceName,
  provisioningReadPermission,
  provisioningRunRequestPermission,
  provisioningServiceCreatePermission,
  provisioningWorkspaceBindPermission,
  runDecisionPermission,
  workspaceNameOf,
  type EnvironmentProvisioning,
  type ProvisioningGrant,
  type ProvisioningGrantRequest,
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
import type { Knex } from 'knex';
import type { BindingStore, WorkspaceBinding } from '../database/BindingStore';
import type { GrantStore } from '../database/GrantStore';
import { NewRun, RunStore, StoredRun, toApiRun } from '../database/RunStore';
import { EngineRegistry } from './EngineRegistry';
import { StackVariables } from './StackVariables';

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

/** Reads scaffolder tasks as the caller, so a grant is bound to a task that is really theirs. */
export interface ScaffolderTasks {
  /** The task, or undefined when it does not exist (or the caller may not see it). */
  getTask(
    taskId: string,
    credentials: BackstageCredentials,
  ): Promise<
    { status: string; createdBy?: string; templateRef?: string } | undefined
  >;
}

export interface ProvisioningServiceOptions {
  store: RunStore;
  bindings: BindingStore;
  grants: GrantStore;
  engines: EngineRegistry;
  catalog: CatalogService;
  permissions: PermissionsService;
  auditor: AuditorService;
  auth: AuthService;
  logger: LoggerService;
  environments: Record<string, EnvironmentSettings>;
  /**
   * The portal's environments (`@internal/environments`): which are
   * production, and their order. Dev, staging, prod by default.
   */
  environmentModel?: Environments;
  /** What a request may set of the stack's variables, and the platform's. */
  variables: StackVariables;
  tasks: ScaffolderTasks;
  /** Namespaces whose Components may be provisioned (`provisioning.namespaces`). */
  namespaces: string[];
  /** How long a grant lasts. */
  grantTtlMs: number;
  /** Templates whose tasks may obtain grants (`provisioning.grantTemplates`). */
  grantTemplates: string[];
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

  private get model(): Environments {
    return this.options.environmentModel ?? defaultEnvironments;
  }

  /** The Infrastructure tab's view: per environment the newest runs. */
  async getServiceProvisioning(
    entityRef: string,
    ctx: CallContext,
    historyLimit: number,
  ): Promise<ServiceProvisioning> {
    await this.authorizeBasic(provisioningReadPermission, ctx);
    const entity = await this.requireEntity(entityRef, ctx);
    const ref = stringifyEntityRef(entity);
    const listed = await this.options.store.listRunsOfEntity(ref, historyLimit);
    // Runs in a workspace that belongs to another entity (or to an earlier
    // entity of this name) are not this entity's, whatever ref they carry.
    const foreign = new Set(
      (await this.options.bindings.listOfService(entity.metadata.name))
        .filter(
          b =>
            b.entityRef !== ref ||
            (b.entityUid && b.entityUid !== entity.metadata.uid),
        )
        .map(b => `${b.engine}/${b.workspaceName}`),
    );
    const runs = listed.runs.filter(
      run => !foreign.has(`${run.engine}/${run.workspaceName}`),
    );
    const totals = { ...listed.totals };
    for (const run of listed.runs) {
      if (foreign.has(`${run.engine}/${run.workspaceName}`)) {
        // One workspace per environment: its runs are all foreign.
        totals[run.environment] = runs.filter(
          r => r.environment === run.environment,
        ).length;
      }
    }
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
          this.model.order(a.environment) - this.model.order(b.environment),
      ),
    };
  }

  async getRun(runId: string, ctx: CallContext): Promise<ProvisioningRun> {
    await this.authorizeBasic(provisioningReadPermission, ctx);
    return toApiRun(await this.requireRun(runId));
  }

  /**
   * The runs waiting for an approval the caller may give (the home page's
   * "Waiting for you"): each checked with the permission approving it needs.
   */
  async listRunsToDecide(ctx: CallContext): Promise<ProvisioningRun[]> {
    await this.authorizeBasic(provisioningReadPermission, ctx);
    const runs = await this.options.store.listRunsInPhase(
      'awaiting_approval',
      100,
    );
    const owned: Array<{ run: StoredRun; owner: string }> = [];
    for (const run of runs) {
      try {
        owned.push({ run, owner: await this.ownerOf(run, ctx) });
      } catch {
        // A workspace an admin must hand over first: nobody may decide it.
      }
    }
    const decisions = owned.length
      ? await this.options.permissions.authorize(
          owned.map(({ run, owner }) => ({
            permission: runDecisionPermission(run.environment, this.model),
            resourceRef: owner,
          })),
          { credentials: ctx.credentials },
        )
      : [];
    return owned
      .filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW)
      .map(({ run }) => toApiRun(run));
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
   * Issues a grant to provision a service that is not in the catalog yet,
   * to the caller's own running scaffolder task: what the template's
   * `provisioning:request` step asks for before `catalog:register`. Refused
   * when an entity with the ref exists, or a workspace of the name belongs
   * to another entity (or to an entity that existed), or to another user's
   * unfinished creation.
   */
  async issueGrant(
    body: ProvisioningGrantRequest,
    ctx: CallContext,
  ): Promise<ProvisioningGrant> {
    const entityRef = this.serviceRef(body.entityRef);
    const service = parseEntityRef(entityRef).name;
    const audit = await this.options.auditor.createEvent({
      eventId: 'provisioning-grant',
      severityLevel: 'medium',
      request: ctx.request,
      meta: { entityRef, taskId: body.taskId },
    });
    try {
      await this.authorizeBasic(provisioningServiceCreatePermission, ctx);
      const task = await this.options.tasks.getTask(
        body.taskId,
        ctx.credentials,
      );
      if (!task || task.createdBy !== ctx.actor) {
        throw new NotAllowedError(
          `No scaffolder task ${body.taskId} of ${ctx.actor}: a grant is issued to the task that creates the service`,
        );
      }
      if (
        !task.templateRef ||
        !this.options.grantTemplates.includes(
          task.templateRef.toLocaleLowerCase('en-US'),
        )
      ) {
        throw new NotAllowedError(
          `Grants are issued to tasks of ${this.options.grantTemplates.join(
            ', ',
          )}, not of ${task.templateRef ?? 'an unknown template'}`,
        );
      }
      if (task.status !== 'processing') {
        throw new ConflictError(
          `Scaffolder task ${body.taskId} is ${task.status}, not running`,
        );
      }
      // The platform's own view: an entity the caller cannot see still
      // takes the name.
      const existing = await this.options.catalog.getEntityByRef(entityRef, {
        credentials: await this.options.auth.getOwnServiceCredentials(),
      });
      if (existing) {
        throw new ConflictError(
          `${entityRef} is in the catalog already: its owners request provisioning for it, no grant is needed`,
        );
      }
      for (const binding of await this.options.bindings.listOfService(
        service,
      )) {
        if (
          binding.entityRef !== entityRef ||
          binding.entityUid ||
          binding.createdBy !== ctx.actor
        ) {
          throw new ConflictError(
            `Workspace ${binding.workspaceName} belongs to ${
              binding.entityRef
            }${
              binding.entityUid ? ` (uid ${binding.entityUid})` : ''
            }; choose another name`,
          );
        }
      }
      const expiresAt = new Date(Date.now() + this.options.grantTtlMs);
      const { secret, grant } = await this.options.grants.issue({
        taskId: body.taskId,
        entityRef,
        createdBy: ctx.actor,
        expiresAt,
      });
      await audit.success({ meta: { grantId: grant.id } });
      return {
        grant: secret,
        entityRef,
        taskId: body.taskId,
        expiresAt: grant.expiresAt,
      };
    } catch (error) {
      assertError(error);
      await audit.fail({ error });
      throw error;
    }
  }

  /**
   * Plans the tiers of a service in each environment. Same idempotency key,
   * same answer: nothing is created twice. Only for a Component in the
   * catalog, by its owners, or with a grant for a service being created;
   * every check is done before anything is called upstream.
   */
  async request(
    body: ProvisioningRequestBody,
    ctx: CallContext,
  ): Promise<ProvisioningRequestResult> {
    const requestKey = body.idempotencyKey ?? randomUUID();
    const audit = await this.options.auditor.createEvent({
      eventId: 'provisioning-request',
      severityLevel: body.environments.some(e => this.model.isProduction(e))
        ? 'high'
        : 'medium',
      request: ctx.request,
      meta: {
        entityRef: body.entityRef,
        environments: body.environments,
        idempotencyKey: requestKey,
        withGrant: Boolean(body.grant),
        // Names only: sensitive values are never audited either.
        sensitiveVariables: Object.keys(body.sensitiveVariables ?? {}),
      },
    });
    try {
      const entityRef = this.serviceRef(body.entityRef);
      const service = parseEntityRef(entityRef).name;
      for (const environment of body.environments) {
        if (!this.options.environments[environment]) {
          throw new InputError(
            `Unknown environment "${environment}"; configured: ${Object.keys(
              this.options.environments,
            ).join(', ')}`,
          );
        }
      }
      this.options.variables.assertRequestable(
        body.variables,
        body.sensitiveVariables,
      );

      const entity = await this.options.catalog.getEntityByRef(entityRef, {
        credentials: ctx.credentials,
      });
      let grantId: string | undefined;
      if (entity) {
        // A service the catalog knows is its owners' to change.
        await this.authorizeResource(
          provisioningRunRequestPermission,
          entityRef,
          ctx,
        );
      } else if (body.grant) {
        grantId = await this.checkGrant(body.grant, entityRef, ctx);
      } else {
        throw new NotFoundError(
          `No catalog entity ${entityRef}: provisioning is requested for a Component in the catalog, by its owners (a new service is provisioned by the "Create microservice" template)`,
        );
      }

      const earlier = await this.options.store.getRequestByKey(requestKey);
      if (earlier && earlier.entityRef !== entityRef) {
        throw new ConflictError(
          `Idempotency key ${requestKey} was used for another service`,
        );
      }

      const engine = this.options.engines.engineIdFor(service);
      for (const environment of body.environments) {
        const workspaceName = workspaceNameOf(service, environment);
        const binding = await this.options.bindings.get(engine, workspaceName);
        if (binding) {
          this.assertBoundTo(binding, entityRef, entity?.metadata.uid);
        }
      }

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
        variables: {
          ...this.options.variables.platformVariables(environment),
          ...variables,
          environment,
        },
        requestedBy: ctx.actor,
      }));
      const requestId = randomUUID();
      const { requestId: storedId, created } =
        await this.options.store.createRequest({
          id: requestId,
          idempotencyKey: requestKey,
          entityRef,
          createdBy: ctx.actor,
          runs,
          within: async (tx: Knex.Transaction) => {
            if (
              grantId &&
              !(await this.options.grants.use(
                tx,
                grantId,
                body.environments,
                requestId,
              ))
            ) {
              throw new NotAllowedError(
                `The grant for ${entityRef} was used already in ${body.environments.join(
                  ', ',
                )}`,
              );
            }
            for (const run of runs) {
              const held = await this.options.bindings.bind(
                {
                  engine,
                  workspaceName: run.workspaceName,
                  service,
                  environment: run.environment,
                  entityRef,
                  entityUid: entity?.metadata.uid,
                  createdBy: ctx.actor,
                  grantId,
                },
                tx,
              );
              // Someone else's request got there first.
              this.assertBoundTo(held, entityRef, entity?.metadata.uid);
            }
          },
        });
      if (created) {
        await Promise.all(
          runs.map(run => this.start(run, body.sensitiveVariables ?? {})),
        );
      }
      const result = await this.options.store.listRunsOfRequest(storedId);
      await audit.success({
        meta: {
          entityRef,
          requestId: storedId,
          created,
          runIds: result.map(r => r.id),
        },
      });
      return { requestId: storedId, created, runs: result.map(toApiRun) };
    } catch (error) {
      assertError(error);
      await audit.fail({ error });
      throw error;
    }
  }

  /**
   * An admin binds a workspace to a catalog entity: claims one that exists
   * upstream without a binding (an adopted service) or hands one over to an
   * entity created again. Audited with the earlier binding.
   */
  async bindWorkspace(
    engine: string,
    workspaceName: string,
    body: { entityRef: string; comment: string },
    ctx: CallContext,
  ): Promise<WorkspaceBinding> {
    const audit = await this.options.auditor.createEvent({
      eventId: 'provisioning-workspace-bind',
      severityLevel: 'high',
      request: ctx.request,
      meta: {
        engine,
        workspaceName,
        entityRef: body.entityRef,
        comment: body.comment,
      },
    });
    try {
      await this.authorizeBasic(provisioningWorkspaceBindPermission, ctx);
      const entityRef = this.serviceRef(body.entityRef);
      const entity = await this.options.catalog.getEntityByRef(entityRef, {
        credentials: await this.options.auth.getOwnServiceCredentials(),
      });
      if (!entity) {
        throw new NotFoundError(`No catalog entity ${entityRef}`);
      }
      const service = entity.metadata.name;
      const environment = Object.keys(this.options.environments).find(
        env => workspaceNameOf(service, env) === workspaceName,
      );
      if (!environment) {
        throw new InputError(
          `Workspace ${workspaceName} is not one of ${entityRef}'s: ${Object.keys(
            this.options.environments,
          )
            .map(env => workspaceNameOf(service, env))
            .join(', ')}`,
        );
      }
      if (this.options.engines.engineIdFor(service) !== engine) {
        throw new InputError(
          `${entityRef} is provisioned by ${this.options.engines.engineIdFor(
            service,
          )}, not ${engine}`,
        );
      }
      const binding = {
        engine,
        workspaceName,
        service,
        environment,
        entityRef,
        entityUid: entity.metadata.uid,
        createdBy: ctx.actor,
      };
      const previous = await this.options.bindings.rebind(binding);
      const now = (await this.options.bindings.get(engine, workspaceName))!;
      await audit.success({
        meta: {
          previous: previous
            ? { entityRef: previous.entityRef, entityUid: previous.entityUid }
            : null,
          entityUid: entity.metadata.uid,
        },
      });
      return now;
    } catch (error) {
      assertError(error);
      await audit.fail({ error });
      throw error;
    }
  }

  /** The stack variables a request may set and those the portal sets. */
  describeVariables() {
    return this.options.variables.info();
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
      severityLevel: this.model.isProduction(run.environment)
        ? 'high'
        : 'medium',
      request: ctx.request,
      meta: { runId, entityRef: run.entityRef, environment: run.environment },
    });
    try {
      const owner = await this.ownerOf(run, ctx);
      await this.authorizeResource(
        runDecisionPermission(run.environment, this.model),
        owner,
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
        entityRef: owner,
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
      severityLevel: this.model.isProduction(run.environment)
        ? 'high'
        : 'medium',
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
        runDecisionPermission(run.environment, this.model),
        await this.ownerOf(run, ctx),
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
        // Engines answer @backstage/errors errors: a conflict is the run's
        // state upstream, anything else the engine being unavailable.
        if (ConflictError.is(error)) {
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
    /** Exactly these secrets; undefined (a retry) keeps the workspace's as they are. */
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

  /**
   * The ref of a service that may be provisioned: a Component in one of the
   * configured namespaces whose name is a service name. Anything else (an
   * API, a Resource, a Location, another namespace, a look-alike name) is a
   * 400 before the catalog or the engine is asked.
   */
  private serviceRef(ref: string): string {
    const parsed = parseRef(ref);
    if (parsed.kind.toLocaleLowerCase('en-US') !== 'component') {
      throw new InputError(
        `Provisioning is for Components; ${ref} is of kind ${parsed.kind}`,
      );
    }
    // Namespaces compare case-insensitively in the catalog.
    const namespace = parsed.namespace.toLocaleLowerCase('en-US');
    if (!this.options.namespaces.includes(namespace)) {
      throw new InputError(
        `Provisioning is for Components in ${this.options.namespaces.join(
          ', ',
        )}; ${ref} is in namespace ${parsed.namespace}`,
      );
    }
    if (!isServiceName(parsed.name)) {
      throw new InputError(
        `"${parsed.name}" is not a service name: ${SERVICE_NAME_RULE}`,
      );
    }
    return stringifyEntityRef({
      kind: 'component',
      namespace,
      name: parsed.name,
    });
  }

  /** The grant's id when the secret is a valid grant of this caller for this ref. */
  private async checkGrant(
    secret: string,
    entityRef: string,
    ctx: CallContext,
  ): Promise<string> {
    const grant = await this.options.grants.find(secret);
    if (!grant || grant.entityRef !== entityRef) {
      throw new NotAllowedError(`The grant is not one for ${entityRef}`);
    }
    if (grant.createdBy !== ctx.actor) {
      throw new NotAllowedError(
        `The grant for ${entityRef} was issued to another user`,
      );
    }
    if (Date.parse(grant.expiresAt) <= Date.now()) {
      throw new NotAllowedError(
        `The grant for ${entityRef} expired at ${grant.expiresAt}`,
      );
    }
    return grant.id;
  }

  /** Throws a 409 unless the workspace belongs to this entity. */
  private assertBoundTo(
    binding: WorkspaceBinding,
    entityRef: string,
    entityUid: string | undefined,
  ) {
    if (binding.entityRef !== entityRef) {
      throw new ConflictError(
        `Workspace ${binding.workspaceName} belongs to ${binding.entityRef}, not ${entityRef}`,
      );
    }
    if (binding.entityUid && binding.entityUid !== entityUid) {
      throw new ConflictError(
        `Workspace ${binding.workspaceName} belongs to an earlier ${entityRef} (uid ${binding.entityUid}); an admin must hand it over`,
      );
    }
  }

  /**
   * The entity a run's workspace belongs to, through its binding (runs from
   * before bindings existed: the run's own ref). A workspace bound to an
   * entity that was deleted and created again (another uid) belongs to no
   * one who may decide on it.
   */
  private async ownerOf(run: StoredRun, ctx: CallContext): Promise<string> {
    const binding = await this.options.bindings.get(
      run.engine,
      run.workspaceName,
    );
    if (!binding) return run.entityRef;
    if (binding.entityUid) {
      const entity = await this.options.catalog.getEntityByRef(
        binding.entityRef,
        { credentials: ctx.credentials },
      );
      if (entity && entity.metadata.uid !== binding.entityUid) {
        throw new ConflictError(
          `Workspace ${run.workspaceName} belongs to an earlier ${binding.entityRef} (uid ${binding.entityUid}); an admin must hand it over`,
        );
      }
    }
    return binding.entityRef;
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

function normalizeRef(ref: string): string {
  return stringifyEntityRef(parseRef(ref));
}

function parseRef(ref: string) {
  try {
    return parseEntityRef(ref, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch (error) {
    assertError(error);
    throw new InputError(`Invalid entity ref "${ref}": ${error.message}`);
  }
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
