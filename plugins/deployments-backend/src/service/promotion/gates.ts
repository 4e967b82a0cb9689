import {
  EnvironmentDeployment,
  PromotionGate,
} from '@internal/plugin-deployments-common';

/*
 * The gates of a promotion, as pure functions of what was read: the backend
 * evaluates them for the dialog and again for the promotion itself, so a
 * crafted request meets the same refusal as the button.
 */

/** The source's canary is fully promoted and the application healthy. */
export function canaryGate(source: EnvironmentDeployment): PromotionGate {
  const gate = (status: PromotionGate['status'], detail: string) => ({
    id: 'canary' as const,
    title: `The canary in ${source.environment} is fully promoted and healthy`,
    status,
    detail,
    overridable: true,
  });
  if (source.state !== 'deployed') {
    return gate(
      'error',
      source.error ?? `Nothing is deployed in ${source.environment}`,
    );
  }
  const rollout = source.rollout;
  if (rollout?.aborted) {
    return gate(
      'failed',
      rollout.abortExplanation?.summary ??
        `The canary in ${source.environment} was aborted.`,
    );
  }
  if (source.canaryInFlight) {
    return gate(
      'failed',
      `A canary is still in flight in ${source.environment} (${
        rollout?.weights.canary ?? '?'
      }% of traffic): promote or abort it first.`,
    );
  }
  if (source.operationRunning) {
    return gate(
      'failed',
      `An operation is running in ${source.environment}: wait for it.`,
    );
  }
  if (source.health !== 'Healthy') {
    return gate(
      'failed',
      `${source.application} is ${source.health ?? 'Unknown'}${
        source.healthMessage ? ` (${source.healthMessage})` : ''
      } in ${source.environment}.`,
    );
  }
  if (source.detailError) {
    return gate('error', `Could not read the Rollout: ${source.detailError}`);
  }
  return gate(
    'passed',
    rollout
      ? `${
          rollout.stableImage ?? 'The build'
        } takes all traffic and is Healthy.`
      : `${source.application} is Healthy and Synced.`,
  );
}

/** Nothing may land on a target that is mid-operation or mid-canary. */
export function targetIdleGate(target: EnvironmentDeployment): PromotionGate {
  const gate = (status: PromotionGate['status'], detail: string) => ({
    id: 'target-idle' as const,
    title: `Nothing is in flight in ${target.environment}`,
    status,
    detail,
    overridable: false,
  });
  if (target.state === 'unavailable') {
    return gate(
      'error',
      target.error ??
        `The Argo CD instance of ${target.environment} is unavailable`,
    );
  }
  if (target.operationRunning) {
    return gate(
      'failed',
      `An operation is running on ${target.application} (${
        target.operation?.message ?? target.operation?.phase ?? 'sync'
      }): wait for it to finish.`,
    );
  }
  const rollout = target.rollout;
  if (target.canaryInFlight) {
    return gate(
      'failed',
      `A canary is in flight in ${target.environment} (${
        rollout?.canaryImage ?? 'a new build'
      }): promote or abort it first.`,
    );
  }
  return gate('passed', `${target.environment} is idle.`);
}

/** Firing alert rules of the service in the source environment. */
export function alertsGate(
  environment: string,
  result:
    | { ok: true; firing: Array<{ name: string; since?: string }> }
    | { ok: false; error: string },
): PromotionGate {
  const title = `No alert fires for the service in ${environment}`;
  if (!result.ok) {
    return {
      id: 'alerts',
      title,
      status: 'error',
      detail: `Cannot be evaluated: ${result.error}`,
      overridable: true,
    };
  }
  if (result.firing.length) {
    return {
      id: 'alerts',
      title,
      status: 'failed',
      detail: `Firing: ${result.firing
        .map(a => `${a.name}${a.since ? ` (since ${a.since})` : ''}`)
        .join(', ')}.`,
      overridable: true,
    };
  }
  return {
    id: 'alerts',
    title,
    status: 'passed',
    detail: `No alert rule of the service fires in ${environment}.`,
    overridable: true,
  };
}

/** The error ratio (0..1) of one window, or why it is unknown. */
export type WindowRatio =
  | { window: string; ok: true; errorRatio: number | undefined }
  | { window: string; ok: false; error: string };

const percent = (x: number) => `${(x * 100).toFixed(2)}%`;

/**
 * Multi-window burn rate (Google SRE workbook, "Alerting on SLOs"): the
 * error budget is 1 - SLO; the burn rate of a window is its error ratio
 * divided by the budget. The gate fails when every window burns at or above
 * the threshold (14.4x on 1h and 5m: 2% of a 30-day budget in one hour, and
 * still burning now). A window without traffic burns nothing.
 */
export function burnRateGate(
  environment: string,
  windows: WindowRatio[],
  options: { slo: number; threshold: number },
): PromotionGate {
  const budget = 1 - options.slo;
  const title = `Error budget burn rate in ${environment} below ${
    options.threshold
  }x (SLO ${percent(options.slo)}, windows ${windows
    .map(w => w.window)
    .join(' and ')})`;
  const failed = windows.filter(w => !w.ok) as Array<{
    window: string;
    error: string;
  }>;
  if (failed.length) {
    return {
      id: 'burn-rate',
      title,
      status: 'error',
      detail: `Cannot be evaluated: ${failed
        .map(w => `${w.window}: ${w.error}`)
        .join('; ')}`,
      overridable: true,
    };
  }
  const rates = (windows as Array<{ window: string; errorRatio?: number }>).map(
    w => ({
      window: w.window,
      ratio: w.errorRatio,
      burn: w.errorRatio === undefined ? 0 : w.errorRatio / budget,
    }),
  );
  const words = rates
    .map(r =>
      r.ratio === undefined
        ? `${r.window}: no traffic`
        : `${r.window}: ${r.burn.toFixed(1)}x (${percent(r.ratio)} errors)`,
    )
    .join(', ');
  const burning = rates.every(r => r.burn >= options.threshold);
  return {
    id: 'burn-rate',
    title,
    status: burning ? 'failed' : 'passed',
    detail: burning
      ? `The error budget burns too fast: ${words}.`
      : `${words}.`,
    overridable: true,
  };
}
