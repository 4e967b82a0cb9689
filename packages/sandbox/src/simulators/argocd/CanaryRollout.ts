import type {
  AnalysisPhase,
  CanaryStep,
  Measurement,
  PauseCondition,
  RolloutPhase,
  v1alpha1ResourceAction,
} from '@internal/api-argocd';
import { podTemplateHash, uid } from './deterministic';
import { ArgoStatusError, GrpcCode } from './argoErrors';

/**
 * The sandbox compresses time: one tick of the world clock stands for ten
 * seconds, so the manifests say `pause: 30s` and mean three ticks.
 */
export const TICK_SECONDS = 10;
export const ANALYSIS_TEMPLATE = 'success-rate';
export const ANALYSIS_MEASUREMENTS = 3;
/** Rolling back to one of the last N revisions skips the canary steps. */
export const ROLLBACK_WINDOW = 3;
const REPLICA_SET_HISTORY = 4;
const ANALYSIS_RUN_HISTORY = 5;

/** One ReplicaSet the Rollout created: one pod template (image). */
export interface ReplicaSetState {
  hash: string;
  image: string;
  /** `rollout.argoproj.io/revision`; a ReplicaSet rolled back to gets a new one. */
  revision: number;
  createdAt: string;
  /** The sandbox's verdict on this image: its analysis fails. */
  bad: boolean;
  /**
   * The pod template as the chart rendered it (git-sourced apps); absent
   * for the sample world's synthetic template, which only varies by image.
   */
  template?: Record<string, any>;
}

/** How an AnalysisTemplate measures: every N ticks, M times, F failures allowed. */
export interface AnalysisSettings {
  intervalTicks: number;
  count: number;
  failureLimit: number;
}

/** A pod template rendered from git, with what the chart says about scale and steps. */
export interface RenderedPod {
  hash: string;
  template: Record<string, any>;
  replicas: number;
  steps: CanaryStep[];
  /** Per AnalysisTemplate name, from the rendered templates' first metric. */
  analysis?: Record<string, AnalysisSettings>;
}

export interface AnalysisRunState {
  name: string;
  uid: string;
  createdAt: string;
  podHash: string;
  revision: number;
  stepIndex: number;
  bad: boolean;
  phase: AnalysisPhase;
  message?: string;
  startedAt: string;
  completedAt?: string;
  measurements: Measurement[];
  /** Set when the rollout stopped needing it (abort, promotion, new revision). */
  terminated: boolean;
  /** Ticks since the last measurement (the template's interval). */
  waited?: number;
}

export type RolloutActionName =
  | 'resume'
  | 'abort'
  | 'retry'
  | 'promote-full'
  | 'restart'
  | 'pause'
  | 'skip-current-step';

/** The pod template hash of a Rollout's template with `image`. */
export function rolloutTemplateHash(
  namespace: string,
  name: string,
  image: string,
): string {
  return podTemplateHash(`${namespace}/${name}|${image}`);
}

/** The canary steps of the sample services: 10% -> pause -> analysis -> 50% -> pause -> full. */
export function canarySteps(
  service: string,
  manualGate: boolean,
): CanaryStep[] {
  return [
    { setWeight: 10 },
    // In gated environments a person promotes the canary (Argo CD `resume`).
    { pause: manualGate ? {} : { duration: '30s' } },
    {
      analysis: {
        templates: [{ templateName: ANALYSIS_TEMPLATE }],
        args: [{ name: 'service-name', value: service }],
        // So that the service's label selector finds its AnalysisRuns too.
        analysisRunMetadata: {
          labels: {
            'app.kubernetes.io/name': service,
            'backstage.io/kubernetes-id': service,
          },
        },
      },
    },
    { setWeight: 50 },
    { pause: { duration: '30s' } },
  ];
}

export function durationTicks(duration: number | string | undefined): number {
  if (duration === undefined) {
    return Infinity;
  }
  const seconds =
    typeof duration === 'number'
      ? duration
      : Number(/^(\d+)s?$/.exec(duration)?.[1] ?? NaN) ||
        Number(/^(\d+)m$/.exec(duration)?.[1] ?? NaN) * 60;
  return Math.max(1, Math.ceil(seconds / TICK_SECONDS));
}

/**
 * One Argo Rollouts canary as its controller would drive it: each tick does
 * one thing (shift weight, wait in a pause, take a measurement, promote), a
 * failed analysis aborts, and Argo CD's resource actions patch it and get an
 * immediate reaction. Only the state lives here; rolloutManifests.ts renders
 * it as Kubernetes objects.
 */
export class CanaryRollout {
  readonly uid: string;
  /** `status.currentStepHash`: identifies the steps. */
  stepHash: string;
  /** What the HPA (or `spec.replicas`) asks for; 4 in the sample world. */
  replicas = 4;
  generation = 1;
  replicaSets: ReplicaSetState[] = [];
  currentHash = '';
  stableHash = '';
  stepIndex: number;
  abort = false;
  abortedAt?: string;
  abortMessage?: string;
  promoteFull = false;
  /** `spec.paused` (a user pause). */
  paused = false;
  pauseConditions: PauseCondition[] = [];
  controllerPause = false;
  canaryWeight = 0;
  analysisRuns: AnalysisRunState[] = [];
  restartAt?: string;
  restartedAt?: string;
  /** When the phase last changed, for the conditions' timestamps. */
  changedAt: string;
  private pauseTicks = 0;

  constructor(
    readonly name: string,
    readonly namespace: string,
    public steps: CanaryStep[],
    readonly createdAt: string,
  ) {
    this.uid = uid(`${namespace}/rollout/${name}`);
    this.stepHash = podTemplateHash(JSON.stringify(steps));
    this.stepIndex = steps.length;
    this.changedAt = createdAt;
  }

  /** Hash of a pod template: the sandbox's templates differ only by image. */
  templateHash(image: string): string {
    return rolloutTemplateHash(this.namespace, this.name, image);
  }

  /**
   * Which ReplicaSets get traffic: the stable one, and the canary at its
   * weight until it is aborted or promoted (then it is the stable one).
   */
  get serving(): {
    stable: ReplicaSetState | undefined;
    canary?: { rs: ReplicaSetState; weight: number };
  } {
    const stable = this.stable;
    const current = this.current;
    if (!current || this.fullyPromoted || this.abort) {
      return { stable };
    }
    const weight = this.promoteFull ? 100 : this.canaryWeight;
    return weight > 0
      ? { stable, canary: { rs: current, weight } }
      : { stable };
  }

  get current(): ReplicaSetState | undefined {
    return this.replicaSets.find(rs => rs.hash === this.currentHash);
  }

  get stable(): ReplicaSetState | undefined {
    return this.replicaSets.find(rs => rs.hash === this.stableHash);
  }

  get fullyPromoted(): boolean {
    return this.currentHash === this.stableHash;
  }

  get phase(): RolloutPhase {
    if (this.abort && !this.fullyPromoted) {
      return 'Degraded';
    }
    if (this.paused || this.pauseConditions.length > 0) {
      return 'Paused';
    }
    if (
      this.fullyPromoted &&
      !this.promoteFull &&
      this.stepIndex >= this.steps.length
    ) {
      return 'Healthy';
    }
    return 'Progressing';
  }

  /** `status.message`, as Argo Rollouts words it per phase. */
  get message(): string {
    switch (this.phase) {
      case 'Degraded':
        return this.abortMessage ?? 'RolloutAborted';
      case 'Paused':
        return this.pauseConditions[0]?.reason ?? 'manually paused';
      case 'Progressing':
        return this.steps[this.stepIndex]?.setWeight !== undefined ||
          this.promoteFull
          ? 'more replicas need to be updated'
          : 'waiting for all steps to complete';
      default:
        return '';
    }
  }

  /** Replicas of a ReplicaSet: the stable one serves all traffic until promotion. */
  replicasOf(rs: ReplicaSetState): number {
    if (rs.hash === this.stableHash) {
      return this.replicas;
    }
    if (rs.hash === this.currentHash && !this.abort) {
      const weight = this.promoteFull ? 100 : this.canaryWeight;
      return Math.ceil((this.replicas * weight) / 100);
    }
    return 0;
  }

  /** The first state of the world: `image` fully rolled out at `revision`. */
  settle(image: string, revision: number, at: string, pod?: RenderedPod): void {
    const hash = pod?.hash ?? this.templateHash(image);
    if (pod) this.adopt(pod);
    this.replicaSets = [
      {
        hash,
        image,
        revision,
        createdAt: at,
        bad: false,
        template: pod?.template,
      },
    ];
    this.currentHash = hash;
    this.stableHash = hash;
    this.stepIndex = this.steps.length;
    this.changedAt = at;
  }

  /** Records a finished analysis of the settled revision, as a real one would have left. */
  addCompletedAnalysis(startedAt: Date): void {
    const current = this.current!;
    const run = this.newAnalysisRun(
      current,
      this.analysisStepIndex(),
      startedAt,
    );
    for (let i = 0; i < ANALYSIS_MEASUREMENTS; i++) {
      const at = new Date(startedAt.getTime() + i * TICK_SECONDS * 1000);
      run.measurements.push(this.measurement(run, at.toISOString()));
    }
    run.phase = 'Successful';
    run.completedAt = run.measurements[run.measurements.length - 1].finishedAt;
    this.analysisRuns.push(run);
  }

  /**
   * Argo CD applied a pod template with `image` (a sync or a rollback). A new
   * template starts the canary from step 0; going back to the stable one, or
   * to a revision within the rollback window, is immediate.
   */
  deploy(image: string, bad: boolean, now: string, pod?: RenderedPod): void {
    const hash = pod?.hash ?? this.templateHash(image);
    if (pod) this.adopt(pod);
    if (hash === this.currentHash) {
      return; // The same template: Kubernetes sees no change.
    }
    this.generation += 1;
    const nextRevision =
      Math.max(0, ...this.replicaSets.map(rs => rs.revision)) + 1;
    const recent = this.replicaSets
      .filter(rs => rs.hash !== this.currentHash)
      .sort((a, b) => b.revision - a.revision)
      .slice(0, ROLLBACK_WINDOW)
      .map(rs => rs.hash);
    const existing = this.replicaSets.find(rs => rs.hash === hash);
    if (existing) {
      existing.revision = nextRevision;
      existing.bad = bad;
    } else {
      this.replicaSets.push({
        hash,
        image,
        revision: nextRevision,
        createdAt: now,
        bad,
        template: pod?.template,
      });
    }
    this.terminateAnalysis(now);
    this.currentHash = hash;
    this.abort = false;
    this.abortedAt = undefined;
    this.abortMessage = undefined;
    this.promoteFull = false;
    this.pauseConditions = [];
    this.controllerPause = false;
    this.canaryWeight = 0;
    if (hash === this.stableHash || recent.includes(hash)) {
      this.stableHash = hash;
      this.stepIndex = this.steps.length;
    } else {
      this.stepIndex = 0;
    }
    this.trimHistory();
    this.changedAt = now;
  }

  /** How the analysis of each template measures (git apps); one tick, 3 times, none failing otherwise. */
  analysisSettings: Record<string, AnalysisSettings> = {};

  /** Takes the replica count and steps of a rendered Rollout. */
  private adopt(pod: RenderedPod): void {
    this.replicas = pod.replicas;
    this.analysisSettings = pod.analysis ?? {};
    if (JSON.stringify(pod.steps) !== JSON.stringify(this.steps)) {
      this.steps = pod.steps;
      this.stepHash = podTemplateHash(JSON.stringify(pod.steps));
      this.stepIndex = Math.min(this.stepIndex, this.steps.length);
    }
  }

  /** Advances one tick; answers whether anything visible changed. */
  tick(now: string): boolean {
    if (this.fullyPromoted && this.stepIndex >= this.steps.length) {
      if (!this.promoteFull) {
        return false;
      }
      this.promoteFull = false; // the controller acknowledges a no-op promotion
      return this.touch(now);
    }
    if (this.abort || this.paused) {
      return false;
    }
    if (this.promoteFull) {
      this.complete(now);
      return true;
    }
    if (this.pauseConditions.length > 0) {
      const step = this.steps[this.stepIndex];
      this.pauseTicks += 1;
      if (
        step?.pause &&
        this.pauseTicks >= durationTicks(step.pause.duration)
      ) {
        this.pauseConditions = [];
        this.controllerPause = false;
        this.stepIndex += 1;
        return this.touch(now);
      }
      return false;
    }
    if (this.stepIndex >= this.steps.length) {
      this.complete(now);
      return true;
    }
    const step = this.steps[this.stepIndex];
    if (step.setWeight !== undefined) {
      this.canaryWeight = step.setWeight;
      this.stepIndex += 1;
      return this.touch(now);
    }
    if (step.pause) {
      this.pauseConditions = [{ reason: 'CanaryPauseStep', startTime: now }];
      this.controllerPause = true;
      this.pauseTicks = 0;
      return this.touch(now);
    }
    if (step.analysis) {
      this.analyse(now);
      return true;
    }
    this.stepIndex += 1; // a step kind the sandbox does not simulate
    return this.touch(now);
  }

  /** Whether the rollout waits for nobody but a person (or nothing at all). */
  get settled(): boolean {
    if (this.fullyPromoted && this.stepIndex >= this.steps.length) {
      return !this.promoteFull;
    }
    if (this.abort || this.paused) {
      return true;
    }
    const step = this.steps[this.stepIndex];
    return (
      this.pauseConditions.length > 0 &&
      !!step?.pause &&
      step.pause.duration === undefined
    );
  }

  /**
   * Applies an Argo CD resource action (the built-in Lua scripts of
   * resource_customizations/argoproj.io/Rollout/actions) and the rollout
   * controller's immediate reaction to the patched object.
   */
  runAction(action: string, now: string): void {
    switch (action as RolloutActionName) {
      case 'resume': {
        const atPauseStep =
          this.controllerPause && !!this.steps[this.stepIndex]?.pause;
        this.pauseConditions = [];
        if (this.paused) {
          this.paused = false;
          this.generation += 1;
        }
        if (atPauseStep) {
          this.controllerPause = false;
          this.stepIndex += 1;
        }
        break;
      }
      case 'abort':
        // On a fully promoted rollout there is nothing to abort; the
        // controller leaves it healthy.
        if (!this.fullyPromoted) {
          this.abortWith(now, undefined);
        }
        break;
      case 'retry':
        if (this.abort) {
          this.abort = false;
          this.abortedAt = undefined;
          this.abortMessage = undefined;
          this.stepIndex = 0;
          this.canaryWeight = 0;
        }
        break;
      case 'promote-full':
        if (!this.fullyPromoted) {
          this.promoteFull = true;
          this.abort = false;
          this.abortedAt = undefined;
          this.abortMessage = undefined;
          this.pauseConditions = [];
          this.controllerPause = false;
          this.terminateAnalysis(now);
        }
        break;
      case 'restart':
        this.restartAt = now;
        this.restartedAt = now;
        this.generation += 1;
        break;
      case 'pause':
        this.paused = true;
        this.generation += 1;
        break;
      case 'skip-current-step':
        if (this.stepIndex < this.steps.length) {
          this.pauseConditions = [];
          this.controllerPause = false;
          this.stepIndex += 1;
        }
        break;
      default:
        // Argo CD wraps the Lua lookup failure in a plain Go error: HTTP 500.
        throw new ArgoStatusError(
          GrpcCode.Unknown,
          `error getting Lua resource action: action '${action}' not found`,
        );
    }
    this.touch(now);
  }

  /** The actions Argo CD offers, enabled as its discovery.lua decides. */
  availableActions(): v1alpha1ResourceAction[] {
    const paused = this.pauseConditions.length > 0 || this.paused;
    const fullyPromoted = this.fullyPromoted;
    return [
      { name: 'restart', displayName: 'Restart Pods', disabled: false },
      { name: 'resume', disabled: !paused },
      { name: 'abort', disabled: fullyPromoted || this.abort },
      { name: 'retry', disabled: fullyPromoted || !this.abort },
      { name: 'pause', disabled: fullyPromoted || this.abort || this.paused },
      { name: 'promote-full', disabled: fullyPromoted },
      {
        name: 'skip-current-step',
        disabled: this.stepIndex === this.steps.length,
      },
    ];
  }

  private analysisStepIndex(): number {
    return this.steps.findIndex(step => step.analysis);
  }

  private analyse(now: string): void {
    const current = this.current!;
    const run = this.analysisRuns.find(
      r =>
        r.podHash === this.currentHash &&
        r.stepIndex === this.stepIndex &&
        r.revision === current.revision &&
        !r.terminated &&
        (r.phase === 'Running' || r.phase === 'Pending'),
    );
    if (!run) {
      this.analysisRuns.push(
        this.newAnalysisRun(current, this.stepIndex, new Date(now)),
      );
      this.trimHistory();
      this.touch(now);
      return;
    }
    const templateName = (this.steps[this.stepIndex]?.analysis as any)
      ?.templates?.[0]?.templateName;
    const settings = this.analysisSettings[templateName] ?? {
      intervalTicks: 1,
      count: ANALYSIS_MEASUREMENTS,
      failureLimit: 0,
    };
    if (run.measurements.length > 0) {
      run.waited = (run.waited ?? 0) + 1;
      if (run.waited < settings.intervalTicks) {
        return; // the next measurement is an interval away
      }
    }
    run.waited = 0;
    const measurement = this.measurement(run, now);
    run.measurements.push(measurement);
    const failed = run.measurements.filter(m => m.phase === 'Failed').length;
    if (failed > settings.failureLimit) {
      run.phase = 'Failed';
      run.completedAt = now;
      run.message = `Metric "${ANALYSIS_TEMPLATE}" assessed Failed due to failed (${failed}) > failureLimit (${settings.failureLimit})`;
      this.abortWith(now, run.message);
    } else if (run.measurements.length >= settings.count) {
      run.phase = 'Successful';
      run.completedAt = now;
      this.stepIndex += 1;
    }
    this.touch(now);
  }

  private newAnalysisRun(
    rs: ReplicaSetState,
    stepIndex: number,
    startedAt: Date,
  ): AnalysisRunState {
    const base = `${this.name}-${rs.hash}-${rs.revision}-${stepIndex}`;
    const attempts = this.analysisRuns.filter(r =>
      r.name.startsWith(base),
    ).length;
    // A retried step gets a new run; Argo Rollouts suffixes its name.
    const name = attempts === 0 ? base : `${base}.${attempts}`;
    return {
      name,
      uid: uid(`${this.namespace}/analysisrun/${name}`),
      createdAt: startedAt.toISOString(),
      podHash: rs.hash,
      revision: rs.revision,
      stepIndex,
      bad: rs.bad,
      phase: 'Running',
      startedAt: startedAt.toISOString(),
      measurements: [],
      terminated: false,
    };
  }

  private measurement(run: AnalysisRunState, at: string): Measurement {
    // Deterministic success rates: a bad release is well under the 0.95 bar.
    const n = run.measurements.length;
    const value = run.bad ? 0.82 - n * 0.03 : 0.991 + ((n * 7) % 5) / 1000;
    return {
      phase: run.bad ? 'Failed' : 'Successful',
      value: `[${value.toFixed(3)}]`,
      startedAt: at,
      finishedAt: at,
    };
  }

  private abortWith(now: string, reason: string | undefined): void {
    const revision = this.current?.revision ?? 0;
    this.abort = true;
    this.abortedAt = now;
    this.abortMessage = `RolloutAborted: Rollout aborted update to revision ${revision}${
      reason ? `: ${reason}` : ''
    }`;
    this.canaryWeight = 0;
    this.stepIndex = 0;
    this.pauseConditions = [];
    this.controllerPause = false;
    this.terminateAnalysis(now);
  }

  private complete(now: string): void {
    this.stableHash = this.currentHash;
    this.stepIndex = this.steps.length;
    this.canaryWeight = 0;
    this.promoteFull = false;
    this.pauseConditions = [];
    this.controllerPause = false;
    this.terminateAnalysis(now);
    this.touch(now);
  }

  private terminateAnalysis(now: string): void {
    for (const run of this.analysisRuns) {
      if (run.phase === 'Running' || run.phase === 'Pending') {
        // A terminated run keeps the verdict of what it measured so far.
        run.terminated = true;
        run.phase = 'Successful';
        run.message = 'Run Terminated';
        run.completedAt = now;
      }
    }
  }

  private trimHistory(): void {
    const keep = new Set([this.currentHash, this.stableHash]);
    this.replicaSets = this.replicaSets
      .sort((a, b) => a.revision - b.revision)
      .filter(
        (rs, i, all) =>
          keep.has(rs.hash) || i >= all.length - REPLICA_SET_HISTORY,
      );
    this.analysisRuns = this.analysisRuns.slice(-ANALYSIS_RUN_HISTORY);
  }

  private touch(now: string): boolean {
    this.changedAt = now;
    return true;
  }
}
