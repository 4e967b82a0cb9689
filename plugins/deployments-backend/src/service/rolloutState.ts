import {
  AnalysisRunSummary,
  HealthStatus,
  RolloutActionName,
  RolloutState,
  RolloutStep,
} from '@internal/plugin-deployments-common';
import { abortExplanation } from './abortExplanation';
import {
  AnalysisRun,
  Rollout,
  rolloutHealth,
  v1alpha1ResourceAction,
  v1alpha1ResourceNode,
} from '@internal/plugin-deployments-node';

/** Our action names and the Argo CD resource actions that perform them. */
export const ARGO_ACTION: Record<RolloutActionName, string> = {
  // `kubectl argo rollouts promote` on a paused canary is Argo CD's `resume`.
  promote: 'resume',
  'promote-full': 'promote-full',
  abort: 'abort',
  retry: 'retry',
};

function seconds(duration: number | string | undefined): number | undefined {
  if (duration === undefined) return undefined;
  if (typeof duration === 'number') return duration;
  const m = /^(\d+)(s|m|h)?$/.exec(duration.trim());
  if (!m) return undefined;
  const unit: Record<string, number> = { h: 3600, m: 60, s: 1 };
  return Number(m[1]) * unit[m[2] ?? 's'];
}

function imageOfReplicaSet(
  nodes: v1alpha1ResourceNode[],
  hash: string | undefined,
): string | undefined {
  if (!hash) return undefined;
  const rs = nodes.find(
    n => n.kind === 'ReplicaSet' && n.name?.endsWith(`-${hash}`),
  );
  return rs?.images?.[0];
}

export function summarizeAnalysisRun(run: AnalysisRun): AnalysisRunSummary {
  const specOf = (name: string) =>
    run.spec?.metrics?.find(m => m.name === name);
  return {
    name: run.metadata.name ?? '',
    phase: run.status?.phase ?? 'Pending',
    message: run.status?.message,
    startedAt: run.status?.startedAt ?? run.metadata.creationTimestamp,
    metrics: (run.status?.metricResults ?? []).map(m => ({
      name: m.name,
      phase: m.phase,
      message: m.message,
      count: m.count,
      successful: m.successful,
      failed: m.failed,
      lastValue: m.measurements?.[m.measurements.length - 1]?.value,
      successCondition: specOf(m.name)?.successCondition,
      failureCondition: specOf(m.name)?.failureCondition,
      failureLimit:
        specOf(m.name)?.failureLimit === undefined
          ? undefined
          : Number(specOf(m.name)?.failureLimit),
      measurements: (m.measurements ?? []).map(x => ({
        phase: x.phase,
        value: x.value,
        finishedAt: x.finishedAt ?? undefined,
      })),
    })),
  };
}

/** The canary as the entity tab shows it, from the live Rollout and its tree. */
export function rolloutState(options: {
  rollout: Rollout;
  tree: v1alpha1ResourceNode[];
  analysisRuns: AnalysisRun[];
  actions: v1alpha1ResourceAction[];
}): RolloutState {
  const { rollout, tree } = options;
  const status = rollout.status ?? {};
  const specSteps = rollout.spec.strategy?.canary?.steps ?? [];
  const current = status.currentStepIndex;
  const finished = current === undefined || current >= specSteps.length;
  const steps: RolloutStep[] = specSteps.map((step, index) => {
    let state: RolloutStep['state'] = 'pending';
    if (finished || index < current!) state = 'done';
    else if (index === current) state = 'current';
    if (step.setWeight !== undefined) {
      return { index, kind: 'setWeight', weight: step.setWeight, state };
    }
    if (step.pause) {
      return {
        index,
        kind: 'pause',
        pauseSeconds: seconds(step.pause.duration),
        state,
      };
    }
    if (step.analysis) {
      return {
        index,
        kind: 'analysis',
        templates: (step.analysis.templates ?? []).map(
          t => t.templateName ?? '',
        ),
        state,
      };
    }
    return { index, kind: 'other', state };
  });

  const aborted = !!status.abort;
  let canary = status.canary?.weights?.canary?.weight;
  if (canary === undefined) {
    // Without traffic routing status, the weight is the last setWeight reached.
    canary = 0;
    if (!finished && !aborted) {
      for (const step of specSteps.slice(0, (current ?? 0) + 1)) {
        if (step.setWeight !== undefined) canary = step.setWeight;
      }
    }
  }
  if (aborted) canary = 0;

  const pauseReasons = (status.pauseConditions ?? []).map(p => p.reason);
  if (rollout.spec.paused) pauseReasons.push('PausedByUser');
  const enabled = new Set(
    options.actions.filter(a => !a.disabled).map(a => a.name),
  );
  const availableActions = (
    Object.keys(ARGO_ACTION) as RolloutActionName[]
  ).filter(a => enabled.has(ARGO_ACTION[a]));

  const stableImage = imageOfReplicaSet(tree, status.stableRS);
  const canaryPodHash =
    status.currentPodHash && status.currentPodHash !== status.stableRS
      ? status.currentPodHash
      : undefined;
  const canaryImage = canaryPodHash
    ? imageOfReplicaSet(tree, canaryPodHash)
    : undefined;

  return {
    name: rollout.metadata.name ?? '',
    namespace: rollout.metadata.namespace ?? '',
    phase: status.phase,
    health: rolloutHealth(rollout).status as HealthStatus,
    message: status.message,
    aborted,
    paused: pauseReasons.length > 0,
    pauseReasons,
    currentStepIndex: current,
    steps,
    weights: { canary, stable: 100 - canary },
    stableImage,
    canaryImage,
    stablePodHash: status.stableRS,
    canaryPodHash,
    analysisRuns: options.analysisRuns.map(summarizeAnalysisRun),
    availableActions,
    abortExplanation: abortExplanation(rollout, options.analysisRuns, {
      stableImage,
      canaryImage,
      canaryPodHash,
    }),
  };
}

/**
 * Whether a canary is in flight: two images serve, or the Rollout sends the
 * canary traffic (a new pod template with the same image, e.g. new values).
 * The lane, the gates and DORA all read this one rule.
 */
export function isCanaryInFlight(
  images: string[],
  rollout?: { aborted: boolean; weights: { canary: number } },
): boolean {
  return (
    images.length > 1 ||
    (!!rollout && !rollout.aborted && rollout.weights.canary > 0)
  );
}
