import {
  isWorseHealth,
  type HealthStatusCode,
  type v1alpha1Application,
  type v1alpha1ApplicationSpec,
  type v1alpha1ApplicationTree,
  type v1alpha1Operation,
  type v1alpha1OperationInitiator,
  type v1alpha1OperationState,
  type v1alpha1RevisionHistory,
  type v1alpha1SyncStrategy,
} from '@internal/api-argocd';
import type { Environment, WorldService } from '../../world/World';
import {
  childObjects,
  LiveObject,
  managedObjects,
  resourceStatuses,
  runningImages,
  treeNodes,
} from './applicationResources';
import { ArgoStatusError, GrpcCode } from './argoErrors';
import {
  CanaryRollout,
  RenderedPod,
  rolloutTemplateHash,
} from './CanaryRollout';
import { gitManagedObjects, gitResourceStatuses } from './gitResources';
import { uid } from './deterministic';
import { succeededOperation } from './operationResult';
import { applyJsonPatch, applyMergePatch } from './patch';
import {
  ApplicationSeed,
  Commit,
  DEFAULT_HISTORY_LIMIT,
  sameCommit,
  startRollout,
  startState,
} from './startState';

const ARGOCD_NAMESPACE = 'argocd';

/** A created application as the state file keeps it. */
export interface SavedApplication {
  name: string;
  environment: Environment;
  spec: v1alpha1ApplicationSpec;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  createdAt: string;
  generation: number;
  history: v1alpha1RevisionHistory[];
  operationState?: v1alpha1OperationState;
  commits: Commit[];
  live?: string;
  /** The commit the Rollout's stable ReplicaSet runs, when not the live one. */
  stable?: string;
  /** The Rollout had aborted the live commit's canary. */
  aborted?: boolean;
  /** When its first revision was deployed (the history keeps only the newest). */
  firstDeployedAt?: string;
}

/** Whether auto-sync is on, as Argo CD's IsAutomatedSyncEnabled decides. */
function automatedSyncEnabled(spec: v1alpha1ApplicationSpec): boolean {
  const automated = spec.syncPolicy?.automated;
  return !!automated && automated.enabled !== false;
}

/**
 * One Argo CD Application and the cluster state it manages: its spec, the
 * commits of its source, its sync history, the running operation and the
 * canary Rollout it deploys. Mutations follow Argo CD's API server (what is
 * refused and with which message); `tick` plays the application controller.
 */
export class SimulatedApplication {
  readonly name: string;
  readonly service: WorldService;
  readonly environment: Environment;
  readonly uid: string;
  readonly createdAt: string;
  spec: v1alpha1ApplicationSpec;
  labels: Record<string, string>;
  annotations: Record<string, string> = {};
  generation = 1;
  /**
   * Commits that changed this environment; the last is the branch head.
   * Empty for a git-sourced app until the repo-server has rendered one.
   */
  commits: Commit[];
  /** The commit whose manifests are applied; none before the first sync. */
  live?: Commit;
  /**
   * Whether the desired state comes from the repository (created apps),
   * not from the sample world's synthetic commits.
   */
  readonly gitSourced: boolean;
  /** Why the desired state could not be generated (git's or Helm's words). */
  comparisonError?: { message: string; since: string };
  /** The registry's verdict on an image, asked when it is deployed. */
  private readonly badImage?: (image: string) => boolean;
  history: v1alpha1RevisionHistory[];
  /**
   * When the app deployed its first revision: something has served its
   * environment since then. None while nothing is deployed.
   */
  firstDeployedAt?: string;
  operation?: v1alpha1Operation;
  operationState?: v1alpha1OperationState;
  /** What a restart brings back of the Rollout: its stable commit, an abort. */
  private restored?: { stable?: Commit; aborted: boolean };
  /** Created on first use: most apps of a large world are only ever listed. */
  private rolloutState?: CanaryRollout;
  private readonly start: {
    manualGate: boolean;
    releases: number;
    history: v1alpha1RevisionHistory[];
  };
  resourceVersion: string;
  private operationTarget?: Commit;
  private health: { status: HealthStatusCode; since: string; message: string };
  private changedAt: string;
  private cache?: {
    app: v1alpha1Application;
    managed: LiveObject[];
    children?: LiveObject[];
  };
  /**
   * The list form as JSON, for lists and watch events: serialising
   * thousands of apps per request is slow. Kept without the objects it was
   * rendered from, which are several times its size.
   */
  private listJson?: string;

  constructor(
    seed: ApplicationSeed,
    /** Hands out the cluster-wide, ever-increasing resourceVersion. */
    private readonly nextResourceVersion: () => string,
  ) {
    const { service, environment } = seed;
    this.gitSourced = !!seed.created;
    this.badImage = seed.badImage;
    this.name = seed.created?.name ?? `${service.name}-${environment}`;
    this.annotations = { ...seed.created?.annotations };
    this.service = service;
    this.environment = environment;
    this.uid = uid(`argocd/application/${this.name}`);
    const start = startState(seed);
    this.createdAt = start.createdAt;
    this.labels = start.labels;
    this.spec = start.spec;
    this.commits = start.commits;
    this.history = start.history;
    this.firstDeployedAt = start.history[0]?.deployedAt;
    this.live = start.commits[start.commits.length - 1];
    this.start = {
      manualGate: seed.manualGate,
      releases: start.commits.length,
      history: this.history,
    };
    this.resourceVersion = nextResourceVersion();
    const last = this.history[this.history.length - 1];
    if (!this.live || !last) {
      // Nothing deployed yet: the first refresh and sync decide.
      this.changedAt = start.createdAt;
      this.health = { status: 'Missing', since: this.changedAt, message: '' };
      return;
    }
    this.operationState = succeededOperation({
      operation: {
        sync: { revision: this.live.revision, syncStrategy: { hook: {} } },
        initiatedBy: last.initiatedBy,
        retry: this.spec.syncPolicy?.retry,
      },
      revision: this.live.revision,
      source: this.spec.source,
      service: service.name,
      startedAt: last.deployStartedAt!,
      finishedAt: last.deployedAt!,
      rolloutChanged: true,
    });
    this.changedAt = last.deployedAt!;
    this.health = { status: 'Healthy', since: this.changedAt, message: '' };
  }

  /** The canary Rollout this application deploys. */
  get rollout(): CanaryRollout {
    this.rolloutState ??= this.startRollout();
    return this.rolloutState;
  }

  /**
   * The revisions (pod template hashes) that get traffic, with the canary's
   * bad verdict. Without a Rollout object yet, the live image is stable.
   */
  serving(): {
    stable: string;
    canary?: { revision: string; weight: number };
    /** The serving revisions released as bad. */
    bad: string[];
  } {
    if (!this.live) {
      return { stable: '', bad: [] }; // nothing serves
    }
    if (!this.rolloutState) {
      const service = this.service.name;
      const stable = rolloutTemplateHash(service, service, this.live.image);
      return { stable, bad: this.live.bad ? [stable] : [] };
    }
    const { stable, canary } = this.rolloutState.serving;
    return {
      stable: stable?.hash ?? this.rolloutState.stableHash,
      canary: canary && { revision: canary.rs.hash, weight: canary.weight },
      bad: [stable, canary?.rs].filter(rs => rs?.bad).map(rs => rs!.hash),
    };
  }

  private startRollout(): CanaryRollout {
    if (this.gitSourced) {
      // Empty until the first sync settles the first revision.
      const name = this.live?.desired?.rolloutName ?? this.service.name;
      const rollout = new CanaryRollout(
        name,
        this.service.name,
        [],
        this.createdAt,
      );
      const at =
        this.history[this.history.length - 1]?.deployedAt ?? this.createdAt;
      const stable = this.restored?.stable ?? this.live;
      if (stable) {
        rollout.settle(stable.image, 1, at, this.podOf(stable));
      }
      if (this.live && stable && !sameCommit(stable, this.live)) {
        // A canary was in flight (or aborted) when the sandbox stopped: the
        // controller starts it again, or keeps it aborted.
        const bad = this.badImage?.(this.live.image) ?? this.live.bad;
        rollout.deploy(this.live.image, bad, at, this.podOf(this.live));
        if (this.restored?.aborted) rollout.runAction('abort', at);
      }
      return rollout;
    }
    const { manualGate, releases, history } = this.start;
    return startRollout({
      service: this.service.name,
      manualGate,
      commits: this.commits.slice(0, releases),
      history,
      createdAt: this.createdAt,
    });
  }

  /** The branch head; none while a git-sourced app's source cannot be read. */
  get head(): Commit | undefined {
    return this.commits[this.commits.length - 1];
  }

  /** The live commit is the head, rendered the same way. */
  get synced(): boolean {
    return sameCommit(this.live, this.head);
  }

  /** What a git-sourced commit's chart says about the pods. */
  private podOf(commit: Commit): RenderedPod | undefined {
    const desired = commit.desired;
    return (
      desired && {
        hash: desired.templateHash,
        template: desired.podTemplate,
        replicas: desired.replicas,
        steps: desired.steps,
        analysis: desired.analysis,
      }
    );
  }

  /**
   * The repo-server read the tracked revision: a new head makes the app
   * OutOfSync (auto-sync then deploys it). The very first commit of an app
   * with auto-sync is deployed at once, as Argo Rollouts scales a Rollout's
   * first revision up without canary steps.
   */
  observeHead(commit: Commit, now: string): void {
    const hadError = !!this.comparisonError;
    this.comparisonError = undefined;
    if (sameCommit(commit, this.head)) {
      if (hadError) this.changed(now);
      return;
    }
    this.commits = [
      ...this.commits.filter(c => !sameCommit(c, commit)),
      commit,
    ].slice(-50);
    if (!this.live && this.autoSyncEnabled && !this.operation) {
      this.firstSync(commit, now);
    }
    this.changed(now);
  }

  /** What must survive a restart of the sandbox (created apps only). */
  snapshot(): SavedApplication {
    return {
      name: this.name,
      environment: this.environment,
      spec: this.spec,
      labels: this.labels,
      annotations: this.annotations,
      createdAt: this.createdAt,
      generation: this.generation,
      history: this.history,
      operationState: this.operationState,
      // The live commit and the head, renders included: a restart deploys
      // what ran before without waiting for git.
      commits: [this.stableCommit(), this.live, this.head].filter(
        (c, i, all): c is Commit =>
          !!c && all.findIndex(o => sameCommit(o, c)) === i,
      ),
      live: this.live?.revision,
      stable: this.stableCommit()?.revision,
      aborted: this.rolloutState?.abort || undefined,
      firstDeployedAt: this.firstDeployedAt,
    };
  }

  /** The commit whose pod template the stable ReplicaSet runs. */
  private stableCommit(): Commit | undefined {
    if (!this.rolloutState) return this.live;
    const hash = this.rolloutState.stableHash;
    return (
      [...this.commits].reverse().find(c => c.desired?.templateHash === hash) ??
      this.live
    );
  }

  /** Takes back what `snapshot` saved (the app was created with the same spec). */
  restore(saved: SavedApplication): void {
    this.generation = saved.generation;
    this.history = saved.history;
    this.operationState = saved.operationState;
    this.commits = saved.commits;
    this.live = saved.commits.find(c => c.revision === saved.live);
    this.firstDeployedAt = this.live
      ? saved.firstDeployedAt ?? saved.history[0]?.deployedAt
      : undefined;
    this.restored = {
      stable: saved.commits.find(c => c.revision === saved.stable),
      aborted: !!saved.aborted,
    };
    const last = this.history[this.history.length - 1];
    this.changedAt = last?.deployedAt ?? this.createdAt;
    this.health = {
      status: this.live ? 'Healthy' : 'Missing',
      since: this.changedAt,
      message: '',
    };
    this.rolloutState = undefined;
    this.cache = undefined;
    this.listJson = undefined;
  }

  /**
   * An app that ran long before the sandbox started (a sample service):
   * the syncs its branch's history implies (`pastSyncs`, read from git)
   * replace the entry of the first sync. What runs stays the head's render:
   * a later commit that did not change this app left it Synced, with the
   * last entry's commit as its last sync.
   */
  adoptPast(history: v1alpha1RevisionHistory[], now: string): void {
    const last = history[history.length - 1];
    if (!last?.revision || !this.live || this.operation) return;
    const bad = this.rolloutState?.replicaSets[0]?.bad ?? false;
    this.history = history.slice(
      -(this.spec.revisionHistoryLimit ?? DEFAULT_HISTORY_LIMIT),
    );
    this.firstDeployedAt = history[0].deployedAt;
    this.operationState = succeededOperation({
      operation: {
        sync: { revision: last.revision, syncStrategy: { hook: {} } },
        initiatedBy: last.initiatedBy,
        retry: this.spec.syncPolicy?.retry,
      },
      revision: last.revision,
      source: last.source ?? this.spec.source,
      service: this.service.name,
      startedAt: last.deployStartedAt!,
      finishedAt: last.deployedAt!,
      rolloutChanged: true,
      rendered: this.live.desired?.manifests,
    });
    // The Rollout settled then, not now (made at once: what serves is its
    // pod template's hash, as before).
    this.rolloutState = undefined;
    this.rollout.replicaSets[0].bad = bad;
    this.health = { status: 'Healthy', since: last.deployedAt!, message: '' };
    this.changed(now);
  }

  /** Remembers a commit (e.g. an older revision to sync to), not as the head. */
  knowCommit(commit: Commit): void {
    if (!this.commits.some(c => sameCommit(c, commit))) {
      this.commits = [commit, ...this.commits];
    }
  }

  /** The repo-server could not produce the desired state. */
  failComparison(message: string, now: string): void {
    if (this.comparisonError?.message === message) return;
    this.comparisonError = { message, since: now };
    this.changed(now);
  }

  private firstSync(commit: Commit, now: string): void {
    const operation: v1alpha1Operation = {
      sync: { revision: commit.revision, syncStrategy: { hook: {} } },
      initiatedBy: { automated: true },
      retry: this.spec.syncPolicy?.retry,
    };
    this.operationState = succeededOperation({
      operation,
      revision: commit.revision,
      source: this.spec.source,
      service: this.service.name,
      startedAt: now,
      finishedAt: now,
      rolloutChanged: true,
      rendered: commit.desired?.manifests,
    });
    this.deployLive(commit, now, operation, now);
  }

  get autoSyncEnabled(): boolean {
    return automatedSyncEnabled(this.spec);
  }

  get project(): string {
    return this.spec.project || 'default';
  }

  /** Nothing will happen without a request: the world can skip this app. */
  get settled(): boolean {
    return (
      !this.operation &&
      !(this.autoSyncEnabled && this.head && !this.synced) &&
      (this.rolloutState?.settled ?? true)
    );
  }

  /** A new commit on the tracked branch (the sandbox's release control). */
  addCommit(commit: Commit, now: string): void {
    this.commits.push(commit);
    this.changed(now);
  }

  /** `POST .../sync`, checked like Argo CD's Server.Sync. */
  sync(
    request: {
      revision?: string;
      dryRun?: boolean;
      prune?: boolean;
      strategy?: v1alpha1SyncStrategy;
    },
    initiatedBy: v1alpha1OperationInitiator,
    now: string,
  ): void {
    const targetRevision = this.spec.source?.targetRevision ?? 'HEAD';
    const wanted = request.revision ?? '';
    if (
      wanted &&
      wanted !== targetRevision &&
      this.autoSyncEnabled &&
      !request.dryRun
    ) {
      throw new ArgoStatusError(
        GrpcCode.FailedPrecondition,
        `Cannot sync to ${wanted}: auto-sync currently set to ${targetRevision}`,
      );
    }
    const target = this.resolve(wanted || targetRevision);
    this.startOperation(
      {
        sync: {
          revision: target.revision,
          prune: request.prune || undefined,
          dryRun: request.dryRun || undefined,
          syncStrategy: request.strategy,
          syncOptions: this.spec.syncPolicy?.syncOptions,
          source: this.spec.source,
        },
        initiatedBy,
        retry: this.spec.syncPolicy?.retry,
      },
      target,
      now,
    );
  }

  /** `POST .../rollback`, checked like Argo CD's Server.Rollback. */
  rollback(
    request: { id: number; dryRun?: boolean; prune?: boolean },
    initiatedBy: v1alpha1OperationInitiator,
    now: string,
  ): void {
    if (this.autoSyncEnabled) {
      throw new ArgoStatusError(
        GrpcCode.FailedPrecondition,
        'rollback cannot be initiated when auto-sync is enabled',
      );
    }
    const entry = this.history.find(h => h.id === request.id);
    if (!entry) {
      throw new ArgoStatusError(
        GrpcCode.InvalidArgument,
        `application ${ARGOCD_NAMESPACE}/${this.name} does not have deployment with id ${request.id}`,
      );
    }
    this.startOperation(
      {
        sync: {
          revision: entry.revision,
          dryRun: request.dryRun || undefined,
          prune: request.prune || undefined,
          syncOptions: this.spec.syncPolicy?.syncOptions,
          syncStrategy: { apply: {} },
          source: entry.source,
        },
        initiatedBy,
      },
      this.resolve(entry.revision!),
      now,
    );
  }

  /** `DELETE .../operation`. */
  terminateOperation(now: string): void {
    if (!this.operation || !this.operationState) {
      throw new ArgoStatusError(
        GrpcCode.InvalidArgument,
        'Unable to terminate operation. No operation is in progress',
      );
    }
    this.operationState = { ...this.operationState, phase: 'Terminating' };
    this.changed(now);
  }

  /** `PATCH /api/v1/applications/{name}`: spec, labels and annotations may change. */
  patch(patchText: string, patchType: string, now: string): void {
    let patched: any;
    try {
      const current = {
        metadata: {
          name: this.name,
          labels: this.labels,
          annotations: this.annotations,
        },
        spec: this.spec,
      };
      const document = JSON.parse(patchText);
      if (patchType === 'merge') {
        patched = applyMergePatch(current, document);
      } else if (patchType === 'json' || patchType === '') {
        patched = applyJsonPatch(current, document);
      } else {
        throw new ArgoStatusError(
          GrpcCode.InvalidArgument,
          `Patch type '${patchType}' is not supported`,
        );
      }
    } catch (error) {
      if (error instanceof ArgoStatusError) {
        throw error;
      }
      // Argo CD wraps these in plain Go errors, which reach clients as 500.
      const what =
        patchType === 'merge'
          ? 'error calculating merge patch'
          : 'error applying patch';
      throw new ArgoStatusError(
        GrpcCode.Unknown,
        `${what}: ${(error as Error).message}`,
      );
    }
    const spec = patched?.spec as v1alpha1ApplicationSpec | undefined;
    if (
      !spec?.source?.repoURL ||
      !spec.destination ||
      !(spec.destination.name || spec.destination.server)
    ) {
      throw new ArgoStatusError(
        GrpcCode.InvalidArgument,
        `application spec for ${this.name} is invalid: InvalidSpecError: spec.source and spec.destination are required`,
      );
    }
    if (JSON.stringify(spec) !== JSON.stringify(this.spec)) {
      this.generation += 1;
    }
    this.spec = spec;
    this.labels = patched.metadata?.labels ?? {};
    this.annotations = patched.metadata?.annotations ?? {};
    this.changed(now);
  }

  /** `POST /api/v1/applications?upsert=true` on an existing app: its spec and metadata are replaced. */
  replace(
    desired: {
      spec: v1alpha1ApplicationSpec;
      labels: Record<string, string>;
      annotations: Record<string, string>;
    },
    now: string,
  ): void {
    if (JSON.stringify(desired.spec) !== JSON.stringify(this.spec)) {
      this.generation += 1;
    }
    this.spec = desired.spec;
    this.labels = desired.labels;
    this.annotations = desired.annotations;
    this.changed(now);
  }

  /** Runs an Argo CD resource action on the application's Rollout. */
  runResourceAction(
    resource: {
      group?: string;
      kind?: string;
      namespace?: string;
      name?: string;
    },
    action: string,
    now: string,
  ): void {
    this.findLive(resource);
    if (resource.kind !== 'Rollout' || resource.group !== 'argoproj.io') {
      throw new ArgoStatusError(
        GrpcCode.Unknown,
        `error getting Lua resource action: no actions for ${resource.group}/${resource.kind} in the sandbox`,
      );
    }
    this.rollout.runAction(action, now);
    this.changed(now);
  }

  /** The Rollout's actions and whether each is enabled now. */
  resourceActions(resource: {
    group?: string;
    kind?: string;
    namespace?: string;
    name?: string;
  }) {
    this.findLive(resource);
    return resource.kind === 'Rollout' && resource.group === 'argoproj.io'
      ? this.rollout.availableActions()
      : [];
  }

  /** One live object's manifest, for `GET .../resource`. */
  liveManifest(resource: {
    group?: string;
    kind?: string;
    namespace?: string;
    name?: string;
  }) {
    return this.findLive(resource).manifest();
  }

  /** One step of the application controller; answers whether anything changed. */
  tick(now: string): boolean {
    let changed = false;
    if (this.operation && this.operationTarget && this.operationState) {
      this.completeOperation(now);
      changed = true;
    } else if (
      this.autoSyncEnabled &&
      this.head &&
      !this.synced &&
      !this.comparisonError
    ) {
      // Auto-sync notices the new commit on its next reconciliation.
      this.startOperation(
        {
          sync: {
            revision: this.head.revision,
            syncStrategy: { hook: {} },
            syncOptions: this.spec.syncPolicy?.syncOptions,
          },
          initiatedBy: { automated: true },
          retry: this.spec.syncPolicy?.retry,
        },
        this.head,
        now,
      );
      changed = true;
    }
    if (this.live && this.rollout.tick(now)) {
      changed = true;
    }
    if (changed) {
      this.changed(now);
    }
    return changed;
  }

  /**
   * The Application as get answers it (cached until it changes); with
   * `withResourceHealth: false` as list answers it, since Argo CD >= 3.0
   * fills in resource health only for single applications.
   */
  toApplication(withResourceHealth: boolean): v1alpha1Application {
    const { app, managed } = this.render();
    if (!withResourceHealth) {
      return app;
    }
    return {
      ...app,
      status: {
        ...app.status,
        resources: this.gitSourced
          ? gitResourceStatuses(
              managed,
              this.head?.desired,
              true,
              this.live?.desired,
            )
          : resourceStatuses(managed, this.synced, true),
      },
    };
  }

  /** The list form as JSON, cached until the application changes. */
  toListJson(): string {
    if (this.listJson === undefined) {
      const rendered = !!this.cache;
      this.listJson = JSON.stringify(this.render().app);
      // Rendered for the list only: most apps of a large world are only
      // ever listed, and 30,000 rendered apps would cost gigabytes.
      if (!rendered) this.cache = undefined;
    }
    return this.listJson;
  }

  /**
   * `GET .../manifests?revision=`: the desired Rollout at a commit of the
   * branch (the chart renders the commit's image); other objects of the
   * chart do not change between releases and are left out.
   */
  manifestsAt(revision: string | undefined): {
    revision: string;
    manifests: string[];
  } {
    const commit = this.resolve(revision || 'HEAD');
    if (commit.desired) {
      return {
        revision: commit.revision,
        manifests: commit.desired.manifests.map(m => JSON.stringify(m)),
      };
    }
    const rollout = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: {
        name: this.service.name,
        namespace: this.service.name,
        labels: { 'app.kubernetes.io/name': this.service.name },
      },
      spec: {
        template: {
          spec: {
            containers: [{ name: this.service.name, image: commit.image }],
          },
        },
      },
    };
    return { revision: commit.revision, manifests: [JSON.stringify(rollout)] };
  }

  /** `GET .../revisions/{revision}/metadata`: the commit that released an image. */
  revisionMetadata(revision: string) {
    const commit = this.resolve(revision);
    if (commit.meta) {
      const { author, date, message } = commit.meta;
      return { author, date, message };
    }
    const deployed = this.history.find(h => h.revision === commit.revision);
    const tag = commit.image.slice(commit.image.lastIndexOf(':') + 1);
    return {
      author: 'release-bot <release-bot@acme.example>',
      date: deployed?.deployStartedAt ?? this.createdAt,
      message: `Release ${this.service.name} ${tag}`,
    };
  }

  /**
   * Every live object of the application as the cluster holds it: the
   * managed objects and their children (ReplicaSets, pods, AnalysisRuns).
   * The Kubernetes API simulator serves these.
   */
  liveManifests(): unknown[] {
    return this.liveObjects().map(o => o.manifest());
  }

  resourceTree(): v1alpha1ApplicationTree {
    return { nodes: treeNodes(this.liveObjects()) };
  }

  private liveObjects(): LiveObject[] {
    const cache = this.render();
    if (!this.live) {
      return []; // nothing deployed: the cluster holds nothing of this app
    }
    cache.children ??= childObjects(
      { application: this.name, service: this.service.name },
      this.rollout,
      this.live.desired?.manifests as any,
    );
    return [...cache.managed, ...cache.children];
  }

  private findLive(resource: {
    group?: string;
    kind?: string;
    namespace?: string;
    name?: string;
  }): LiveObject {
    const found = this.liveObjects().find(
      o =>
        o.group === (resource.group ?? '') &&
        o.kind === resource.kind &&
        o.namespace === resource.namespace &&
        o.name === resource.name,
    );
    if (!found) {
      throw new ArgoStatusError(
        GrpcCode.InvalidArgument,
        `${resource.kind} ${resource.group ?? ''} ${
          resource.name
        } not found as part of application ${this.name}`,
      );
    }
    return found;
  }

  private resolve(revision: string): Commit {
    if (
      (revision === 'HEAD' || revision === this.spec.source?.targetRevision) &&
      this.head
    ) {
      return this.head;
    }
    const newestFirst = [...this.commits].reverse();
    const commit =
      newestFirst.find(c => c.revision === revision) ??
      newestFirst.find(
        c => revision.length >= 7 && c.revision.startsWith(revision),
      );
    if (!commit) {
      throw new ArgoStatusError(
        GrpcCode.FailedPrecondition,
        `unable to resolve '${revision}' to a commit SHA`,
      );
    }
    return commit;
  }

  private startOperation(
    operation: v1alpha1Operation,
    target: Commit,
    now: string,
  ): void {
    if (this.operation) {
      throw new ArgoStatusError(
        GrpcCode.FailedPrecondition,
        'another operation is already in progress',
      );
    }
    this.operation = JSON.parse(JSON.stringify(operation));
    this.operationTarget = target;
    this.operationState = {
      operation: this.operation,
      phase: 'Running',
      message: 'one or more tasks are running',
      startedAt: now,
    };
    this.changed(now);
  }

  private completeOperation(now: string): void {
    const state = this.operationState!;
    const target = this.operationTarget!;
    const operation = this.operation!;
    this.operation = undefined;
    this.operationTarget = undefined;
    if (state.phase === 'Terminating') {
      this.operationState = {
        ...state,
        phase: 'Failed',
        message: 'Operation terminated',
        finishedAt: now,
      };
      return;
    }
    this.operationState = succeededOperation({
      operation,
      revision: target.revision,
      source: operation.sync?.source ?? this.spec.source,
      service: this.service.name,
      startedAt: state.startedAt!,
      finishedAt: now,
      rolloutChanged: target.image !== this.live?.image,
      rendered: target.desired?.manifests,
    });
    if (operation.sync?.dryRun) {
      return; // a dry run applies nothing and records no history
    }
    this.deployLive(target, state.startedAt!, operation, now);
  }

  /** Applies `target`: records the history entry and updates the Rollout. */
  private deployLive(
    target: Commit,
    startedAt: string,
    operation: v1alpha1Operation,
    now: string,
  ): void {
    const first = !this.live;
    this.live = target;
    if (first) this.firstDeployedAt ??= now;
    const bad = this.badImage ? this.badImage(target.image) : target.bad;
    const nextId = (this.history[this.history.length - 1]?.id ?? -1) + 1;
    this.history = [
      ...this.history,
      {
        id: nextId,
        revision: target.revision,
        deployStartedAt: startedAt,
        deployedAt: now,
        source: operation.sync?.source ?? this.spec.source,
        initiatedBy: operation.initiatedBy,
      },
    ].slice(-(this.spec.revisionHistoryLimit ?? DEFAULT_HISTORY_LIMIT));
    if (first && this.gitSourced) {
      // The first revision is scaled up at once, without canary steps.
      this.rolloutState = undefined;
      this.rollout.replicaSets[0].bad = bad;
      return;
    }
    this.rollout.deploy(target.image, bad, now, this.podOf(target));
  }

  private runningImages(): string[] {
    if (this.rolloutState) return runningImages(this.rolloutState);
    return this.live ? [this.live.image] : [];
  }

  private changed(now: string): void {
    this.changedAt = now;
    this.resourceVersion = this.nextResourceVersion();
    this.cache = undefined;
    this.listJson = undefined;
  }

  private render(): NonNullable<SimulatedApplication['cache']> {
    if (this.cache) {
      return this.cache;
    }
    const ctx = { application: this.name, service: this.service.name };
    // Until something touches the Rollout it is the settled start state:
    // healthy, at the start's revision, running the live image.
    const pristine = this.rolloutState
      ? undefined
      : { revision: this.start.releases };
    const managed = this.gitSourced
      ? gitManagedObjects(
          ctx,
          this.live?.desired,
          this.head?.desired,
          () => this.rollout,
          this.createdAt,
        )
      : managedObjects(
          ctx,
          this.environment,
          () => this.rollout,
          this.createdAt,
          pristine,
        );

    // Application health is the worst health of the managed objects, as the
    // controller aggregates it; children (ReplicaSets, AnalysisRuns) do not count.
    let status: HealthStatusCode = this.live ? 'Healthy' : 'Missing';
    let causes: LiveObject[] = [];
    for (const o of managed.filter(x => x.health?.status)) {
      const health = o.health!.status!;
      if (isWorseHealth(status, health)) {
        status = health;
        causes = [o];
      } else if (health === status && status !== 'Healthy') {
        causes.push(o);
      }
    }
    const message = causes.length
      ? `Caused by ${causes
          .map(
            c =>
              `${c.group ? `${c.group}/` : ''}${c.kind}:${c.namespace}/${
                c.name
              }`,
          )
          .join(', ')}`
      : '';
    if (status !== this.health.status) {
      this.health = { status, since: this.changedAt, message };
    } else {
      this.health.message = message;
    }

    const synced = this.synced;
    let syncStatus: 'Synced' | 'OutOfSync' | 'Unknown' = synced
      ? 'Synced'
      : 'OutOfSync';
    if (this.comparisonError || !this.head) {
      syncStatus = 'Unknown';
    }
    const app: v1alpha1Application = {
      metadata: {
        name: this.name,
        namespace: ARGOCD_NAMESPACE,
        uid: this.uid,
        resourceVersion: this.resourceVersion,
        generation: this.generation,
        creationTimestamp: this.createdAt,
        labels: this.labels,
        annotations: Object.keys(this.annotations).length
          ? this.annotations
          : undefined,
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: this.spec,
      operation: this.operation,
      status: {
        sync: {
          status: syncStatus,
          revision: this.head?.revision,
          comparedTo: {
            source: this.spec.source,
            destination: this.spec.destination,
          },
        },
        health: {
          status: this.health.status,
          message: this.health.message || undefined,
          lastTransitionTime: this.health.since,
        },
        history: this.history,
        operationState: this.operationState,
        resources: this.gitSourced
          ? gitResourceStatuses(
              managed,
              this.head?.desired,
              false,
              this.live?.desired,
            )
          : resourceStatuses(managed, synced, false),
        conditions: this.comparisonError
          ? [
              {
                type: 'ComparisonError',
                message: `Failed to load target state: failed to generate manifest for source 1 of 1: rpc error: code = Unknown desc = ${this.comparisonError.message}`,
                lastTransitionTime: this.comparisonError.since,
              },
            ]
          : undefined,
        // Argo CD >= 3.0 keeps resource health in its cache, not in the
        // Application: lists carry none, get fills it in from the tree.
        resourceHealthSource: 'appTree',
        summary: {
          images: this.runningImages(),
        },
        reconciledAt: this.changedAt,
        sourceType: 'Helm',
        controllerNamespace: ARGOCD_NAMESPACE,
      },
    };
    this.cache = { app, managed };
    return this.cache;
  }
}
