import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import {
  Entity,
  isGroupEntity,
  isUserEntity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { DEFAULT_ENVIRONMENT_NAMES } from '@internal/environments';
import { ClusterWorkloads } from './ClusterWorkloads';
import { ImageRegistry, RegisteredImage } from './ImageRegistry';
import { JsonStateFile } from '../state/JsonStateFile';

/**
 * The environments every service of the world is deployed to, in promotion
 * order: the portal's environment model as it is without configuration
 * (app-config.yaml configures the same three).
 */
export const ENVIRONMENTS = DEFAULT_ENVIRONMENT_NAMES;
export type Environment = (typeof ENVIRONMENTS)[number];

/** A person who can sign in to the sandbox's identity provider. */
export interface WorldUser {
  /** The catalog User entity name; also the OIDC subject and login name. */
  name: string;
  displayName: string;
  email: string;
  /** Group entity refs the user is a direct member of. */
  groups: string[];
}

/** A service that the simulators deploy, provision and observe. */
export interface WorldService {
  name: string;
  /** Owner group entity ref. */
  owner: string;
  system: string;
  environments: Environment[];
  /**
   * True for services added by `seed` or learnt from a deployment (an Argo
   * CD Application created through the API), false for the sample services
   * of the catalog.
   */
  generated: boolean;
}

/** An error a simulator caught instead of crashing (a timer, a bad repository). */
export interface WorldError {
  /** Who caught it, e.g. `argocd/tick` or `argocd/repo-server`. */
  source: string;
  message: string;
  at: string;
}

/** How many caught errors the world remembers for `/admin/errors`. */
const ERROR_HISTORY = 100;

/**
 * A release of one service in one environment that the simulators treat as
 * broken: its traces carry errors, its error ratio rises, and the service's
 * alert for that environment goes pending, then firing.
 */
export interface BadRevision {
  service: string;
  environment: Environment;
  /** The rollout's pod template hash (label `rollouts-pod-template-hash`). */
  revision: string;
  /** When the revision started serving traffic; its errors start here. */
  since: Date;
}

/**
 * Which revisions of a service serve one environment: the stable one and,
 * while a canary rollout is in flight, the canary with its traffic weight.
 * The Argo CD simulator records it; Prometheus, Jaeger and Grafana read it,
 * so the charts follow the rollout.
 */
export interface ServingRevisions {
  /** Pod template hash of the stable ReplicaSet. */
  stable: string;
  /** Absent when no canary gets traffic (none in flight, or aborted). */
  canary?: {
    revision: string;
    /** Percent of the traffic, 1..100. */
    weight: number;
  };
}

interface ServingRecord {
  /** Undefined while nothing serves (the app exists, nothing deployed yet). */
  serving?: ServingRevisions;
  /** Milliseconds since the epoch from which this state holds. */
  from: number;
}

/** How many changes of serving revisions the world keeps per service and environment. */
const SERVING_HISTORY = 200;

/**
 * The state every simulator shares: who works here and which services run
 * where. Its sample part is read from the same catalog files the portal
 * loads, so the portal's catalog and the simulators tell one story.
 */
export class World {
  private generatedServices: WorldService[] = [];
  /**
   * Services the world learnt from what is deployed (not in the catalog
   * files nor seeded): service -> environment -> how many deployers
   * (Argo CD Applications) deploy it there.
   */
  private deployments = new Map<
    string,
    { service: WorldService; environments: Map<Environment, number> }
  >();
  /** `services()` until the set changes: callers compare by reference. */
  private serviceList?: WorldService[];
  private declaredList?: WorldService[];
  private errorList: WorldError[] = [];
  private badRevisionList: BadRevision[] = [];
  /**
   * What runs in the dev, staging and prod clusters: the Argo CD simulator
   * reports its applications' live objects, the Kubernetes API serves them.
   */
  readonly clusters = new ClusterWorkloads();
  /** The builds CI made (`/admin/images`), with the sandbox's verdict on each. */
  readonly images = new ImageRegistry();
  private servingHistory = new Map<string, ServingRecord[]>();

  private constructor(
    private readonly sampleUsers: WorldUser[],
    private readonly sampleServices: WorldService[],
    private readonly productTeams: { owner: string; system: string }[],
    private readonly sampleServiceTags: Map<string, string[]>,
  ) {}

  /** Reads every `*.yaml` catalog file in `dir`. */
  static fromCatalogDirectory(dir: string): World {
    const entities = fs
      .readdirSync(dir)
      .filter(file => file.endsWith('.yaml'))
      .sort()
      .flatMap(file =>
        yaml.loadAll(fs.readFileSync(path.join(dir, file), 'utf8')),
      )
      .filter((doc): doc is Entity => !!doc && typeof doc === 'object');
    return World.fromEntities(entities);
  }

  static fromEntities(entities: Entity[]): World {
    const users = entities.filter(isUserEntity).map(user => ({
      name: user.metadata.name,
      displayName: user.spec.profile?.displayName ?? user.metadata.name,
      email: user.spec.profile?.email ?? `${user.metadata.name}@example.com`,
      groups: (user.spec.memberOf ?? []).map(group =>
        stringifyEntityRef(parseEntityRef(group, { defaultKind: 'group' })),
      ),
    }));
    const serviceEntities = entities.filter(
      e =>
        e.kind === 'Component' &&
        ['service', 'website'].includes(String(e.spec?.type)),
    );
    const services = serviceEntities.map(e => ({
      name: e.metadata.name,
      owner: stringifyEntityRef(
        parseEntityRef(String(e.spec?.owner), { defaultKind: 'group' }),
      ),
      system: String(e.spec?.system ?? ''),
      environments: [...ENVIRONMENTS],
      generated: false,
    }));
    const serviceTags = new Map(
      serviceEntities.map(e => [e.metadata.name, e.metadata.tags ?? []]),
    );
    const teamGroups = new Set(
      entities
        .filter(isGroupEntity)
        .filter(g => g.spec.type === 'team')
        .map(g => stringifyEntityRef(g)),
    );
    // Generated services belong to the product teams that own systems, so a
    // seeded world keeps the sample organisation's shape.
    const productTeams = entities
      .filter(e => e.kind === 'System')
      .map(e => ({
        owner: stringifyEntityRef(
          parseEntityRef(String(e.spec?.owner), { defaultKind: 'group' }),
        ),
        system: e.metadata.name,
      }))
      .filter(t => teamGroups.has(t.owner));
    return new World(users, services, productTeams, serviceTags);
  }

  users(): WorldUser[] {
    return this.sampleUsers;
  }

  /**
   * Keeps what the world learnt that no simulator owns (the registered
   * images) in `dir`, so a restart finds it; answers how to write it now.
   */
  persist(dir: string): { flush(): void } {
    const images = new JsonStateFile<RegisteredImage[]>(
      path.join(dir, 'images.json'),
      { onError: error => this.recordError('world/state', error) },
    );
    const saved = images.load();
    if (Array.isArray(saved)) {
      this.images.restore(saved);
    }
    this.images.onChange(() => images.save(() => this.images.list()));
    return { flush: () => images.flush() };
  }

  /** Finds a user by login name or e-mail address, case-insensitively. */
  findUser(login: string): WorldUser | undefined {
    const wanted = login.trim().toLowerCase();
    return this.sampleUsers.find(
      u => u.name.toLowerCase() === wanted || u.email.toLowerCase() === wanted,
    );
  }

  /**
   * Every service that runs somewhere: the sample services, the seeded ones
   * and those only a deployment made known (e.g. created in the portal).
   * The same array (and objects) until the set changes.
   */
  services(): WorldService[] {
    this.serviceList ??= [
      ...this.sampleServices,
      ...this.generatedServices,
      ...[...this.deployments.values()]
        .map(d => d.service)
        .filter(s => !this.isDeclared(s.name)),
    ];
    return this.serviceList;
  }

  /**
   * The services the world declares by itself (catalog files and `seed`),
   * which the Argo CD simulator gives Applications of its own.
   */
  declaredServices(): WorldService[] {
    this.declaredList ??= [...this.sampleServices, ...this.generatedServices];
    return this.declaredList;
  }

  private isDeclared(name: string): boolean {
    return (
      this.sampleServices.some(s => s.name === name) ||
      this.generatedServices.some(s => s.name === name)
    );
  }

  /**
   * A deployer (an Argo CD Application) deploys `name` to `environment`:
   * a service the world did not know becomes one of its services, in the
   * environments it is deployed to, so Prometheus, Jaeger and Grafana serve
   * it. Calls are counted: the service leaves an environment when its last
   * deployer there is removed.
   */
  addDeployment(
    name: string,
    environment: Environment,
    details: { owner?: string; system?: string } = {},
  ): void {
    let entry = this.deployments.get(name);
    if (!entry) {
      entry = {
        service: {
          name,
          owner: details.owner ?? '',
          system: details.system ?? '',
          environments: [],
          generated: true,
        },
        environments: new Map(),
      };
      this.deployments.set(name, entry);
    }
    entry.environments.set(
      environment,
      (entry.environments.get(environment) ?? 0) + 1,
    );
    this.refreshDeployment(entry, details);
  }

  /** The opposite of one `addDeployment`; a no-op for what was not added. */
  removeDeployment(name: string, environment: Environment): void {
    const entry = this.deployments.get(name);
    const count = entry?.environments.get(environment);
    if (!entry || !count) {
      return;
    }
    if (count > 1) {
      entry.environments.set(environment, count - 1);
    } else {
      entry.environments.delete(environment);
    }
    if (entry.environments.size === 0) {
      this.deployments.delete(name);
      this.serviceList = undefined;
      return;
    }
    this.refreshDeployment(entry, {});
  }

  private refreshDeployment(
    entry: { service: WorldService; environments: Map<Environment, number> },
    details: { owner?: string; system?: string },
  ): void {
    const environments = ENVIRONMENTS.filter(e => entry.environments.has(e));
    // A new object when anything changes: readers compare by reference.
    entry.service = {
      ...entry.service,
      owner: details.owner || entry.service.owner,
      system: details.system || entry.service.system,
      environments,
    };
    this.serviceList = undefined;
  }

  /**
   * Records an error a simulator caught (a timer's, a repository's) so it
   * shows at `GET /admin/errors` instead of crashing the sandbox.
   */
  recordError(source: string, error: unknown): WorldError {
    const recorded = {
      source,
      message: String((error as Error)?.message ?? error),
      at: new Date().toISOString(),
    };
    this.errorList.push(recorded);
    if (this.errorList.length > ERROR_HISTORY) {
      this.errorList.splice(0, this.errorList.length - ERROR_HISTORY);
    }
    return recorded;
  }

  /** The errors simulators caught, oldest first (the last 100). */
  errors(): WorldError[] {
    return this.errorList;
  }

  /**
   * Runs `fn` (a timer's body) and records what it throws instead of
   * letting it crash the process.
   */
  guard(source: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.recordError(source, error);
    }
  }

  /**
   * Replaces the generated services with `count` new ones spread over the
   * product teams; names are stable (`svc-0001`...) so tests can address them.
   */
  seed(count: number): WorldService[] {
    const teams = this.productTeams.length
      ? this.productTeams
      : [{ owner: 'group:default/platform', system: 'developer-platform' }];
    this.generatedServices = Array.from({ length: count }, (_, i) => {
      const team = teams[i % teams.length];
      return {
        name: `svc-${String(i + 1).padStart(4, '0')}`,
        owner: team.owner,
        system: team.system,
        environments: [...ENVIRONMENTS],
        generated: true,
      };
    });
    this.serviceList = undefined;
    this.declaredList = undefined;
    return this.services();
  }

  /**
   * The catalog tags of a sample service (`postgres`, `redis`, `sqs`...),
   * which say what the simulators show it talking to; none for generated or
   * unknown services.
   */
  tagsOf(service: string): string[] {
    return this.sampleServiceTags.get(service) ?? [];
  }

  /**
   * Marks a revision of a service in one environment as broken from `since`
   * on (replacing an earlier mark of the same revision). Throws for a service
   * or environment the world does not have, so a typo does not go unnoticed.
   */
  markRevisionBad(
    service: string,
    environment: Environment,
    revision: string,
    since: Date = new Date(),
  ): BadRevision {
    const known = this.services().find(s => s.name === service);
    if (!known) {
      throw new Error(`unknown service '${service}'`);
    }
    if (!known.environments.includes(environment)) {
      throw new Error(
        `unknown environment '${environment}'; known: ${known.environments.join(
          ', ',
        )}`,
      );
    }
    if (!revision) {
      throw new Error('revision must not be empty');
    }
    const bad = { service, environment, revision, since };
    this.clearBadRevision(service, environment, revision);
    this.badRevisionList.push(bad);
    return bad;
  }

  /** Forgets that a revision is bad; a no-op when it was not marked. */
  clearBadRevision(
    service: string,
    environment: Environment,
    revision: string,
  ): void {
    this.badRevisionList = this.badRevisionList.filter(
      b =>
        !(
          b.service === service &&
          b.environment === environment &&
          b.revision === revision
        ),
    );
  }

  /** True when the revision is marked bad (and, given `at`, already bad then). */
  isRevisionBad(
    service: string,
    environment: Environment,
    revision: string,
    at?: Date,
  ): boolean {
    return this.badRevisions(service, environment).some(
      b =>
        b.revision === revision && (!at || b.since.getTime() <= at.getTime()),
    );
  }

  /** The bad revisions, optionally of one service and/or environment, in marking order. */
  badRevisions(service?: string, environment?: Environment): BadRevision[] {
    return this.badRevisionList.filter(
      b =>
        (!service || b.service === service) &&
        (!environment || b.environment === environment),
    );
  }

  /**
   * Records which revisions serve a service in an environment from `at` on
   * (time 0: since forever); `null` records that nothing serves it (its app
   * exists but nothing is deployed). A state equal to the current one is not
   * recorded again, so a deployer may report after every step.
   */
  recordServing(
    service: string,
    environment: Environment,
    serving: ServingRevisions | null,
    at: Date,
  ): void {
    const key = `${service}\u0000${environment}`;
    const history = this.servingHistory.get(key) ?? [];
    const last = history[history.length - 1];
    const state = serving
      ? {
          stable: serving.stable,
          canary:
            serving.canary && serving.canary.weight > 0
              ? serving.canary
              : undefined,
        }
      : undefined;
    if (last && sameServing(last.serving, state)) {
      return;
    }
    const from = Math.max(at.getTime(), last?.from ?? 0);
    history.push({ serving: state, from });
    if (history.length > SERVING_HISTORY) {
      history.splice(0, history.length - SERVING_HISTORY);
    }
    this.servingHistory.set(key, history);
  }

  /** Forgets which revisions served a service in an environment. */
  forgetServing(service: string, environment: string): void {
    this.servingHistory.delete(`${service}\u0000${environment}`);
  }

  /**
   * The revisions serving at `t` (ms); `null` when a deployer recorded that
   * nothing serves then, undefined when no deployer recorded anything (the
   * simulators then assume one stable revision).
   */
  servingAt(
    service: string,
    environment: string,
    t: number,
  ): ServingRevisions | null | undefined {
    const history = this.servingHistory.get(`${service}\u0000${environment}`);
    if (!history) {
      return undefined;
    }
    for (let i = history.length - 1; i >= 0; i--) {
      if (history[i].from <= t) {
        return history[i].serving ?? null;
      }
    }
    // Before the first record: the oldest known state.
    return history[0].serving ?? null;
  }

  /**
   * The parts of [from, to) (ms) in which something serves a service in an
   * environment, oldest first: all of it when no deployer recorded anything
   * (the simulators then assume one stable revision), none of what a
   * deployer recorded as "nothing serves". So a sampler (the Jaeger
   * simulator's traces) can sample only the times that have requests.
   */
  servingSpans(
    service: string,
    environment: string,
    from: number,
    to: number,
  ): Array<[number, number]> {
    if (from >= to) {
      return [];
    }
    const history = this.servingHistory.get(`${service}\u0000${environment}`);
    if (!history) {
      return [[from, to]];
    }
    const spans: Array<[number, number]> = [];
    history.forEach((record, i) => {
      if (!record.serving) return;
      // Before the first record: the oldest known state (see servingAt).
      const start = Math.max(from, i === 0 ? -Infinity : record.from);
      const end = Math.min(to, history[i + 1]?.from ?? Infinity);
      if (start >= end) return;
      const last = spans[spans.length - 1];
      if (last && last[1] === start) {
        last[1] = end;
      } else {
        spans.push([start, end]);
      }
    });
    return spans;
  }

  /** Back to the sample services only, with no revision marked bad and no deployment learnt. */
  reset(): void {
    this.generatedServices = [];
    this.deployments.clear();
    this.serviceList = undefined;
    this.declaredList = undefined;
    this.errorList = [];
    this.images.clear();
    this.badRevisionList = [];
    this.servingHistory.clear();
  }
}

function sameServing(a?: ServingRevisions, b?: ServingRevisions): boolean {
  if (!a || !b) return a === b;
  return (
    a.stable === b.stable &&
    a.canary?.revision === b.canary?.revision &&
    a.canary?.weight === b.canary?.weight
  );
}
