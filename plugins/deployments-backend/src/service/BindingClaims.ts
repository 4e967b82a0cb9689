import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ClaimBindingsRequest,
  ClaimBindingsResponse,
  deploymentsBindingClaimPermission,
} from '@internal/plugin-deployments-common';
import type { Request } from 'express';
import { BoundObjectKind, normalizeRef } from '../database/BindingStore';
import { ArgoCDInstances } from './ArgoCDInstances';
import { BindingIndex } from './BindingIndex';
import { actorOf, existsUpstream } from './upstreamObjects';

type ObjectRef = { kind: BoundObjectKind; instance: string; name: string };

/**
 * An admin's claim of Argo CD objects that exist without a binding (services
 * that were there before the portal): binds them to an entity that exists
 * in the catalog, once, audited. An object bound to another entity is
 * refused (409); one bound to an earlier entity of the same name is given
 * to the entity that has the name now.
 */
export class BindingClaims {
  constructor(
    private readonly options: {
      instances: ArgoCDInstances;
      bindings: BindingIndex;
      join: { adopt(): Promise<void> };
      catalog: CatalogService;
      auth: AuthService;
      permissions: PermissionsService;
      auditor: AuditorService;
    },
  ) {}

  async claim(
    input: ClaimBindingsRequest,
    context: { credentials: BackstageCredentials; request: Request },
  ): Promise<ClaimBindingsResponse> {
    const actor = actorOf(context.credentials);
    const event = await this.options.auditor.createEvent({
      eventId: 'deployment-binding-claim',
      severityLevel: 'high',
      request: context.request,
      meta: {
        actor,
        entityRef: input.entityRef,
        applications: input.applications,
        projects: input.projects ?? [],
      },
    });
    try {
      const result = await this.run(input, context.credentials, actor);
      await event.success({
        meta: {
          actor,
          entityRef: input.entityRef,
          claimed: result.claimed.map(o => `${o.kind}:${o.instance}:${o.name}`),
          unchanged: result.unchanged.map(
            o => `${o.kind}:${o.instance}:${o.name}`,
          ),
        },
      });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  private async run(
    input: ClaimBindingsRequest,
    credentials: BackstageCredentials,
    actor: string,
  ): Promise<ClaimBindingsResponse> {
    const { permissions, catalog, auth, instances, bindings } = this.options;
    const [decision] = await permissions.authorize(
      [{ permission: deploymentsBindingClaimPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Only admins may claim Argo CD objects for an entity (${deploymentsBindingClaimPermission.name})`,
      );
    }
    const entity = await catalog.getEntityByRef(input.entityRef, {
      credentials: await auth.getOwnServiceCredentials(),
    });
    if (!entity) {
      throw new NotFoundError(
        `${input.entityRef} is not in the catalog: objects are claimed for an existing entity`,
      );
    }
    const uid = entity.metadata.uid;
    // The platform's adopt rules first: what config binds is not claimed.
    await this.options.join.adopt();

    // Find every object first: nothing is bound unless all of them exist.
    const targets: ObjectRef[] = [];
    const wanted: Array<[BoundObjectKind, string]> = [
      ...input.applications.map(
        n => ['application', n] as [BoundObjectKind, string],
      ),
      ...(input.projects ?? []).map(
        n => ['project', n] as [BoundObjectKind, string],
      ),
    ];
    for (const [kind, name] of wanted) {
      const found: ObjectRef[] = [];
      for (const instance of instances.instances) {
        if (await existsUpstream(instance, kind, name)) {
          found.push({ kind, instance: instance.config.name, name });
        }
      }
      if (found.length === 0) {
        throw new NotFoundError(
          `No Argo CD instance has the ${
            kind === 'project' ? 'AppProject' : 'Application'
          } ${name}; nothing was claimed`,
        );
      }
      targets.push(...found);
    }

    const claimed: ObjectRef[] = [];
    const unchanged: ObjectRef[] = [];
    const ref = normalizeRef(input.entityRef);
    for (const target of targets) {
      const binding = await bindings.store.get(
        target.kind,
        target.instance,
        target.name,
      );
      if (binding && binding.entityRef === ref) {
        if (!binding.entityUid || binding.entityUid === uid) {
          unchanged.push(target);
          continue;
        }
      } else if (binding) {
        throw new ConflictError(
          `${target.kind} ${target.name} (Argo CD instance '${target.instance}') belongs to ${binding.entityRef}; nothing was claimed`,
        );
      }
    }
    for (const target of targets) {
      if (unchanged.includes(target)) continue;
      const binding = await bindings.store.get(
        target.kind,
        target.instance,
        target.name,
      );
      if (binding) {
        await bindings.store.reassign(binding, {
          entityRef: input.entityRef,
          entityUid: uid,
          source: 'claimed',
          createdBy: actor,
        });
      } else {
        const result = await bindings.store.bind({
          ...target,
          entityRef: input.entityRef,
          entityUid: uid,
          source: 'claimed',
          createdBy: actor,
        });
        if (!result.created && result.binding.entityRef !== ref) {
          throw new ConflictError(
            `${target.kind} ${target.name} was just bound to ${result.binding.entityRef} by another request`,
          );
        }
      }
      claimed.push(target);
    }
    await bindings.changed();
    return { entityRef: input.entityRef, claimed, unchanged };
  }
}
