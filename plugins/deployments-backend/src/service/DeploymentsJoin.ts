import { LoggerService } from '@backstage/backend-plugin-api';
import { Pacer } from '@internal/plugin-deployments-node';
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
import { rowsReplaced } from './queryMatrix';
import { SelectorIndex } from './SelectorIndex';
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
  /** Every instance's watch is open: the rows follow Argo CD as it changes. */
  live?: boolean;
}

/** What one join was computed from, to tell what changed since. */
interface JoinInputs {
  entitiesAt: string;
  bindingsVersion: number;
  /** Which instances answered (and with which error): a change rebuilds. */
  availability: string;
  /** Each instance's index version. */
  versions: Map<string, number>;
}

interface JoinState {
  inputs: JoinInputs;
  entities: DeployedEntity[];
  joined: Omit<Joined, 'refreshedAt'>;
  /** Row position per entity ref (lower case). */
  position: Map<string, number>;
  /** Which rows show (or warn about) each application. */
  appRows: Map<string, Set<number>>;
  /** The rows by their selector: which rows a changed app may belong to. */
  selectors: SelectorIndex;
}

/** Rebuild rather than patch when more rows than this share changed. */
const INCREMENTAL_LIMIT = 0.25;

/**
 * Joins the catalog's deployed entities to the Argo CD applications by the
 * entity's label selector, in memory: no upstream call per service. The
 * join is rebuilt when the catalog, the bindings or an instance's
 * availability changed; a change of applications (a watch event, a list
 * that moved a few apps) recomputes only the rows that show them or whose
 * selector matches them now, so 10,000 services cost nothing per event.
 */
export class DeploymentsJoin {
  private state?: JoinState;
  private rebuilding?: { key: string; done: Promise<JoinState> };
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
    const inputs: JoinInputs = {
      entitiesAt: list.fetchedAt,
      bindingsVersion: bindings.version,
      availability: snapshots
        .map(s => `${s.instance}:${s.ok ? 'ok' : s.error}`)
        .join('|'),
      versions: new Map(
        snapshots.map(s => [s.instance, s.ok ? s.version : -1]),
      ),
    };
    const refreshedAt =
      snapshots
        .map(s => s.fetchedAt)
        .sort()
        .shift() ?? new Date().toISOString();
    let state = this.state;
    if (
      state &&
      state.inputs.entitiesAt !== inputs.entitiesAt &&
      sameEntities(state.entities, list.entities)
    ) {
      // The catalog was read again and said the same: keep the rows (and
      // the matrix's sorts) instead of joining 10,000 entities anew.
      state = {
        ...state,
        inputs: { ...state.inputs, entitiesAt: inputs.entitiesAt },
      };
      this.state = state;
    }
    if (
      !state ||
      state.inputs.entitiesAt !== inputs.entitiesAt ||
      state.inputs.bindingsVersion !== inputs.bindingsVersion ||
      state.inputs.availability !== inputs.availability
    ) {
      state = await this.rebuild(inputs, snapshots, list.entities, bindings);
    } else if (!sameVersions(state.inputs.versions, inputs.versions)) {
      const patched = this.patch(state, inputs, snapshots, bindings);
      // Kept, so that the next change patches from here, not from the last
      // rebuild again (and the matrix's sorts of these rows are reused).
      if (patched) this.state = patched;
      state =
        patched ??
        (await this.rebuild(inputs, snapshots, list.entities, bindings));
    }
    const live = snapshots.every(s => s.ok && s.live);
    return { ...state.joined, refreshedAt, live };
  }

  /**
   * As `current`, but an entity missing from it is looked up in the catalog
   * first: one created since the catalog was last read joins at once.
   */
  async currentFor(entityRef: string): Promise<Joined> {
    const joined = await this.current();
    if (joined.byRef.has(entityRef.toLocaleLowerCase('en-US'))) return joined;
    return (await this.entities.reloadFor(entityRef)) ? this.current() : joined;
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

  /** One rebuild at a time; concurrent readers of the same inputs share it. */
  private rebuild(
    inputs: JoinInputs,
    snapshots: InstanceSnapshot[],
    entities: DeployedEntity[],
    bindings: BindingSnapshot,
  ): Promise<JoinState> {
    const key = `${inputs.entitiesAt}|${inputs.bindingsVersion}|${
      inputs.availability
    }|${[...inputs.versions.values()].join(',')}`;
    if (this.rebuilding?.key !== key) {
      const done = this.reconcile(inputs, snapshots, entities, bindings).then(
        state => {
          this.state = state;
          return state;
        },
      );
      this.rebuilding = { key, done };
      done.then(
        () => {
          if (this.rebuilding?.done === done) this.rebuilding = undefined;
        },
        () => {
          if (this.rebuilding?.done === done) this.rebuilding = undefined;
        },
      );
    }
    return this.rebuilding.done;
  }

  /**
   * Joins, then writes what the join learned: the uid of entities whose
   * bindings do not have it yet, and the bindings of the adopt rules. Both
   * happen once per object; the join is then computed again from the table.
   */
  private async reconcile(
    inputs: JoinInputs,
    snapshots: InstanceSnapshot[],
    entities: DeployedEntity[],
    bindings: BindingSnapshot,
  ): Promise<JoinState> {
    const first = await this.join(inputs, snapshots, entities, bindings);
    const adoptions = this.adoptions(snapshots, bindings);
    if (first.uids.size === 0 && adoptions.length === 0) return first.state;
    try {
      await this.bindAdopted(adoptions);
      for (const [ref, uid] of first.uids) {
        await this.bindings.store.recordUid(ref, uid);
      }
      await this.bindings.changed();
    } catch (error) {
      // The read still answers; the next refresh tries again.
      this.options.logger.warn(`Could not record bindings: ${error}`);
      return first.state;
    }
    const after = await this.bindings.current();
    return (
      await this.join(
        { ...inputs, bindingsVersion: after.version },
        snapshots,
        entities,
        after,
      )
    ).state;
  }

  /** Unbound objects that the platform's adopt rules give to an entity. */
  private adoptions(
    snapshots: InstanceSnapshot[],
    bindings: BindingSnapshot,
    only?: Map<string, Set<string>>,
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
        const apps = only
          ? [...(only.get(snapshot.instance) ?? [])]
              .map(n => snapshot.applications.get(n))
              .filter((a): a is ApplicationRecord => !!a)
          : snapshot.applications.candidates(selector);
        for (const app of apps) {
          if (selector.matches(app.labels)) {
            add({
              kind: 'application',
              instance: snapshot.instance,
              name: app.name,
              entityRef: rule.entity,
            });
          }
        }
        if (only) continue; // projects do not come and go with apps
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

  private environments(snapshots: InstanceSnapshot[]): EnvironmentInfo[] {
    const bySnapshot = new Map(snapshots.map(s => [s.instance, s]));
    return this.instances.environments().map(e => {
      const snapshot = bySnapshot.get(e.instance);
      return snapshot && !snapshot.ok
        ? { ...e, status: 'unavailable', error: snapshot.error }
        : { ...e, status: 'ok' };
    });
  }

  /**
   * Joins every entity, giving the event loop back every few milliseconds
   * (10,000 rows take longer than a request should wait). An application
   * that changes meanwhile is in the next patch: its change is newer than
   * `inputs.versions`.
   */
  private async join(
    inputs: JoinInputs,
    snapshots: InstanceSnapshot[],
    entities: DeployedEntity[],
    bindings: BindingSnapshot,
  ): Promise<{ state: JoinState; uids: Map<string, string> }> {
    const environments = this.environments(snapshots);
    // Entities whose bindings do not carry their uid yet.
    const uids = new Map<string, string>();
    const appRows = new Map<string, Set<number>>();
    const pacer = new Pacer();
    const rows: JoinedEntity[] = [];
    for (const [i, entity] of entities.entries()) {
      await pacer.pace();
      rows.push(
        this.row(entity, i, environments, snapshots, bindings, appRows, uids),
      );
    }
    const position = new Map(
      entities.map((e, i) => [e.entityRef.toLocaleLowerCase('en-US'), i]),
    );
    return {
      uids,
      state: {
        inputs,
        entities,
        position,
        appRows,
        selectors: new SelectorIndex(
          entities.map(e => this.selector(e.selector)),
        ),
        joined: {
          environments,
          rows,
          byRef: new Map(
            rows.map(r => [r.entityRef.toLocaleLowerCase('en-US'), r]),
          ),
        },
      },
    };
  }

  /**
   * The rows an application change touches, recomputed; undefined when a
   * rebuild is due (too many changes, forgotten ones, an adoption or a uid
   * to record).
   */
  private patch(
    state: JoinState,
    inputs: JoinInputs,
    snapshots: InstanceSnapshot[],
    bindings: BindingSnapshot,
  ): JoinState | undefined {
    const changed = new Map<string, Set<string>>();
    for (const snapshot of snapshots) {
      if (!snapshot.ok) continue;
      const before = state.inputs.versions.get(snapshot.instance) ?? -1;
      if (before === snapshot.version) continue;
      const names = snapshot.applications.changesSince(before);
      if (!names) return undefined;
      changed.set(snapshot.instance, names);
    }
    if (this.adoptions(snapshots, bindings, changed).length > 0) {
      return undefined; // new bindings: the reconcile writes them
    }
    const affected = new Set<number>();
    const { entities } = state;
    const limit = Math.max(50, entities.length * INCREMENTAL_LIMIT);
    for (const snapshot of snapshots) {
      if (!snapshot.ok) continue;
      for (const name of changed.get(snapshot.instance) ?? []) {
        const key = objectKey('application', snapshot.instance, name);
        for (const i of state.appRows.get(key) ?? []) affected.add(i);
        const bound = bindings.byObject.get(key);
        const at = bound
          ? state.position.get(normalizeRef(bound.entityRef))
          : undefined;
        if (at !== undefined) affected.add(at);
        const app = snapshot.applications.get(name);
        if (app) {
          for (const i of this.matchingRows(state, app)) affected.add(i);
        }
        if (affected.size > limit) return undefined;
      }
    }
    const environments = state.joined.environments;
    const uids = new Map<string, string>();
    const appRows = state.appRows;
    for (const rows of appRows.values()) {
      for (const i of affected) rows.delete(i);
    }
    const rows = [...state.joined.rows];
    const byRef = new Map(state.joined.byRef);
    for (const i of affected) {
      const row = this.row(
        entities[i],
        i,
        environments,
        snapshots,
        bindings,
        appRows,
        uids,
      );
      rows[i] = row;
      byRef.set(row.entityRef.toLocaleLowerCase('en-US'), row);
    }
    if (uids.size > 0) return undefined;
    rowsReplaced(state.joined.rows, rows, affected);
    return {
      ...state,
      inputs,
      appRows,
      joined: { environments, rows, byRef },
    };
  }

  /** Rows whose selector matches the application's labels now. */
  private matchingRows(state: JoinState, app: ApplicationRecord): number[] {
    return state.selectors.matching(app.labels);
  }

  private row(
    entity: DeployedEntity,
    position: number,
    environments: EnvironmentInfo[],
    snapshots: InstanceSnapshot[],
    bindings: BindingSnapshot,
    appRows: Map<string, Set<number>>,
    uids: Map<string, string>,
  ): JoinedEntity {
    const bySnapshot = new Map(snapshots.map(s => [s.instance, s]));
    const envOrder = new Map(environments.map((e, i) => [e.name, i]));
    const shows = (instance: string, name: string) => {
      const key = objectKey('application', instance, name);
      let rows = appRows.get(key);
      if (!rows) {
        rows = new Set();
        appRows.set(key, rows);
      }
      rows.add(position);
    };
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
      const snapshot = bySnapshot.get(b.instance);
      const app = snapshot?.ok ? snapshot.applications.get(b.name) : undefined;
      shows(b.instance, b.name);
      if (app && !applications[app.environment]) {
        applications[app.environment] = { ...app, instance: b.instance };
        bound.add(app.environment);
      }
    }
    // Then the annotation, for what is bound to nobody (read-only).
    if (!(selector instanceof Error)) {
      for (const snapshot of snapshots) {
        if (!snapshot.ok) continue;
        for (const app of snapshot.applications.candidates(selector)) {
          if (!selector.matches(app.labels)) continue;
          shows(snapshot.instance, app.name);
          const binding = bindings.byObject.get(
            objectKey('application', snapshot.instance, app.name),
          );
          if (binding && !bindingBelongsTo(binding, entity)) {
            warnings.push(
              ownershipWarning(
                app,
                snapshot.instance,
                binding,
                entity.entityRef,
              ),
            );
          } else if (!binding) {
            applications[app.environment] ??= {
              ...app,
              instance: snapshot.instance,
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
  }
}

function sameVersions(a: Map<string, number>, b: Map<string, number>) {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

const ENTITY_FIELDS: Array<keyof DeployedEntity> = [
  'entityRef',
  'uid',
  'title',
  'owner',
  'system',
  'selector',
];

function sameEntities(a: DeployedEntity[], b: DeployedEntity[]) {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((e, i) => ENTITY_FIELDS.every(f => e[f] === b[i][f]));
}
