import {
  DeploymentSummary,
  EnvironmentInfo,
  MatrixRow,
} from '@internal/plugin-deployments-common';
import { ArgoCDInstances, InstanceSnapshot } from './ArgoCDInstances';
import { DeployedEntity, EntityIndex } from './EntityIndex';
import { LabelSelector, parseLabelSelector } from './labelSelector';
import { ApplicationRecord } from './summarize';

export interface JoinedEntity extends MatrixRow {
  /** The applications behind each deployed environment. */
  applications: Record<string, ApplicationRecord>;
}

export interface Joined {
  environments: EnvironmentInfo[];
  rows: JoinedEntity[];
  byRef: Map<string, JoinedEntity>;
  refreshedAt: string;
}

/** Applications of one snapshot, indexed by label for selector lookups. */
class LabelIndex {
  private readonly byKey = new Map<string, Map<string, ApplicationRecord[]>>();

  constructor(private readonly applications: ApplicationRecord[]) {}

  candidates(selector: LabelSelector): ApplicationRecord[] {
    if (!selector.equality) return this.applications;
    const { key, value } = selector.equality;
    let values = this.byKey.get(key);
    if (!values) {
      values = new Map();
      for (const app of this.applications) {
        const v = app.labels[key];
        if (v !== undefined) {
          const list = values.get(v) ?? [];
          list.push(app);
          values.set(v, list);
        }
      }
      this.byKey.set(key, values);
    }
    return values.get(value) ?? [];
  }
}

/**
 * Joins the catalog's deployed entities to the Argo CD applications by the
 * entity's label selector, in memory: no upstream call per service. The
 * join is recomputed only when the catalog or an instance's list changed.
 */
export class DeploymentsJoin {
  private memo?: { key: string; joined: Promise<Joined> };
  private readonly selectors = new Map<string, LabelSelector | Error>();

  constructor(
    private readonly instances: ArgoCDInstances,
    private readonly entities: EntityIndex,
  ) {}

  async current(): Promise<Joined> {
    const [snapshots, list] = await Promise.all([
      this.instances.snapshots(),
      this.entities.list(),
    ]);
    const key = [list.fetchedAt, ...snapshots.map(s => s.fetchedAt)].join('|');
    if (this.memo?.key !== key) {
      this.memo = {
        key,
        joined: Promise.resolve(this.join(snapshots, list.entities)),
      };
    }
    return this.memo.joined;
  }

  private selector(text: string): LabelSelector | Error {
    let parsed = this.selectors.get(text);
    if (!parsed) {
      try {
        parsed = parseLabelSelector(text);
      } catch (error) {
        parsed = error as Error;
      }
      this.selectors.set(text, parsed);
    }
    return parsed;
  }

  private join(
    snapshots: InstanceSnapshot[],
    entities: DeployedEntity[],
  ): Joined {
    const bySnapshot = new Map(snapshots.map(s => [s.instance, s]));
    const environments: EnvironmentInfo[] = this.instances
      .environments()
      .map(e => {
        const snapshot = bySnapshot.get(e.instance);
        return snapshot && !snapshot.ok
          ? { ...e, status: 'unavailable', error: snapshot.error }
          : { ...e, status: 'ok' };
      });
    const indexes = snapshots.map(s =>
      s.ok ? new LabelIndex(s.applications) : undefined,
    );

    const rows = entities.map(entity => {
      const selector = this.selector(entity.selector);
      const applications: Record<string, ApplicationRecord> = {};
      if (!(selector instanceof Error)) {
        for (const index of indexes) {
          for (const app of index?.candidates(selector) ?? []) {
            if (selector.matches(app.labels)) {
              applications[app.environment] ??= app;
            }
          }
        }
      }
      const deployments: Record<string, DeploymentSummary> = {};
      for (const env of environments) {
        const app = applications[env.name];
        if (env.status === 'unavailable') {
          deployments[env.name] = {
            environment: env.name,
            instance: env.instance,
            state: 'unavailable',
            error: env.error,
          };
        } else if (app) {
          deployments[env.name] = app.summary;
        } else {
          deployments[env.name] = {
            environment: env.name,
            instance: env.instance,
            state: 'missing',
            error:
              selector instanceof Error
                ? `The annotation's selector '${entity.selector}' is invalid: ${selector.message}`
                : undefined,
          };
        }
      }
      const { selector: _selector, ...row } = entity;
      return { ...row, deployments, applications };
    });
    return {
      environments,
      rows,
      byRef: new Map(
        rows.map(r => [r.entityRef.toLocaleLowerCase('en-US'), r]),
      ),
      refreshedAt:
        snapshots
          .map(s => s.fetchedAt)
          .sort()
          .shift() ?? new Date().toISOString(),
    };
  }
}
