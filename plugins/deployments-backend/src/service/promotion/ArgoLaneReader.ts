import { EnvironmentDeployment } from '@internal/plugin-deployments-common';
import { ArgoCDInstances } from '../ArgoCDInstances';
import { EntityDeployments } from '../EntityDeployments';

/** Where an application's chart comes from (its Argo CD `spec.source`). */
export interface ApplicationSource {
  repoURL: string;
  /** The chart's folder, e.g. `chart`. */
  path: string;
  /** The branch Argo CD tracks, e.g. `main`. */
  targetRevision: string;
  /** The values file of the environment, e.g. `chart/values-staging.yaml`. */
  valuesFile: string;
}

/** One environment of the lane, as Argo CD shows it. */
export interface LaneInput {
  detail: EnvironmentDeployment;
  /** Bound to the entity (a binding, not an annotation). */
  bound: boolean;
  /** Another entity's application the annotation matches. */
  foreign?: string;
  source?: ApplicationSource;
  sourceError?: string;
}

/** Reads an entity's environments in promotion order; the promotion service's view of Argo CD. */
export interface LaneReader {
  read(
    entityRef: string,
  ): Promise<{ entityRef: string; environments: LaneInput[] }>;
  /** Asks Argo CD to read git now, so a promotion does not wait for its poll. */
  refresh?(environment: string, application: string): Promise<void>;
}

const message = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/**
 * The lane from Argo CD: the entity tab's per-environment detail (in
 * configuration order: `deployments.argocd.instances[].environments`) and,
 * for each application bound to the entity, its source: the repository,
 * branch and values file git deploys from.
 */
export class ArgoLaneReader implements LaneReader {
  constructor(
    private readonly options: {
      instances: ArgoCDInstances;
      entities: EntityDeployments;
    },
  ) {}

  async refresh(environment: string, application: string): Promise<void> {
    const instance = this.options.instances.forEnvironment(environment);
    if (!instance) return;
    await instance.client.getApplication(application, { refresh: 'normal' });
    await this.options.instances.invalidate(instance);
  }

  async read(entityRef: string) {
    const { instances, entities } = this.options;
    const [detail, joined] = await Promise.all([
      entities.get(entityRef),
      entities.entity(entityRef),
    ]);
    const environments = await Promise.all(
      detail.environments.map(async (env): Promise<LaneInput> => {
        const foreign = joined.warnings.find(
          w => w.environment === env.environment,
        )?.message;
        const bound = env.binding === 'bound';
        const app = joined.applications[env.environment];
        if (!bound || !app) return { detail: env, bound, foreign };
        try {
          const full = await instances
            .forEnvironment(env.environment)!
            .client.getApplication(app.name);
          const source = full.spec?.source;
          const valueFiles = source?.helm?.valueFiles ?? [];
          if (!source?.repoURL || !valueFiles.length) {
            return {
              detail: env,
              bound,
              sourceError: `${app.name} has no Helm value file in its source: the portal promotes by committing image.tag to it`,
            };
          }
          const path = (source.path ?? '').replace(/^\/+|\/+$/g, '');
          const file = valueFiles[valueFiles.length - 1];
          return {
            detail: env,
            bound,
            source: {
              repoURL: source.repoURL,
              path,
              targetRevision: source.targetRevision || 'HEAD',
              valuesFile: path ? `${path}/${file}` : file,
            },
          };
        } catch (error) {
          return { detail: env, bound, sourceError: message(error) };
        }
      }),
    );
    return { entityRef: detail.entityRef, environments };
  }
}
