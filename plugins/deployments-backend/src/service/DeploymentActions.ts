import {
  AuditorService,
  AuditorServiceEvent,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  ActionResult,
  DeploymentAction,
  deploymentPermissionFor,
  RollbackPreview,
  RolloutActionName,
} from '@internal/plugin-deployments-common';
import {
  ArgoCDError,
  disableAutoSyncPatch,
  isAutoSyncEnabled,
  syncHeldFor,
  Rollout,
  v1alpha1Application,
  v1alpha1SyncPolicyAutomated,
} from '@internal/plugin-deployments-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import type { Request } from 'express';
import { ArgoCDInstance, ArgoCDInstances } from './ArgoCDInstances';
import { EntityDeployments } from './EntityDeployments';
import { actorOf } from './upstreamObjects';
import { ARGO_ACTION } from './rolloutState';
import {
  imageTag,
  readSuspension,
  summarize,
  SUSPENSION_ANNOTATION,
} from './summarize';

/**
 * Who asks, for what, and the HTTP request the auditor records (none when
 * called through the actions registry: the event's meta names the actor).
 */
export interface ActionContext {
  entityRef: string;
  environment: string;
  credentials: BackstageCredentials;
  request?: Request;
}

interface Target {
  entityRef: string;
  environment: string;
  production: boolean;
  instance: ArgoCDInstance;
  application: string;
}

const short = (sha: string | undefined) => (sha ?? '?').slice(0, 7);
const message = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/** The application's state as the audit log records it (before and after). */
function auditState(app: v1alpha1Application): JsonObject {
  const history = app.status?.history ?? [];
  return {
    revision: history[history.length - 1]?.revision ?? null,
    targetRevision: app.status?.sync?.revision ?? null,
    images: app.status?.summary?.images ?? [],
    autoSync: isAutoSyncEnabled(app),
    sync: app.status?.sync?.status ?? null,
    health: app.status?.health?.status ?? null,
    operation: app.operation
      ? 'requested'
      : app.status?.operationState?.phase ?? null,
  };
}

function operationRunning(app: v1alpha1Application): boolean {
  const phase = app.status?.operationState?.phase;
  return !!app.operation || phase === 'Running' || phase === 'Terminating';
}

/** Maps an Argo CD refusal of the request itself to a 409, the rest to 503. */
function upstream(error: unknown, text: string): Error {
  if (
    error instanceof ArgoCDError &&
    (error.reason === 'operationInProgress' ||
      error.reason === 'autoSyncEnabled' ||
      error.reason === 'badRequest')
  ) {
    return new ConflictError(text);
  }
  return new ServiceUnavailableError(text);
}

/**
 * The deployment actions: rollback (with its preview), promote, promote
 * fully, abort, retry and resume auto-sync. Each is permission-checked for
 * the entity (the `.production` permission in production environments) and
 * recorded with the auditor (who, what, why, the state before and after),
 * refused with a 409 when the application's state does not allow it, and,
 * when a step fails half-way, answered with the exact state the application
 * was left in.
 */
export class DeploymentActions {
  constructor(
    private readonly options: {
      instances: ArgoCDInstances;
      entities: EntityDeployments;
      permissions: PermissionsService;
      auditor: AuditorService;
      /** Told of each action that succeeded (the deployment records keep who did it). */
      onAction?: (action: {
        entityRef: string;
        environment: string;
        action: DeploymentAction;
        actor: string;
        reason?: string;
        at: string;
      }) => Promise<void>;
    },
  ) {}

  /** What a rollback to history entry `id` would change; changes nothing. */
  async previewRollback(
    ctx: ActionContext,
    id: number,
  ): Promise<RollbackPreview> {
    const target = await this.target(ctx);
    await this.authorize(ctx, target, 'rollback');
    const app = await this.read(target);
    return this.checkRollback(target, app, id);
  }

  async rollback(
    ctx: ActionContext,
    request: { id: number; reason: string },
  ): Promise<ActionResult> {
    const target = await this.auditedTarget(ctx, 'rollback');
    return this.audited(ctx, target, 'rollback', request, async event => {
      const { client } = target.instance;
      const name = target.application;
      const app = await this.read(target);
      await event.before(app);
      // The preview is the dry run: every refusal happens here, before
      // anything changes. (Argo CD's own `dryRun` rollback would start an
      // operation that blocks the real one until it finishes.)
      const preview = await this.checkRollback(target, app, request.id);
      const automated = app.spec?.syncPolicy?.automated;
      const suspend = isAutoSyncEnabled(app);
      const at = preview.to.image
        ? `${short(preview.to.revision)} (${
            imageTag(preview.to.image) ?? preview.to.image
          })`
        : short(preview.to.revision);

      if (suspend) {
        try {
          await client.patchApplication(
            name,
            {
              ...(disableAutoSyncPatch() as object),
              metadata: {
                annotations: {
                  [SUSPENSION_ANNOTATION]: JSON.stringify({
                    automated,
                    by: event.actor,
                    at: new Date().toISOString(),
                    reason: request.reason,
                  }),
                },
              },
            },
            'merge',
          );
        } catch (error) {
          throw upstream(
            error,
            `Could not suspend auto-sync of ${name}: ${message(
              error,
            )}. Nothing was changed: ${name} still runs ${short(
              preview.from.revision,
            )} with auto-sync on.`,
          );
        }
      }

      let after: v1alpha1Application;
      try {
        after = await client.rollback(name, { id: request.id });
      } catch (error) {
        if (!suspend) {
          throw upstream(
            error,
            `Rollback of ${name} failed: ${message(
              error,
            )}. Nothing was changed: ${name} still runs ${short(
              preview.from.revision,
            )}.`,
          );
        }
        // Undo the suspension so the app is left as it was, not half-changed.
        try {
          await client.patchApplication(
            name,
            {
              spec: {
                syncPolicy: { automated: automated ?? { selfHeal: true } },
              },
              metadata: { annotations: { [SUSPENSION_ANNOTATION]: null } },
            },
            'merge',
          );
        } catch (restoreError) {
          throw upstream(
            error,
            `Rollback of ${name} failed: ${message(
              error,
            )}; turning auto-sync back on failed too: ${message(
              restoreError,
            )}. ${name} still runs ${short(
              preview.from.revision,
            )}, but auto-sync is SUSPENDED: resume it on the Deployments tab or in Argo CD.`,
          );
        }
        throw upstream(
          error,
          `Rollback of ${name} failed: ${message(
            error,
          )}. Auto-sync was turned back on; ${name} is unchanged at ${short(
            preview.from.revision,
          )}.`,
        );
      }
      return {
        after,
        message: suspend
          ? `Rolling back ${name} to ${at}; auto-sync suspended. Resume auto-sync once the fix is in git.`
          : `Rolling back ${name} to ${at}; auto-sync stays off.`,
      };
    });
  }

  async rolloutAction(
    ctx: ActionContext,
    action: RolloutActionName,
    reason: string | undefined,
  ): Promise<ActionResult> {
    const target = await this.auditedTarget(ctx, action);
    return this.audited(ctx, target, action, { reason }, async event => {
      const { client } = target.instance;
      const name = target.application;
      const app = await this.read(target);
      await event.before(app);
      const resource = (app.status?.resources ?? []).find(
        r => r.kind === 'Rollout' && r.group === 'argoproj.io',
      );
      if (!resource?.name || !resource.namespace) {
        throw new ConflictError(
          `${name} does not deploy an Argo Rollout: there is no canary to ${action}.`,
        );
      }
      const ref = {
        group: 'argoproj.io',
        version: resource.version ?? 'v1alpha1',
        kind: 'Rollout',
        namespace: resource.namespace,
        resourceName: resource.name,
      };
      let offered;
      let rollout: Rollout | undefined;
      try {
        [offered, rollout] = await Promise.all([
          client.listResourceActions(name, ref),
          client.getResource<Rollout>(name, ref),
        ]);
      } catch (error) {
        throw upstream(
          error,
          `Could not read the Rollout of ${name}: ${message(
            error,
          )}. Nothing was changed.`,
        );
      }
      const argoAction = ARGO_ACTION[action];
      if (!offered.some(a => a.name === argoAction && !a.disabled)) {
        const phase = rollout?.status?.phase ?? 'unknown';
        const why = {
          promote: 'the canary is not paused',
          retry: 'the canary was not aborted',
          abort: 'the canary is not in flight or was already aborted',
          'promote-full': 'the canary is not in flight',
        }[action];
        throw new ConflictError(
          `Cannot ${action} ${name} now: ${why} (rollout phase ${phase}).`,
        );
      }
      try {
        await client.runResourceAction(name, { action: argoAction, ...ref });
      } catch (error) {
        throw upstream(
          error,
          `${action} of ${name} failed: ${message(
            error,
          )}. Nothing was changed.`,
        );
      }
      const after = await this.read(target).catch(() => app);
      return {
        after,
        message: {
          promote: `Promoted the canary of ${name} to its next step.`,
          'promote-full': `Promoting ${name} fully: the canary takes all traffic.`,
          abort: `Aborted the canary of ${name}: traffic is back on the stable version.`,
          retry: `Retrying the canary of ${name} from its first step.`,
        }[action],
      };
    });
  }

  async resumeAutoSync(
    ctx: ActionContext,
    reason: string | undefined,
  ): Promise<ActionResult> {
    const target = await this.auditedTarget(ctx, 'resume-auto-sync');
    return this.audited(
      ctx,
      target,
      'resume-auto-sync',
      { reason },
      async event => {
        const name = target.application;
        const app = await this.read(target);
        await event.before(app);
        if (isAutoSyncEnabled(app)) {
          throw new ConflictError(`Auto-sync of ${name} is already on.`);
        }
        // Held by the platform, not suspended by a person: the provisioning
        // backend turns it on once the environment's outputs are in git.
        const held = syncHeldFor(app);
        if (held) {
          throw new ConflictError(
            `${name} waits for its ${held}: auto-sync is turned on once the environment's provisioning run applied and its outputs are recorded (see the Infrastructure tab).`,
          );
        }
        const suspension = readSuspension(app);
        const automated = (suspension?.automated as
          | v1alpha1SyncPolicyAutomated
          | undefined) ?? { prune: true, selfHeal: true };
        let after: v1alpha1Application;
        try {
          after = await target.instance.client.patchApplication(
            name,
            {
              spec: {
                syncPolicy: { automated: { ...automated, enabled: undefined } },
              },
              metadata: { annotations: { [SUSPENSION_ANNOTATION]: null } },
            },
            'merge',
          );
        } catch (error) {
          throw upstream(
            error,
            `Could not resume auto-sync of ${name}: ${message(
              error,
            )}. Auto-sync is still off.`,
          );
        }
        return {
          after,
          message: `Auto-sync of ${name} is on again: Argo CD deploys ${short(
            after.status?.sync?.revision,
          )} (the head of ${
            after.spec?.source?.targetRevision ?? 'the tracked branch'
          }).`,
        };
      },
    );
  }

  /**
   * The target of a mutation; a refusal because the application is not the
   * entity's (bound to another, or to nobody) is audited like a denied
   * permission.
   */
  private async auditedTarget(
    ctx: ActionContext,
    action: DeploymentAction,
  ): Promise<Target> {
    try {
      return await this.target(ctx);
    } catch (error) {
      if (error instanceof NotAllowedError || error instanceof ConflictError) {
        const event = await this.options.auditor.createEvent({
          eventId: `deployment-${action}`,
          severityLevel: 'medium',
          request: ctx.request,
          meta: {
            action,
            actor: actorOf(ctx.credentials),
            entityRef: ctx.entityRef,
            environment: ctx.environment,
          },
        });
        await event.fail({ error });
      }
      throw error;
    }
  }

  private async target(ctx: ActionContext): Promise<Target> {
    const { instances, entities } = this.options;
    const env = instances.environments().find(e => e.name === ctx.environment);
    if (!env) {
      throw new InputError(
        `Unknown environment '${ctx.environment}'; known: ${instances
          .environments()
          .map(e => e.name)
          .join(', ')}`,
      );
    }
    const entity = await entities.entity(ctx.entityRef);
    const deployment = entity.deployments[env.name];
    if (deployment?.state === 'unavailable') {
      throw new ServiceUnavailableError(
        deployment.error ??
          `The Argo CD instance of ${env.name} is unavailable`,
      );
    }
    const app = entity.applications[env.name];
    if (!app) {
      // Its annotation may name another entity's application: say so.
      const foreign = entity.warnings.find(w => w.environment === env.name);
      if (foreign) {
        throw new NotAllowedError(`${foreign.message}. Nothing was changed.`);
      }
      throw new NotFoundError(
        `${entity.entityRef} has no Argo CD application in ${env.name}`,
      );
    }
    // Ownership comes from the binding, never from the annotation alone.
    if (deployment?.binding !== 'bound') {
      throw new ConflictError(
        `${app.name} is not bound to ${entity.entityRef}: only the entity's annotation matches it, which grants no rights. An admin must claim it first (POST /api/deployments/bindings/claim). Nothing was changed.`,
      );
    }
    return {
      entityRef: entity.entityRef,
      environment: env.name,
      production: env.production,
      instance: instances.forEnvironment(env.name)!,
      application: app.name,
    };
  }

  private async authorize(
    ctx: ActionContext,
    target: Target,
    action: DeploymentAction,
  ): Promise<void> {
    const permission = deploymentPermissionFor(action, target.production);
    const [decision] = await this.options.permissions.authorize(
      [{ permission, resourceRef: target.entityRef }],
      { credentials: ctx.credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        target.production
          ? `You may not ${action} ${target.entityRef} in ${target.environment}: production actions (${permission.name}) are limited to the production groups.`
          : `You may not ${action} ${target.entityRef} in ${target.environment}: only its owners may (${permission.name}).`,
      );
    }
  }

  private async read(target: Target): Promise<v1alpha1Application> {
    try {
      return await target.instance.client.getApplication(target.application);
    } catch (error) {
      throw new ServiceUnavailableError(
        `Could not read ${target.application} from Argo CD instance '${
          target.instance.config.name
        }': ${message(error)}. Nothing was changed.`,
      );
    }
  }

  private async checkRollback(
    target: Target,
    app: v1alpha1Application,
    id: number,
  ): Promise<RollbackPreview> {
    const name = target.application;
    if (operationRunning(app)) {
      const op = app.status?.operationState;
      throw new ConflictError(
        `Cannot roll back ${name}: another operation is running${
          op?.startedAt ? ` since ${op.startedAt}` : ''
        } (${op?.message ?? 'sync'}); wait for it to finish.`,
      );
    }
    const history = app.status?.history ?? [];
    const current = history[history.length - 1];
    if (history.length < 2) {
      throw new ConflictError(
        `Nothing to roll back to: ${name} has ${
          history.length ? 'only one deployment' : 'no deployments'
        } in its history.`,
      );
    }
    const entry = history.find(h => h.id === id);
    if (!entry?.revision) {
      throw new InputError(
        `History entry ${id} does not exist for ${name}; its entries are ${history
          .map(h => h.id)
          .join(', ')}.`,
      );
    }
    if (entry.id === current.id) {
      throw new ConflictError(
        `Nothing to roll back to: entry ${id} (${short(
          entry.revision,
        )}) is what ${name} runs now; pick an earlier one.`,
      );
    }
    const [fromImage, toImage] = await Promise.all([
      this.imageAt(target, current.revision),
      this.imageAt(target, entry.revision),
    ]);
    return {
      application: name,
      environment: target.environment,
      from: {
        revision: current.revision,
        image: fromImage,
        historyId: current.id,
      },
      to: {
        revision: entry.revision,
        image: toImage,
        historyId: id,
        deployedAt: entry.deployedAt,
      },
      suspendsAutoSync: isAutoSyncEnabled(app),
      dryRun: 'passed',
    };
  }

  /** The Rollout's (or Deployment's) image in the manifests at a revision. */
  private async imageAt(
    target: Target,
    revision: string | undefined,
  ): Promise<string | undefined> {
    if (!revision) return undefined;
    let manifests: string[];
    try {
      manifests =
        (
          await target.instance.client.getManifests(target.application, {
            revision,
          })
        ).manifests ?? [];
    } catch (error) {
      throw upstream(
        error,
        `Could not render ${target.application} at ${short(
          revision,
        )}: ${message(error)}. Nothing was changed.`,
      );
    }
    for (const text of manifests) {
      try {
        const object = JSON.parse(text);
        if (object.kind === 'Rollout' || object.kind === 'Deployment') {
          return object.spec?.template?.spec?.containers?.[0]?.image;
        }
      } catch {
        // not JSON (Argo CD answers YAML for some sources): skip it
      }
    }
    return undefined;
  }

  /**
   * Runs an action inside an audit event: the event names who asked, what,
   * why and the state before; success records the state after, failure the
   * error (whose message says what state the application is in).
   */
  private async audited(
    ctx: ActionContext,
    target: Target,
    action: DeploymentAction,
    input: { id?: number; reason?: string },
    run: (event: {
      actor: string;
      before(app: v1alpha1Application): Promise<void>;
    }) => Promise<{ after: v1alpha1Application; message: string }>,
  ): Promise<ActionResult> {
    const principal = ctx.credentials.principal as {
      userEntityRef?: string;
      subject?: string;
    };
    const actor = principal?.userEntityRef ?? principal?.subject ?? 'unknown';
    const meta: JsonObject = {
      action,
      actor,
      entityRef: target.entityRef,
      environment: target.environment,
      instance: target.instance.config.name,
      application: target.application,
      reason: input.reason ?? null,
      ...(input.id !== undefined ? { historyId: input.id } : {}),
    };
    const event: AuditorServiceEvent = await this.options.auditor.createEvent({
      eventId: `deployment-${action}`,
      severityLevel: target.production ? 'high' : 'medium',
      request: ctx.request,
      meta,
    });
    try {
      await this.authorize(ctx, target, action);
      const result = await run({
        actor,
        before: async app => {
          meta.before = auditState(app);
        },
      });
      await this.options.instances.invalidate(target.instance);
      // Read-your-writes: the answer is newer than the index until the
      // watch event arrives.
      this.options.instances.observe(
        target.instance,
        result.after,
        target.environment,
      );
      const deployment = summarize(
        result.after,
        target.instance.config,
        target.environment,
      ).summary;
      await event.success({
        meta: { ...meta, after: auditState(result.after) },
      });
      await this.options
        .onAction?.({
          entityRef: target.entityRef,
          environment: target.environment,
          action,
          actor,
          reason: input.reason,
          at: new Date().toISOString(),
        })
        .catch(() => undefined); // done and audited: a record is not worth a failure
      return {
        action,
        application: target.application,
        environment: target.environment,
        message: result.message,
        deployment,
      };
    } catch (error) {
      await this.options.instances.invalidate(target.instance);
      await event.fail({ meta, error: error as Error });
      throw error;
    }
  }
}
