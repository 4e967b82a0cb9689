import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  EntityDeploymentsResponse,
  EnvironmentDeployment,
  HistoryEntry,
} from '@internal/plugin-deployments-common';
import {
  AnalysisRun,
  ArgoCDError,
  Rollout,
  v1alpha1Application,
  v1alpha1ResourceNode,
} from '@internal/plugin-deployments-node';
import { ArgoCDInstance, ArgoCDInstances } from './ArgoCDInstances';
import { DeploymentsJoin, JoinedEntity } from './DeploymentsJoin';
import { isCanaryInFlight, rolloutState } from './rolloutState';
import { initiator, summarize } from './summarize';

/** How many AnalysisRuns of a Rollout the tab shows (newest first). */
const ANALYSIS_RUNS_SHOWN = 3;
/** Commit metadata never changes: keep it for a day. */
const METADATA_TTL_MS = 24 * 3600_000;

const message = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/**
 * One entity's deployments in every environment, read fresh from Argo CD
 * (the application, its resource tree, the Rollout and its AnalysisRuns):
 * a handful of calls per environment, for one entity only — the matrix never
 * does this. An environment whose instance fails shows its error; the
 * others are unaffected.
 */
export class EntityDeployments {
  constructor(
    private readonly options: {
      instances: ArgoCDInstances;
      join: DeploymentsJoin;
      cache: CacheService;
      logger: LoggerService;
    },
  ) {}

  /** The joined entity, or a 404 naming what is missing. */
  async entity(entityRef: string): Promise<JoinedEntity> {
    const joined = await this.options.join.currentFor(entityRef);
    const entity = joined.byRef.get(entityRef.toLocaleLowerCase('en-US'));
    if (!entity) {
      throw new NotFoundError(
        `No deployments for ${entityRef}: the entity does not exist or has no 'argocd/app-selector' or 'backstage.io/kubernetes-id' annotation`,
      );
    }
    return entity;
  }

  async get(entityRef: string): Promise<EntityDeploymentsResponse> {
    const entity = await this.entity(entityRef);
    const { instances } = this.options;
    const environments = await Promise.all(
      instances.environments().map(async env => {
        const summary = entity.deployments[env.name];
        const app = entity.applications[env.name];
        const base: EnvironmentDeployment = {
          ...summary,
          production: env.production,
          history: [],
        };
        if (!app || summary.state !== 'deployed') {
          return base;
        }
        const instance = instances.forEnvironment(env.name)!;
        try {
          return await this.detail(instance, app.name, env.name, base);
        } catch (error) {
          return { ...base, detailError: message(error) };
        }
      }),
    );
    return {
      entityRef: entity.entityRef,
      environments,
      warnings: entity.warnings,
    };
  }

  private async detail(
    instance: ArgoCDInstance,
    name: string,
    environment: string,
    base: EnvironmentDeployment,
  ): Promise<EnvironmentDeployment> {
    const { client, config } = instance;
    const [app, tree] = await Promise.all([
      client.getApplication(name),
      client.getResourceTree(name),
    ]);
    const summary = summarize(app, config, environment).summary;
    const history = await this.history(instance, app);
    const result: EnvironmentDeployment = {
      ...base,
      ...summary,
      history,
    };
    const nodes = tree.nodes ?? [];
    const rolloutNode = nodes.find(
      n => n.kind === 'Rollout' && n.group === 'argoproj.io',
    );
    if (!rolloutNode) {
      return result;
    }
    try {
      result.rollout = await this.rollout(instance, name, rolloutNode, nodes);
      result.canaryInFlight = isCanaryInFlight(
        result.images ?? [],
        result.rollout,
      );
    } catch (error) {
      result.detailError = `Could not read the Rollout: ${message(error)}`;
    }
    return result;
  }

  private async rollout(
    { client }: ArgoCDInstance,
    name: string,
    node: v1alpha1ResourceNode,
    nodes: v1alpha1ResourceNode[],
  ) {
    const ref = (n: v1alpha1ResourceNode) => ({
      group: n.group ?? '',
      version: n.version ?? 'v1alpha1',
      kind: n.kind ?? '',
      namespace: n.namespace ?? '',
      resourceName: n.name ?? '',
    });
    const runNodes = nodes
      .filter(n => n.kind === 'AnalysisRun')
      .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''))
      .slice(0, ANALYSIS_RUNS_SHOWN);
    const [rollout, actions, analysisRuns] = await Promise.all([
      client.getResource<Rollout>(name, ref(node)),
      client.listResourceActions(name, ref(node)),
      Promise.all(
        runNodes.map(n => client.getResource<AnalysisRun>(name, ref(n))),
      ),
    ]);
    return rolloutState({ rollout, tree: nodes, analysisRuns, actions });
  }

  private async history(
    instance: ArgoCDInstance,
    app: v1alpha1Application,
  ): Promise<HistoryEntry[]> {
    const entries = app.status?.history ?? [];
    const name = app.metadata?.name ?? '';
    const current = entries[entries.length - 1]?.id;
    const list = await Promise.all(
      entries.map(async entry => {
        const metadata = entry.revision
          ? await this.revisionMetadata(instance, name, entry.revision)
          : undefined;
        return {
          id: entry.id ?? 0,
          revision: entry.revision ?? '',
          deployedAt: entry.deployedAt,
          deployStartedAt: entry.deployStartedAt,
          initiatedBy: initiator(entry.initiatedBy),
          author: metadata?.author,
          message: metadata?.message,
          ...(metadata?.date ? { committedAt: metadata.date } : {}),
          current: entry.id === current,
        };
      }),
    );
    return list.reverse(); // newest first
  }

  /** Commit author and message; optional, so a failure only leaves them out. */
  private async revisionMetadata(
    { client, config }: ArgoCDInstance,
    app: string,
    revision: string,
  ): Promise<{ author?: string; message?: string; date?: string } | undefined> {
    const key = `revision-metadata:${config.name}:${app}:${revision}`;
    const cached = (await this.options.cache.get(key)) as
      | { author?: string; message?: string; date?: string }
      | undefined;
    if (cached) return cached;
    try {
      const metadata = await client.getRevisionMetadata(app, revision);
      const value = {
        ...(metadata.author ? { author: metadata.author } : {}),
        ...(metadata.message ? { message: metadata.message } : {}),
        ...(metadata.date ? { date: String(metadata.date) } : {}),
      };
      await this.options.cache.set(key, value, { ttl: METADATA_TTL_MS });
      return value;
    } catch (error) {
      if (!(error instanceof ArgoCDError)) throw error;
      return undefined;
    }
  }
}
