import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ArgoCDManifest,
  CreateApplicationsRequest,
  CreateApplicationsResponse,
  CreatedApplication,
  deploymentsApplicationCreatePermission,
  deploymentsApplicationUpdatePermission,
} from '@internal/plugin-deployments-common';
import {
  ArgoCDError,
  v1alpha1AppProject,
  v1alpha1Application,
} from '@internal/plugin-deployments-node';
import type { Request } from 'express';
import { BoundObjectKind } from '../database/BindingStore';
import { ArgoCDInstance, ArgoCDInstances } from './ArgoCDInstances';
import { BindingIndex } from './BindingIndex';
import { bindingBelongsTo } from './DeploymentsJoin';
import {
  applicationToCreate,
  createApplicationReusingReleased,
} from './heldApplications';
import { actorOf, existsUpstream } from './upstreamObjects';

/** One object to create, in the instance that gets it. */
interface Placed {
  kind: BoundObjectKind;
  name: string;
  instance: ArgoCDInstance;
  environment?: string;
  manifest: ArgoCDManifest;
  /** Whether it existed before this request (a re-run). */
  existed?: boolean;
}

const message = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/**
 * Creates an entity's AppProject and Applications (the scaffolder's
 * `argocd:create-applications` calls this with the task user's
 * credentials) and binds them to the entity, in one place:
 *
 * - the user needs `deployments.application.create`, and, when the entity
 *   exists in the catalog, `deployments.application.update` on it (owners);
 * - an object bound to another entity, or existing in Argo CD without a
 *   binding, is refused (403) — `upsert` only ever replaces the entity's own;
 * - the bindings are written before the objects, so two tasks racing for a
 *   name cannot both win (the table's unique index decides).
 */
export class ApplicationCreator {
  constructor(
    private readonly options: {
      instances: ArgoCDInstances;
      bindings: BindingIndex;
      /** The join, which applies the platform's adopt rules before a check. */
      join: { adopt(): Promise<void> };
      catalog: CatalogService;
      auth: AuthService;
      permissions: PermissionsService;
      auditor: AuditorService;
    },
  ) {}

  async create(
    input: CreateApplicationsRequest & { entityRef: string },
    context: { credentials: BackstageCredentials; request: Request },
  ): Promise<CreateApplicationsResponse> {
    const placed = this.place(input);
    const actor = actorOf(context.credentials);
    const production = placed.some(
      p => p.environment && this.options.instances.isProduction(p.environment),
    );
    const event = await this.options.auditor.createEvent({
      eventId: 'deployment-applications-create',
      severityLevel: production ? 'high' : 'medium',
      request: context.request,
      meta: {
        actor,
        entityRef: input.entityRef,
        upsert: input.upsert ?? false,
        dryRun: input.dryRun ?? false,
        taskId: input.taskId ?? null,
        objects: placed.map(
          p => `${p.kind}:${p.instance.config.name}:${p.name}`,
        ),
      },
    });
    try {
      const entity = await this.authorize(input.entityRef, context.credentials);
      await this.options.join.adopt();
      await this.checkBindings(input.entityRef, entity?.metadata.uid, placed);
      if (!input.dryRun) {
        await this.bind(input, entity?.metadata.uid, actor, placed);
      }
      const applications = input.dryRun
        ? placed
            .filter(p => p.kind === 'application')
            .map(p => this.describe(p, undefined))
        : await this.write(input, placed);
      await event.success();
      return {
        entityRef: input.entityRef,
        project: input.project?.metadata.name,
        applications,
        dryRun: input.dryRun ?? false,
      };
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  /** Every object with its instance; the project goes to each instance of its apps. */
  private place(input: CreateApplicationsRequest): Placed[] {
    const { instances } = this.options;
    const apps: Placed[] = input.applications.map(manifest => {
      const spec = manifest.spec as v1alpha1Application['spec'];
      const environment = spec?.destination?.name;
      if (!environment) {
        throw new InputError(
          `Application ${manifest.metadata.name} needs spec.destination.name (the environment's cluster)`,
        );
      }
      const instance = instances.forEnvironment(environment);
      if (!instance) {
        throw new InputError(
          `No Argo CD instance deploys to the environment '${environment}' (configured: ${instances
            .environments()
            .map(e => e.name)
            .join(', ')}); see deployments.argocd.instances`,
        );
      }
      const project = spec?.project ?? 'default';
      if (project !== input.project?.metadata.name) {
        throw new InputError(
          `Application ${
            manifest.metadata.name
          } uses the project '${project}': the applications of a service must use the service's own AppProject${
            input.project
              ? ` ('${input.project.metadata.name}')`
              : ', given in the same request'
          }`,
        );
      }
      return {
        kind: 'application',
        name: manifest.metadata.name,
        instance,
        environment,
        // Held before anything is bound or created, dry runs included.
        manifest: applicationToCreate(
          manifest as unknown as v1alpha1Application,
        ) as unknown as ArgoCDManifest,
      };
    });
    const names = apps.map(a => a.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) {
      throw new InputError(`Application ${duplicate} is given twice`);
    }
    const projects: Placed[] = [];
    if (input.project) {
      for (const instance of new Set(apps.map(a => a.instance))) {
        projects.push({
          kind: 'project',
          name: input.project.metadata.name,
          instance,
          manifest: input.project,
        });
      }
    }
    return [...projects, ...apps];
  }

  /**
   * `deployments.application.create` for everyone's scaffolder runs, and,
   * for an entity that exists, the right to act on it: a name that belongs
   * to someone's registered service is not free to take.
   */
  private async authorize(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    const { permissions, catalog, auth } = this.options;
    const [create] = await permissions.authorize(
      [{ permission: deploymentsApplicationCreatePermission }],
      { credentials },
    );
    if (create.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not create Argo CD applications (${deploymentsApplicationCreatePermission.name})`,
      );
    }
    const entity = await catalog.getEntityByRef(entityRef, {
      credentials: await auth.getOwnServiceCredentials(),
    });
    if (entity) {
      const [update] = await permissions.authorize(
        [
          {
            permission: deploymentsApplicationUpdatePermission,
            resourceRef: entityRef,
          },
        ],
        { credentials },
      );
      if (update.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `You may not create or change the Argo CD applications of ${entityRef}: it exists in the catalog and only its owners may (${deploymentsApplicationUpdatePermission.name})`,
        );
      }
    }
    return entity;
  }

  /** Refuses, before anything changes, every object that is not free or the entity's own. */
  private async checkBindings(
    entityRef: string,
    uid: string | undefined,
    placed: Placed[],
  ): Promise<void> {
    const { bindings } = this.options;
    for (const p of placed) {
      const what = `${p.kind === 'project' ? 'AppProject' : 'Application'} ${
        p.name
      } (Argo CD instance '${p.instance.config.name}')`;
      // From the table, not the cache: another replica may have just bound it.
      const binding = await bindings.store.get(
        p.kind,
        p.instance.config.name,
        p.name,
      );
      if (binding) {
        if (!bindingBelongsTo(binding, { entityRef, uid })) {
          throw new NotAllowedError(
            `${what} belongs to ${binding.entityRef}${
              binding.entityRef === entityRef.toLocaleLowerCase('en-US')
                ? ' as an earlier entity of that name'
                : ''
            }, not to ${entityRef}: it may not be created or replaced for it. Nothing was changed.`,
          );
        }
        p.existed = await existsUpstream(p.instance, p.kind, p.name);
        continue;
      }
      if (await existsUpstream(p.instance, p.kind, p.name)) {
        throw new NotAllowedError(
          `${what} exists already and is bound to no entity: an admin must claim it (deployments.binding.claim) before the portal changes it. Nothing was changed.`,
        );
      }
    }
  }

  private async bind(
    input: CreateApplicationsRequest,
    uid: string | undefined,
    actor: string,
    placed: Placed[],
  ): Promise<void> {
    for (const p of placed) {
      const { binding } = await this.options.bindings.store.bind({
        kind: p.kind,
        instance: p.instance.config.name,
        name: p.name,
        entityRef: input.entityRef,
        entityUid: uid,
        source: 'created',
        taskId: input.taskId,
        createdBy: actor,
      });
      if (!bindingBelongsTo(binding, { entityRef: input.entityRef, uid })) {
        throw new NotAllowedError(
          `${p.kind} ${p.name} was just bound to ${binding.entityRef} by another request. Nothing more was changed.`,
        );
      }
    }
    await this.options.bindings.changed();
  }

  private async write(
    input: CreateApplicationsRequest,
    placed: Placed[],
  ): Promise<CreatedApplication[]> {
    const upsert = input.upsert ?? false;
    const result: CreatedApplication[] = [];
    const touched = new Set<ArgoCDInstance>();
    try {
      for (const p of placed) {
        touched.add(p.instance);
        const { client } = p.instance;
        try {
          if (p.kind === 'project') {
            await client.createProject(p.manifest as v1alpha1AppProject, {
              upsert,
            });
          } else {
            const created = await createApplicationReusingReleased(
              client,
              p.manifest as v1alpha1Application,
              { upsert },
            );
            result.push(this.describe(p, created));
          }
        } catch (error) {
          const text = `Argo CD instance '${
            p.instance.config.name
          }' refused to create ${
            p.kind === 'project' ? 'AppProject' : 'Application'
          } ${p.name}: ${message(error)}`;
          if (error instanceof ArgoCDError && error.reason === 'badRequest') {
            throw new ConflictError(text);
          }
          throw new ServiceUnavailableError(text);
        }
      }
    } finally {
      for (const instance of touched) {
        await this.options.instances.invalidate(instance);
      }
    }
    return result;
  }

  private describe(
    p: Placed,
    created: v1alpha1Application | undefined,
  ): CreatedApplication {
    return {
      name: p.name,
      environment: p.environment!,
      instance: p.instance.config.name,
      url: `${p.instance.config.webUrl}/applications/argocd/${p.name}`,
      // Argo CD answers a create of an identical app with the existing one.
      reused: p.existed ?? false,
      ...(created?.status?.sync?.status
        ? { sync: created.status.sync.status }
        : {}),
      ...(created?.status?.health?.status
        ? { health: created.status.health.status }
        : {}),
    };
  }
}
