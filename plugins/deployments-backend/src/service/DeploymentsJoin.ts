import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DeploymentSummary,
  EnvironmentInfo,
  MatrixRow,
  OwnershipWarning,
} from '@internal/plugin-deployments-common';
import { Binding, NewBinding, normalizeRef } from '../database/BindingStore';
import { ArgoCDInstances, InstanceSnapshot } from './ArgoCDInstances';
import { BindingIndex, BindingSnapshot, objectKey } from './BindingIndex';
import { AdoptRule } from './DeploymentsConfig';
import { DeployedEntity, EntityIndex } from './EntityIndex';
import { LabelSelector, parseLabelSelector } from './labelSelector';
import { ApplicationRecord } from './summarize';

/** An application and the instance that has it. */
export interface PlacedApplication extends ApplicationRecord {
  instance: string;
}

export interface JoinedEntity extends MatrixRow {
  uid?: string;
  /** The applications behind each deployed environment (bound or unbound). */
  applications: Record<string, PlacedApplication>;
  /** Applications the annotation matches that belong to other entities. */
  warnings: OwnershipWarning[];
}

/** Whether a binding is this entity's: same ref and, once known, same uid. */
export function bindingBelongsTo(
  binding: Binding,
  entity: { entityRef: string; uid?: string },
): boolean {
  return (
    normalizeRef(binding.entityRef) === normalizeRef(entity.entityRef) &&
    (!binding.entityUid || !entity.uid || binding.entityUid === entity.uid)
  );
}

/** The warning for an application bound to someone else. */
export function ownershipWarning(
  app: { name: string; environment: string },
  instance: string,
  binding: Binding,
  entityRef: string,
): OwnershipWarning {
  const former = normalizeRef(binding.entityRef) === normalizeRef(entityRef);
  return {
    environment: app.environment,
    instance,
    application: app.name,
    boundTo: binding.entityRef,
    message: former
      ? `${app.name} belongs to an earlier entity named ${binding.entityRef} (deleted and registered again); an admin must claim it for this one`
      : `${app.name} belongs to ${binding.entityRef}, not to ${entityRef}: the annotation's selector is ignored for it`,
  };
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
    private readonly bindings: BindingIndex,
    private readonly options: { adopt: AdoptRule[]; logger: LoggerService },
  ) {}

  async current(): Promise<Joined> {
    const [snapshots, list, bindings] = await Promise.all([
      this.instances.snapshots(),
      this.entities.list(),
      this.bindings.current(),
    ]);
    const key = [
      list.fetchedAt,
      bindings.version,
      ...snapshots.map(s => s.fetchedAt),
    ].join('|');
    if (this.memo?.key !== key) {
      this.memo = {
        key,
        joined: this.reconcile(snapshots, list.entities, bindings),
      };
    }
    return this.memo.joined;
  }

  /**
   * Applies the platform's adopt rules only (no catalog query): at start,
   * and before a create or a claim checks the bindings.
   */
  async adopt(): Promise<void> {
    const [snapshots, bindings] = await Promise.all([
      this.instances.snapshots(),
      this.bindings.current(),
    ]);
    const adoptions = this.adoptions(snapshots, bindings);
    if (adoptions.length === 0) return;
    await this.bindAdopted(adoptions);
    await this.bindings.changed();
  }

  private async bindAdopted(adoptions: NewBinding[]): Promise<void> {
    for (const adoption of adoptions) {
      const { created } = await this.bindings.store.bind(adoption);
      if (created) {
        this.options.logger.info(
          `Bound ${adoption.kind} ${adoption.name} (${adoption.instance}) to ${adoption.entityRef} (deployments.adopt)`,
        );
      }
    }
  }

  /**
   * Joins, then writes what the join learned: the uid of entities whose
   * bindings do not have it yet, and the bindings of the adopt rules. Both
   * happen once per object; the join is then computed again from the table.
   */
  private async reconcile(
    snapshots: InstanceSnapshot[],
    entities: DeployedEntity[],
    bindings: BindingSnapshot,
  ): Promise<Joined> {
    const joined = this.join(snapshots, entities, bindings);
    const adoptions = this.adoptions(snapshots, bindings);
    if (joined.uids.size === 0 && adoptions.length === 0) return joined;
    try {
      await this.bindAdopted(adoptions);
      for (const [ref, uid] of joined.uids) {
        await this.bindings.store.recordUid(ref, uid);
      }
      await this.bindings.changed();
    } catch (error) {
      // The read still answers; the next refresh tries again.
      this.options.logger.warn(`Could not record bindings: ${error}`);
      return joined;
    }
    return this.join(snapshots, entities, await this.bindings.current());
  }

  /** Unbound objects that the platform's adopt rules give to an entity. */
  private adoptions(
    snapshots: InstanceSnapshot[],
    bindings: BindingSnapshot,
  ): NewBinding[] {
    const result: NewBinding[] = [];
    const seen = new Set<string>();
    const add = (b: Omit<NewBinding, 'source' | 'createdBy'>) => {
      const key = objectKey(b.kind, b.instance, b.name);
      if (bindings.byObject.has(key) || seen.has(key)) return;
      seen.add(key);
      result.push({
        ...b,
        source: 'config',
        createdBy: 'config:deployments.adopt',
      });
    };
    for (const rule of this.options.adopt) {
      const selector = this.selector(rule.selector);
      if (selector instanceof Error) continue;
      for (const snapshot of snapshots) {
        if (!snapshot.ok) continue;
        for (const app of snapshot.applications) {
          if (selector.matches(app.labels)) {
            add({
              kind: 'application',
              instance: snapshot.instance,
              name: app.name,
              entityRef: rule.entity,
            });
          }
        }
        for (const project of rule.projects) {
          add({
            kind: 'project',
            instance: snapshot.instance,
            name: project,
            entityRef: rule.entity,
          });
        }
      }
    }
    return result;
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
    bindings: BindingSnapshot,
  ): Joined & { uids: Map<string, string> } {
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
      s.ok
        ? { instance: s.instance, labels: new LabelIndex(s.applications) }
        : undefined,
    );
    const byName = new Map<string, ApplicationRecord>();
    for (const s of snapshots) {
      if (!s.ok) continue;
      for (const app of s.applications) {
        byName.set(objectKey('application', s.instance, app.name), app);
      }
    }
    const envOrder = new Map(environments.map((e, i) => [e.name, i]));
    // Entities whose bindings do not carry their uid yet.
    const uids = new Map<string, string>();

    const rows = entities.map(entity => {
      const selector = this.selector(entity.selector);
      const applications: Record<string, PlacedApplication> = {};
      const bound = new Set<string>();
      const warnings: OwnershipWarning[] = [];
      // The bindings first: what the platform created for this entity.
      for (const b of bindings.byEntity.get(normalizeRef(entity.entityRef)) ??
        []) {
        if (!bindingBelongsTo(b, entity)) continue;
        if (!b.entityUid && entity.uid) uids.set(entity.entityRef, entity.uid);
        if (b.kind !== 'application') continue;
        const app = byName.get(objectKey('application', b.instance, b.name));
        if (app && !applications[app.environment]) {
          applications[app.environment] = { ...app, instance: b.instance };
          bound.add(app.environment);
        }
      }
      // Then the annotation, for what is bound to nobody (read-only).
      if (!(selector instanceof Error)) {
        for (const index of indexes) {
          if (!index) continue;
          for (const app of index.labels.candidates(selector)) {
            if (!selector.matches(app.labels)) continue;
            const binding = bindings.byObject.get(
              objectKey('application', index.instance, app.name),
            );
            if (binding && !bindingBelongsTo(binding, entity)) {
              warnings.push(
                ownershipWarning(
                  app,
                  index.instance,
                  binding,
                  entity.entityRef,
                ),
              );
            } else if (!binding) {
              applications[app.environment] ??= {
                ...app,
                instance: index.instance,
              };
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
          deployments[env.name] = {
            ...app.summary,
            binding: bound.has(env.name) ? 'bound' : 'unbound',
          };
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
      warnings.sort(
        (a, b) =>
          (envOrder.get(a.environment) ?? envOrder.size) -
          (envOrder.get(b.environment) ?? envOrder.size),
      );
      const { selector: _selector, ...row } = entity;
      return {
        ...row,
        deployments,
        applications,
        warnings,
      };
    });
    return {
      uids,
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
