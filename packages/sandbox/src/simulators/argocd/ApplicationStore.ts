import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ENVIRONMENTS,
  Environment,
  World,
  WorldService,
} from '../../world/World';
import type {
  KubeObject,
  RolloutAction,
  Workload,
  WorkloadSource,
} from '../../world/ClusterWorkloads';
import type {
  v1alpha1AppProject,
  v1alpha1ApplicationSpec,
  v1alpha1RevisionHistory,
} from '@internal/api-argocd';
import { ApplicationEvents } from './ApplicationEvents';
import { SavedApplication, SimulatedApplication } from './SimulatedApplication';
import { serviceLabels } from './rolloutManifests';
import { desiredState, imageRepository, setImageTag } from './desiredState';
import { RepoServer } from './RepoServer';
import type { ContinuousIntegration } from './ContinuousIntegration';
import {
  DEFAULT_HISTORY_LIMIT,
  type ApplicationSeed,
  type Commit,
} from './startState';
import { pastSyncs } from './samplePast';

export interface ApplicationStoreOptions {
  /** The environments (destination clusters) this Argo CD instance deploys to. */
  environments: Environment[];
  /** Environments whose canaries wait for a person after the first step. */
  manualGates: Environment[];
  /** e.g. http://localhost:7010/git: services' repos are `<gitBaseUrl>/<service>.git`. */
  gitBaseUrl: string;
  registry: string;
  now: () => Date;
  /** Reads and renders created applications' sources from git. */
  repoServer: RepoServer;
  /** Called after every change worth keeping (the simulator saves then). */
  onChange?: () => void;
  /** Plays the skeleton's CI workflow on pushes to the repos of dev's apps. */
  ci?: ContinuousIntegration;
}

/** What an Argo CD instance keeps across restarts (`applications.json`). */
export interface SavedArgoState {
  version: 1;
  projects: v1alpha1AppProject[];
  /** World applications deleted through the API. */
  deleted: string[];
  /** Applications created through the API. */
  applications: SavedApplication[];
}

/**
 * The applications of one Argo CD instance: one per world service and
 * environment, created when the world first shows the service (so services
 * added by `seed` appear) and forgotten with `reset`.
 */
export class ApplicationStore implements WorkloadSource {
  private apps = new Map<string, SimulatedApplication>();
  private sorted: SimulatedApplication[] = [];
  /** `workloads(cluster)` per cluster, until the set of apps changes. */
  private workloadsByCluster = new Map<string, Workload[]>();
  private seenServices: WorldService[] = [];
  /** Apps that will change on their own (operations, canaries, auto-sync). */
  private active = new Set<SimulatedApplication>();
  private epoch: Date;
  private version = 0;
  /** What the watch stream sends: every app added, changed or deleted. */
  readonly events = new ApplicationEvents(() => ++this.version);
  /** Applications created through the API; the world's changes leave them alone. */
  private createdNames = new Set<string>();
  /** World applications deleted through the API: they stay deleted until reset. */
  private deletedNames = new Set<string>();
  /** AppProjects created through the API; `default` always exists. */
  private projectMap = new Map<string, v1alpha1AppProject>();

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

  /**
   * What this instance runs in one destination cluster: per application,
   * its namespace (the service) and live objects. Each object carries the
   * service's labels, which lets the Kubernetes API skip other services'
   * applications without rendering them.
   */
  workloads(cluster: string): Workload[] {
    const apps = this.list();
    let workloads = this.workloadsByCluster.get(cluster);
    if (!workloads) {
      // The objects are rendered on each call, so the list stays valid
      // while the apps change; only a new set of apps replaces it.
      workloads = apps
        .filter(app => app.environment === cluster)
        .map(app => ({
          namespace: app.service.name,
          commonLabels: serviceLabels(app.service.name),
          objects: () => app.liveManifests() as KubeObject[],
          // A patch through the Kubernetes API does what Argo CD's
          // resource action of the same name does (both are the
          // controller's reaction to the same change of the object).
          rolloutAction: (name: string, action: RolloutAction) => {
            app.runResourceAction(
              {
                group: 'argoproj.io',
                kind: 'Rollout',
                namespace: app.service.name,
                name,
              },
              action,
              this.options.now().toISOString(),
            );
            this.touched(app);
          },
        }));
      this.workloadsByCluster.set(cluster, workloads);
    }
    return workloads;
  }

  /** Environments (destination cluster names) this instance deploys to. */
  get environments(): Environment[] {
    return this.options.environments;
  }

  /**
   * Adds an application created through the API. It deploys the service
   * named by its `app.kubernetes.io/name` label (else its destination
   * namespace) to the cluster its destination names.
   */
  createApplication(
    desired: {
      name: string;
      spec: v1alpha1ApplicationSpec;
      labels: Record<string, string>;
      annotations: Record<string, string>;
      environment: Environment;
    },
    createdAt = this.options.now(),
  ): SimulatedApplication {
    this.followWorld();
    const serviceName =
      desired.labels['app.kubernetes.io/name'] ??
      desired.spec.destination?.namespace ??
      desired.name;
    const service: WorldService = {
      name: serviceName,
      owner: '',
      system: '',
      environments: [desired.environment],
      generated: true,
    };
    const app = this.newApplication({
      service,
      environment: desired.environment,
      environmentIndex: ENVIRONMENTS.indexOf(desired.environment),
      repoURL: desired.spec.source?.repoURL ?? '',
      registry: this.options.registry,
      manualGate: this.options.manualGates.includes(desired.environment),
      epoch: this.epoch,
      deployers: [],
      created: { ...desired, at: createdAt },
      badImage: image => this.world.images.isBad(image),
    });
    const replaced = this.apps.get(desired.name);
    if (replaced) {
      this.forget(replaced);
      if (!replaced.gitSourced) {
        // A synthetic world app adopted from git: its made-up revision never
        // ran, the first one git gives has run since before anyone looked.
        this.world.forgetServing(replaced.service.name, replaced.environment);
      }
    }
    this.apps.set(desired.name, app);
    this.events.added(app);
    // Its cluster runs it from now on (the cached workloads were without it).
    this.workloadsByCluster.clear();
    // The world learns the service: Prometheus, Jaeger and Grafana serve it.
    this.world.addDeployment(serviceName, desired.environment);
    this.createdNames.add(desired.name);
    this.deletedNames.delete(desired.name);
    this.sort();
    // Nothing serves it until its first deploy.
    this.publish(app, createdAt);
    this.options.onChange?.();
    return app;
  }

  /** The state to save: projects, created and deleted applications. */
  snapshot(): SavedArgoState {
    return {
      version: 1,
      projects: [...this.projectMap.values()],
      deleted: [...this.deletedNames],
      applications: [...this.createdNames]
        .map(name => this.apps.get(name))
        .filter((app): app is SimulatedApplication => !!app)
        .map(app => app.snapshot()),
    };
  }

  /** Takes back a saved state (at start, before anyone asks). */
  restore(saved: SavedArgoState): void {
    if (saved?.version !== 1) return;
    for (const project of saved.projects ?? []) {
      this.projectMap.set(project.metadata!.name!, project);
    }
    for (const name of saved.deleted ?? []) {
      this.deletedNames.add(name);
    }
    this.followWorld();
    for (const name of saved.deleted ?? []) {
      const app = this.apps.get(name);
      if (app) this.forget(app);
    }
    for (const savedApp of saved.applications ?? []) {
      const app = this.createApplication(
        {
          name: savedApp.name,
          spec: savedApp.spec,
          labels: savedApp.labels,
          annotations: savedApp.annotations,
          environment: savedApp.environment,
        },
        new Date(savedApp.createdAt),
      );
      app.restore(savedApp);
      // The World forgot it with the restart: it hears it all again.
      this.world.forgetServing(app.service.name, app.environment);
      this.publish(app, this.options.now());
    }
    this.sort();
  }

  deleteApplication(name: string): void {
    this.followWorld();
    const app = this.apps.get(name);
    if (!app) return;
    this.forget(app);
    if (!this.createdNames.delete(name)) {
      this.deletedNames.add(name);
    }
    this.sort();
    this.options.onChange?.();
  }

  private forget(app: SimulatedApplication): void {
    this.apps.delete(app.name);
    this.events.deleted(app);
    this.active.delete(app);
    this.workloadsByCluster.clear();
    if (this.createdNames.has(app.name)) {
      this.world.removeDeployment(app.service.name, app.environment);
    }
  }

  /** A world application deleted through the API (until reset). */
  wasDeleted(name: string): boolean {
    return this.deletedNames.has(name);
  }

  project(name: string): v1alpha1AppProject | undefined {
    if (name === 'default') {
      return {
        metadata: { name: 'default', namespace: 'argocd' },
        spec: {
          sourceRepos: ['*'],
          destinations: [{ server: '*', name: '*', namespace: '*' }],
          clusterResourceWhitelist: [{ group: '*', kind: '*' }],
        },
      };
    }
    return this.projectMap.get(name);
  }

  saveProject(project: v1alpha1AppProject): void {
    this.projectMap.set(project.metadata!.name!, project);
    this.options.onChange?.();
  }

  deleteProject(name: string): boolean {
    const deleted = this.projectMap.delete(name);
    this.options.onChange?.();
    return deleted;
  }

  /**
   * What Argo CD's repo-server and controller do on a refresh: resolve the
   * app's `targetRevision` in its repository, render the chart at that
   * commit (cached by commit, path and value files), and hand the result to
   * the app — a new head makes it OutOfSync, a failure becomes its
   * ComparisonError. Never throws: a bad repository is the app's problem.
   */
  async refresh(app: SimulatedApplication, fresh = true): Promise<void> {
    if (!app.gitSourced) return;
    const now = () => this.options.now().toISOString();
    const before = app.resourceVersion;
    try {
      const source = app.spec.source ?? {};
      if (fresh) {
        // Ask git where the branch is now (a poll asks once for all apps).
        this.options.repoServer.invalidate(source.repoURL);
      }
      const sha = await this.options.repoServer.resolve(
        source.repoURL ?? '',
        source.targetRevision ?? 'HEAD',
      );
      if (this.options.ci && app.environment === 'dev') {
        const ci = this.options.ci;
        const branch = source.targetRevision ?? 'HEAD';
        // In the background, as a workflow run is: the refresh goes on.
        ci.observe(
          source.repoURL ?? '',
          branch === 'HEAD' ? 'main' : branch,
          sha,
        ).catch(error => this.world.recordError('argocd/ci', error));
      }
      const commit = await this.commitAt(app, sha);
      if (this.apps.get(app.name) !== app) return; // deleted meanwhile
      app.observeHead(commit, now());
    } catch (error) {
      app.failComparison(String((error as Error)?.message ?? error), now());
    }
    if (app.resourceVersion !== before) {
      this.touched(app); // nothing to do (or save) when git did not move
    }
  }

  /** Refreshes every git-sourced app (the poll; each repo is asked once). */
  async refreshAll(): Promise<void> {
    this.options.repoServer.invalidate();
    for (const app of this.list().filter(a => a.gitSourced)) {
      await this.refresh(app, false);
    }
  }

  /**
   * What an auto-synced app of `spec` would have recorded had it run since
   * its repository began: created right after the first commit, and the
   * history `pastSyncs` derives from the branch's commits.
   */
  async pastOf(spec: v1alpha1ApplicationSpec): Promise<{
    createdAt: Date;
    history: v1alpha1RevisionHistory[];
  }> {
    const source = spec.source ?? {};
    const repoURL = source.repoURL ?? '';
    const sha = await this.options.repoServer.resolve(
      repoURL,
      source.targetRevision ?? 'HEAD',
    );
    const log = await this.options.repoServer.log(repoURL, sha);
    return {
      createdAt: new Date(Date.parse(log[0]?.date ?? '') + 5_000),
      history: pastSyncs(
        log,
        source,
        spec.revisionHistoryLimit ?? DEFAULT_HISTORY_LIMIT,
      ),
    };
  }

  /**
   * Makes an older revision known to the app (sync or rollback to it,
   * `manifests?revision=`), rendered as the app's source renders it.
   */
  async prepare(app: SimulatedApplication, revision?: string): Promise<void> {
    if (!app.gitSourced || !revision || revision === 'HEAD') return;
    if (revision === app.spec.source?.targetRevision) return;
    if (app.commits.some(c => c.revision.startsWith(revision))) return;
    try {
      const sha = await this.options.repoServer.resolve(
        app.spec.source?.repoURL ?? '',
        revision,
      );
      app.knowCommit(await this.commitAt(app, sha));
    } catch {
      // Unknown: the app answers "unable to resolve" as Argo CD does.
    }
  }

  /**
   * A release: registers the build and commits its tag to the app's value
   * file on the tracked branch, authored by CI, then refreshes the app.
   * Answers the new commit.
   */
  async release(
    app: SimulatedApplication,
    request: { tag?: string; image?: string; bad: boolean },
  ): Promise<{ revision: string; image: string }> {
    const source = app.spec.source ?? {};
    const valueFiles = source.helm?.valueFiles ?? [];
    const valueFile = valueFiles[valueFiles.length - 1];
    if (!valueFile) {
      throw new Error(
        `${app.name} has no helm.valueFiles: the sandbox releases by committing image.tag to the last one`,
      );
    }
    const repository = request.image
      ? imageRepository(request.image)
      : imageRepository(
          app.head?.image ??
            app.live?.image ??
            `${this.options.registry}/${app.service.name}`,
        );
    const tag =
      request.tag ||
      (request.image ? request.image.slice(repository.length + 1) : '') ||
      this.nextTag(repository, app);
    const image = `${repository}:${tag}`;
    this.world.images.register(image, request.bad, this.options.now());
    const branch =
      !source.targetRevision || source.targetRevision === 'HEAD'
        ? 'main'
        : source.targetRevision;
    const file = `${(source.path ?? '').replace(
      /^\/+|\/+$/g,
      '',
    )}/${valueFile}`.replace(/^\//, '');
    const sha = await this.options.repoServer.commitAndPush(
      source.repoURL ?? '',
      branch,
      async dir => {
        const target = path.join(dir, file);
        const text = await readFile(target, 'utf8').catch(() => '');
        await writeFile(target, setImageTag(text, tag));
        return `Release ${app.service.name} ${tag} to ${app.environment}`;
      },
      { name: 'ci-bot', email: 'ci-bot@acme.example' },
    );
    await this.refresh(app);
    return { revision: sha ?? app.head?.revision ?? '', image };
  }

  /** The next `1.N.0` of a repository: after every registered or running one. */
  private nextTag(repository: string, app: SimulatedApplication): string {
    const used = [
      ...this.world.images.list().map(i => i.image),
      ...app.commits.map(c => c.image),
    ]
      .filter(i => i.startsWith(`${repository}:`))
      .map(i => /:1\.(\d+)\.0$/.exec(i)?.[1])
      .map(n => Number(n ?? 0));
    return `1.${Math.max(0, ...used) + 1}.0`;
  }

  private async commitAt(
    app: SimulatedApplication,
    sha: string,
  ): Promise<Commit> {
    const source = app.spec.source ?? {};
    const request = {
      repoURL: source.repoURL ?? '',
      sha,
      path: source.path ?? '.',
      valueFiles: source.helm?.valueFiles ?? [],
      releaseName: source.helm?.releaseName || app.name,
      namespace: app.spec.destination?.namespace || app.service.name,
    };
    const [manifests, meta] = await Promise.all([
      this.options.repoServer.render(request),
      this.options.repoServer.commit(request.repoURL, sha),
    ]);
    const desired = desiredState(manifests, request.namespace);
    return {
      revision: sha,
      image: desired.image,
      bad: this.world.images.isBad(desired.image),
      desired,
      key: JSON.stringify(request),
      meta,
    };
  }

  /** Registers a build in the world's image registry (the release shortcut). */
  registerImage(image: string, bad: boolean): void {
    this.world.images.register(image, bad, this.options.now());
  }

  /** Remember that `app` may change by itself from now on. */
  touched(app: SimulatedApplication): void {
    this.active.add(app);
    this.publish(app, this.options.now());
    if (this.createdNames.has(app.name)) this.options.onChange?.();
  }

  /** Advances the world by one tick; answers how many apps still move. */
  tick(): number {
    const now = this.options.now().toISOString();
    for (const app of [...this.active]) {
      // One app's failure must not stop the others (nor the process).
      try {
        app.tick(now);
        this.publish(app, new Date(now));
      } catch (error) {
        this.world.recordError(`argocd/${app.name}`, error);
      }
      if (app.settled) {
        this.active.delete(app);
      }
      if (this.createdNames.has(app.name)) this.options.onChange?.();
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
    this.options.repoServer.invalidate();
    this.apps.clear();
    this.sorted = [];
    this.workloadsByCluster.clear();
    this.seenServices = [];
    this.active.clear();
    this.createdNames.clear();
    this.deletedNames.clear();
    this.projectMap.clear();
    this.epoch = this.options.now();
    // Watchers list again, as after a restart of Argo CD.
    this.events.reset();
  }

  /**
   * Creates the apps of services the world gained and drops those of
   * services it lost. `World.declaredServices()` returns the same objects
   * until `seed` or `reset` replaces them, so comparing references is a
   * cheap change check on every request. Services the world learnt from
   * created applications are not declared: they get no apps of their own.
   */
  private followWorld(): void {
    const services = this.world.declaredServices();
    if (
      services.length === this.seenServices.length &&
      services.every((s, i) => s === this.seenServices[i])
    ) {
      return;
    }
    this.seenServices = services;
    this.workloadsByCluster.clear();
    const wanted = new Set<string>();
    for (const service of services) {
      for (const environment of service.environments) {
        if (!this.options.environments.includes(environment)) {
          continue;
        }
        const name = `${service.name}-${environment}`;
        if (this.deletedNames.has(name) || this.createdNames.has(name)) {
          continue;
        }
        wanted.add(name);
        if (!this.apps.has(name)) {
          const app = this.create(service, environment);
          this.apps.set(name, app);
          this.events.added(app);
          // What runs at the start has run since before anyone looks.
          this.publish(app, new Date(0));
        }
      }
    }
    for (const [name, app] of this.apps) {
      if (!wanted.has(name) && !this.createdNames.has(name)) {
        this.apps.delete(name);
        this.active.delete(app);
        this.events.deleted(app);
      }
    }
    this.sort();
  }

  private sort(): void {
    // Byte order, as Go's sort of the names (names are unique).
    this.sorted = [...this.apps.values()].sort((a, b) =>
      a.name < b.name ? -1 : 1,
    );
  }

  /**
   * Tells the World which revisions serve the app's environment, so the
   * observability simulators follow the rollout: a bad release's canary is
   * marked bad from the moment it gets traffic, and its errors show in
   * Prometheus, Jaeger and Grafana while it serves.
   */
  private publish(app: SimulatedApplication, at: Date): void {
    this.world.guard(`argocd/${app.name}`, () => this.tellWorld(app, at));
  }

  private tellWorld(app: SimulatedApplication, at: Date): void {
    const { stable, canary, bad } = app.serving();
    const { name: service } = app.service;
    /** From when what serves now is recorded. */
    let since = at;
    if (app.gitSourced && this.firstReport(app, at)) {
      // The World's first word of a created app (made now, or read back
      // after a restart): nothing served from its creation until its first
      // deploy, so there is no telemetry before either; what runs now has
      // served since that deploy.
      this.world.recordServing(
        service,
        app.environment,
        null,
        new Date(app.createdAt),
      );
      if (stable && app.firstDeployedAt) {
        since = new Date(
          Math.min(at.getTime(), Date.parse(app.firstDeployedAt)),
        );
      }
    }
    if (!stable) {
      this.world.recordServing(service, app.environment, null, at);
      return;
    }
    for (const revision of bad) {
      if (!this.world.isRevisionBad(service, app.environment, revision)) {
        this.world.markRevisionBad(service, app.environment, revision, at);
      }
    }
    this.world.recordServing(
      service,
      app.environment,
      { stable, canary },
      since,
    );
  }

  /** The World has not heard of the app's environment yet. */
  private firstReport(app: SimulatedApplication, at: Date): boolean {
    return (
      this.world.servingAt(app.service.name, app.environment, at.getTime()) ===
      undefined
    );
  }

  /**
   * A sample service's app takes the past its repository implies: what it
   * runs has served since its first sync then, not since the sandbox started.
   */
  adoptPast(
    app: SimulatedApplication,
    history: v1alpha1RevisionHistory[],
  ): void {
    app.adoptPast(history, this.options.now().toISOString());
    this.world.forgetServing(app.service.name, app.environment);
    this.touched(app);
  }

  private create(service: WorldService, environment: Environment) {
    const deployers = this.world
      .users()
      .filter(user => user.groups.includes(service.owner))
      .map(user => user.name);
    return this.newApplication({
      service,
      environment,
      environmentIndex: ENVIRONMENTS.indexOf(environment),
      repoURL: `${this.options.gitBaseUrl}/${service.name}.git`,
      registry: this.options.registry,
      manualGate: this.options.manualGates.includes(environment),
      epoch: this.epoch,
      deployers,
    });
  }

  /** An app whose every change (a new resourceVersion) is a watch event. */
  private newApplication(seed: ApplicationSeed): SimulatedApplication {
    let app: SimulatedApplication | undefined = undefined;
    app = new SimulatedApplication(seed, () => {
      // undefined while the constructor hands out the first version.
      if (app && this.apps.get(app.name) === app) this.events.modified(app);
      return String(++this.version);
    });
    return app;
  }
}
