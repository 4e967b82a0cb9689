import {
  ENVIRONMENTS,
  Environment,
  World,
  WorldService,
} from '../../world/World';
import { SimulatedApplication } from './SimulatedApplication';

export interface ApplicationStoreOptions {
  /** The environments (destination clusters) this Argo CD instance deploys to. */
  environments: Environment[];
  /** Environments whose canaries wait for a person after the first step. */
  manualGates: Environment[];
  /** e.g. http://localhost:7010/git: services' repos are `<gitBaseUrl>/<service>.git`. */
  gitBaseUrl: string;
  registry: string;
  now: () => Date;
}

/**
 * The applications of one Argo CD instance: one per world service and
 * environment, created when the world first shows the service (so services
 * added by `seed` appear) and forgotten with `reset`.
 */
export class ApplicationStore {
  private apps = new Map<string, SimulatedApplication>();
  private sorted: SimulatedApplication[] = [];
  private seenServices: WorldService[] = [];
  /** Apps that will change on their own (operations, canaries, auto-sync). */
  private active = new Set<SimulatedApplication>();
  private epoch: Date;
  private version = 0;

  constructor(
    private readonly world: World,
    private readonly options: ApplicationStoreOptions,
  ) {
    this.epoch = options.now();
  }

  /** The cluster-wide resourceVersion: the list's `metadata.resourceVersion`. */
  get resourceVersion(): string {
    return String(this.version);
  }

  /** All applications, sorted by name as Argo CD lists them. */
  list(): SimulatedApplication[] {
    this.followWorld();
    return this.sorted;
  }

  get(name: string): SimulatedApplication | undefined {
    this.followWorld();
    return this.apps.get(name);
  }

  /** Remember that `app` may change by itself from now on. */
  touched(app: SimulatedApplication): void {
    this.active.add(app);
  }

  /** Advances the world by one tick; answers how many apps still move. */
  tick(): number {
    const now = this.options.now().toISOString();
    for (const app of [...this.active]) {
      app.tick(now);
      if (app.settled) {
        this.active.delete(app);
      }
    }
    return this.active.size;
  }

  /**
   * Builds every application's list form ahead of the next list call, as
   * Argo CD's informer cache is always warm: after `seed` the first list
   * would otherwise create and render thousands of apps while the caller waits.
   */
  warm(): void {
    for (const app of this.list()) {
      app.toListJson();
    }
  }

  /** Back to the deterministic start: every change is forgotten. */
  reset(): void {
    this.apps.clear();
    this.sorted = [];
    this.seenServices = [];
    this.active.clear();
    this.epoch = this.options.now();
  }

  /**
   * Creates the apps of services the world gained and drops those of
   * services it lost. `World.services()` returns the same objects until
   * `seed` or `reset` replaces them, so comparing references is a cheap
   * change check on every request.
   */
  private followWorld(): void {
    const services = this.world.services();
    if (
      services.length === this.seenServices.length &&
      services.every((s, i) => s === this.seenServices[i])
    ) {
      return;
    }
    this.seenServices = services;
    const wanted = new Set<string>();
    for (const service of services) {
      for (const environment of service.environments) {
        if (!this.options.environments.includes(environment)) {
          continue;
        }
        const name = `${service.name}-${environment}`;
        wanted.add(name);
        if (!this.apps.has(name)) {
          this.apps.set(name, this.create(service, environment));
        }
      }
    }
    for (const [name, app] of this.apps) {
      if (!wanted.has(name)) {
        this.apps.delete(name);
        this.active.delete(app);
      }
    }
    // Byte order, as Go's sort of the names (names are unique).
    this.sorted = [...this.apps.values()].sort((a, b) =>
      a.name < b.name ? -1 : 1,
    );
  }

  private create(service: WorldService, environment: Environment) {
    const deployers = this.world
      .users()
      .filter(user => user.groups.includes(service.owner))
      .map(user => user.name);
    return new SimulatedApplication(
      {
        service,
        environment,
        environmentIndex: ENVIRONMENTS.indexOf(environment),
        repoURL: `${this.options.gitBaseUrl}/${service.name}.git`,
        registry: this.options.registry,
        manualGate: this.options.manualGates.includes(environment),
        epoch: this.epoch,
        deployers,
      },
      () => String(++this.version),
    );
  }
}
