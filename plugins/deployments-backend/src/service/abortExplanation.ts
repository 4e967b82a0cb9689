import { RollbackExplanation } from '@internal/plugin-deployments-common';
import { AnalysisRun, Rollout } from '@internal/plugin-deployments-node';

function intOf(value: number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

const newestFirst = (a: AnalysisRun, b: AnalysisRun) =>
  (b.metadata.creationTimestamp ?? b.status?.startedAt ?? '').localeCompare(
    a.metadata.creationTimestamp ?? a.status?.startedAt ?? '',
  );

/**
 * Why an aborted canary aborted, in words: the AnalysisRun metric that
 * failed, what it measured against its `successCondition` and
 * `failureLimit`, and when. Argo Rollouts shifts traffic back to stable by
 * itself when analysis fails; an abort without a failed run was a person's.
 * Undefined while the Rollout is not aborted.
 */
export function abortExplanation(
  rollout: Rollout,
  analysisRuns: AnalysisRun[],
  images: {
    stableImage?: string;
    canaryImage?: string;
    canaryPodHash?: string;
  },
): RollbackExplanation | undefined {
  const status = rollout.status ?? {};
  if (!status.abort) return undefined;
  // The Rollout's pod template is the aborted build (the spec stays on it),
  // also once its ReplicaSet is scaled down and gone from the tree.
  const canaryImage =
    images.canaryImage ?? rollout.spec.template?.spec?.containers?.[0]?.image;
  const canary = canaryImage ?? 'the new build';
  const stable = images.stableImage ?? 'the stable version';
  const failedRun = [...analysisRuns]
    .sort(newestFirst)
    .find(
      run =>
        ['Failed', 'Error'].includes(run.status?.phase ?? '') ||
        (run.status?.metricResults ?? []).some(m =>
          ['Failed', 'Error'].includes(m.phase),
        ),
    );
  const base = {
    stableImage: images.stableImage,
    canaryImage,
    canaryRevision: images.canaryPodHash,
  };
  if (!failedRun) {
    return {
      ...base,
      summary: `The canary of ${canary} was aborted by hand${
        status.message ? ` (${status.message})` : ''
      }: traffic went back to ${stable}.`,
      values: [],
      automatic: false,
    };
  }
  const result = (failedRun.status?.metricResults ?? []).find(m =>
    ['Failed', 'Error'].includes(m.phase),
  );
  const metric = failedRun.spec.metrics.find(m => m.name === result?.name);
  const measurements = result?.measurements ?? [];
  const values = measurements.map(m => m.value ?? '?');
  const failed = measurements.filter(m => m.phase === 'Failed').length;
  const failureLimit = intOf(metric?.failureLimit);
  const at =
    measurements[measurements.length - 1]?.finishedAt ??
    failedRun.status?.completedAt ??
    undefined;
  const condition = metric?.successCondition
    ? ` against the success condition \`${metric.successCondition}\``
    : '';
  const limit =
    failureLimit !== undefined
      ? `; ${failed} failed measurement(s), more than the failure limit of ${failureLimit}`
      : '';
  const name = result?.name ?? 'analysis';
  return {
    ...base,
    summary: `The canary of ${canary} was aborted automatically${
      at ? ` at ${at}` : ''
    }: the analysis metric "${name}" of ${
      failedRun.metadata.name ?? 'its AnalysisRun'
    } failed, measuring ${
      values.join(', ') || 'no value'
    }${condition}${limit}. Traffic went back to ${stable} by itself.`,
    analysisRun: failedRun.metadata.name,
    metric: name,
    successCondition: metric?.successCondition,
    failureLimit,
    values,
    failedMeasurements: failed,
    at,
    automatic: true,
  };
}
