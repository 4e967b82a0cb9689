import { HealthStatusCode, v1alpha1HealthStatus } from './argocd';
import { AnalysisRun, Rollout } from './rollouts';

/** An Argo CD health assessment of one resource. */
export interface ResourceHealth {
  status: HealthStatusCode;
  /** Empty when the check gives no message (Lua nil). */
  message: string;
}

/**
 * Lua's `tonumber` on a string: decimal (with exponent) or 0x-hex numbers,
 * surrounding whitespace allowed, anything else nil. Rollouts before v0.10
 * put a hash in `status.observedGeneration`, and the health check tells the
 * versions apart by whether it parses, so JavaScript's laxer Number() (which
 * turns '' into 0) would change the outcome.
 */
function luaToNumber(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value !== 'string') {
    return undefined;
  }
  const text = value.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    return Number(text);
  }
  if (/^[+-]?0[xX][0-9a-fA-F]+$/.test(text)) {
    const negative = text.startsWith('-');
    const magnitude = parseInt(text.replace(/^[+-]?0[xX]/, ''), 16);
    return negative ? -magnitude : magnitude;
  }
  return undefined;
}

function isGenerationObserved(rollout: Rollout): boolean {
  if (!rollout.status) {
    return false;
  }
  const observed = luaToNumber(rollout.status.observedGeneration);
  const generation = rollout.metadata.generation;
  // A hash (Argo Rollouts <= v0.9) or a number beyond the generation: the
  // controller predates numeric observedGeneration, so trust it.
  if (
    observed === undefined ||
    (generation !== undefined && observed > generation)
  ) {
    return true;
  }
  return observed === generation;
}

function isWorkloadGenerationObserved(rollout: Rollout): boolean {
  const annotations = rollout.metadata.annotations;
  if (!rollout.spec.workloadRef || !annotations) {
    return true;
  }
  return (
    luaToNumber(annotations['rollout.argoproj.io/workload-generation']) ===
    luaToNumber(rollout.status?.workloadObservedGeneration)
  );
}

function stableReplicaSet(rollout: Rollout): string {
  // Argo Rollouts v0.8 moved status.canary.stableRS to status.stableRS.
  return rollout.status?.stableRS ?? rollout.status?.canary?.stableRS ?? '';
}

/**
 * The health Argo CD shows for an `argoproj.io/Rollout`: a port of Argo CD's
 * built-in check, resource_customizations/argoproj.io/Rollout/health.lua
 * (argoproj/argo-cd @37ee0097, the version of our swagger). A Rollout in
 * phase Paused is Suspended; other phases of Argo Rollouts >= 1.0 pass
 * through (Healthy, Progressing, Degraded — an abort is Degraded); older
 * rollouts are judged by their conditions, pause state and replica counts.
 */
export function rolloutHealth(rollout: Rollout): ResourceHealth {
  if (
    !isGenerationObserved(rollout) ||
    !isWorkloadGenerationObserved(rollout)
  ) {
    return {
      status: 'Progressing',
      message: 'Waiting for rollout spec update to be observed',
    };
  }
  // isGenerationObserved is false without a status, so it is set here.
  const status = rollout.status!;

  if (status.phase !== undefined) {
    return {
      status: status.phase === 'Paused' ? 'Suspended' : status.phase,
      message: status.message ?? '',
    };
  }

  for (const condition of status.conditions ?? []) {
    if (
      condition.type === 'InvalidSpec' ||
      (condition.type === 'Progressing' &&
        (condition.reason === 'RolloutAborted' ||
          condition.reason === 'ProgressDeadlineExceeded'))
    ) {
      return { status: 'Degraded', message: condition.message ?? '' };
    }
  }

  if (
    (status.pauseConditions && status.pauseConditions.length > 0) ||
    rollout.spec.paused
  ) {
    return { status: 'Suspended', message: 'Rollout is paused' };
  }

  if (status.currentPodHash === undefined) {
    return {
      status: 'Progressing',
      message: 'Waiting for rollout to finish: status has not been reconciled.',
    };
  }

  const desiredReplicas = rollout.spec.replicas ?? 1;
  const statusReplicas = status.replicas ?? 0;
  const updatedReplicas = status.updatedReplicas ?? 0;
  const availableReplicas = status.availableReplicas ?? 0;
  if (updatedReplicas < desiredReplicas) {
    return {
      status: 'Progressing',
      message:
        'Waiting for roll out to finish: More replicas need to be updated',
    };
  }
  if (availableReplicas < updatedReplicas) {
    return {
      status: 'Progressing',
      message:
        'Waiting for roll out to finish: updated replicas are still becoming available',
    };
  }

  const stableRS = stableReplicaSet(rollout);
  const strategy = rollout.spec.strategy;
  if (strategy?.blueGreen) {
    if (status.blueGreen?.activeSelector !== status.currentPodHash) {
      return {
        status: 'Progressing',
        message: 'active service cutover pending',
      };
    }
    if (stableRS !== '' && stableRS !== status.currentPodHash) {
      return {
        status: 'Progressing',
        message: 'waiting for analysis to complete',
      };
    }
  } else if (strategy?.canary) {
    if (statusReplicas > updatedReplicas) {
      return {
        status: 'Progressing',
        message:
          'Waiting for roll out to finish: old replicas are pending termination',
      };
    }
    if (stableRS === '' || stableRS !== status.currentPodHash) {
      return {
        status: 'Progressing',
        message: 'Waiting for rollout to finish steps',
      };
    }
  }
  return { status: 'Healthy', message: '' };
}

/**
 * The health Argo CD shows for an `argoproj.io/AnalysisRun`: a port of
 * resource_customizations/argoproj.io/AnalysisRun/health.lua (same commit).
 */
export function analysisRunHealth(run: AnalysisRun): ResourceHealth {
  const status = run.status;
  if (!status) {
    return {
      status: 'Progressing',
      message:
        'Waiting for analysis run to finish: status has not been reconciled.',
    };
  }
  switch (status.phase) {
    case 'Pending':
    case 'Running':
      return { status: 'Progressing', message: 'Analysis run is running' };
    case 'Successful':
      return {
        status: 'Healthy',
        message: status.message ?? 'Analysis run completed successfully',
      };
    case 'Failed':
      return {
        status: 'Degraded',
        message: status.message ?? 'Analysis run failed',
      };
    case 'Error':
      return {
        status: 'Degraded',
        message: status.message ?? 'Analysis run had an error',
      };
    case 'Inconclusive':
      return {
        status: 'Unknown',
        message: status.message ?? 'Analysis run was inconclusive',
      };
    default:
      // The Lua check returns an empty table for an unknown phase, which
      // Argo CD reads as no health at all; Unknown is the nearest code.
      return { status: 'Unknown', message: '' };
  }
}

/** Argo CD's health codes from healthiest to least healthy (gitops-engine). */
const HEALTH_ORDER: HealthStatusCode[] = [
  'Healthy',
  'Suspended',
  'Progressing',
  'Missing',
  'Degraded',
  'Unknown',
];

/**
 * Whether `candidate` is worse than `current`, the way Argo CD aggregates
 * the health of an application's resources into the application's health.
 */
export function isWorseHealth(
  current: HealthStatusCode,
  candidate: HealthStatusCode,
): boolean {
  return HEALTH_ORDER.indexOf(candidate) > HEALTH_ORDER.indexOf(current);
}

/**
 * A `v1alpha1HealthStatus` known to hold one of Argo CD's health codes (the
 * swagger types `status` as any string), as an assessment produces it.
 */
export type AssessedHealthStatus = v1alpha1HealthStatus & {
  status: HealthStatusCode;
};

/**
 * A health assessment as Argo CD sends it (`v1alpha1HealthStatus`): without
 * a message when the check gave none (Go omits the empty field).
 */
export function toHealthStatus(health: ResourceHealth): AssessedHealthStatus {
  return health.message
    ? { status: health.status, message: health.message }
    : { status: health.status };
}
